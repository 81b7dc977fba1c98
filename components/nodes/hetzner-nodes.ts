/**
 * HetznerNodes (layer 0): the private network, firewall, SSH key, placement groups, servers and the optional API
 * load balancer of a k3s cluster on Hetzner Cloud. Returns the cloud-neutral ClusterNodes.
 */
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { AccessConfig } from "../../stacks/config/blocks/access";
import {
  DEFAULT_HETZNER_IMAGE,
  DEFAULT_HETZNER_LB_TYPE,
  DEFAULT_HETZNER_NETWORK_CIDR,
  DEFAULT_HETZNER_SUBNET_CIDR,
  HETZNER_ZONES,
  HetznerConfig,
} from "../../stacks/config/blocks/hetzner";
import type { AgentPoolConfig, ServersConfig } from "../../stacks/config/blocks/nodes";
import { hostAddress } from "../kernel/cidr";
import { componentToken } from "../kernel/layers";
import { renderCloudInit } from "./cloud-init";
import { KUBE_API_PORT, buildFirewallRules } from "./firewall-rules";
import { NodeSpec, chunk, planNodes } from "./node-plan";
import type { ClusterNode, ClusterNodes } from "./types";

/** The config namespace and key of the SSH private key that matches a supplied access.sshPublicKey. */
export const SSH_PRIVATE_KEY_NAMESPACE = "k3s-gitops";
export const SSH_PRIVATE_KEY_KEY = "sshPrivateKey";

/** Hetzner allows at most 10 servers in one spread placement group (docs.hetzner.com/cloud/placement-groups). */
export const PLACEMENT_GROUP_MAX_SERVERS = 10;

/** Host number of the API load balancer's private address; nodes start above it (FIRST_NODE_HOST). */
export const API_LB_HOST = 2;
/** The API load balancer is private unless asked: see hetzner.apiLoadBalancer.public. */
export const DEFAULT_API_LB_PUBLIC = false;

/**
 * The private interface of the first attached network, per server type (docs.hetzner.com/cloud/networks/
 * server-configuration): `ens10` on the first-generation CX*1 and CCX*1 types, `enp7s0` on every later one (CX*2 and
 * newer, CPX, CAX, CCX*2 and newer). Every type the config accepts today (HETZNER_SERVER_TYPES) gives `enp7s0`.
 * Since the name depends on the type, cloud-init also verifies it on each node: it fails (and with it the k3s install
 * step, which waits for cloud-init) unless this interface carries the node's planned private address.
 */
export function hetznerPrivateInterface(serverType: string): string {
  return /^c{1,2}x\d1$/.test(serverType) ? "ens10" : "enp7s0";
}

export interface HetznerNodesArgs {
  /** Prefix of every cloud resource name, e.g. "k3s-prod". */
  readonly clusterName: string;
  readonly servers: ServersConfig;
  readonly agentPools: readonly AgentPoolConfig[];
  readonly access: AccessConfig;
  readonly hetzner: HetznerConfig;
  /** Secret Hetzner Cloud API token: drives this component's own hcloud.Provider and reaches the cloud controller. */
  readonly token: pulumi.Output<string>;
}

/** Resolves where the SSH private key comes from: generated here, or the secret config key. */
function configuredPrivateKey(): pulumi.Output<string> {
  const key = new pulumi.Config(SSH_PRIVATE_KEY_NAMESPACE).getSecret(SSH_PRIVATE_KEY_KEY);
  if (key === undefined) {
    throw new pulumi.RunError(
      `${SSH_PRIVATE_KEY_NAMESPACE}:access.sshPublicKey is set but ${SSH_PRIVATE_KEY_NAMESPACE}:${SSH_PRIVATE_KEY_KEY} is missing; ` +
        `the k3s install steps need the matching private key. Run \`pulumi config set --secret ${SSH_PRIVATE_KEY_KEY} < ~/.ssh/id_ed25519\`, ` +
        "or remove access.sshPublicKey to have a key pair generated.",
    );
  }
  return key;
}

export class HetznerNodes extends pulumi.ComponentResource {
  public readonly nodes: ClusterNodes;
  public readonly networkId: pulumi.Output<string>;
  public readonly apiEndpoint: pulumi.Output<string>;

  constructor(name: string, args: HetznerNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:nodes:HetznerNodes"), name, {}, opts);
    const h = args.hetzner;
    const cluster = args.clusterName;
    const networkCidr = h.networkCidr ?? DEFAULT_HETZNER_NETWORK_CIDR;
    const subnetCidr = h.subnetCidr ?? DEFAULT_HETZNER_SUBNET_CIDR;
    const image = h.image ?? DEFAULT_HETZNER_IMAGE;
    const zoneLocations = HETZNER_ZONES[h.networkZone];
    // Plan first: it throws on an impossible plan before any resource is registered.
    const plan = planNodes({
      clusterName: cluster,
      servers: args.servers,
      agentPools: args.agentPools,
      subnetCidr,
      defaultLocations: args.servers.locations ?? [zoneLocations[0]],
    });
    const privateKey = args.access.sshPublicKey !== undefined ? configuredPrivateKey() : undefined;
    /** Pulumi names derive from `name`; cloud names from clusterName. */
    const child = (suffix: string) => `${name}-${suffix}`;
    const cloudLabels = (extra: Record<string, string> = {}) => ({ cluster, "managed-by": "k3s-gitops", ...extra });

    const provider = new hcloud.Provider(child("hcloud"), { token: args.token }, { parent: this });
    const o = { parent: this, provider };

    const network = new hcloud.Network(child("network"), { name: cluster, ipRange: networkCidr, labels: cloudLabels() }, o);
    const networkId = network.id.apply(Number);
    const subnet = new hcloud.NetworkSubnet(
      child("subnet"),
      { networkId, type: "cloud", networkZone: h.networkZone, ipRange: subnetCidr },
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
    const nodeKey: pulumi.Output<string> = pulumi.secret(generated ? generated.privateKeyOpenssh : privateKey!);
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

    const servers = plan.map((spec) => this.server(spec, {
      childName: child(spec.name.slice(cluster.length + 1)),
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
    const lbConfig = h.apiLoadBalancer;
    const firstServer = plan.find((s) => s.role === "server")!;
    const lbLocation = lbConfig?.location ?? firstServer.location;
    const extraDeps: pulumi.Resource[] = [];
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
      connection: { host: server.ipv4Address, user: "root", privateKey: nodeKey },
      labels: spec.labels,
      taints: spec.taints,
      dependsOn: spec.role === "server" ? [server, ...(targetOf.has(spec.name) ? [targetOf.get(spec.name)!] : [])] : [server, ...extraDeps],
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
      tlsSans,
      networkCidr,
      externalCloudProvider: true,
      cloud: { kind: "hetzner", token: args.token, networkId: network.id, networkZone: h.networkZone, location: lbLocation },
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
        userData: renderCloudInit({ privateNetwork: { interface: hetznerPrivateInterface(spec.size), ip: spec.privateIp } }),
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
