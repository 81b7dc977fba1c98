/**
 * What the platform asks of k3s, from its config alone. Pure.
 *
 * - `traefik`: always disabled; the catalog's pinned Traefik (or ingress-nginx) release replaces k3s's packaged one.
 * - `servicelb`: disabled when something else answers LoadBalancer Services (a cloud controller, or MetalLB).
 * - `local-storage`: disabled unless local-path is enabled, so k3s's default `local-path` class cannot become a
 *   second default StorageClass.
 * Cilium's `flannel-backend: none` and `disable-network-policy` follow from `k3s.cni`, which the k3s layer reads itself.
 */
import type { K3sRequirements } from "../k3s/types";
import type { PlatformConfig } from "../../stacks/config/blocks/platform";

export interface K3sRequirementsContext {
  /** True when a cloud controller provides LoadBalancer Services (Hetzner, DigitalOcean). */
  readonly cloudLoadBalancers: boolean;
}

export function k3sRequirements(platform: PlatformConfig, context: K3sRequirementsContext = { cloudLoadBalancers: true }): K3sRequirements {
  const disable = new Set<string>(["traefik"]);
  if (context.cloudLoadBalancers || platform.metallb?.enabled === true) disable.add("servicelb");
  if (!platform.storage.localPath.enabled) disable.add("local-storage");
  return { disable: [...disable].sort() };
}
