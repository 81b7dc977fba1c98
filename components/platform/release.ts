/**
 * The one way this layer installs a chart: a `helm.v3.Release` whose chart, version, repository, namespace and release
 * name all come from the catalog, with values from a typed builder. Releases wait for their resources (no skipAwait),
 * roll back on failure (atomic) and clean up what a failed upgrade created.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { CatalogEntry, catalogEntry } from "../kernel/catalog";
import { Values, sortedValues } from "../kernel/serialise";

/** Seconds Helm waits per release; charts that roll out DaemonSets on every node get longer. */
export const DEFAULT_RELEASE_TIMEOUT = 600;
export const RELEASE_TIMEOUTS: Readonly<Record<string, number>> = { longhorn: 1200, cilium: 900 };
export const RELEASE_MAX_HISTORY = 5;

/** The ReleaseArgs for a catalog entry. Pure. */
export function releaseArgs(key: string, values: Values): k8s.helm.v3.ReleaseArgs & { values: Values } {
  const entry: CatalogEntry = catalogEntry(key);
  if (entry.manifests) throw new Error(`${key} publishes no Helm chart; install its manifests instead`);
  // An OCI registry has no index to name as repositoryOpts.repo: the chart is its full oci:// reference (pulumi-kubernetes
  // README, `chart: "oci://registry-1.docker.io/bitnamicharts/wordpress"`; Release v3 OCI support, CHANGELOG #1892).
  const oci = entry.repo.startsWith("oci://");
  return {
    name: entry.releaseName,
    chart: oci ? `${entry.repo.replace(/\/+$/, "")}/${entry.chart}` : entry.chart,
    version: entry.version,
    ...(oci ? {} : { repositoryOpts: { repo: entry.repo } }),
    namespace: entry.namespace,
    createNamespace: true,
    atomic: true,
    cleanupOnFail: true,
    timeout: RELEASE_TIMEOUTS[key] ?? DEFAULT_RELEASE_TIMEOUT,
    maxHistory: RELEASE_MAX_HISTORY,
    values: sortedValues(values),
  };
}

export interface ReleaseContext {
  readonly parent: pulumi.Resource;
  readonly provider: k8s.Provider;
  readonly dependsOn: readonly pulumi.Resource[];
}

export function catalogRelease(name: string, key: string, values: Values, ctx: ReleaseContext): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(name, releaseArgs(key, values), {
    parent: ctx.parent,
    provider: ctx.provider,
    dependsOn: [...ctx.dependsOn],
  });
}

/**
 * The `k8s.yaml.v2.ConfigFile`s of a catalog entry that publishes no chart: its pinned release manifests. The first
 * file holds the CRDs when the entry lists any, and every later file waits for it (a manifest may carry objects of
 * those kinds, e.g. a VolumeSnapshotClass); otherwise the files apply in parallel. Names: `${name}-0`, `${name}-1`...
 */
export function catalogManifests(name: string, key: string, ctx: ReleaseContext): k8s.yaml.v2.ConfigFile[] {
  const entry = catalogEntry(key);
  if (!entry.manifests || entry.manifests.length === 0) throw new Error(`${key} is a Helm chart; use catalogRelease`);
  const opts = (dependsOn: readonly pulumi.Resource[]) => ({ parent: ctx.parent, provider: ctx.provider, dependsOn: [...dependsOn] });
  const files: k8s.yaml.v2.ConfigFile[] = [];
  entry.manifests.forEach((file, i) => {
    const after = i > 0 && entry.crds.length > 0 ? [...ctx.dependsOn, files[0]!] : ctx.dependsOn;
    files.push(new k8s.yaml.v2.ConfigFile(`${name}-${i}`, { file }, opts(after)));
  });
  return files;
}
