/**
 * Values for Cilium 1.20.0: Kubernetes IPAM (k3s allocates each node's podCIDR from 10.42.0.0/16) and native routing
 * over the Hetzner private network, whose routes the cloud controller maintains (so HCLOUD_NETWORK_ROUTES_ENABLED is
 * true with Cilium). Keys: `ipam.mode`, `routingMode`, `ipv4NativeRoutingCIDR`, `operator.replicas`. Cilium's agent
 * and operator tolerate every taint by default, the cloud controller's `uninitialized` one included.
 */
import { Values, sortedValues } from "../../kernel/serialise";
import { DEFAULT_CLUSTER_CIDR } from "../../kernel/cluster-network";

export interface CiliumValuesArgs {
  readonly clusterCidr?: string;
  /** @default 1 */
  readonly operatorReplicas?: number;
}

export function ciliumValues(args: CiliumValuesArgs = {}): Values {
  return sortedValues({
    ipam: { mode: "kubernetes" },
    routingMode: "native",
    ipv4NativeRoutingCIDR: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
    operator: { replicas: args.operatorReplicas ?? 1 },
  });
}
