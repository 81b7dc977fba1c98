/**
 * Cross-checks against the clouds' own limits (components/nodes/limits.ts, where each fact names its source), so the
 * program refuses them with stack keys before anything is registered. The node components check the same limits
 * with their own paths (validateHetznerNodesArgs, validateDigitalOceanNodesArgs).
 */
import {
  HETZNER_FIREWALL_MAX_EFFECTIVE_RULES,
  HETZNER_MAX_SERVERS_PER_NETWORK,
  HETZNER_ZONES,
  effectiveFirewallRules,
  hetznerTypeLocations,
} from "@k3s-gitops/components";
import type { ConfigProblem } from "./errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const count = (pool: unknown) => (isObject(pool) && Number.isInteger(pool.count) && pool.count > 0 ? (pool.count as number) : 0);

export function hetznerLimitsCrossCheck(raw: Raw): ConfigProblem[] {
  if (raw.cloud !== "hetzner" || !isObject(raw.hetzner)) return [];
  const problems: ConfigProblem[] = [];
  const pools = asArray(raw.agentPools);
  const total = count(raw.servers) + pools.reduce((n, p) => n + count(p), 0);
  if (total > HETZNER_MAX_SERVERS_PER_NETWORK) {
    problems.push({
      path: ["agentPools"],
      value: `${total} servers`,
      message: `servers.count plus every agentPools[].count puts ${total} servers on one Hetzner network; Hetzner allows at most ${HETZNER_MAX_SERVERS_PER_NETWORK} servers per network`,
    });
  }
  const access = isObject(raw.access) ? raw.access : {};
  const unique = (v: unknown) => [...new Set(asArray(v).filter((c) => typeof c === "string"))];
  const effective = effectiveFirewallRules([{ sourceIps: unique(access.sshAllowedCidrs) }, { sourceIps: unique(access.apiAllowedCidrs) }]);
  if (effective > HETZNER_FIREWALL_MAX_EFFECTIVE_RULES) {
    problems.push({
      path: ["access"],
      value: `${effective} CIDRs`,
      message: `access.sshAllowedCidrs and access.apiAllowedCidrs make ${effective} effective firewall rules (one per source CIDR); a Hetzner firewall allows at most ${HETZNER_FIREWALL_MAX_EFFECTIVE_RULES}: list fewer, wider CIDRs`,
    });
  }
  const zone = HETZNER_ZONES[raw.hetzner.networkZone as keyof typeof HETZNER_ZONES] as readonly string[] | undefined;
  if (!zone) return problems;
  const serverLocations = isObject(raw.servers) && Array.isArray(raw.servers.locations) ? raw.servers.locations : [zone[0]];
  const placed = [
    { path: ["servers"], pool: raw.servers },
    ...pools.map((pool, i) => ({ path: ["agentPools", i], pool })),
  ];
  for (const { path, pool } of placed) {
    if (!isObject(pool) || typeof pool.size !== "string") continue;
    const sold = hetznerTypeLocations(pool.size);
    if (!sold) continue;
    const given = Array.isArray(pool.locations);
    for (const loc of new Set<string>(given ? pool.locations : serverLocations)) {
      if (zone.includes(loc) && !sold.includes(loc)) {
        problems.push({
          path: [...path, "size"],
          value: pool.size,
          message: `is not sold in ${loc}${given ? "" : " (the pool's default location)"}; that server-type line is sold in ${sold.join(", ")} only: choose a cpx type or another location`,
        });
      }
    }
  }
  return problems;
}
