/**
 * ExistingNodes: machines you already own, reached over SSH (optionally through a bastion). Nothing is created in a
 * cloud; each host gets one preflight step that proves SSH works and that its private interface carries the
 * configured private address, so a wrong flannel-iface stops here instead of wiring flannel to the wrong network.
 * Returns ClusterNodes with no cloud controller (cloud kind none).
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { EXISTING_DEFAULTS, ExistingConfig, ExistingHostConfig } from "../../stacks/config/blocks/existing";
import { componentToken } from "../kernel/layers";
import { renderPrivateNetCheck } from "./cloud-init";
import { SERVER_POOL } from "./node-plan";
import type { ClusterNode, ClusterNodes } from "./types";

/** The pool agents join when their host names none. */
export const EXISTING_AGENT_POOL = "agents";

export interface ExistingNodesArgs {
  readonly existing: ExistingConfig;
  /** The SSH private key for every host and the bastion (secret). */
  readonly sshPrivateKey: pulumi.Output<string>;
}

type Connection = command.types.input.remote.ConnectionArgs;

/**
 * The SSH connection of one host: direct, or through the bastion with `@pulumi/command`'s `proxy`. Pure; the key is
 * passed in (and stays a secret Output).
 */
export function buildConnection(
  host: ExistingHostConfig,
  bastion: ExistingConfig["bastion"],
  privateKey: pulumi.Input<string>,
): Connection {
  const user = host.sshUser ?? EXISTING_DEFAULTS.sshUser;
  const direct: Connection = { host: host.address, port: host.sshPort ?? EXISTING_DEFAULTS.sshPort, user, privateKey };
  if (!bastion) return direct;
  return {
    ...direct,
    proxy: { host: bastion.host, port: bastion.port ?? EXISTING_DEFAULTS.sshPort, user: bastion.user ?? user, privateKey },
  };
}

/** Hosts in config order, servers first: the first server initialises the cluster. */
export function orderHosts(hosts: readonly ExistingHostConfig[]): ExistingHostConfig[] {
  return [...hosts.filter((h) => h.role === "server"), ...hosts.filter((h) => h.role === "agent")];
}

function sortedRecord(record: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record ?? {}).sort()) out[key] = record![key]!;
  return out;
}

export class ExistingNodes extends pulumi.ComponentResource {
  public readonly nodes: ClusterNodes;
  public readonly apiEndpoint: pulumi.Output<string>;

  constructor(name: string, args: ExistingNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:nodes:ExistingNodes"), name, {}, opts);
    const cfg = args.existing;
    const privateKey = pulumi.secret(args.sshPrivateKey);

    const toNode = (host: ExistingHostConfig): ClusterNode => {
      const connection = buildConnection(host, cfg.bastion, privateKey);
      const iface = host.privateInterface ?? EXISTING_DEFAULTS.privateInterface;
      const preflight = new command.remote.Command(
        `${name}-${host.name}-preflight`,
        { connection, create: renderPrivateNetCheck(iface, host.privateAddress) },
        { parent: this, additionalSecretOutputs: ["stdout", "stderr"] },
      );
      return {
        name: host.name,
        role: host.role,
        pool: host.pool ?? (host.role === "server" ? SERVER_POOL : EXISTING_AGENT_POOL),
        publicIp: pulumi.output(host.address),
        privateIp: pulumi.output(host.privateAddress),
        privateInterface: iface,
        connection,
        labels: sortedRecord(host.labels),
        taints: [...(host.taints ?? [])],
        dependsOn: [preflight],
      };
    };
    const ordered = orderHosts(cfg.hosts).map(toNode);
    const servers = ordered.filter((n) => n.role === "server");
    const agents = ordered.filter((n) => n.role === "agent");
    if (servers.length === 0) throw new pulumi.RunError(`${name}: existing.hosts has no host with role server`);

    const apiEndpoint = pulumi.output(cfg.apiAddress ?? orderHosts(cfg.hosts)[0]!.address);
    this.apiEndpoint = apiEndpoint;
    this.nodes = {
      servers,
      agents,
      apiEndpoint,
      tlsSans: pulumi.all([apiEndpoint, ...servers.map((s) => s.publicIp)]).apply((a) => [...new Set(a)].sort()),
      networkCidr: cfg.networkCidr,
      externalCloudProvider: false,
      cloud: { kind: "none" },
    };
    this.registerOutputs({ apiEndpoint });
  }
}
