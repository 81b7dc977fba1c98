/**
 * ExistingNodes: machines you already own, reached over SSH (optionally through a bastion). Nothing is created in a
 * cloud; each host gets one preflight step that proves SSH works and that its private interface carries the
 * configured private address, so a wrong flannel-iface stops here instead of wiring flannel to the wrong network.
 * Returns ClusterNodes with no cloud controller (cloud kind none).
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { cidrContains, parseIpv4 } from "../kernel/cidr";
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { NODE_NAME_LABEL, checkedSecret, isIpv4Cidr } from "./args";
import { isInterfaceName, renderPrivateNetCheck } from "./cloud-init";
import { SERVER_POOL } from "./node-plan";
import type { ClusterNode, ClusterNodes, NodeRole, TaintSpec } from "./types";

/** The pool agents join when their host names none. */
export const EXISTING_AGENT_POOL = "agents";

/** @default SSH user, port and private interface of a host (the seed homelab's). */
export const EXISTING_HOST_DEFAULTS = {
  sshUser: "root",
  sshPort: 22,
  privateInterface: "eth0",
} as const;

/** A machine you already own. */
export interface ExistingHost {
  /** The Kubernetes node name: a lowercase DNS label, unique among the hosts. */
  readonly name: string;
  /** Where SSH reaches the host (from here, or from the bastion when one is set): an IPv4 address or a host name. */
  readonly address: string;
  /** The host's IPv4 address on the cluster network (k3s node-ip), inside networkCidr and unique. */
  readonly privateAddress: string;
  /** server or agent. The first server initialises the cluster. */
  readonly role: NodeRole;
  /**
   * The host's SSH host key, `ssh-ed25519 AAAA...`, pinned on every connection (`connection.hostKey`). Required:
   * without it @pulumi/command ignores the host key, and whoever intercepts the session gets the k3s token. Get it
   * on a trusted path with `ssh-keyscan -t ed25519 <address>` (drop the leading address) and compare its
   * fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host.
   */
  readonly hostKey: string;
  /** @default EXISTING_HOST_DEFAULTS.sshUser ("root") */
  readonly sshUser?: string;
  /** @default EXISTING_HOST_DEFAULTS.sshPort (22) */
  readonly sshPort?: number;
  /** The interface carrying privateAddress (k3s flannel-iface). @default EXISTING_HOST_DEFAULTS.privateInterface ("eth0") */
  readonly privateInterface?: string;
  /** The pool the node belongs to. @default "servers" for servers, EXISTING_AGENT_POOL ("agents") for agents */
  readonly pool?: string;
  /** Kubernetes node labels. @default no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints in k3s's `key=value:Effect` form. @default no taints */
  readonly taints?: readonly TaintSpec[];
}

/** A jump host every SSH connection goes through (`@pulumi/command`'s proxy), with the same key. */
export interface SshBastion {
  /** Its address or host name. */
  readonly host: string;
  /** The bastion's SSH host key, `ssh-ed25519 AAAA...`, pinned on the proxy connection. Required (see ExistingHost.hostKey). */
  readonly hostKey: string;
  /** @default each host's sshUser */
  readonly user?: string;
  /** @default EXISTING_HOST_DEFAULTS.sshPort (22) */
  readonly port?: number;
}

export interface ExistingNodesArgs {
  /** The hosts: 1, or an odd number of at least 3, with role server; any number of agents. */
  readonly hosts: readonly ExistingHost[];
  /** The hosts' LAN (IPv4), e.g. 192.168.86.0/24: every privateAddress lies inside it. */
  readonly networkCidr: string;
  /** A jump host for every SSH connection. @default none: hosts are reached directly */
  readonly bastion?: SshBastion;
  /** Address clients use for the API (a VIP or DNS name). @default the first server's address */
  readonly apiAddress?: string;
  /**
   * The hosts share one layer-2 segment (one LAN, no router between them): a CNI may then install direct routes
   * between nodes (Cilium `autoDirectNodeRoutes`). Otherwise pod traffic is tunnelled (VXLAN), which works on any
   * network. @default false
   */
  readonly sharedL2?: boolean;
  /** The SSH private key every host and the bastion accept (secret). Required: nothing is generated for hosts you own. */
  readonly sshPrivateKey: pulumi.Input<string>;
}

const COMPONENT = "ExistingNodes";

/** An SSH host key line as `connection.hostKey` takes it (the key type and base64 blob, an optional comment). */
export const SSH_HOST_KEY = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

/** The command that reads a host's ed25519 key, for the messages. */
export function keyscanCommand(address: unknown, port: unknown): string {
  const p = typeof port === "number" && port !== 22 ? `-p ${port} ` : "";
  return `ssh-keyscan ${p}-t ed25519 ${typeof address === "string" && address !== "" ? address : "<address>"}`;
}

function checkHostKey(p: Problems, path: string, key: unknown, address: unknown, port: unknown): void {
  p.check(
    typeof key === "string" && SSH_HOST_KEY.test(key.trim()),
    path,
    key,
    `is required: the host's SSH host key (ssh-ed25519 AAAA...), pinned on every connection. Read it with \`${keyscanCommand(address, port)}\` (keep the part after the address) and check its fingerprint on the host`,
  );
}

const isPort = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;
const nonEmpty = (s: unknown): s is string => typeof s === "string" && s.trim() !== "";

/** Checks every ExistingNodes argument and throws one InputPropertiesError listing every problem. */
export function validateExistingNodesArgs(args: ExistingNodesArgs): void {
  const p = new Problems();
  const lanOk = p.check(isIpv4Cidr(args.networkCidr), "networkCidr", args.networkCidr, "must be an IPv4 CIDR such as 192.168.86.0/24");
  const hosts = Array.isArray(args.hosts) ? args.hosts : [];
  if (p.check(hosts.length > 0, "hosts", args.hosts, "must list at least one host with role server")) {
    const servers = hosts.filter((h) => h.role === "server").length;
    p.check(servers % 2 === 1, "hosts", `${servers} servers`, "must hold 1, or an odd number of at least 3, hosts with role server: embedded etcd needs a quorum");
  }
  const names = new Map<string, number>();
  const privates = new Map<string, number>();
  const endpoints = new Map<string, number>();
  hosts.forEach((h, i) => {
    const path = `hosts[${i}]`;
    if (p.check(typeof h.name === "string" && NODE_NAME_LABEL.test(h.name), `${path}.name`, h.name, "must be a lowercase DNS label: a-z, 0-9 and '-', 1 to 32 characters, starting with a letter")) {
      const first = names.get(h.name);
      if (first !== undefined) p.add(`${path}.name`, h.name, `duplicates hosts[${first}].name; node names must be unique`);
      else names.set(h.name, i);
    }
    p.check(h.role === "server" || h.role === "agent", `${path}.role`, h.role, "must be server or agent");
    const port = h.sshPort ?? EXISTING_HOST_DEFAULTS.sshPort;
    p.check(isPort(port), `${path}.sshPort`, h.sshPort, "must be a port number, 1 to 65535");
    if (p.check(nonEmpty(h.address), `${path}.address`, h.address, "must be an IPv4 address or a host name")) {
      // Two hosts may share an address behind a router that forwards different ports; the SSH endpoint is unique.
      const endpoint = `${h.address}:${port}`;
      const first = endpoints.get(endpoint);
      if (first !== undefined) p.add(`${path}.address`, h.address, `duplicates hosts[${first}] (address and sshPort ${port}); every host needs its own SSH endpoint`);
      else endpoints.set(endpoint, i);
    }
    if (p.check(typeof h.privateAddress === "string" && parseIpv4(h.privateAddress) !== undefined, `${path}.privateAddress`, h.privateAddress, "must be an IPv4 address such as 192.168.86.71")) {
      const first = privates.get(h.privateAddress);
      if (first !== undefined) p.add(`${path}.privateAddress`, h.privateAddress, `duplicates hosts[${first}].privateAddress`);
      else privates.set(h.privateAddress, i);
      if (lanOk && !cidrContains(args.networkCidr, `${h.privateAddress}/32`)) {
        p.add(`${path}.privateAddress`, h.privateAddress, `must lie inside networkCidr ${args.networkCidr}`);
      }
    }
    checkHostKey(p, `${path}.hostKey`, h.hostKey, h.address, port);
    const iface = h.privateInterface ?? EXISTING_HOST_DEFAULTS.privateInterface;
    p.check(isInterfaceName(iface), `${path}.privateInterface`, h.privateInterface, "must be a network interface name such as eth0 or enp1s0");
    p.check(h.sshUser === undefined || nonEmpty(h.sshUser), `${path}.sshUser`, h.sshUser, "must be a user name such as ubuntu");
    p.check(h.pool === undefined || (typeof h.pool === "string" && NODE_NAME_LABEL.test(h.pool)), `${path}.pool`, h.pool, "must be a lowercase DNS label");
  });
  const b = args.bastion;
  if (b !== undefined) {
    p.check(nonEmpty(b.host), "bastion.host", b.host, "must be an IPv4 address or a host name");
    p.check(b.port === undefined || isPort(b.port), "bastion.port", b.port, "must be a port number, 1 to 65535");
    p.check(b.user === undefined || nonEmpty(b.user), "bastion.user", b.user, "must be a user name such as ops");
    checkHostKey(p, "bastion.hostKey", b.hostKey, b.host, b.port ?? EXISTING_HOST_DEFAULTS.sshPort);
  }
  p.check(args.apiAddress === undefined || nonEmpty(args.apiAddress), "apiAddress", args.apiAddress, "must be an address or host name");
  p.check(args.sharedL2 === undefined || typeof args.sharedL2 === "boolean", "sharedL2", args.sharedL2, "must be true or false");
  p.check(args.sshPrivateKey !== undefined && args.sshPrivateKey !== "", "sshPrivateKey", args.sshPrivateKey, "is required: the SSH private key every host (and the bastion) accepts", true);
  p.throwIfAny(COMPONENT);
}

type Connection = command.types.input.remote.ConnectionArgs;

/**
 * The SSH connection of one host: direct, or through the bastion with `@pulumi/command`'s `proxy`, each pinned to its
 * configured host key. Pure; the key is passed in (and stays a secret Output).
 */
export function buildConnection(host: ExistingHost, bastion: SshBastion | undefined, privateKey: pulumi.Input<string>): Connection {
  const user = host.sshUser ?? EXISTING_HOST_DEFAULTS.sshUser;
  const direct: Connection = { host: host.address, port: host.sshPort ?? EXISTING_HOST_DEFAULTS.sshPort, user, privateKey, hostKey: host.hostKey.trim() };
  if (!bastion) return direct;
  return {
    ...direct,
    proxy: { host: bastion.host, port: bastion.port ?? EXISTING_HOST_DEFAULTS.sshPort, user: bastion.user ?? user, privateKey, hostKey: bastion.hostKey.trim() },
  };
}

/** Hosts in the given order, servers first: the first server initialises the cluster. */
export function orderHosts<H extends Pick<ExistingHost, "role">>(hosts: readonly H[]): H[] {
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
    validateExistingNodesArgs(args);
    super(componentToken("k3s-gitops:nodes:ExistingNodes"), name, {}, opts);
    const privateKey = checkedSecret(COMPONENT, "sshPrivateKey", args.sshPrivateKey, "must be the non-empty SSH private key the hosts accept");

    const toNode = (host: ExistingHost): ClusterNode => {
      const connection = buildConnection(host, args.bastion, privateKey);
      const iface = host.privateInterface ?? EXISTING_HOST_DEFAULTS.privateInterface;
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
    const ordered = orderHosts(args.hosts).map(toNode);
    const servers = ordered.filter((n) => n.role === "server");
    const agents = ordered.filter((n) => n.role === "agent");

    const apiEndpoint = pulumi.output(args.apiAddress ?? orderHosts(args.hosts)[0]!.address);
    this.apiEndpoint = apiEndpoint;
    this.nodes = {
      servers,
      agents,
      apiEndpoint,
      tlsSans: pulumi.all([apiEndpoint, ...servers.map((s) => s.publicIp)]).apply((a) => [...new Set(a)].sort()),
      networkCidr: args.networkCidr,
      podNetwork: { routing: args.sharedL2 === true ? "shared-l2" : "tunnel" },
      externalCloudProvider: false,
      cloud: { kind: "none" },
    };
    this.registerOutputs({ apiEndpoint });
  }
}
