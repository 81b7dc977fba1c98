/**
 * The k3s layer's arguments from the validated stack config. Pure: no resources, no config reads.
 *
 * `k3s-gitops:k3s` maps onto K3sCluster's own args one to one; the library applies the defaults (DEFAULT_CNI,
 * DEFAULT_K3S_VERSION), so nothing here decides one. `k3s-gitops:platform` decides which of k3s's packaged
 * components to turn off (platformK3sRequirements).
 */
import type { K3sClusterArgs, K3sRequirements } from "@k3s-gitops/components";
import type { ClusterNodes } from "@k3s-gitops/components";
import { platformK3sRequirements } from "@k3s-gitops/components";
import type { PlatformConfig } from "../config/blocks/platform";
import type { StackConfig } from "../config/schema";

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

/** K3sCluster's args: `k3s-gitops:k3s`, the nodes layer 0 made, and what the platform asks of k3s. */
export function k3sClusterArgs(config: StackConfig, nodes: ClusterNodes): K3sClusterArgs {
  const { version, cni, disable, extraArgs, agentExtraArgs, clusterCidr, serviceCidr } = config.k3s;
  return {
    nodes,
    version,
    cni,
    clusterCidr,
    serviceCidr,
    disable,
    extraArgs,
    agentExtraArgs,
    requirements: k3sRequirements(config.platform, { cloudLoadBalancers: nodes.cloud.kind !== "none" }),
  };
}
