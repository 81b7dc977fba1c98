/**
 * The Service annotations an ingress controller's LoadBalancer needs, per cloud: data keyed by CloudIntegration.kind.
 * Hetzner keys from hcloud-cloud-controller-manager v1.35.0 internal/annotation/load_balancer.go. DigitalOcean keys from
 * digitalocean-cloud-controller-manager docs/controllers/services/annotations.md (`do-loadbalancer-name`, `-protocol`
 * tcp: TLS passes through to the ingress, which terminates it with cert-manager's certificates).
 */
import type { CloudIntegration } from "../../nodes/types";

type Kind = CloudIntegration["kind"];

/**
 * What the annotations need of a cloud: the kind, and Hetzner's load balancer location. Every CloudIntegration is
 * one; the application tier's generator (apptier/, which knows no tokens) names one per cluster for its own
 * LoadBalancer Services.
 */
export type LoadBalancerCloud = { readonly kind: "hetzner"; readonly location: string } | { readonly kind: "digitalocean" } | { readonly kind: "none" };
type Of<K extends Kind> = Extract<LoadBalancerCloud, { kind: K }>;

/**
 * Without `lbName` no name annotation is set and the cloud controller names the load balancer after the Service's UID
 * (hcloud-cloud-controller-manager v1.35.0 hcloud/load_balancers.go GetLoadBalancerName: the annotation, else
 * cloudprovider.DefaultLoadBalancerName). A fixed name is reused by any cluster in the same project: the hcloud CCM
 * adopts an existing load balancer of that name (EnsureLoadBalancer: "Import of load balancers ... created by other
 * means"), so names shared through git (apptier/) must stay unset.
 */
export const LOAD_BALANCER_ANNOTATIONS: { readonly [K in Kind]: (cloud: Of<K>, lbName?: string) => Record<string, string> } = {
  hetzner: (cloud, lbName) => ({
    "load-balancer.hetzner.cloud/location": cloud.location,
    ...(lbName !== undefined ? { "load-balancer.hetzner.cloud/name": lbName } : {}),
    "load-balancer.hetzner.cloud/use-private-ip": "true",
  }),
  digitalocean: (_cloud, lbName) => ({
    ...(lbName !== undefined ? { "service.beta.kubernetes.io/do-loadbalancer-name": lbName } : {}),
    "service.beta.kubernetes.io/do-loadbalancer-protocol": "tcp",
  }),
  // MetalLB (or nothing) answers LoadBalancer Services: no annotations.
  none: () => ({}),
};

export function loadBalancerAnnotations(cloud: LoadBalancerCloud | CloudIntegration, lbName?: string): Record<string, string> {
  const build = LOAD_BALANCER_ANNOTATIONS[cloud.kind] as (c: LoadBalancerCloud, n?: string) => Record<string, string>;
  return build(cloud, lbName);
}
