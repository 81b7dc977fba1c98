/**
 * The address plan: the nodes' own ranges (Hetzner subnet, DigitalOcean VPC, the existing hosts' LAN) must not
 * overlap the pod (cluster) and service ranges, whichever way those are given (k3s's defaults, `k3s.clusterCidr` /
 * `k3s.serviceCidr`, or `--cluster-cidr` / `--service-cidr` in k3s.extraArgs); the pod and service ranges must not
 * overlap each other; `--cluster-dns` lies in the service range; IPv4 where the project needs IPv4; MetalLB ranges
 * well-formed and in order.
 *
 * The Hetzner *network* range may contain the pod range: hcloud-cloud-controller-manager's docs keep the cluster
 * CIDR inside the network range and require only that it not overlap a subnet (docs/deploy_with_networks.md @ v1.25.1
 * line 24; research/k3s-and-clouds.md section 8). So only the node subnet is compared.
 */
import { DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR, parseCidr, spansOverlap } from "@k3s-gitops/components/kernel";
import { DEFAULT_HETZNER_SUBNET_CIDR, DO_DEFAULT_VPC_CIDR } from "@k3s-gitops/components";
import type { ConfigProblem } from "../errors";
import { cidrsFromExtraArgs } from "./k3s-args";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

interface Range {
  readonly what: string;
  /** Where it was given; undefined for a default. */
  readonly path?: (string | number)[];
  readonly cidr: string;
}

const pathText = (p: (string | number)[]) => p.map((x, i) => (typeof x === "number" ? `[${x}]` : i === 0 ? x : `.${x}`)).join("");

/** The pod and service ranges in force: extraArgs flags, then the k3s keys, then k3s's defaults. */
function clusterRanges(raw: Raw): { pods: Range; services: Range } {
  const fromArgs = cidrsFromExtraArgs(raw);
  const k = isObject(raw.k3s) ? raw.k3s : {};
  const pick = (flag: "cluster-cidr" | "service-cidr", key: string, fallback: string, what: string): Range => {
    const arg = fromArgs.find((a) => a.flag === flag);
    if (arg) return { what, path: arg.path, cidr: arg.cidr };
    if (typeof k[key] === "string" && parseCidr(k[key])) return { what, path: ["k3s", key], cidr: k[key] };
    return { what, cidr: fallback };
  };
  return {
    pods: pick("cluster-cidr", "clusterCidr", DEFAULT_CLUSTER_CIDR, "the pod range"),
    services: pick("service-cidr", "serviceCidr", DEFAULT_SERVICE_CIDR, "the service range"),
  };
}

/** The nodes' own range for the cloud in use. */
function nodeRange(raw: Raw): Range | undefined {
  if (raw.cloud === "hetzner" && isObject(raw.hetzner)) {
    const v = raw.hetzner.subnetCidr;
    return typeof v === "string" ? { what: "hetzner.subnetCidr", path: ["hetzner", "subnetCidr"], cidr: v } : { what: "the default Hetzner subnet", cidr: DEFAULT_HETZNER_SUBNET_CIDR };
  }
  if (raw.cloud === "digitalocean" && isObject(raw.digitalocean)) {
    const v = raw.digitalocean.vpcCidr;
    return typeof v === "string" ? { what: "digitalocean.vpcCidr", path: ["digitalocean", "vpcCidr"], cidr: v } : { what: "the default DigitalOcean VPC", cidr: DO_DEFAULT_VPC_CIDR };
  }
  if (raw.cloud === "existing" && isObject(raw.existing) && typeof raw.existing.networkCidr === "string") {
    return { what: "existing.networkCidr", path: ["existing", "networkCidr"], cidr: raw.existing.networkCidr };
  }
  return undefined;
}

const describe = (r: Range) => (r.path ? `${pathText(r.path)} ${r.cidr}` : `${r.what} ${r.cidr}`);

function overlapProblem(a: Range, b: Range): ConfigProblem | undefined {
  if (!parseCidr(a.cidr) || !parseCidr(b.cidr) || !spansOverlap(a.cidr, b.cidr)) return undefined;
  // Report on the key the user set: a, else b (two defaults never overlap).
  const [at, other] = a.path ? [a, b] : [b, a];
  if (!at.path) return undefined;
  return {
    path: at.path,
    value: at.cidr,
    message: `overlaps ${other === b ? b.what : a.what} (${describe(other)}); pods, services and nodes need disjoint ranges, or traffic is routed to the wrong place`,
  };
}

const IPV4_TEXT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const ipv4Number = (ip: string): number | undefined => {
  const m = IPV4_TEXT.exec(ip);
  if (!m || m.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith("0")))) return undefined;
  return m.slice(1).reduce((acc, o) => acc * 256 + Number(o), 0);
};

export function addressPlanCheck(raw: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const { pods, services } = clusterRanges(raw);
  for (const r of [pods, services]) {
    const c = parseCidr(r.cidr);
    if (c && c.family !== 4 && r.path) out.push({ path: r.path, value: r.cidr, message: "must be an IPv4 CIDR: the nodes' addresses are IPv4, so IPv6 and dual-stack ranges are not supported" });
  }
  const podsVsServices = overlapProblem(pods, services);
  if (podsVsServices) out.push(podsVsServices);
  const nodes = nodeRange(raw);
  if (nodes) {
    for (const r of [pods, services]) {
      const p = overlapProblem(nodes, r);
      if (p) out.push(p);
    }
  }
  // --cluster-dns must lie in the service range (docs.k3s.io/cli/server: "Should be in your service-cidr range").
  if (isObject(raw.k3s)) {
    asArray(raw.k3s.extraArgs).forEach((arg, i) => {
      const m = typeof arg === "string" ? /^--cluster-dns=(.+)$/.exec(arg) : null;
      if (!m || ipv4Number(m[1]!) === undefined || !parseCidr(services.cidr)) return;
      if (!spansOverlap(`${m[1]}/32`, services.cidr)) out.push({ path: ["k3s", "extraArgs", i], value: arg, message: `must lie inside the service range ${services.cidr}: CoreDNS's Service address comes from it` });
    });
  }
  // The existing hosts' LAN carries IPv4 node addresses (privateAddress is IPv4).
  if (raw.cloud === "existing" && isObject(raw.existing) && typeof raw.existing.networkCidr === "string") {
    const c = parseCidr(raw.existing.networkCidr);
    if (c && c.family !== 4) out.push({ path: ["existing", "networkCidr"], value: raw.existing.networkCidr, message: "must be an IPv4 CIDR such as 192.168.86.0/24: the hosts' privateAddress values are IPv4" });
  }
  // MetalLB: IPv4 ranges in order with real octets.
  const m = isObject(raw.platform) && isObject(raw.platform.metallb) ? raw.platform.metallb : undefined;
  asArray(m?.addresses).forEach((a, i) => {
    if (typeof a !== "string") return;
    const at = ["platform", "metallb", "addresses", i];
    if (a.includes("-")) {
      const [lo, hi] = a.split("-");
      const l = ipv4Number(lo!);
      const h = ipv4Number(hi!);
      if (l === undefined || h === undefined) out.push({ path: at, value: a, message: "must be a range of two IPv4 addresses with octets 0-255, such as 192.168.86.240-192.168.86.250" });
      else if (l > h) out.push({ path: at, value: a, message: "lists its addresses in the wrong order: the first must not be above the last" });
    } else {
      const c = parseCidr(a);
      if (c && c.family !== 4) out.push({ path: at, value: a, message: "must be IPv4: the MetalLB pool serves the hosts' IPv4 LAN" });
    }
  });
  return out;
}
