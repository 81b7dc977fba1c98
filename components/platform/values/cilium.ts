/**
 * Values for Cilium 1.20.0. Every key checked against `cilium/values.yaml` in the published chart archive
 * cilium-1.20.0.tgz (cilium/charts, commit d5f3d1cc, line numbers of that file):
 * - `ipam.mode` (l.2295, default "cluster-pool"): `kubernetes`, so each node's pod range is the `spec.podCIDR` k3s
 *   allocates from `--cluster-cidr` (and the Hetzner route controller routes).
 * - `routingMode` (l.3193, "", native, tunnel; default tunnel) and `tunnelProtocol` (l.3179, "", vxlan, geneve).
 * - `ipv4NativeRoutingCIDR` (l.2528): "Cilium assumes networking for this CIDR is preconfigured and hands traffic
 *   destined for that range to the Linux network stack without applying any SNAT".
 * - `autoDirectNodeRoutes` (l.456): "installation of PodCIDR routes between worker nodes if worker nodes share a
 *   common L2 network segment".
 * - `MTU` (l.3214, 0 = auto-detect): the MTU of Cilium's own interfaces.
 * - `operator.replicas` (l.3253).
 *
 * The routing follows what the nodes offer (PodRouting, components/kernel/cluster-network.ts):
 * - cloud-routes (Hetzner): native routing; the pod range lies inside the private network and the cloud controller
 *   routes each node's pod range through the network's gateway, so the native-routing CIDR is the network's range
 *   (kube-hetzner does the same: `ipv4NativeRoutingCIDR` = its network, 10.0.0.0/8). No direct node routes: the
 *   network is layer 3. MTU 1450, the private interface's (Hetzner docs, networks/technical-concepts/architecture).
 * - shared-l2 (existing hosts on one LAN, when said so): native routing over the pod range with direct node routes.
 * - tunnel (DigitalOcean, existing hosts otherwise): VXLAN, which needs no route anywhere.
 * Cilium's agent and operator tolerate every taint by default, the cloud controller's `uninitialized` one included.
 */
import { cidrContains } from "../../kernel/cidr";
import { DEFAULT_CLUSTER_CIDR, DEFAULT_POD_ROUTING, PodRouting } from "../../kernel/cluster-network";
import { Values, sortedValues } from "../../kernel/serialise";

/** The tunnel protocol when the nodes offer no pod routes (Cilium's own default, stated explicitly). */
export const CILIUM_TUNNEL_PROTOCOL = "vxlan";

export interface CiliumValuesArgs {
  /** The pod range (k3s `cluster-cidr`). @default DEFAULT_CLUSTER_CIDR */
  readonly clusterCidr?: string;
  /** How pod traffic crosses between nodes. @default DEFAULT_POD_ROUTING ("tunnel") */
  readonly routing?: PodRouting;
  /** The private network's range: the native-routing CIDR with cloud-routes (required then). */
  readonly networkCidr?: string;
  /** The private interface's MTU, when below 1500. @default auto-detected */
  readonly mtu?: number;
  /** @default 1 */
  readonly operatorReplicas?: number;
}

/** The routing part of the values, one entry per PodRouting (data, not branches). */
const ROUTING: Readonly<Record<PodRouting, (clusterCidr: string, networkCidr: string | undefined) => Values>> = {
  "cloud-routes": (clusterCidr, networkCidr) => {
    if (networkCidr === undefined || !cidrContains(networkCidr, clusterCidr)) {
      throw new Error(
        `the pod range ${clusterCidr} must lie inside the private network ${networkCidr ?? "(none given)"}: the cloud routes only its own range between nodes`,
      );
    }
    return { routingMode: "native", ipv4NativeRoutingCIDR: networkCidr, autoDirectNodeRoutes: false };
  },
  "shared-l2": (clusterCidr) => ({ routingMode: "native", ipv4NativeRoutingCIDR: clusterCidr, autoDirectNodeRoutes: true }),
  tunnel: () => ({ routingMode: "tunnel", tunnelProtocol: CILIUM_TUNNEL_PROTOCOL }),
};

export function ciliumValues(args: CiliumValuesArgs = {}): Values {
  const clusterCidr = args.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
  return sortedValues({
    ipam: { mode: "kubernetes" },
    ...ROUTING[args.routing ?? DEFAULT_POD_ROUTING](clusterCidr, args.networkCidr),
    ...(args.mtu !== undefined ? { MTU: args.mtu } : {}),
    operator: { replicas: args.operatorReplicas ?? 1 },
  });
}
