/**
 * What the k3s layer hands to the platform layers.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

export interface ClusterAccess {
  /** Admin kubeconfig (secret), its server rewritten to the API load balancer or the first server. */
  readonly kubeconfig: pulumi.Output<string>;
  /** A Kubernetes provider built from the kubeconfig. */
  readonly provider: k8s.Provider;
  /** Everything in layer 2 depends on these: the API answers and every server is Ready. */
  readonly ready: readonly pulumi.Resource[];
  /** The API endpoint as `https://host:6443`. */
  readonly apiServerUrl: pulumi.Output<string>;
}
