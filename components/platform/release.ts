/**
 * The one way this layer installs a chart: a `helm.v3.Release` whose chart, version, repository, namespace and release
 * name all come from the catalog, with values from a typed builder. Releases wait for their resources (no skipAwait),
 * roll back on failure (atomic) and clean up what a failed upgrade created.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { CatalogEntry, catalogEntry } from "./catalog";
import { Values, sortedValues } from "./values/serialise";

/** Seconds Helm waits per release; charts that roll out DaemonSets on every node get longer. */
export const DEFAULT_RELEASE_TIMEOUT = 600;
export const RELEASE_TIMEOUTS: Readonly<Record<string, number>> = { longhorn: 1200, cilium: 900 };
export const RELEASE_MAX_HISTORY = 5;

/** The ReleaseArgs for a catalog entry. Pure. */
export function releaseArgs(key: string, values: Values): k8s.helm.v3.ReleaseArgs & { values: Values } {
  const entry: CatalogEntry = catalogEntry(key);
  if (entry.manifests) throw new Error(`${key} publishes no Helm chart; install its manifests instead`);
  return {
    name: entry.releaseName,
    chart: entry.chart,
    version: entry.version,
    repositoryOpts: { repo: entry.repo },
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
