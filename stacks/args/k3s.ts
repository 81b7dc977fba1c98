/**
 * The k3s layer's arguments from the validated stack config. Pure: no resources, no config reads.
 *
 * `k3s-gitops:k3s` maps onto K3sCluster's own args one to one; the library applies the defaults (DEFAULT_CNI,
 * DEFAULT_K3S_VERSION), so nothing here decides one. `k3s-gitops:platform` decides which of k3s's packaged
 * components to turn off (platformK3sRequirements).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EtcdSnapshotsArgs, K3sClusterArgs, K3sRequirements } from "@k3s-gitops/components";
import type { ClusterNodes } from "@k3s-gitops/components";
import { platformK3sRequirements } from "@k3s-gitops/components";
import type { PlatformConfig } from "../config/blocks/platform";
import type { StackConfig } from "../config/schema";
import { ETCD_S3_ACCESS_KEY_ID, ETCD_S3_SECRET_ACCESS_KEY, resolveCredential } from "../config/credentials";

export interface K3sRequirementsContext {
  /** True when a cloud controller provides LoadBalancer Services (Hetzner, DigitalOcean). */
  readonly cloudLoadBalancers: boolean;
}

/** What `k3s-gitops:platform` asks of k3s. */
export function k3sRequirements(platform: PlatformConfig, context: K3sRequirementsContext = { cloudLoadBalancers: true }): K3sRequirements {
  return platformK3sRequirements({
    cloudLoadBalancers: context.cloudLoadBalancers,
    metallb: platform.metallb?.enabled === true,
    localPath: platform.storage.localPath.enabled,
  });
}

/** The S3 keys for etcd snapshot uploads: the credential table's (stacks/config/credentials.ts). */
export interface EtcdS3Keys {
  readonly accessKeyId: pulumi.Output<string>;
  readonly secretAccessKey: pulumi.Output<string>;
}

/** Resolves the etcd S3 keys (secret config or environment); only called when k3s.etcdSnapshots.s3 is set. */
export function resolveEtcdS3Keys(): EtcdS3Keys {
  return { accessKeyId: resolveCredential(ETCD_S3_ACCESS_KEY_ID), secretAccessKey: resolveCredential(ETCD_S3_SECRET_ACCESS_KEY) };
}

/** K3sCluster's `etcdSnapshots`: the config's settings, and the keys only when there is an S3 upload. */
export function etcdSnapshotsArgs(config: StackConfig, keys: () => EtcdS3Keys = resolveEtcdS3Keys): EtcdSnapshotsArgs | undefined {
  const e = config.k3s.etcdSnapshots;
  if (e === undefined) return undefined;
  return {
    ...(e.schedule !== undefined ? { schedule: e.schedule } : {}),
    ...(e.retention !== undefined ? { retention: e.retention } : {}),
    ...(e.s3 !== undefined ? { s3: { ...e.s3, ...keys() } } : {}),
  };
}

/**
 * `existing.storage.localPathDir` as the server flag `--default-local-storage-path` ("Default local storage path for
 * local provisioner storage class": k3s-io/docs docs/cli/server.md, "Storage Class"). k3s writes it into the
 * local-path provisioner's config, which creates volumes under it on whichever node a pod lands. Pure.
 */
export function localPathArgs(config: StackConfig): string[] {
  const dir = config.cloud === "existing" ? config.existing?.storage?.localPathDir : undefined;
  return dir !== undefined && config.platform.storage.localPath.enabled ? [`--default-local-storage-path=${dir}`] : [];
}

/**
 * K3sCluster's args: `k3s-gitops:k3s`, the nodes layer 0 made, and what the platform asks of k3s. The kubeconfig's
 * names default to the cluster's name (k3s-<stack>).
 */
export function k3sClusterArgs(config: StackConfig, nodes: ClusterNodes, keys?: () => EtcdS3Keys): K3sClusterArgs {
  const { version, cni, disable, extraArgs, agentExtraArgs, clusterCidr, serviceCidr } = config.k3s;
  const etcdSnapshots = etcdSnapshotsArgs(config, keys);
  return {
    nodes,
    version,
    cni,
    clusterCidr,
    serviceCidr,
    disable,
    extraArgs: localPathArgs(config).length > 0 ? [...(extraArgs ?? []), ...localPathArgs(config)] : extraArgs,
    agentExtraArgs,
    requirements: k3sRequirements(config.platform, { cloudLoadBalancers: nodes.cloud.kind !== "none" }),
    ...(etcdSnapshots !== undefined ? { etcdSnapshots } : {}),
  };
}
