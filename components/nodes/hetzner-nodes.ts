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
import { NodePoolSpec, checkAdminAccess, checkClusterName, checkNodePools, checkedSecret, isIpv4Cidr, totalNodes } from "./args";
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
import {
  API_LB_HOST,
  DEFAULT_API_LB_PUBLIC,
  DEFAULT_HETZNER_IMAGE,
  DEFAULT_HETZNER_LB_TYPE,
  DEFAULT_HETZNER_NETWORK_CIDR,
  DEFAULT_HETZNER_SUBNET_CIDR,
  HETZNER_PRIVATE_MTU,
  HETZNER_ZONES,
  HetznerNodesArgs,
  PLACEMENT_GROUP_MAX_SERVERS,
  hetznerPrivateInterface,
} from "./hetzner-args";

// The args, Hetzner's facts and the defaults live in hetzner-args.ts; importers of this file still find them here.
export * from "./hetzner-args";

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
    // The numeric ids the server takes, one Output per group and for the firewall (not one per server).
    const groupIdOf = new Map<string, pulumi.Output<number>>();
    const firewallId = firewall.id.apply(Number);
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
        const id = pg.id.apply(Number);
        for (const spec of group) groupIdOf.set(spec.name, id);
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
      firewallId,
      placementGroupId: groupIdOf.get(spec.name)!,
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
      firewallId: pulumi.Output<number>;
      placementGroupId: pulumi.Output<number>;
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
        firewallIds: [p.firewallId],
        placementGroupId: p.placementGroupId,
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
