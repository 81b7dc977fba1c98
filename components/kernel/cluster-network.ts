/**
 * Cluster networking facts that more than one layer needs: the CNI choice and k3s's default pod and service ranges.
 * Decided here once; k3s renders them into its config, layer 2 passes them to the cloud controller and the CNI.
 */

/** flannel is k3s's built-in CNI (VXLAN); cilium replaces it (k3s then runs with `flannel-backend: none`). */
export type Cni = "flannel" | "cilium";

/** The CNI when none is chosen: k3s's own. */
export const DEFAULT_CNI: Cni = "flannel";

/** k3s's default pod range (`--cluster-cidr`; k3s docs, server CLI: default "10.42.0.0/16"). */
export const DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";

/** k3s's default service range (`--service-cidr`; k3s docs, server CLI: default "10.43.0.0/16"). */
export const DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

/**
 * How pod traffic between nodes can travel without encapsulation, as the node layer knows it:
 * - `cloud-routes`: the cloud's private network routes each node's pod range to that node, through routes the cloud
 *   controller creates (Hetzner Cloud: the route controller, `HCLOUD_NETWORK_ROUTES_ENABLED`). The network is layer 3
 *   (docs.hetzner.com/networking/networks/technical-concepts/architecture, "Routing within Hetzner Networks": cloud
 *   servers reach each other only through the gateway, which routes the network's own range), so the pod range must
 *   lie inside the network's range.
 * - `shared-l2`: the nodes share one layer-2 segment, so a CNI can install direct routes between them (Cilium's
 *   `autoDirectNodeRoutes`, "if worker nodes share a common L2 network segment", cilium chart 1.20.0 values.yaml).
 * - `tunnel`: nothing routes pod ranges between nodes (DigitalOcean VPCs have no route controller; existing hosts on
 *   a routed network): the CNI must encapsulate (VXLAN).
 */
export type PodRouting = "cloud-routes" | "shared-l2" | "tunnel";

/** What ClusterNodes say about pod routing when they say nothing: encapsulate, which works on any network. */
export const DEFAULT_POD_ROUTING: PodRouting = "tunnel";
