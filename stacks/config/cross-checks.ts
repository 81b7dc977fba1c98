/**
 * Checks that span keys: sizes and locations per cloud, unique pool names, subnets inside networks.
 * They read the raw merged config defensively, so they run even when the schema already found problems.
 */
import { cidrContains, isCidr } from "./cidr";
import { ConfigProblem } from "./errors";
import { HETZNER_SERVER_TYPES, HETZNER_ZONES } from "./blocks/hetzner";

export type CrossCheck = (raw: Record<string, any>) => ConfigProblem[];

const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Clouds whose node component has not landed yet. */
export const UNSUPPORTED_CLOUDS: Record<string, string> = {
  digitalocean: "is not yet supported (DigitalOcean nodes arrive with the multicloud issue); use hetzner",
  existing: "is not yet supported (existing hosts arrive with the multicloud issue); use hetzner",
};

const cloudSupported: CrossCheck = (raw) =>
  typeof raw.cloud === "string" && raw.cloud in UNSUPPORTED_CLOUDS
    ? [{ path: ["cloud"], value: raw.cloud, message: UNSUPPORTED_CLOUDS[raw.cloud]! }]
    : [];

const uniquePoolNames: CrossCheck = (raw) => {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  asArray(raw.agentPools).forEach((pool, i) => {
    if (!isObject(pool) || typeof pool.name !== "string") return;
    if (pool.name === "server") {
      problems.push({ path: ["agentPools", i, "name"], value: pool.name, message: `is reserved for the control plane; choose another pool name` });
    }
    const first = seen.get(pool.name);
    if (first !== undefined) {
      problems.push({ path: ["agentPools", i, "name"], value: pool.name, message: `duplicates agentPools[${first}].name; pool names must be unique` });
    } else seen.set(pool.name, i);
  });
  return problems;
};

/** Every (path, size, locations) that places nodes. */
function placements(raw: Record<string, any>): { path: (string | number)[]; size: unknown; locations: unknown }[] {
  const out: { path: (string | number)[]; size: unknown; locations: unknown }[] = [];
  if (isObject(raw.servers)) out.push({ path: ["servers"], size: raw.servers.size, locations: raw.servers.locations });
  asArray(raw.agentPools).forEach((p, i) => {
    if (isObject(p)) out.push({ path: ["agentPools", i], size: p.size, locations: p.locations });
  });
  return out;
}

const hetznerPlacement: CrossCheck = (raw) => {
  if (raw.cloud !== "hetzner") return [];
  const problems: ConfigProblem[] = [];
  const h = raw.hetzner;
  if (!isObject(h)) {
    return [{ path: ["hetzner"], missing: true, message: "is required when cloud is hetzner: set at least networkZone (eu-central, us-east, us-west, ap-southeast)" }];
  }
  const zone = HETZNER_ZONES[h.networkZone as keyof typeof HETZNER_ZONES] as readonly string[] | undefined;
  for (const { path, size, locations } of placements(raw)) {
    if (typeof size === "string" && !(HETZNER_SERVER_TYPES as readonly string[]).includes(size)) {
      problems.push({ path: [...path, "size"], value: size, message: `is not a current Hetzner server type; accepted: ${HETZNER_SERVER_TYPES.join(", ")}` });
    }
    asArray(locations).forEach((loc, j) => {
      if (zone && !zone.includes(loc)) {
        problems.push({ path: [...path, "locations", j], value: loc, message: `is not a location in network zone ${h.networkZone}; accepted: ${zone.join(", ")}` });
      }
    });
  }
  const lb = h.apiLoadBalancer;
  if (isObject(lb) && typeof lb.location === "string" && zone && !zone.includes(lb.location)) {
    problems.push({ path: ["hetzner", "apiLoadBalancer", "location"], value: lb.location, message: `is not a location in network zone ${h.networkZone}; accepted: ${zone.join(", ")}` });
  }
  const network = typeof h.networkCidr === "string" ? h.networkCidr : "10.0.0.0/16";
  const subnet = typeof h.subnetCidr === "string" ? h.subnetCidr : "10.0.1.0/24";
  if (isCidr(network) && isCidr(subnet) && network.includes(".") && subnet.includes(".") && !cidrContains(network, subnet)) {
    problems.push({ path: ["hetzner", "subnetCidr"], value: subnet, message: `must lie inside hetzner.networkCidr ${network}` });
  }
  if (isCidr(network) && !network.includes(".")) {
    problems.push({ path: ["hetzner", "networkCidr"], value: network, message: "must be an IPv4 CIDR: Hetzner private networks are IPv4 (RFC 1918)" });
  }
  return problems;
};

/** Every cross-check, in the order their problems are reported. */
export const CROSS_CHECKS: CrossCheck[] = [cloudSupported, uniquePoolNames, hetznerPlacement];
