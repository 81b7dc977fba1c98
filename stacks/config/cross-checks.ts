/**
 * Checks that span keys: sizes and locations per cloud, unique pool names, subnets inside networks.
 * They read the raw merged config defensively, so they run even when the schema already found problems.
 */
import { cidrContains, isCidr } from "@k3s-gitops/components/kernel";
import { ConfigProblem } from "./errors";
import { gitopsCrossCheck } from "./blocks/gitops";
import { PLATFORM_CHECKS } from "./blocks/platform";
import { CHECK_GROUPS } from "./checks";
import { DEFAULT_HETZNER_NETWORK_CIDR, DEFAULT_HETZNER_SUBNET_CIDR, HETZNER_SERVER_TYPES, HETZNER_ZONES } from "./blocks/hetzner";
import { DO_DEFAULT_VPC_CIDR, DO_DROPLET_SIZES, DO_REGIONS } from "./blocks/digitalocean";
import { podNetworkCrossCheck } from "./pod-network-checks";
import { hetznerLimitsCrossCheck } from "./limits-checks";
import { hostKeyCrossCheck } from "./host-key-checks";

export type CrossCheck = (raw: Record<string, any>) => ConfigProblem[];

const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Clouds whose node component has not landed yet. */
export const UNSUPPORTED_CLOUDS: Record<string, string> = {};

const cloudSupported: CrossCheck = (raw) =>
  typeof raw.cloud === "string" && raw.cloud in UNSUPPORTED_CLOUDS
    ? [{ path: ["cloud"], value: raw.cloud, message: UNSUPPORTED_CLOUDS[raw.cloud]! }]
    : [];

const uniquePoolNames: CrossCheck = (raw) => {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  asArray(raw.agentPools).forEach((pool, i) => {
    if (!isObject(pool) || typeof pool.name !== "string") return;
    if (pool.name === "server" || pool.name === "servers") {
      problems.push({ path: ["agentPools", i, "name"], value: pool.name, message: `is reserved for the control plane (its nodes and pool are named server/servers); choose another pool name` });
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
  const network = typeof h.networkCidr === "string" ? h.networkCidr : DEFAULT_HETZNER_NETWORK_CIDR;
  const subnet = typeof h.subnetCidr === "string" ? h.subnetCidr : DEFAULT_HETZNER_SUBNET_CIDR;
  if (isCidr(subnet) && subnet.includes(".")) {
    // Node addresses come from the subnet from host 10 on (components/nodes/node-plan.ts FIRST_NODE_HOST).
    const total = [raw.servers, ...asArray(raw.agentPools)].reduce((n, p) => n + (isObject(p) && Number.isInteger(p.count) && p.count > 0 ? p.count : 0), 0);
    const capacity = Math.max(0, 2 ** (32 - Number(subnet.split("/")[1])) - 11);
    if (total > capacity) {
      problems.push({ path: ["hetzner", "subnetCidr"], value: subnet, message: `holds ${capacity} node addresses but the servers and agentPools ask for ${total}; use a larger subnet such as 10.0.0.0/20` });
    }
  }
  if (isCidr(network) && isCidr(subnet) && network.includes(".") && subnet.includes(".") && !cidrContains(network, subnet)) {
    problems.push({ path: ["hetzner", "subnetCidr"], value: subnet, message: `must lie inside hetzner.networkCidr ${network}` });
  }
  if (isCidr(network) && !network.includes(".")) {
    problems.push({ path: ["hetzner", "networkCidr"], value: network, message: "must be an IPv4 CIDR: Hetzner private networks are IPv4 (RFC 1918)" });
  }
  return problems;
};

/** The block each cloud needs, and what to set at least. */
const CLOUD_BLOCKS: Record<string, { key: string; hint: string }> = {
  digitalocean: { key: "digitalocean", hint: `set at least region (${DO_REGIONS.join(", ")})` },
  existing: { key: "existing", hint: "set at least hosts (name, address, privateAddress, role) and networkCidr" },
};

/**
 * Every cluster is handed to a GitOps engine: without `gitops` the program installs none, and the mandatory
 * gitops-engine-bootstrapped policy refuses the plan after everything is registered. Config alone decides it, so the
 * schema refuses it first.
 */
const gitopsPresent: CrossCheck = (raw) =>
  raw.gitops === undefined
    ? [{ path: ["gitops"], missing: true, message: "is required: the cluster is handed over to a GitOps engine (the gitops-engine-bootstrapped policy); set at least engine (argocd or flux) and repoUrl" }]
    : [];

const cloudBlockPresent: CrossCheck = (raw) => {
  const need = typeof raw.cloud === "string" ? CLOUD_BLOCKS[raw.cloud] : undefined;
  return need && !isObject(raw[need.key])
    ? [{ path: [need.key], missing: true, message: `is required when cloud is ${raw.cloud}: ${need.hint}` }]
    : [];
};

const isPrivateV4 = (c: string) => ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((r) => cidrContains(r, c));

const digitaloceanPlacement: CrossCheck = (raw) => {
  const d = raw.digitalocean;
  if (raw.cloud !== "digitalocean" || !isObject(d)) return [];
  const problems: ConfigProblem[] = [];
  for (const { path, size, locations } of placements(raw)) {
    if (typeof size === "string" && !DO_DROPLET_SIZES.includes(size)) {
      problems.push({ path: [...path, "size"], value: size, message: `is not a DigitalOcean droplet size; accepted: ${DO_DROPLET_SIZES.join(", ")}` });
    }
    asArray(locations).forEach((loc, j) => {
      if (typeof d.region === "string" && loc !== d.region) {
        problems.push({ path: [...path, "locations", j], value: loc, message: `must be ${d.region} (digitalocean.region): DigitalOcean VPCs are regional, so every droplet shares the cluster's one region` });
      }
    });
  }
  const vpc = typeof d.vpcCidr === "string" ? d.vpcCidr : DO_DEFAULT_VPC_CIDR;
  if (isCidr(vpc) && (!vpc.includes(".") || !isPrivateV4(vpc) || Number(vpc.split("/")[1]) < 16 || Number(vpc.split("/")[1]) > 28)) {
    problems.push({ path: ["digitalocean", "vpcCidr"], value: vpc, message: "must be an RFC 1918 IPv4 range from /16 to /28, such as 10.10.0.0/20" });
  }
  return problems;
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const existingHosts: CrossCheck = (raw) => {
  const e = raw.existing;
  if (raw.cloud !== "existing" || !isObject(e)) return [];
  const problems: ConfigProblem[] = [];
  const hosts = asArray(e.hosts).filter(isObject);
  const servers = hosts.filter((h) => h.role === "server").length;
  // Prod's stricter 3, 5 or 7 is checks/versions.ts's (the kernel's haServerCountProblem); this is every other profile's.
  if (raw.profile !== "prod" && hosts.length > 0 && !(servers === 1 || (servers >= 3 && servers % 2 === 1))) {
    problems.push({ path: ["existing", "hosts"], value: `${servers} servers`, message: "must hold 1, or an odd number of at least 3, hosts with role server: embedded etcd needs a quorum" });
  }
  const seen = new Map<string, number>();
  const seenIp = new Map<string, number>();
  const lan = typeof e.networkCidr === "string" && isCidr(e.networkCidr) && e.networkCidr.includes(".") ? e.networkCidr : undefined;
  asArray(e.hosts).forEach((h, i) => {
    if (!isObject(h)) return;
    const first = seen.get(h.name);
    if (typeof h.name === "string" && first !== undefined) {
      problems.push({ path: ["existing", "hosts", i, "name"], value: h.name, message: `duplicates existing.hosts[${first}].name; node names must be unique` });
    } else if (typeof h.name === "string") seen.set(h.name, i);
    if (typeof h.privateAddress === "string" && IPV4.test(h.privateAddress)) {
      const dup = seenIp.get(h.privateAddress);
      if (dup !== undefined) problems.push({ path: ["existing", "hosts", i, "privateAddress"], value: h.privateAddress, message: `duplicates existing.hosts[${dup}].privateAddress` });
      else seenIp.set(h.privateAddress, i);
      if (lan && isCidr(`${h.privateAddress}/32`) && !cidrContains(lan, `${h.privateAddress}/32`)) {
        problems.push({ path: ["existing", "hosts", i, "privateAddress"], value: h.privateAddress, message: `must lie inside existing.networkCidr ${lan}` });
      }
    }
  });
  const storage = e.storage;
  const platform = isObject(raw.platform) ? raw.platform : {};
  const longhorn = isObject(platform.storage) && isObject(platform.storage.longhorn) ? platform.storage.longhorn : undefined;
  if (isObject(storage) && storage.longhornDiskPaths !== undefined && longhorn?.enabled !== true) {
    problems.push({ path: ["existing", "storage", "longhornDiskPaths"], value: storage.longhornDiskPaths, message: "only applies when platform.storage.longhorn.enabled is true; remove it or enable Longhorn" });
  }
  const localPath = isObject(platform.storage) ? platform.storage.localPath : undefined;
  if (isObject(storage) && storage.localPathDir !== undefined) {
    if (!isObject(localPath) || localPath.enabled !== true) {
      problems.push({ path: ["existing", "storage", "localPathDir"], value: storage.localPathDir, message: "only applies when platform.storage.localPath.enabled is true; remove it or enable local-path" });
    }
    const k3sArgs = isObject(raw.k3s) ? asArray(raw.k3s.extraArgs) : [];
    const i = k3sArgs.findIndex((a) => typeof a === "string" && /^--default-local-storage-path(=|$)/.test(a));
    if (i >= 0) problems.push({ path: ["k3s", "extraArgs", i], value: k3sArgs[i], message: "repeats existing.storage.localPathDir, which sets --default-local-storage-path; keep one of them" });
  }
  const ingress = e.ingress;
  if (isObject(ingress) && ingress.httpNodePort !== undefined && ingress.httpNodePort === ingress.httpsNodePort) {
    problems.push({ path: ["existing", "ingress", "httpsNodePort"], value: ingress.httpsNodePort, message: "must differ from existing.ingress.httpNodePort" });
  }
  asArray(isObject(platform.metallb) ? platform.metallb.addresses : []).forEach((a, i) => {
    // IPv4 entries only: the address-plan checks (checks/address-plan.ts) refuse IPv6 and malformed ranges.
    if (!lan || typeof a !== "string" || a.includes(":")) return;
    const ends = a.includes("-") ? a.split("-").map((x) => `${x}/32`) : [a];
    if (ends.every(isCidr) && !ends.every((c) => cidrContains(lan, c))) {
      problems.push({ path: ["platform", "metallb", "addresses", i], value: a, message: `must lie inside existing.networkCidr ${lan}: MetalLB answers ARP on the hosts' LAN` });
    }
    for (const [ip, j] of seenIp) {
      const [lo, hi] = a.includes("-") ? a.split("-") : [undefined, undefined];
      const inside = lo && hi ? ipToInt(ip) >= ipToInt(lo) && ipToInt(ip) <= ipToInt(hi) : isCidr(a) && cidrContains(a, `${ip}/32`);
      if (inside) problems.push({ path: ["platform", "metallb", "addresses", i], value: a, message: `contains existing.hosts[${j}].privateAddress ${ip}; the pool must not hold host addresses` });
    }
  });
  return problems;
};

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** Every cross-check, in the order their problems are reported. */
export const CROSS_CHECKS: CrossCheck[] = [
  cloudSupported,
  cloudBlockPresent,
  uniquePoolNames,
  hetznerPlacement,
  digitaloceanPlacement,
  existingHosts,
  gitopsPresent,
  podNetworkCrossCheck,
  hetznerLimitsCrossCheck,
  hostKeyCrossCheck,
  gitopsCrossCheck,
  ...PLATFORM_CHECKS,
  ...CHECK_GROUPS,
];
