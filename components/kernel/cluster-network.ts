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
