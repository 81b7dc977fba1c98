/**
 * Where the GitOps engine's pods may run before the cloud controller has initialised the nodes (issue 15).
 *
 * With an external cloud provider (k3s `kubelet-arg: cloud-provider=external`), the kubelet registers each node with
 * the taint `node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule` until the cloud controller initialises it
 * (kubernetes.io docs, "Cloud Controller Manager Administration": "the kubelet ... adds a taint
 * node.cloudprovider.kubernetes.io/uninitialized with a NoSchedule effect"). The node is Ready and its pod network
 * (flannel, or Cilium once its release is up) works before that; the kubelet reports the `--node-ip` k3s gives it as
 * the node's address until the cloud controller sets its own (kubernetes/kubernetes pkg/kubelet/nodestatus/setters.go,
 * NodeAddress: with an external provider it returns early only once the node has addresses, "Otherwise, we try to
 * look up the node IP and let the cloud provider override it later"). The engine needs neither the cloud labels
 * nor the cloud's load balancers, so it tolerates the taint, like the layer-2 add-ons (UNINITIALIZED_TOLERATION), and
 * starts while the cloud controller comes up instead of after it. Pods the engine syncs from git do not tolerate it:
 * they schedule once the cloud controller has initialised the nodes, as before.
 */
import { UNINITIALIZED_TOLERATION } from "../../platform/values/common";

/** The engine's pod tolerations (Argo CD's components and redis-ha; the Flux Operator and Flux's controllers). */
export const ENGINE_TOLERATIONS = [UNINITIALIZED_TOLERATION] as const;
