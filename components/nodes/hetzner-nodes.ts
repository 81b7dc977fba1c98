/**
 * HetznerNodes (layer 0): the private network, firewall, SSH key, placement groups, servers and the optional API
 * load balancer of a k3s cluster on Hetzner Cloud. Returns the cloud-neutral ClusterNodes.
 */
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { cidrContains, hostAddress } from "../kernel/cidr";
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { CLOUD_CLUSTER_LABEL } from "../kernel/cloud-labels";
import { AdminAccess, AgentPoolSpec, NodePoolSpec, checkAdminAccess, checkClusterName, checkNodePools, checkedSecret, isIpv4Cidr, totalNodes } from "./args";
import { GeneratedHostKey, generateHostKey, renderCloudInitWithHostKey } from "./host-keys";
import { KUBE_API_PORT, buildFirewallRules } from "./firewall-rules";
import {
  HETZNER_FIREWALL_MAX_EFFECTIVE_RULES,
  HETZNER_FIREWALL_MAX_RULES,
  HETZNER_MAX_SERVERS_PER_NETWORK,
  effectiveFirewallRules,
  hetznerTypeLocations,
} from "./limits";
import { NodeSpec, chunk, nodeCapacity, planNodes } from "./node-plan";
import type { ClusterNode, ClusterNodes } from "./types";

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

const COMPONENT = "HetznerNodes";

/** Checks every HetznerNodes argument and throws one InputPropertiesError listing every problem. */
export function validateHetznerNodesArgs(args: HetznerNodesArgs): void {
  const p = new Problems();
  checkClusterName(p, args.clusterName);
  const zone = HETZNER_ZONES[args.networkZone] as readonly string[] | undefined;
  p.check(zone !== undefined, "networkZone", args.networkZone, `must be one of ${Object.keys(HETZNER_ZONES).join(", ")}`);
  const where = zone ? { list: zone, why: `the private network lies in network zone ${args.networkZone}` } : undefined;
  const agentPools = args.agentPools ?? [];
  checkNodePools(p, args.servers, agentPools, where);
  checkAdminAccess(p, args.access, args.sshPrivateKey);
  const network = args.networkCidr ?? DEFAULT_HETZNER_NETWORK_CIDR;
  const subnet = args.subnetCidr ?? DEFAULT_HETZNER_SUBNET_CIDR;
  const networkOk = p.check(isIpv4Cidr(network), "networkCidr", network, "must be an IPv4 CIDR such as 10.0.0.0/16: Hetzner private networks are IPv4");
  const subnetOk = p.check(isIpv4Cidr(subnet), "subnetCidr", subnet, "must be an IPv4 CIDR such as 10.0.1.0/24");
  if (networkOk && subnetOk) {
    p.check(cidrContains(network, subnet), "subnetCidr", subnet, `must lie inside networkCidr ${network}`);
    const total = totalNodes(args.servers, agentPools);
    const capacity = nodeCapacity(subnet);
    p.check(total <= capacity, "subnetCidr", subnet, `holds ${capacity} node addresses but servers and agentPools ask for ${total}; use a larger subnet such as 10.0.0.0/20`);
  }
  p.check(args.image === undefined || (typeof args.image === "string" && args.image !== ""), "image", args.image, "must be a Hetzner image name such as ubuntu-24.04");
  const lb = args.apiLoadBalancer;
  if (lb !== undefined) {
    p.check(typeof lb.enabled === "boolean", "apiLoadBalancer.enabled", lb.enabled, "must be true or false");
    p.check(lb.type === undefined || (typeof lb.type === "string" && lb.type !== ""), "apiLoadBalancer.type", lb.type, "must be a load balancer type such as lb11");
    if (lb.location !== undefined && zone && !zone.includes(lb.location)) {
      p.add("apiLoadBalancer.location", lb.location, `must be one of ${zone.join(", ")}: the private network lies in network zone ${args.networkZone}`);
    }
  }
  p.check(args.token !== undefined && args.token !== "", "token", args.token, "must be a Hetzner Cloud API token", true);
  checkHetznerLimits(p, args, zone);
  p.throwIfAny(COMPONENT);
}

/**
 * Hetzner's own limits (components/nodes/limits.ts, with their sources): servers per network, firewall rules, and
 * the locations each server-type line is sold in, for every pool's locations as the node plan resolves them.
 */
function checkHetznerLimits(p: Problems, args: HetznerNodesArgs, zone: readonly string[] | undefined): void {
  const agentPools = args.agentPools ?? [];
  const total = totalNodes(args.servers, agentPools);
  p.check(
    total <= HETZNER_MAX_SERVERS_PER_NETWORK,
    "servers.count + agentPools[*].count",
    total,
    `puts ${total} servers on one network; Hetzner allows at most ${HETZNER_MAX_SERVERS_PER_NETWORK} servers per network (HETZNER_MAX_SERVERS_PER_NETWORK)`,
  );
  // The rules buildFirewallRules makes: one per admin port, its sources de-duplicated.
  const sources = (list: unknown) => (Array.isArray(list) ? [...new Set(list as string[])] : []);
  const rules = [{ sourceIps: sources(args.access?.sshAllowedCidrs) }, { sourceIps: sources(args.access?.apiAllowedCidrs) }];
  p.check(rules.length <= HETZNER_FIREWALL_MAX_RULES, "access", `${rules.length} rules`, `must need at most ${HETZNER_FIREWALL_MAX_RULES} firewall rules (HETZNER_FIREWALL_MAX_RULES)`);
  const effective = effectiveFirewallRules(rules);
  p.check(
    effective <= HETZNER_FIREWALL_MAX_EFFECTIVE_RULES,
    "access.sshAllowedCidrs + access.apiAllowedCidrs",
    `${effective} CIDRs`,
    `make ${effective} effective firewall rules (one per source CIDR); Hetzner allows at most ${HETZNER_FIREWALL_MAX_EFFECTIVE_RULES} per firewall (HETZNER_FIREWALL_MAX_EFFECTIVE_RULES): list fewer, wider CIDRs`,
  );
  if (!zone) return;
  const defaults = args.servers.locations ?? [zone[0]!];
  const pools: { path: string; pool: NodePoolSpec }[] = [{ path: "servers", pool: args.servers }, ...agentPools.map((pool, i) => ({ path: `agentPools[${i}]`, pool }))];
  for (const { path, pool } of pools) {
    if (typeof pool.size !== "string") continue;
    const sold = hetznerTypeLocations(pool.size);
    if (!sold) continue;
    const locations = Array.isArray(pool.locations) ? pool.locations : defaults;
    for (const loc of new Set(locations)) {
      if (zone.includes(loc) && !sold.includes(loc)) {
        p.add(`${path}.size`, pool.size, `is not sold in ${loc}${pool.locations === undefined ? " (the pool's default location)" : ""}; that type line is sold in ${sold.join(", ")} only (HETZNER_TYPE_LOCATIONS): choose a cpx type or another location`);
      }
    }
  }
}

export class HetznerNodes extends pulumi.ComponentResource {
  public readonly nodes: ClusterNodes;
  public readonly networkId: pulumi.Output<string>;
  public readonly apiEndpoint: pulumi.Output<string>;

  constructor(name: string, args: HetznerNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    validateHetznerNodesArgs(args);
    super(componentToken("k3s-gitops:nodes:HetznerNodes"), name, {}, opts);
    const cluster = args.clusterName;
    const networkCidr = args.networkCidr ?? DEFAULT_HETZNER_NETWORK_CIDR;
    const subnetCidr = args.subnetCidr ?? DEFAULT_HETZNER_SUBNET_CIDR;
    const image = args.image ?? DEFAULT_HETZNER_IMAGE;
    const zoneLocations = HETZNER_ZONES[args.networkZone];
    const token = checkedSecret(COMPONENT, "token", args.token, "must be a non-empty Hetzner Cloud API token");
    const plan = planNodes({
      clusterName: cluster,
      servers: args.servers,
      agentPools: args.agentPools ?? [],
      subnetCidr,
      defaultLocations: args.servers.locations ?? [zoneLocations[0]],
    });
    /** Pulumi names derive from `name`; cloud names from clusterName. */
    const child = (suffix: string) => `${name}-${suffix}`;
    const cloudLabels = (extra: Record<string, string> = {}) => ({ [CLOUD_CLUSTER_LABEL]: cluster, "managed-by": "k3s-gitops", ...extra });

    const provider = new hcloud.Provider(child("hcloud"), { token }, { parent: this });
    const o = { parent: this, provider };

    const network = new hcloud.Network(child("network"), { name: cluster, ipRange: networkCidr, labels: cloudLabels() }, o);
    const networkId = network.id.apply(Number);
    const subnet = new hcloud.NetworkSubnet(
      child("subnet"),
      { networkId, type: "cloud", networkZone: args.networkZone, ipRange: subnetCidr },
      o,
    );

    const firewall = new hcloud.Firewall(
      child("firewall"),
      { name: cluster, labels: cloudLabels(), rules: buildFirewallRules(args.access).map((r) => ({ ...r, sourceIps: [...r.sourceIps] })) },
      o,
    );

    let generated: tls.PrivateKey | undefined;
    let publicKey: pulumi.Input<string>;
    if (args.access.sshPublicKey !== undefined) {
      publicKey = args.access.sshPublicKey;
    } else {
      generated = new tls.PrivateKey(child("ssh-key"), { algorithm: "ED25519" }, { parent: this, additionalSecretOutputs: ["privateKeyOpenssh", "privateKeyPem"] });
      publicKey = generated.publicKeyOpenssh;
    }
    const nodeKey: pulumi.Output<string> = generated
      ? pulumi.secret(generated.privateKeyOpenssh)
      : checkedSecret(COMPONENT, "sshPrivateKey", args.sshPrivateKey!, "must be the non-empty OpenSSH private key matching access.sshPublicKey");
    const sshKey = new hcloud.SshKey(child("ssh"), { name: cluster, publicKey, labels: cloudLabels() }, o);

    // One spread placement group per pool, split into groups of at most PLACEMENT_GROUP_MAX_SERVERS.
    const groupOf = new Map<string, hcloud.PlacementGroup>();
    const pools = [...new Set(plan.map((s) => s.pool))];
    for (const pool of pools) {
      const members = plan.filter((s) => s.pool === pool);
      chunk(members, PLACEMENT_GROUP_MAX_SERVERS).forEach((group, i) => {
        const role = group[0]!.role;
        const pg = new hcloud.PlacementGroup(
          child(`${pool}-spread-${i + 1}`),
          { name: `${cluster}-${pool}-${i + 1}`, type: "spread", labels: cloudLabels({ role, pool }) },
          o,
        );
        for (const spec of group) groupOf.set(spec.name, pg);
      });
    }

    // One pinned ed25519 host key per server (host-keys.ts): cloud-init installs it, every connection checks it.
    const hostKeys = new Map(plan.map((spec) => [spec.name, generateHostKey(child(`${spec.name.slice(cluster.length + 1)}-host-key`), this)]));
    const servers = plan.map((spec) => this.server(spec, {
      childName: child(spec.name.slice(cluster.length + 1)),
      hostKey: hostKeys.get(spec.name)!,
      options: o,
      image,
      labels: cloudLabels({ role: spec.role, pool: spec.pool }),
      sshKey,
      firewall,
      placementGroup: groupOf.get(spec.name)!,
      networkId,
      subnet,
    }));

    // The API load balancer in front of the servers' 6443, reaching them over the private network. Private unless
    // apiLoadBalancer.public: Hetzner firewalls cannot guard a load balancer, so a public one ignores apiAllowedCidrs.
    const lbConfig = args.apiLoadBalancer;
    const firstServer = plan.find((s) => s.role === "server")!;
    const lbLocation = lbConfig?.location ?? firstServer.location;
    const extraDeps: pulumi.Resource[] = [];
    let lbPublicEndpoint = false;
    let apiEndpoint: pulumi.Output<string>;
    let apiPrivateEndpoint: pulumi.Output<string> | undefined;
    let lbAddresses: pulumi.Output<string>[] = [];
    const serverEntries = plan.map((spec, i) => ({ spec, server: servers[i]! })).filter((e) => e.spec.role === "server");
    const targetOf = new Map<string, hcloud.LoadBalancerTarget>();
    if (lbConfig?.enabled) {
      const lbIp = hostAddress(subnetCidr, API_LB_HOST);
      const lbPublic = lbConfig.public ?? DEFAULT_API_LB_PUBLIC;
      const lb = new hcloud.LoadBalancer(
        child("api-lb"),
        { name: `${cluster}-api`, loadBalancerType: lbConfig.type ?? DEFAULT_HETZNER_LB_TYPE, location: lbLocation, labels: cloudLabels({ role: "api" }) },
        o,
      );
      const lbNetwork = new hcloud.LoadBalancerNetwork(
        child("api-lb-network"),
        { loadBalancerId: lb.id.apply(Number), networkId, ip: lbIp, enablePublicInterface: lbPublic },
        { ...o, dependsOn: [subnet] },
      );
      const service = new hcloud.LoadBalancerService(
        child("api-lb-service"),
        {
          loadBalancerId: lb.id,
          protocol: "tcp",
          listenPort: KUBE_API_PORT,
          destinationPort: KUBE_API_PORT,
          healthCheck: { protocol: "tcp", port: KUBE_API_PORT, interval: 10, timeout: 5, retries: 3 },
        },
        o,
      );
      for (const { spec, server } of serverEntries) {
        targetOf.set(
          spec.name,
          new hcloud.LoadBalancerTarget(
            child(`api-lb-target-${spec.name.slice(cluster.length + 1)}`),
            { type: "server", loadBalancerId: lb.id.apply(Number), serverId: server.id.apply(Number), usePrivateIp: true },
            { ...o, dependsOn: [lbNetwork] },
          ),
        );
      }
      extraDeps.push(lbNetwork, service, ...targetOf.values());
      apiEndpoint = lbPublic ? lb.ipv4 : serverEntries[0]!.server.ipv4Address;
      lbPublicEndpoint = lbPublic;
      apiPrivateEndpoint = pulumi.output(lbIp);
      lbAddresses = lbPublic ? [lb.ipv4, pulumi.output(lbIp)] : [pulumi.output(lbIp)];
    } else {
      apiEndpoint = serverEntries[0]!.server.ipv4Address;
    }

    const toNode = (spec: NodeSpec, server: hcloud.Server): ClusterNode => ({
      name: spec.name,
      role: spec.role,
      pool: spec.pool,
      publicIp: server.ipv4Address,
      // Planned, so it is known in previews; the server is created with exactly this address.
      privateIp: pulumi.output(spec.privateIp),
      privateInterface: hetznerPrivateInterface(spec.size),
      connection: { host: server.ipv4Address, user: "root", privateKey: nodeKey, hostKey: hostKeys.get(spec.name)!.publicKey },
      labels: spec.labels,
      taints: spec.taints,
      // The server only: no node step waits for the API load balancer (joins go to the first server's private
      // address); the kubeconfig waits for it through apiDependsOn where clients use it.
      dependsOn: [server],
    });
    const all = plan.map((spec, i) => toNode(spec, servers[i]!));
    const tlsSans = pulumi
      .all([...lbAddresses, ...serverEntries.map((e) => e.server.ipv4Address)])
      .apply((list) => [...new Set(list.filter((v) => v !== undefined && v !== ""))]);

    this.networkId = network.id;
    this.apiEndpoint = apiEndpoint;
    this.nodes = {
      servers: all.filter((n) => n.role === "server"),
      agents: all.filter((n) => n.role === "agent"),
      apiEndpoint,
      apiPrivateEndpoint,
      // Clients use the load balancer only when it is public (apiEndpoint is then its address).
      ...(lbPublicEndpoint ? { apiDependsOn: extraDeps } : {}),
      tlsSans,
      networkCidr,
      // Hetzner networks are layer 3; the cloud controller's route controller routes each node's pod range.
      podNetwork: { routing: "cloud-routes", mtu: HETZNER_PRIVATE_MTU },
      externalCloudProvider: true,
      cloud: { kind: "hetzner", token, networkId: network.id, networkZone: args.networkZone, location: lbLocation },
      generatedSshPrivateKey: generated ? nodeKey : undefined,
    };
    this.registerOutputs({
      networkId: this.networkId,
      apiEndpoint,
      serverAddresses: pulumi.all(this.nodes.servers.map((n) => n.publicIp)),
      agentAddresses: pulumi.all(this.nodes.agents.map((n) => n.publicIp)),
    });
  }

  private server(
    spec: NodeSpec,
    p: {
      childName: string;
      hostKey: GeneratedHostKey;
      options: { parent: pulumi.Resource; provider: pulumi.ProviderResource };
      image: string;
      labels: Record<string, string>;
      sshKey: hcloud.SshKey;
      firewall: hcloud.Firewall;
      placementGroup: hcloud.PlacementGroup;
      networkId: pulumi.Output<number>;
      subnet: hcloud.NetworkSubnet;
    },
  ): hcloud.Server {
    return new hcloud.Server(
      p.childName,
      {
        name: spec.name,
        serverType: spec.size,
        image: p.image,
        location: spec.location,
        labels: p.labels,
        sshKeys: [p.sshKey.id],
        firewallIds: [p.firewall.id.apply(Number)],
        placementGroupId: p.placementGroup.id.apply(Number),
        // Attached at creation, so the private interface exists at first boot and cloud-init can check it.
        networks: [{ networkId: p.networkId, ip: spec.privateIp }],
        publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
        userData: renderCloudInitWithHostKey({ privateNetwork: { interface: hetznerPrivateInterface(spec.size), ip: spec.privateIp } }, p.hostKey),
      },
      {
        ...p.options,
        // The server must not attach to the network before the subnet its address lies in exists.
        dependsOn: [p.subnet],
        // Each of these forces a replacement in the hcloud provider; a live node is never replaced for them.
        ignoreChanges: ["userData", "image", "sshKeys"],
      },
    );
  }
}
