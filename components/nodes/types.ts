/**
 * ClusterNodes: what every node component (Hetzner, DigitalOcean, existing hosts) hands to the k3s layer.
 * Nothing above layer 0 may branch on which cloud produced it.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as command from "@pulumi/command";
import type { PodRouting } from "../kernel/cluster-network";

export type NodeRole = "server" | "agent";

/** A Kubernetes taint in k3s's `key=value:Effect` form. */
export type TaintSpec = string;

export interface ClusterNode {
  /** The Kubernetes node name, known at plan time (k3s `node-name`). */
  readonly name: string;
  readonly role: NodeRole;
  /** The pool the node belongs to: "servers" for the control plane, else the agent pool's name. */
  readonly pool: string;
  readonly publicIp: pulumi.Output<string>;
  /** The address on the private network: k3s `node-ip` and `advertise-address`. */
  readonly privateIp: pulumi.Output<string>;
  /** The host's interface on the private network: k3s `flannel-iface`. */
  readonly privateInterface: string;
  /** How `@pulumi/command` reaches the host over SSH. The private key inside is secret. */
  readonly connection: command.types.input.remote.ConnectionArgs;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly TaintSpec[];
  /** The resources that must exist before anything runs on the node (the server, its network attachment). */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** What the cloud hands to the cluster-core layer: the cloud controller and CSI inputs, as data. */
export type CloudIntegration =
  | {
      readonly kind: "hetzner";
      /** Secret: reaches the cluster for the cloud controller and the CSI driver. */
      readonly token: pulumi.Output<string>;
      readonly networkId: pulumi.Output<string>;
      readonly networkZone: string;
      /** Default location for load balancers the cloud controller creates. */
      readonly location: string;
    }
  | {
      readonly kind: "digitalocean";
      readonly token: pulumi.Output<string>;
      readonly vpcId: pulumi.Output<string>;
      readonly region: string;
    }
  | { readonly kind: "none" };

export interface ClusterNodes {
  readonly servers: readonly ClusterNode[];
  readonly agents: readonly ClusterNode[];
  /** Address clients and joining nodes use for the API: the load balancer's, or the first server's public IP. */
  readonly apiEndpoint: pulumi.Output<string>;
  /** The API load balancer's address on the private network, when there is one. */
  readonly apiPrivateEndpoint?: pulumi.Output<string>;
  /**
   * What must exist before clients can use `apiEndpoint` when it is a load balancer (its network attachment, service
   * and targets). Only the kubeconfig and the layers above wait for these; no node step does.
   */
  readonly apiDependsOn?: readonly pulumi.Resource[];
  /** Extra names and addresses for the API certificate (load balancer, public addresses). */
  readonly tlsSans: pulumi.Output<string[]>;
  /** The private network's CIDR. */
  readonly networkCidr: string;
  /**
   * How pod traffic between the nodes can be routed, and the private interface's MTU when it is below 1500: what a CNI
   * that routes natively (Cilium) must be configured for. @default { routing: DEFAULT_POD_ROUTING ("tunnel") }
   */
  readonly podNetwork?: PodNetwork;
  /** True when a cloud controller manager will initialise the nodes: k3s then runs with an external cloud provider. */
  readonly externalCloudProvider: boolean;
  readonly cloud: CloudIntegration;
  /** The generated SSH private key (secret), when no key was supplied. */
  readonly generatedSshPrivateKey?: pulumi.Output<string>;
}

/** What the node layer offers pod traffic between nodes (see PodRouting). */
export interface PodNetwork {
  readonly routing: PodRouting;
  /** The private interface's MTU, when it is below Ethernet's 1500 (Hetzner Cloud networks: 1450). @default auto-detected by the CNI */
  readonly mtu?: number;
}
