/**
 * The Service annotations an ingress controller's LoadBalancer needs, per cloud: data keyed by CloudIntegration.kind.
 * Hetzner keys from hcloud-cloud-controller-manager v1.35.0 internal/annotation/load_balancer.go. DigitalOcean keys from
 * digitalocean-cloud-controller-manager docs/controllers/services/annotations.md (`do-loadbalancer-name`, `-protocol`
 * tcp: TLS passes through to the ingress, which terminates it with cert-manager's certificates).
 */
import type { CloudIntegration } from "../../nodes/types";

type Kind = CloudIntegration["kind"];
type Of<K extends Kind> = Extract<CloudIntegration, { kind: K }>;

export const LOAD_BALANCER_ANNOTATIONS: { readonly [K in Kind]: (cloud: Of<K>, lbName: string) => Record<string, string> } = {
  hetzner: (cloud, lbName) => ({
    "load-balancer.hetzner.cloud/location": cloud.location,
    "load-balancer.hetzner.cloud/name": lbName,
    "load-balancer.hetzner.cloud/use-private-ip": "true",
  }),
  digitalocean: (_cloud, lbName) => ({
    "service.beta.kubernetes.io/do-loadbalancer-name": lbName,
    "service.beta.kubernetes.io/do-loadbalancer-protocol": "tcp",
  }),
  // MetalLB (or nothing) answers LoadBalancer Services: no annotations.
  none: () => ({}),
};

export function loadBalancerAnnotations(cloud: CloudIntegration, lbName: string): Record<string, string> {
  const build = LOAD_BALANCER_ANNOTATIONS[cloud.kind] as (c: CloudIntegration, n: string) => Record<string, string>;
  return build(cloud, lbName);
}
