/**
 * The argument shapes every node component shares (node pools, the admin allow-lists and SSH key), and the checks
 * on them that every `validate*NodesArgs` runs. Pure: the checks only add problems to a kernel `Problems` collector.
 */
import * as pulumi from "@pulumi/pulumi";
import { isCidr, isWorldCidr, parseCidr, tooBroadForAdmin, worldCoverage } from "../kernel/cidr";
import { Problems } from "../kernel/errors";
import type { TaintSpec } from "./types";

/** A pool of identical nodes: the control plane (`servers`) or one agent pool. */
export interface NodePoolSpec {
  /** How many nodes. For the control plane: 1, or an odd number of at least 3 (embedded etcd needs a quorum). */
  readonly count: number;
  /** The cloud size: a Hetzner server type (`cx23`) or a DigitalOcean droplet size (`s-2vcpu-4gb`). */
  readonly size: string;
  /**
   * Locations to spread the pool over, round-robin by node index.
   * @default the component's default locations (the first location of the Hetzner network zone, the DigitalOcean
   * region; for agent pools on Hetzner, the servers' locations)
   */
  readonly locations?: readonly string[];
  /** Kubernetes node labels. @default no labels */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints in k3s's `key=value:Effect` form. @default no taints */
  readonly taints?: readonly TaintSpec[];
}

/** An agent pool: a named NodePoolSpec. Its nodes are named `<clusterName>-<name>-<n>`. */
export interface AgentPoolSpec extends NodePoolSpec {
  /** The pool name: a lowercase DNS label, unique among the pools, and not `server` or `servers`. */
  readonly name: string;
}

/** Who may reach the nodes' admin ports, and the SSH key the nodes accept. */
export interface AdminAccess {
  /** CIDRs that may reach SSH (22/tcp). At least one; never the whole internet (`0.0.0.0/0`, `::/0`). */
  readonly sshAllowedCidrs: readonly string[];
  /** CIDRs that may reach the Kubernetes API (6443/tcp). At least one; never the whole internet. */
  readonly apiAllowedCidrs: readonly string[];
  /**
   * An OpenSSH public key the nodes accept. When given, the component's `sshPrivateKey` must hold its private key.
   * @default none: the component generates an ED25519 key pair and returns its private key as a secret
   */
  readonly sshPublicKey?: string;
}

/** An RFC 1123 DNS label as pool and node names use it: a-z, 0-9 and '-', 1 to 32 characters, starting with a letter. */
export const NODE_NAME_LABEL = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;

/** A cluster name: the prefix of every node name, so a lowercase RFC 1123 name (a-z, 0-9, '-', '.'). */
export const CLUSTER_NAME = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

/** An OpenSSH public key line: the types cloud images accept (ed25519, RSA, ECDSA). */
export const OPENSSH_PUBLIC_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/;

/** Pool names the control plane uses: its nodes are `<cluster>-server-<n>`, its pool `servers`. */
export const RESERVED_POOL_NAMES = ["server", "servers"] as const;

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
const nonEmpty = (s: unknown): s is string => typeof s === "string" && s.trim() !== "";

/** True for an IPv4 CIDR (the private networks of every cloud here are IPv4). */
export function isIpv4Cidr(value: unknown): value is string {
  return typeof value === "string" && parseCidr(value)?.family === 4;
}

/** Checks the cluster name every cloud name and node name starts with. */
export function checkClusterName(p: Problems, clusterName: unknown): void {
  p.check(
    typeof clusterName === "string" && CLUSTER_NAME.test(clusterName),
    "clusterName",
    clusterName,
    "must be a lowercase name of a-z, 0-9, '-' and '.' (it prefixes every node name), such as k3s-prod",
  );
}

function checkPool(p: Problems, path: string, pool: NodePoolSpec, allowedLocations?: { readonly list: readonly string[]; readonly why: string }): void {
  p.check(nonEmpty(pool.size), `${path}.size`, pool.size, "must be a non-empty cloud size, such as cx23 or s-2vcpu-4gb");
  if (pool.locations !== undefined) {
    if (p.check(Array.isArray(pool.locations) && pool.locations.length > 0, `${path}.locations`, pool.locations, "must list at least one location, or be omitted")) {
      pool.locations.forEach((loc, i) => {
        if (!p.check(nonEmpty(loc), `${path}.locations[${i}]`, loc, "must be a non-empty location name")) return;
        if (allowedLocations && !allowedLocations.list.includes(loc)) {
          p.add(`${path}.locations[${i}]`, loc, `must be one of ${allowedLocations.list.join(", ")}: ${allowedLocations.why}`);
        }
      });
    }
  }
}

/**
 * Checks the control plane and the agent pools: counts, sizes, names and (when `allowedLocations` is given) that every
 * location lies where the cloud's network can reach it.
 */
export function checkNodePools(
  p: Problems,
  servers: NodePoolSpec,
  agentPools: readonly AgentPoolSpec[],
  allowedLocations?: { readonly list: readonly string[]; readonly why: string },
): void {
  const n = servers.count;
  p.check(isWhole(n) && n >= 1 && n % 2 === 1, "servers.count", n, "must be 1 or an odd number of at least 3 (1, 3, 5, 7): an HA control plane needs an odd count for the etcd quorum");
  checkPool(p, "servers", servers, allowedLocations);
  const seen = new Map<string, number>();
  agentPools.forEach((pool, i) => {
    const path = `agentPools[${i}]`;
    if (p.check(typeof pool.name === "string" && NODE_NAME_LABEL.test(pool.name), `${path}.name`, pool.name, "must be a lowercase DNS label: a-z, 0-9 and '-', 1 to 32 characters, starting with a letter")) {
      if ((RESERVED_POOL_NAMES as readonly string[]).includes(pool.name)) {
        p.add(`${path}.name`, pool.name, "is reserved for the control plane (its nodes and pool are named server/servers); choose another pool name");
      }
      const first = seen.get(pool.name);
      if (first !== undefined) p.add(`${path}.name`, pool.name, `duplicates agentPools[${first}].name; pool names must be unique`);
      else seen.set(pool.name, i);
    }
    p.check(isWhole(pool.count) && pool.count >= 0, `${path}.count`, pool.count, "must be a whole number, 0 or more");
    checkPool(p, path, pool, allowedLocations);
  });
}

/** The number of nodes the pools ask for (invalid counts count as 0; checkNodePools reports them). */
export function totalNodes(servers: NodePoolSpec, agentPools: readonly AgentPoolSpec[]): number {
  return [servers, ...agentPools].reduce((sum, pool) => sum + (isWhole(pool.count) && pool.count > 0 ? pool.count : 0), 0);
}

function checkCidrList(p: Problems, path: string, cidrs: readonly string[] | undefined, port: string): void {
  if (!p.check(Array.isArray(cidrs) && cidrs.length > 0, path, cidrs, `must list at least one CIDR that may reach ${port}`)) return;
  // The union, as the kernel decides it (worldCoverage, shared with the config schema, the firewall backstop and the
  // no-public-admin-ports policy): two /1 halves, four /2s or 2000::/3 open the port to the whole internet too. When
  // the union does, that one line says it; otherwise each entry is checked on its own.
  const valid = cidrs!.filter((c): c is string => typeof c === "string" && isCidr(c));
  const covered = valid.some(isWorldCidr) ? [] : worldCoverage(valid);
  if (covered.length > 0) {
    p.add(path, cidrs, `together cover ${covered.join(" and ")}, which opens ${port} to the whole internet; list your own addresses, such as 203.0.113.7/32`);
  }
  cidrs!.forEach((c, i) => {
    if (!p.check(typeof c === "string" && isCidr(c), `${path}[${i}]`, c, "must be a CIDR such as 203.0.113.7/32 or 2001:db8::/64")) return;
    if (!p.check(!isWorldCidr(c), `${path}[${i}]`, c, `opens ${port} to the whole internet; list your own addresses, such as 203.0.113.7/32`)) return;
    if (covered.length > 0) return;
    p.check(tooBroadForAdmin([c]).length === 0, `${path}[${i}]`, c, `is too broad for ${port}: a public prefix must be at least /16 (IPv4) or /32 (IPv6); list your own addresses, such as 203.0.113.7/32`);
  });
}

/**
 * Checks the admin allow-lists and the SSH key pair: a given public key needs its private key, and a private key
 * without a public key would be ignored, so it is refused. `keyRequired` is for hosts that only accept a key the
 * caller supplies (existing hosts): then `sshPrivateKey` is always needed.
 */
export function checkAdminAccess(
  p: Problems,
  access: AdminAccess,
  sshPrivateKey: pulumi.Input<string> | undefined,
  keyRequired = false,
): void {
  checkCidrList(p, "access.sshAllowedCidrs", access.sshAllowedCidrs, "SSH (port 22)");
  checkCidrList(p, "access.apiAllowedCidrs", access.apiAllowedCidrs, "the Kubernetes API (port 6443)");
  if (keyRequired) {
    p.check(sshPrivateKey !== undefined, "sshPrivateKey", sshPrivateKey, "is required: the SSH private key every host (and the bastion) accepts", true);
    return;
  }
  const publicKey = access.sshPublicKey;
  if (publicKey !== undefined) {
    p.check(typeof publicKey === "string" && OPENSSH_PUBLIC_KEY.test(publicKey), "access.sshPublicKey", publicKey, "must be an OpenSSH public key (ssh-ed25519 AAAA...)");
    p.check(
      sshPrivateKey !== undefined,
      "sshPrivateKey",
      sshPrivateKey,
      "is required because access.sshPublicKey is set: the install steps need the matching private key (or omit access.sshPublicKey to have a key pair generated)",
      true,
    );
  } else if (sshPrivateKey !== undefined) {
    p.add("sshPrivateKey", sshPrivateKey, "is given without access.sshPublicKey: pass the matching public key too, or omit sshPrivateKey to have a key pair generated", true);
  }
}

/**
 * A secret Input as a secret Output, checked once it resolves: an empty value fails with an InputPropertiesError
 * naming the component and the property (the value itself is never printed).
 */
export function checkedSecret(component: string, path: string, value: pulumi.Input<string>, accepted: string): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.output(value).apply((v) => {
      const p = new Problems();
      p.check(nonEmpty(v), path, v, accepted, true);
      p.throwIfAny(component);
      return v;
    }),
  );
}
