/**
 * The label every cloud resource of a cluster carries, so that what a cluster created can be found by label, also
 * after a destroy (docs/gitops.md, "What can still be orphaned"): `cluster=<clusterName>`. HetznerNodes puts it on the
 * network, firewall, SSH key, placement groups, servers and the API load balancer; the hcloud CSI driver puts it on
 * every volume it creates (`controller.volumeExtraLabels`, components/platform/values/hcloud-csi.ts).
 */
export const CLOUD_CLUSTER_LABEL = "cluster";
