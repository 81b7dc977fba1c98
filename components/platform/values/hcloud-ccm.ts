/**
 * Values for hcloud-cloud-controller-manager 1.35.0 (chart/values.yaml at v1.35.0): `networking.enabled`,
 * `networking.clusterCIDR`, `env` (a map of name -> {value | valueFrom}). The token and network come from the
 * Secret `hcloud` (keys `token`, `network`) that the chart's defaults already reference.
 */
import { Values, sortedValues } from "../../kernel/serialise";
import { DEFAULT_CLUSTER_CIDR } from "../../kernel/cluster-network";

export interface HcloudCcmValuesArgs {
  /** The pod CIDR the route controller and node IPAM use. @default 10.42.0.0/16 (k3s) */
  readonly clusterCidr?: string;
  /** Create Hetzner network routes for pod CIDRs: true with native routing (Cilium), false with an overlay (flannel vxlan). */
  readonly networkRoutes: boolean;
  /** Default location for load balancers (HCLOUD_LOAD_BALANCERS_LOCATION). */
  readonly loadBalancerLocation: string;
}

export function hcloudCcmValues(args: HcloudCcmValuesArgs): Values {
  return sortedValues({
    networking: { enabled: true, clusterCIDR: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR },
    env: {
      HCLOUD_NETWORK_ROUTES_ENABLED: { value: String(args.networkRoutes) },
      HCLOUD_LOAD_BALANCERS_LOCATION: { value: args.loadBalancerLocation },
      HCLOUD_LOAD_BALANCERS_USE_PRIVATE_IP: { value: "true" },
    },
  });
}
