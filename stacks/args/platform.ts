/**
 * The program's mapping of the validated stack config (and the layers below) onto the platform components' args:
 * ClusterCore (layer 2) and Platform (layer 3). Pure: it creates no resources and reads stack config only through
 * the credential table (the optional `ageKey`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { ENGINE_CATALOG_KEYS, catalogEntry } from "@k3s-gitops/components/kernel";
import type { ClusterAccess } from "@k3s-gitops/components";
import type { ClusterNodes } from "@k3s-gitops/components";
import type { ClusterCoreArgs } from "@k3s-gitops/components";
import type { PlatformArgs } from "@k3s-gitops/components";
import { EXISTING_DEFAULTS } from "../config/blocks/existing";
import { AGE_KEY, resolveOptionalSecret } from "../config/credentials";
import type { StackConfig } from "../config/schema";

/** Layer 2's args: the cloud controller for the nodes' cloud, the CNI k3s runs with, MetalLB when enabled. */
export function clusterCoreArgs(config: StackConfig, nodes: Pick<ClusterNodes, "cloud" | "networkCidr" | "podNetwork">, access: ClusterAccess): ClusterCoreArgs {
  const metallb = config.platform.metallb;
  return {
    access,
    cloud: nodes.cloud,
    // Absent: ClusterCore applies the one CNI default (components/kernel/cluster-network.ts).
    cni: config.k3s.cni,
    // The same ranges k3s allocates from (stacks/args/k3s.ts), and how the nodes can route pods.
    clusterCidr: config.k3s.clusterCidr,
    networkCidr: nodes.networkCidr,
    podNetwork: nodes.podNetwork,
    metallbAddresses: metallb?.enabled ? metallb.addresses : undefined,
  };
}

/** The ingress NodePorts `existing.ingress` asks for (defaults 30080/30443); none without that block. Pure. */
export function ingressNodePorts(config: StackConfig): { http: number; https: number } | undefined {
  const i = config.existing?.ingress;
  if (!i) return undefined;
  return { http: i.httpNodePort ?? EXISTING_DEFAULTS.httpNodePort, https: i.httpsNodePort ?? EXISTING_DEFAULTS.httpsNodePort };
}

/**
 * The ingress block: Traefik carries the shared Gateway and the nginx-Ingress migration switch; ingress-nginx takes
 * neither (configWarnings says so). Without a hostname, one is derived when the DNS block issues every name in its
 * domain by DNS-01: `*.<domain>`. Pure.
 */
export function ingressArgs(config: StackConfig, nodePorts = ingressNodePorts(config)): PlatformArgs["ingress"] {
  const i = config.platform.ingress;
  const common = { replicas: i.replicas, ...(nodePorts ? { nodePorts } : {}) };
  if (i.controller === "ingress-nginx") return { controller: "ingress-nginx", ...common };
  const dns = config.dns;
  const hostname = i.gateway?.hostname ?? (dns?.certificateSolver === "dns01" ? `*.${dns.domain}` : undefined);
  const gateway = { ...(i.gateway?.enabled !== undefined ? { enabled: i.gateway.enabled } : {}), ...(hostname ? { hostname } : {}) };
  return {
    controller: "traefik",
    ...common,
    ...(Object.keys(gateway).length > 0 ? { gateway } : {}),
    ...(i.nginxIngresses !== undefined ? { nginxIngresses: i.nginxIngresses } : {}),
    ...(i.plugins !== undefined ? { plugins: i.plugins } : {}),
  };
}

/** What layer 3 takes from layer 2. */
export interface ClusterCoreOutputs {
  readonly resources: readonly pulumi.Resource[];
  readonly cloudResourceOwners: readonly pulumi.Resource[];
  readonly anchors: readonly pulumi.Resource[];
  readonly schedulingGates: readonly pulumi.Resource[];
}

/** The secrets Platform takes; by default read through the credential table. */
export interface PlatformSecrets {
  readonly ageKey?: pulumi.Output<string>;
}

/**
 * The storage block, with the disk path of machines you own: `existing.storage.longhornDiskPaths` becomes Longhorn's
 * data path (its one path; the schema allows one). Pure.
 */
export function storageArgs(config: StackConfig): PlatformArgs["storage"] {
  const storage = config.platform.storage;
  const dataPath = config.cloud === "existing" ? config.existing?.storage?.longhornDiskPaths?.[0] : undefined;
  if (dataPath === undefined || storage.longhorn?.enabled !== true) return storage;
  return { ...storage, longhorn: { ...storage.longhorn, dataPath } };
}

/**
 * Layer 3's args. The SOPS age key goes into the GitOps engine's namespace (flux-system without a gitops block); with
 * `k3s-gitops:dns` the DNS layer creates the ClusterIssuers (their DNS-01 solver waits for its credentials Secret).
 */
export function platformArgs(
  name: string,
  config: StackConfig,
  nodes: Pick<ClusterNodes, "cloud" | "servers" | "agents">,
  access: ClusterAccess,
  core: ClusterCoreOutputs,
  secrets: PlatformSecrets = { ageKey: resolveOptionalSecret(AGE_KEY) },
): PlatformArgs {
  const p = config.platform;
  const nodePorts = ingressNodePorts(config);
  const engine = config.gitops?.engine ?? "flux";
  return {
    access,
    cloud: nodes.cloud,
    clusterName: name,
    nodeCount: nodes.servers.length + nodes.agents.length,
    ingress: ingressArgs(config, nodePorts),
    certManager: p.certManager,
    storage: storageArgs(config),
    externalSecrets: p.externalSecrets,
    upgrades: p.upgrades ? { enabled: p.upgrades.enabled, k3sVersion: config.k3s.version } : undefined,
    clusterCore: core.resources,
    clusterCoreCloudOwners: core.cloudResourceOwners,
    clusterCoreAnchors: core.anchors,
    schedulingGates: core.schedulingGates,
    sopsNamespace: catalogEntry(ENGINE_CATALOG_KEYS[engine]).namespace,
    ageKey: secrets.ageKey,
    installMetricsServer: (config.k3s.disable ?? []).includes("metrics-server"),
    externalIssuers: config.dns !== undefined,
  };
}
