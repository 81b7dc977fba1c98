/**
 * DigitalOceanNodes: a VPC, a tag-based cloud firewall, an SSH key and one droplet per planned node, all in the
 * cluster's one region (VPCs are regional), plus an optional API load balancer. Returns ClusterNodes.
 */
import type * as DigitalOcean from "@pulumi/digitalocean";
// Loaded on first use, not with the library: @pulumi/digitalocean takes up to seconds to load and most stacks never use it (issue 15).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const digitalocean = new Proxy({} as typeof DigitalOcean, { get: (_, key) => (require("@pulumi/digitalocean") as Record<string | symbol, unknown>)[key] });
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { AdminAccess, AgentPoolSpec, NodePoolSpec, checkAdminAccess, checkClusterName, checkNodePools, checkedSecret, isIpv4Cidr, totalNodes } from "./args";
import { generateHostKey, renderCloudInitWithHostKey } from "./host-keys";
import { buildDoFirewallRules, buildDoLbAllows } from "./do-firewall-rules";
import { KUBE_API_PORT } from "./firewall-rules";
import { DO_LB_MAX_SIZE_UNIT, DO_LB_MIN_SIZE_UNIT, DO_OPEN_REGIONS, DO_VPC_MAX_PREFIX, DO_VPC_MIN_PREFIX, isDoVpcPrefix } from "./limits";
import { NodeSpec, nodeCapacity, planNodes } from "./node-plan";
import type { ClusterNode, ClusterNodes } from "./types";

/** On a droplet in a VPC, eth0 is public and eth1 the VPC (docs.digitalocean.com, "Private Droplets"). */
export const DO_PRIVATE_INTERFACE = "eth1";
export const DO_SSH_USER = "root";
/** @default image for droplets. */
export const DO_DEFAULT_IMAGE = "ubuntu-24-04-x64";
/** @default the VPC's range. */
export const DO_DEFAULT_VPC_CIDR = "10.10.0.0/20";
/** @default load balancer size units. */
export const DO_DEFAULT_LB_SIZE_UNIT = 1;

/** True for a range a DigitalOcean VPC accepts (see DO_VPC_MIN_PREFIX in limits.ts for the source). */
export function isDoVpcRange(cidr: unknown): cidr is string {
  return isDoVpcPrefix(cidr);
}

/** The API load balancer in front of the servers' Kubernetes API (6443/tcp), inside the VPC. */
export interface DoApiLoadBalancer {
  /** Create it. When false, clients use the first server's public address. */
  readonly enabled: boolean;
  /** Load balancer size units, DO_LB_MIN_SIZE_UNIT to DO_LB_MAX_SIZE_UNIT (1 to 200). @default DO_DEFAULT_LB_SIZE_UNIT (1) */
  readonly sizeUnit?: number;
}

export interface DigitalOceanNodesArgs {
  /** Prefix of every cloud name and node name. */
  readonly clusterName: string;
  /** The control plane: 1, or an odd number of at least 3 droplets. */
  readonly servers: NodePoolSpec;
  /** Agent pools, in order. @default [] (no agents) */
  readonly agentPools?: readonly AgentPoolSpec[];
  /** Who may reach SSH and the API, and the SSH public key the droplets accept. */
  readonly access: AdminAccess;
  /** The cluster's one region: DigitalOcean VPCs are regional, so every droplet (and every pool location) shares it. */
  readonly region: string;
  /** The VPC's range (RFC 1918, /16 to /28). @default DO_DEFAULT_VPC_CIDR ("10.10.0.0/20") */
  readonly vpcCidr?: string;
  /** The droplet image slug. @default DO_DEFAULT_IMAGE ("ubuntu-24-04-x64") */
  readonly image?: string;
  /** The API load balancer. @default none */
  readonly apiLoadBalancer?: DoApiLoadBalancer;
  /** The DigitalOcean API token (secret): builds the explicit provider and reaches the cloud controller. */
  readonly token: pulumi.Input<string>;
  /**
   * The private key matching access.sshPublicKey (secret). Required when access.sshPublicKey is given; refused
   * without it, since a key pair is then generated here.
   * @default none: an ED25519 key pair is generated
   */
  readonly sshPrivateKey?: pulumi.Input<string>;
}

const COMPONENT = "DigitalOceanNodes";

/** Checks every DigitalOceanNodes argument and throws one InputPropertiesError listing every problem. */
export function validateDigitalOceanNodesArgs(args: DigitalOceanNodesArgs): void {
  const p = new Problems();
  checkClusterName(p, args.clusterName);
  const regionOk = p.check(
    typeof args.region === "string" && (DO_OPEN_REGIONS as readonly string[]).includes(args.region),
    "region",
    args.region,
    `must be a DigitalOcean region open to new droplets: ${DO_OPEN_REGIONS.join(", ")} (DO_OPEN_REGIONS; check \`doctl compute region list\`)`,
  );
  const agentPools = args.agentPools ?? [];
  checkNodePools(p, args.servers, agentPools, regionOk ? { list: [args.region], why: "DigitalOcean VPCs are regional, so every droplet shares the cluster's one region" } : undefined);
  checkAdminAccess(p, args.access, args.sshPrivateKey);
  const vpc = args.vpcCidr ?? DO_DEFAULT_VPC_CIDR;
  if (p.check(isDoVpcRange(vpc), "vpcCidr", vpc, `must be an RFC 1918 IPv4 range from /${DO_VPC_MIN_PREFIX} to /${DO_VPC_MAX_PREFIX}, such as 10.10.0.0/20`)) {
    const total = totalNodes(args.servers, agentPools);
    const capacity = nodeCapacity(vpc);
    p.check(total <= capacity, "vpcCidr", vpc, `holds ${capacity} node addresses but servers and agentPools ask for ${total}; use a larger range such as 10.10.0.0/20`);
  }
  p.check(args.image === undefined || (typeof args.image === "string" && args.image !== ""), "image", args.image, "must be a DigitalOcean image slug such as ubuntu-24-04-x64");
  const lb = args.apiLoadBalancer;
  if (lb !== undefined) {
    p.check(typeof lb.enabled === "boolean", "apiLoadBalancer.enabled", lb.enabled, "must be true or false");
    const unit = lb.sizeUnit;
    p.check(
      unit === undefined || (Number.isInteger(unit) && unit >= DO_LB_MIN_SIZE_UNIT && unit <= DO_LB_MAX_SIZE_UNIT),
      "apiLoadBalancer.sizeUnit",
      unit,
      `must be a whole number from ${DO_LB_MIN_SIZE_UNIT} to ${DO_LB_MAX_SIZE_UNIT} (DO_LB_MAX_SIZE_UNIT)`,
    );
  }
  p.check(args.token !== undefined && args.token !== "", "token", args.token, "must be a DigitalOcean API token", true);
  p.throwIfAny(COMPONENT);
}

/** Tag names: the cluster, the role and the pool. DigitalOcean tags allow letters, digits, ':', '-' and '_'. */
export function dropletTags(clusterName: string, spec: Pick<NodeSpec, "role" | "pool">): string[] {
  return [clusterName, `${clusterName}-${spec.role}`, `${clusterName}-pool-${spec.pool}`];
}

/** The node plan on DigitalOcean: every node in the one region; addresses come from the VPC's DHCP, not the plan. */
export function planDroplets(args: Pick<DigitalOceanNodesArgs, "clusterName" | "servers" | "agentPools" | "region" | "vpcCidr">): NodeSpec[] {
  return planNodes({
    clusterName: args.clusterName,
    servers: args.servers,
    agentPools: args.agentPools ?? [],
    subnetCidr: args.vpcCidr ?? DO_DEFAULT_VPC_CIDR,
    defaultLocations: [args.region],
  });
}

export class DigitalOceanNodes extends pulumi.ComponentResource {
  public readonly nodes: ClusterNodes;
  public readonly vpcId: pulumi.Output<string>;
  public readonly apiEndpoint: pulumi.Output<string>;

  constructor(name: string, args: DigitalOceanNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    validateDigitalOceanNodesArgs(args);
    super(componentToken("k3s-gitops:nodes:DigitalOceanNodes"), name, {}, opts);
    const region = args.region;
    const vpcCidr = args.vpcCidr ?? DO_DEFAULT_VPC_CIDR;
    const token = checkedSecret(COMPONENT, "token", args.token, "must be a non-empty DigitalOcean API token");
    const specs = planDroplets(args);
    const provider = new digitalocean.Provider(`${name}-digitalocean`, { token }, { parent: this });
    const child = { parent: this, provider };

    const tagNames = [...new Set(specs.flatMap((s) => dropletTags(args.clusterName, s)))].sort();
    const tags = new Map(tagNames.map((t) => [t, new digitalocean.Tag(`${name}-tag-${t}`, { name: t }, child)]));
    const tagOf = (t: string) => tags.get(t)!.name;

    const vpc = new digitalocean.Vpc(`${name}-vpc`, { name: `${args.clusterName}-vpc`, region, ipRange: vpcCidr }, child);

    let privateKey: pulumi.Output<string>;
    let publicKey: pulumi.Input<string>;
    let generated: pulumi.Output<string> | undefined;
    if (args.access.sshPublicKey !== undefined) {
      privateKey = checkedSecret(COMPONENT, "sshPrivateKey", args.sshPrivateKey!, "must be the non-empty OpenSSH private key matching access.sshPublicKey");
      publicKey = args.access.sshPublicKey;
    } else {
      const key = new tls.PrivateKey(`${name}-ssh`, { algorithm: "ED25519" }, { parent: this, additionalSecretOutputs: ["privateKeyOpenssh", "privateKeyPem"] });
      privateKey = pulumi.secret(key.privateKeyOpenssh);
      publicKey = key.publicKeyOpenssh;
      generated = privateKey;
    }
    const sshKey = new digitalocean.SshKey(`${name}-ssh`, { name: `${args.clusterName}-ssh`, publicKey }, child);

    const rules = buildDoFirewallRules(args.access, vpcCidr);
    const firewall = new digitalocean.Firewall(
      `${name}-firewall`,
      { name: `${args.clusterName}-nodes`, tags: [tagOf(args.clusterName)], inboundRules: rules.inbound, outboundRules: rules.outbound },
      child,
    );

    // One pinned ed25519 host key per droplet (host-keys.ts): cloud-init installs it, every connection checks it.
    const hostKeys = new Map(specs.map((spec) => [spec.name, generateHostKey(`${spec.name}-host-key`, this)]));
    const droplets = specs.map((spec) => ({
      spec,
      droplet: new digitalocean.Droplet(
        spec.name,
        {
          name: spec.name,
          region: spec.location,
          size: spec.size,
          image: args.image ?? DO_DEFAULT_IMAGE,
          vpcUuid: vpc.id,
          sshKeys: [sshKey.fingerprint],
          tags: dropletTags(args.clusterName, spec).map(tagOf),
          userData: renderCloudInitWithHostKey({}, hostKeys.get(spec.name)!),
          ipv6: false,
          monitoring: true,
        },
        // A changed image, key or user data must never replace a live node.
        { ...child, ignoreChanges: ["image", "sshKeys", "userData"] },
      ),
    }));

    const toNode = ({ spec, droplet }: (typeof droplets)[number]): ClusterNode => ({
      name: spec.name,
      role: spec.role,
      pool: spec.pool,
      publicIp: droplet.ipv4Address,
      privateIp: droplet.ipv4AddressPrivate,
      privateInterface: DO_PRIVATE_INTERFACE,
      connection: { host: droplet.ipv4Address, user: DO_SSH_USER, privateKey, hostKey: hostKeys.get(spec.name)!.publicKey },
      labels: spec.labels,
      taints: spec.taints,
      dependsOn: [droplet, firewall],
    });
    const servers = droplets.filter((d) => d.spec.role === "server").map(toNode);
    const agents = droplets.filter((d) => d.spec.role === "agent").map(toNode);

    let apiEndpoint: pulumi.Output<string> = servers[0]!.publicIp;
    const lbCfg = args.apiLoadBalancer;
    if (lbCfg?.enabled) {
      const lb = new digitalocean.LoadBalancer(
        `${name}-api-lb`,
        {
          name: `${args.clusterName}-api`,
          region,
          vpcUuid: vpc.id,
          sizeUnit: lbCfg.sizeUnit ?? DO_DEFAULT_LB_SIZE_UNIT,
          dropletTag: tagOf(`${args.clusterName}-server`),
          forwardingRules: [{ entryPort: KUBE_API_PORT, entryProtocol: "tcp", targetPort: KUBE_API_PORT, targetProtocol: "tcp" }],
          healthcheck: { port: KUBE_API_PORT, protocol: "tcp" },
          firewall: { allows: buildDoLbAllows(args.access.apiAllowedCidrs) },
        },
        // No wait for the droplets (issue 15): the balancer targets the server tag, whichever droplets carry it now or
        // later (droplet_tag, "The name of a Droplet tag corresponding to Droplets to be assigned to the Load
        // Balancer", terraform-provider-digitalocean docs/resources/loadbalancer.md), and the provider's create waits
        // only for the balancer's own status, new -> active (digitalocean/loadbalancer/resource_loadbalancer.go,
        // v2.99.1). So it provisions (minutes) while the droplets boot; the tag resource is its one dependency.
        child,
      );
      apiEndpoint = lb.ip;
    }

    this.vpcId = vpc.id;
    this.apiEndpoint = apiEndpoint;
    this.nodes = {
      servers,
      agents,
      apiEndpoint,
      tlsSans: pulumi.all([apiEndpoint, ...servers.map((s) => s.publicIp)]).apply((a) => [...new Set(a)].sort()),
      networkCidr: vpcCidr,
      // Nothing routes pod ranges in a DigitalOcean VPC (its cloud controller has no route controller): tunnel.
      podNetwork: { routing: "tunnel" },
      externalCloudProvider: true,
      cloud: { kind: "digitalocean", token, vpcId: vpc.id, region },
      ...(generated ? { generatedSshPrivateKey: generated } : {}),
    };
    this.registerOutputs({ vpcId: this.vpcId, apiEndpoint: this.apiEndpoint });
  }
}
