/**
 * The arguments of HetznerNodes (layer 0) and Hetzner Cloud's facts and defaults they rest on: network zones, address
 * ranges, image, load balancer, placement groups, the private interface per server type. Pure: no resources.
 * hetzner-nodes.ts re-exports all of it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AdminAccess, AgentPoolSpec, NodePoolSpec } from "./args";

/** Hetzner Cloud network zones and the locations inside each (docs.hetzner.com/cloud/general/locations). */
export const HETZNER_ZONES = {
  "eu-central": ["fsn1", "nbg1", "hel1"],
  "us-east": ["ash"],
  "us-west": ["hil"],
  "ap-southeast": ["sin"],
} as const;

export type HetznerZone = keyof typeof HETZNER_ZONES;

/**
 * @default private network of the cluster: 10.0.0.0/8, as kube-hetzner's (`network_ipv4_cidr`) and the Hetzner cloud
 * controller's own example (docs/explanation/private-networks.md @ v1.35.0, "IP Range Considerations": network
 * 10.0.0.0/8, cluster CIDR inside it). It holds k3s's default pod range 10.42.0.0/16 and service range 10.43.0.0/16,
 * so Cilium can route pods natively through the network's gateway, which routes only the network's own range
 * (docs.hetzner.com/networking/networks/technical-concepts/architecture, "Example routes"). Until issue 10 it was
 * 10.0.0.0/16; a network's ip_range is ForceNew in the hcloud provider (terraform-provider-hcloud
 * internal/network/resource.go), so a stack that relied on the old default replaces its network unless it sets
 * networkCidr: 10.0.0.0/16 (docs/multicloud.md, "Pod routing").
 */
export const DEFAULT_HETZNER_NETWORK_CIDR = "10.0.0.0/8";
/** @default subnet of the nodes, inside the network and clear of the pod and service ranges (10.42/16, 10.43/16). */
export const DEFAULT_HETZNER_SUBNET_CIDR = "10.0.1.0/24";

/**
 * The MTU of a Hetzner Cloud server's private interface: 1450 (docs.hetzner.com/cloud/networks/technical-concepts/
 * architecture: "the MTU of Hetzner cloud servers is different in private and public interfaces", 1500 public, 1450
 * private). A CNI that routes pods over the private network must not assume 1500.
 */
export const HETZNER_PRIVATE_MTU = 1450;
/** @default OS image of every server. */
export const DEFAULT_HETZNER_IMAGE = "ubuntu-24.04";
/** @default type of the API load balancer. */
export const DEFAULT_HETZNER_LB_TYPE = "lb11";

/** Hetzner allows at most 10 servers in one spread placement group (docs.hetzner.com/cloud/placement-groups). */
export const PLACEMENT_GROUP_MAX_SERVERS = 10;

/** Host number of the API load balancer's private address; nodes start above it (FIRST_NODE_HOST). */
export const API_LB_HOST = 2;
/** @default The API load balancer is private unless asked: see HetznerApiLoadBalancer.public. */
export const DEFAULT_API_LB_PUBLIC = false;

/**
 * The private interface of the first attached network, per server type (docs.hetzner.com/cloud/networks/
 * server-configuration): `ens10` on the first-generation CX*1 and CCX*1 types, `enp7s0` on every later one (CX*2 and
 * newer, CPX, CAX, CCX*2 and newer). Every type the program's config accepts today (its HETZNER_SERVER_TYPES) gives `enp7s0`.
 * Since the name depends on the type, cloud-init also verifies it on each node: it fails (and with it the k3s install
 * step, which waits for cloud-init) unless this interface carries the node's planned private address.
 */
export function hetznerPrivateInterface(serverType: string): string {
  return /^c{1,2}x\d1$/.test(serverType) ? "ens10" : "enp7s0";
}

/** The load balancer in front of the servers' Kubernetes API (6443/tcp). */
export interface HetznerApiLoadBalancer {
  /** Create it. When false, joining nodes and kubectl use the first server's addresses. */
  readonly enabled: boolean;
  /** The load balancer type. @default DEFAULT_HETZNER_LB_TYPE ("lb11") */
  readonly type?: string;
  /** Its location, inside the network zone. @default the first server's location */
  readonly location?: string;
  /**
   * Give it a public interface. Hetzner Cloud firewalls cannot be attached to load balancers, so a public API load
   * balancer answers 6443 to the whole internet whatever access.apiAllowedCidrs says. When false it is private:
   * nodes join through it, and kubectl reaches the API on the servers' firewalled public addresses.
   * @default DEFAULT_API_LB_PUBLIC (false)
   */
  readonly public?: boolean;
}

export interface HetznerNodesArgs {
  /** Prefix of every cloud resource name and node name, e.g. "k3s-prod". */
  readonly clusterName: string;
  /** The control plane: 1, or an odd number of at least 3 servers. */
  readonly servers: NodePoolSpec;
  /** Agent pools, in order. @default [] (no agents) */
  readonly agentPools?: readonly AgentPoolSpec[];
  /** Who may reach SSH and the API, and the SSH public key the servers accept. */
  readonly access: AdminAccess;
  /** The network zone of the private network; every location must lie in it. */
  readonly networkZone: HetznerZone;
  /**
   * The private network (IPv4). With Cilium it must hold the pod range (k3s `cluster-cidr`), which the cloud
   * controller routes through it. @default DEFAULT_HETZNER_NETWORK_CIDR ("10.0.0.0/8")
   */
  readonly networkCidr?: string;
  /** The nodes' subnet, inside networkCidr. @default DEFAULT_HETZNER_SUBNET_CIDR ("10.0.1.0/24") */
  readonly subnetCidr?: string;
  /** The OS image. @default DEFAULT_HETZNER_IMAGE ("ubuntu-24.04") */
  readonly image?: string;
  /** The API load balancer. @default none */
  readonly apiLoadBalancer?: HetznerApiLoadBalancer;
  /** Secret Hetzner Cloud API token: drives this component's own hcloud.Provider and reaches the cloud controller. */
  readonly token: pulumi.Input<string>;
  /**
   * The private key matching access.sshPublicKey (secret). Required when access.sshPublicKey is given; refused
   * without it, since a key pair is then generated here.
   * @default none: an ED25519 key pair is generated
   */
  readonly sshPrivateKey?: pulumi.Input<string>;
}
