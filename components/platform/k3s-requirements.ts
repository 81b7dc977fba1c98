/**
 * What the platform asks of k3s, from plain facts about the platform. Pure: a program maps its own config onto
 * PlatformK3sNeeds, and passes the result to K3sCluster as `requirements`.
 *
 * - `traefik`: always disabled; the catalog's pinned Traefik (or ingress-nginx) release replaces k3s's packaged one.
 * - `servicelb`: disabled when something else answers LoadBalancer Services (a cloud controller, or MetalLB).
 * - `local-storage`: disabled unless local-path is enabled, so k3s's default `local-path` class cannot become a
 *   second default StorageClass.
 * Cilium's `flannel-backend: none` and `disable-network-policy` follow from K3sCluster's own `cni`.
 */
import type { K3sPackagedComponent } from "../k3s/defaults";
import type { K3sRequirements } from "../k3s/k3s-cluster";

export interface PlatformK3sNeeds {
  /** A cloud controller provides LoadBalancer Services (Hetzner, DigitalOcean). */
  readonly cloudLoadBalancers: boolean;
  /** MetalLB provides LoadBalancer Services. */
  readonly metallb: boolean;
  /** The platform uses local-path storage, so k3s keeps its packaged local-storage. */
  readonly localPath: boolean;
}

export function platformK3sRequirements(needs: PlatformK3sNeeds): K3sRequirements {
  const disable = new Set<K3sPackagedComponent>(["traefik"]);
  if (needs.cloudLoadBalancers || needs.metallb) disable.add("servicelb");
  if (!needs.localPath) disable.add("local-storage");
  return { disable: [...disable].sort() };
}
