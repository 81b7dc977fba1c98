/**
 * The node plan: the `servers` and `agentPools` args expanded into an ordered list of node specs. Pure and
 * cloud-neutral, so the Hetzner, DigitalOcean and existing-host components all place and address nodes the same way.
 *
 * Order: the servers first, then each agent pool in the given order. Private addresses are handed out in that order
 * from the subnet, starting at FIRST_NODE_HOST, so the same pools always give every node the same address.
 */
import { hostAddress, ipv4Range } from "../kernel/cidr";
import type { AgentPoolSpec, NodePoolSpec } from "./args";
import type { NodeRole, TaintSpec } from "./types";

/** The pool name of the control plane. Agent pools may not use it (see RESERVED_POOL_NAMES in args.ts). */
export const SERVER_POOL = "servers";

/**
 * The first host number (1-based offset into the subnet) given to a node. Hosts below it stay free for the
 * network's gateway and for fixed addresses such as an API load balancer's.
 */
export const FIRST_NODE_HOST = 10;

export interface NodeSpec {
  /** Cloud resource name and Kubernetes node name: `<clusterName>-server-<n>` or `<clusterName>-<pool>-<n>`. */
  readonly name: string;
  readonly role: NodeRole;
  /** SERVER_POOL for the control plane, else the agent pool's name. */
  readonly pool: string;
  /** 0-based position inside the pool; the name's number is index + 1. */
  readonly index: number;
  /** The pool's locations, round-robin by index. */
  readonly location: string;
  /** The cloud size (server type, droplet size). */
  readonly size: string;
  /** Kubernetes node labels from the pool. */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly TaintSpec[];
  /** The node's address on the private network: deterministic, unique, inside the subnet. */
  readonly privateIp: string;
}

export interface NodePlanInput {
  /** Prefix of every node name. */
  readonly clusterName: string;
  /** The control plane. */
  readonly servers: NodePoolSpec;
  /** The agent pools, in order. */
  readonly agentPools: readonly AgentPoolSpec[];
  /** The subnet the nodes' private addresses come from (IPv4). */
  readonly subnetCidr: string;
  /** Locations for a pool that lists none (and for the servers when they list none). */
  readonly defaultLocations: readonly string[];
  /** @default FIRST_NODE_HOST */
  readonly firstHost?: number;
}

/** How many node addresses the subnet holds from `firstHost` on, leaving its last address unused. */
export function nodeCapacity(subnetCidr: string, firstHost: number = FIRST_NODE_HOST): number {
  const [first, last] = ipv4Range(subnetCidr);
  return Math.max(0, last - first - firstHost);
}

function sortedRecord(record: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record ?? {}).sort()) out[key] = record![key]!;
  return out;
}

/** Expands the pools into one spec per node. Throws when a pool has no location or the subnet is too small. */
export function planNodes(input: NodePlanInput): NodeSpec[] {
  const firstHost = input.firstHost ?? FIRST_NODE_HOST;
  const pools: { role: NodeRole; pool: string; prefix: string; config: NodePoolSpec }[] = [
    { role: "server", pool: SERVER_POOL, prefix: `${input.clusterName}-server`, config: input.servers },
    ...input.agentPools.map((p) => ({ role: "agent" as const, pool: p.name, prefix: `${input.clusterName}-${p.name}`, config: p })),
  ];
  const total = pools.reduce((n, p) => n + p.config.count, 0);
  const capacity = nodeCapacity(input.subnetCidr, firstHost);
  if (total > capacity) {
    throw new Error(`${total} nodes do not fit in subnet ${input.subnetCidr}: it holds ${capacity} node addresses from host ${firstHost} on`);
  }
  const specs: NodeSpec[] = [];
  for (const { role, pool, prefix, config } of pools) {
    const locations = config.locations ?? input.defaultLocations;
    if (locations.length === 0) throw new Error(`pool ${pool} has no locations and no default locations were given`);
    for (let index = 0; index < config.count; index++) {
      specs.push({
        name: `${prefix}-${index + 1}`,
        role,
        pool,
        index,
        location: locations[index % locations.length]!,
        size: config.size,
        labels: sortedRecord(config.labels),
        taints: [...(config.taints ?? [])],
        privateIp: hostAddress(input.subnetCidr, firstHost + specs.length),
      });
    }
  }
  return specs;
}

/** Splits a list into chunks of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
