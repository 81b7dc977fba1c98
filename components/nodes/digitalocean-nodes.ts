/**
 * DigitalOceanNodes: a VPC, a tag-based cloud firewall, an SSH key and one droplet per planned node, all in the
 * cluster's one region (VPCs are regional), plus an optional API load balancer. Returns ClusterNodes.
 */
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { AccessConfig } from "../../stacks/config/blocks/access";
import { DO_DEFAULT_IMAGE, DO_DEFAULT_VPC_CIDR, DigitalOceanConfig } from "../../stacks/config/blocks/digitalocean";
import type { AgentPoolConfig, ServersConfig } from "../../stacks/config/blocks/nodes";
import { componentToken } from "../kernel/layers";
import { renderCloudInit } from "./cloud-init";
import { buildDoFirewallRules, buildDoLbAllows } from "./do-firewall-rules";
import { KUBE_API_PORT } from "./firewall-rules";
import { NodeSpec, planNodes } from "./node-plan";
import type { ClusterNode, ClusterNodes } from "./types";

/** On a droplet in a VPC, eth0 is public and eth1 the VPC (docs.digitalocean.com, "Private Droplets"). */
export const DO_PRIVATE_INTERFACE = "eth1";
export const DO_SSH_USER = "root";
/** @default load balancer size units. */
export const DO_DEFAULT_LB_SIZE_UNIT = 1;

export interface DigitalOceanNodesArgs {
  /** Prefix of every cloud name and node name. */
  readonly clusterName: string;
  readonly servers: ServersConfig;
  readonly agentPools: readonly AgentPoolConfig[];
  readonly access: AccessConfig;
  readonly digitalocean: DigitalOceanConfig;
  /** The DigitalOcean API token (secret): builds the explicit provider and reaches the cloud controller. */
  readonly token: pulumi.Output<string>;
  /**
   * The private key matching access.sshPublicKey (secret). Required when sshPublicKey is set; mutually exclusive
   * with key generation, which happens when sshPublicKey is absent.
   */
  readonly sshPrivateKey?: pulumi.Output<string>;
}

/** Tag names: the cluster, the role and the pool. DigitalOcean tags allow letters, digits, ':', '-' and '_'. */
export function dropletTags(clusterName: string, spec: Pick<NodeSpec, "role" | "pool">): string[] {
  return [clusterName, `${clusterName}-${spec.role}`, `${clusterName}-pool-${spec.pool}`];
}

/** The node plan on DigitalOcean: every node in the one region; addresses come from the VPC's DHCP, not the plan. */
export function planDroplets(args: Pick<DigitalOceanNodesArgs, "clusterName" | "servers" | "agentPools" | "digitalocean">): NodeSpec[] {
  return planNodes({
    clusterName: args.clusterName,
    servers: args.servers,
    agentPools: args.agentPools,
    subnetCidr: args.digitalocean.vpcCidr ?? DO_DEFAULT_VPC_CIDR,
    defaultLocations: [args.digitalocean.region],
  });
}

export class DigitalOceanNodes extends pulumi.ComponentResource {
  public readonly nodes: ClusterNodes;
  public readonly vpcId: pulumi.Output<string>;
  public readonly apiEndpoint: pulumi.Output<string>;

  constructor(name: string, args: DigitalOceanNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:nodes:DigitalOceanNodes"), name, {}, opts);
    const cfg = args.digitalocean;
    const region = cfg.region;
    const vpcCidr = cfg.vpcCidr ?? DO_DEFAULT_VPC_CIDR;
    const specs = planDroplets(args);
    const provider = new digitalocean.Provider(`${name}-digitalocean`, { token: args.token }, { parent: this });
    const child = { parent: this, provider };

    const tagNames = [...new Set(specs.flatMap((s) => dropletTags(args.clusterName, s)))].sort();
    const tags = new Map(tagNames.map((t) => [t, new digitalocean.Tag(`${name}-tag-${t}`, { name: t }, child)]));
    const tagOf = (t: string) => tags.get(t)!.name;

    const vpc = new digitalocean.Vpc(`${name}-vpc`, { name: `${args.clusterName}-vpc`, region, ipRange: vpcCidr }, child);

    let privateKey: pulumi.Output<string>;
    let publicKey: pulumi.Input<string>;
    let generated: pulumi.Output<string> | undefined;
    if (args.access.sshPublicKey !== undefined) {
      if (!args.sshPrivateKey) throw new pulumi.RunError(`${name}: access.sshPublicKey is set, so the secret config sshPrivateKey must hold its private key`);
      privateKey = pulumi.secret(args.sshPrivateKey);
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

    const userData = renderCloudInit();
    const droplets = specs.map((spec) => ({
      spec,
      droplet: new digitalocean.Droplet(
        spec.name,
        {
          name: spec.name,
          region: spec.location,
          size: spec.size,
          image: cfg.image ?? DO_DEFAULT_IMAGE,
          vpcUuid: vpc.id,
          sshKeys: [sshKey.fingerprint],
          tags: dropletTags(args.clusterName, spec).map(tagOf),
          userData,
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
      connection: { host: droplet.ipv4Address, user: DO_SSH_USER, privateKey },
      labels: spec.labels,
      taints: spec.taints,
      dependsOn: [droplet, firewall],
    });
    const servers = droplets.filter((d) => d.spec.role === "server").map(toNode);
    const agents = droplets.filter((d) => d.spec.role === "agent").map(toNode);

    let apiEndpoint: pulumi.Output<string> = servers[0]!.publicIp;
    const lbCfg = cfg.apiLoadBalancer;
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
        { ...child, dependsOn: droplets.filter((d) => d.spec.role === "server").map((d) => d.droplet) },
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
      externalCloudProvider: true,
      cloud: { kind: "digitalocean", token: pulumi.secret(args.token), vpcId: vpc.id, region },
      ...(generated ? { generatedSshPrivateKey: generated } : {}),
    };
    this.registerOutputs({ vpcId: this.vpcId, apiEndpoint: this.apiEndpoint });
  }
}
