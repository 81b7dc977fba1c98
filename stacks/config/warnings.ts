/**
 * The warning channel: risky-but-legal config. Each warning is one line, `warning: k3s-gitops:<key path>: <why>`.
 * The offline plan prints them and adds them to its JSON (`warnings`); under the engine (`pulumi preview`/`up`) they
 * go through `pulumi.log.warn`, which prints the `warning: ` prefix itself.
 *
 * Checks read the merged raw config (profile defaults under the stack's values) defensively, like the cross-checks,
 * and run only once the config is valid. A new risky case is one function added to WARNING_CHECKS (or a check group
 * under ./checks/ spread into it).
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync } from "fs";
import { join } from "path";
import { cidrHasHostBits, cidrSpan, parseCidr } from "@k3s-gitops/components/kernel";
import { keyPath } from "./errors";
import { rawNodeCount } from "./blocks/platform";

export interface ConfigWarning {
  /** Path inside the namespace, e.g. ["servers", "locations"]. */
  readonly path: readonly (string | number)[];
  /** Why it is risky, and what to do about it. Never a secret value. */
  readonly why: string;
}

export interface WarningContext {
  readonly stack: string;
  /** Where the stack's repository checkout is (the project directory): stage directories are looked up there. */
  readonly projectDir: string;
}

type Raw = Record<string, any>;
export type WarningCheck = (raw: Raw, ctx: WarningContext) => ConfigWarning[];

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** The line a warning prints as, with the `warning: ` prefix (the plan's form). */
export function formatWarning(w: ConfigWarning): string {
  return `warning: ${keyPath(w.path)}: ${w.why}`;
}

/** A prod control plane of several servers in one location: one data-centre outage stops the API and etcd. */
const oneLocationControlPlane: WarningCheck = (raw) => {
  if (raw.profile !== "prod" || raw.cloud !== "hetzner" || !isObject(raw.servers)) return [];
  const locations = asArray(raw.servers.locations).filter((l) => typeof l === "string");
  const count = typeof raw.servers.count === "number" ? raw.servers.count : 0;
  const used = new Set(locations.slice(0, Math.max(count, 0)));
  if (count < 2 || used.size !== 1) return [];
  return [{ path: ["servers", "locations"], why: `puts all ${count} prod control-plane servers in ${[...used][0]}: one location's outage stops the API and etcd together; spread them over three, such as fsn1, nbg1, hel1` }];
};

/** Every CIDR-valued key the config has, with its path. */
function cidrKeys(raw: Raw): { path: (string | number)[]; value: string }[] {
  const out: { path: (string | number)[]; value: string }[] = [];
  const add = (path: (string | number)[], v: unknown) => {
    if (typeof v === "string" && parseCidr(v)) out.push({ path, value: v });
  };
  if (isObject(raw.access)) {
    for (const key of ["sshAllowedCidrs", "apiAllowedCidrs"]) asArray(raw.access[key]).forEach((c, i) => add(["access", key, i], c));
  }
  if (isObject(raw.hetzner)) for (const key of ["networkCidr", "subnetCidr"]) add(["hetzner", key], raw.hetzner[key]);
  if (isObject(raw.digitalocean)) add(["digitalocean", "vpcCidr"], raw.digitalocean.vpcCidr);
  if (isObject(raw.existing)) add(["existing", "networkCidr"], raw.existing.networkCidr);
  if (isObject(raw.k3s)) for (const key of ["clusterCidr", "serviceCidr"]) add(["k3s", key], raw.k3s[key]);
  if (isObject(raw.platform) && isObject(raw.platform.metallb)) asArray(raw.platform.metallb.addresses).forEach((c, i) => add(["platform", "metallb", "addresses", i], c));
  return out;
}

/** The network address of a CIDR, as text: 10.0.0.1/24 -> 10.0.0.0/24. */
function networkOf(cidr: string): string {
  const p = parseCidr(cidr)!;
  const s = cidrSpan(cidr)!;
  if (p.family === 4) return `${[24, 16, 8, 0].map((b) => Number((s.first >> BigInt(b)) & 255n)).join(".")}/${p.prefix}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((s.first >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::")}/${p.prefix}`;
}

const hostBits: WarningCheck = (raw) =>
  cidrKeys(raw)
    .filter((c) => cidrHasHostBits(c.value))
    .map((c) => ({ path: c.path, why: `${c.value} has host bits set; it is read as ${networkOf(c.value)}. Write the network address, or /32 (/128) for one host` }));

/** Hetzner's Ampere (Arm64) types: the cax line. Every other accepted type is x86-64. */
const isArm = (size: unknown) => typeof size === "string" && /^cax\d/.test(size);

const mixedArchitectures: WarningCheck = (raw) => {
  if (raw.cloud !== "hetzner" || !isObject(raw.servers) || typeof raw.servers.size !== "string") return [];
  const serverArm = isArm(raw.servers.size);
  const out: ConfigWarning[] = [];
  asArray(raw.agentPools).forEach((p, i) => {
    if (!isObject(p) || typeof p.size !== "string" || !(typeof p.count === "number" && p.count > 0) || isArm(p.size) === serverArm) return;
    out.push({
      path: ["agentPools", i, "size"],
      why: `is ${isArm(p.size) ? "Arm64" : "x86-64"} while servers.size ${raw.servers.size} is ${serverArm ? "Arm64" : "x86-64"}: images without a build for both architectures fail on one of them; taint the pool or use one architecture`,
    });
  });
  return out;
};

/** Debug and metrics listeners that only a cloud firewall keeps off the internet. */
const UNFIREWALLED_LISTENERS: Readonly<Record<string, string>> = {
  // docs.k3s.io/cli/server (k3s-io/docs docs/cli/server.md @ 02434960): "--enable-pprof: Enable pprof endpoint on supervisor port".
  "enable-pprof": "serves Go pprof on the supervisor port 6443",
  // Same page: "--etcd-expose-metrics: Expose etcd metrics to client interface" (etcd's client port 2379).
  "etcd-expose-metrics": "serves etcd metrics on the client interface (2379)",
  // Same page: "--supervisor-metrics: Enable serving k3s internal metrics on the supervisor port".
  "supervisor-metrics": "serves k3s internal metrics on the supervisor port 6443",
};

const listenersWithoutFirewall: WarningCheck = (raw) => {
  if (raw.cloud !== "existing" || !isObject(raw.k3s)) return [];
  const out: ConfigWarning[] = [];
  for (const key of ["extraArgs", "agentExtraArgs"]) {
    asArray(raw.k3s[key]).forEach((arg, i) => {
      if (typeof arg !== "string") return;
      const flag = arg.replace(/^--/, "").split("=")[0]!;
      const what = UNFIREWALLED_LISTENERS[flag];
      if (what && !/=false$/.test(arg)) {
        out.push({ path: ["k3s", key, i], why: `${what} on hosts with no cloud firewall (cloud existing): only your own network keeps it from the internet; filter the port on the hosts or the router` });
      }
    });
  }
  return out;
};

/** Explicitly listed stages with no directory in this checkout, where the checkout holds the stack's tree. */
const stagesWithoutDirectory: WarningCheck = (raw, ctx) => {
  const g = raw.gitops;
  if (!isObject(g) || !Array.isArray(g.stages) || typeof g.engine !== "string") return [];
  const path = typeof g.path === "string" ? g.path : `gitops/clusters/${ctx.stack}`;
  const engineDir = join(ctx.projectDir, path, g.engine);
  if (!existsSync(join(ctx.projectDir, path))) return [];
  const out: ConfigWarning[] = [];
  g.stages.forEach((stage: unknown, i: number) => {
    if (typeof stage === "string" && !existsSync(join(engineDir, stage))) {
      out.push({ path: ["gitops", "stages", i], why: `has no directory ${path}/${g.engine}/${stage} in this checkout: the engine's stage will sync nothing (or fail) until it is committed` });
    }
  });
  return out;
};

/**
 * Let's Encrypt production on a one-node dev cluster: its rate limits (50 certificates per registered domain per
 * week, 5 duplicates per week) are easy to exhaust while a dev cluster is rebuilt, and block prod's certificates too.
 */
const productionIssuerOnOneNodeDev: WarningCheck = (raw) => {
  const cm = isObject(raw.platform) && isObject(raw.platform.certManager) ? raw.platform.certManager : undefined;
  if (raw.profile !== "dev" || cm?.defaultIssuer !== "letsencrypt-production" || rawNodeCount(raw) !== 1) return [];
  return [{ path: ["platform", "certManager", "defaultIssuer"], why: "is Let's Encrypt production on a one-node dev cluster: rebuilding it reissues certificates against production rate limits shared with your other clusters; use letsencrypt-staging" }];
};

const prodWithoutAgents: WarningCheck = (raw) => {
  if (raw.profile !== "prod") return [];
  if (raw.cloud === "existing") {
    const hosts = isObject(raw.existing) ? asArray(raw.existing.hosts) : [];
    return hosts.some((h) => isObject(h) && h.role === "agent")
      ? []
      : [{ path: ["existing", "hosts"], why: "has no host with role agent in prod: workloads share the control-plane nodes with etcd and the API server" }];
  }
  const agents = asArray(raw.agentPools).reduce((n, p) => n + (isObject(p) && typeof p.count === "number" ? p.count : 0), 0);
  return agents > 0 ? [] : [{ path: ["agentPools"], why: "holds no agents in prod: workloads share the control-plane nodes with etcd and the API server; add a pool with count 2 or more" }];
};

const coreDnsDisabled: WarningCheck = (raw) => {
  if (!isObject(raw.k3s)) return [];
  return asArray(raw.k3s.disable).flatMap((d, i) =>
    d === "coredns" ? [{ path: ["k3s", "disable", i], why: "turns CoreDNS off: nothing in the cluster resolves Service names until you deploy a DNS server yourself" }] : [],
  );
};

const syncsProdPath: WarningCheck = (raw, ctx) => {
  const g = raw.gitops;
  if (ctx.stack === "prod" || raw.profile === "prod" || !isObject(g) || typeof g.path !== "string") return [];
  if (!/(^|\/)clusters\/prod\/?$/.test(g.path)) return [];
  return [{ path: ["gitops", "path"], why: `makes stack ${ctx.stack} sync prod's directory: a change meant for one cluster lands on both, and both engines prune each other's drift; give it its own gitops/clusters/${ctx.stack}` }];
};

/**
 * ingress-nginx is retired: kubernetes/ingress-nginx README "Ingress NGINX Retirement" and the Kubernetes blog
 * 2025-11-11 "Ingress NGINX Retirement: What You Need to Know": best-effort maintenance until March 2026, then no
 * releases or security fixes (final controller v1.15.1 / chart 4.15.1; research/platform-versions.md section 4).
 */
const retiredIngressNginx: WarningCheck = (raw) => {
  const ingress = isObject(raw.platform) && isObject(raw.platform.ingress) ? raw.platform.ingress : undefined;
  if (ingress?.controller !== "ingress-nginx") return [];
  const out: ConfigWarning[] = [
    {
      path: ["platform", "ingress", "controller"],
      why:
        "is ingress-nginx, retired upstream in March 2026 (final release: chart 4.15.1, controller 1.15.1; no further releases or security fixes; never tested on Kubernetes 1.36). " +
        "Use traefik, the default: it serves the shared Gateway, keeps serving Ingresses, and with platform.ingress.nginxIngresses serves nginx-class Ingresses and their annotations",
    },
  ];
  if (ingress.gateway !== undefined) out.push({ path: ["platform", "ingress", "gateway"], why: "is ignored: only traefik serves the shared Gateway" });
  if (ingress.nginxIngresses !== undefined) out.push({ path: ["platform", "ingress", "nginxIngresses"], why: "is ignored: it is traefik's migration path for nginx-class Ingresses" });
  return out;
};

/** A public Hetzner API load balancer outside prod (prod refuses it): load balancers carry no firewall. */
const publicApiLoadBalancer: WarningCheck = (raw) => {
  const lb = isObject(raw.hetzner) && isObject(raw.hetzner.apiLoadBalancer) ? raw.hetzner.apiLoadBalancer : undefined;
  if (raw.cloud !== "hetzner" || raw.profile === "prod" || lb?.enabled !== true || lb.public !== true) return [];
  return [{ path: ["hetzner", "apiLoadBalancer", "public"], why: "answers 6443 to the whole internet: Hetzner Cloud firewalls cannot be attached to load balancers, so access.apiAllowedCidrs does not apply to it" }];
};

const bastionIsANode: WarningCheck = (raw) => {
  const e = raw.existing;
  if (raw.cloud !== "existing" || !isObject(e) || !isObject(e.bastion) || typeof e.bastion.host !== "string") return [];
  const i = asArray(e.hosts).findIndex((h) => isObject(h) && (h.address === e.bastion.host || h.privateAddress === e.bastion.host));
  if (i < 0) return [];
  return [{ path: ["existing", "bastion", "host"], why: `is existing.hosts[${i}] (${e.hosts[i].name}) itself: every SSH connection depends on that node, and a cluster node doubles as the jump host; use a separate machine or no bastion` }];
};

/** Every warning check, in report order. */
export const WARNING_CHECKS: WarningCheck[] = [
  oneLocationControlPlane,
  hostBits,
  mixedArchitectures,
  listenersWithoutFirewall,
  stagesWithoutDirectory,
  productionIssuerOnOneNodeDev,
  prodWithoutAgents,
  coreDnsDisabled,
  syncsProdPath,
  retiredIngressNginx,
  publicApiLoadBalancer,
  bastionIsANode,
];

/** The warnings of a valid merged raw config. Pure but for the stage-directory lookups under ctx.projectDir. */
export function configWarnings(merged: Raw, ctx: WarningContext): ConfigWarning[] {
  return WARNING_CHECKS.flatMap((check) => check(merged, ctx));
}

// ---- Emission ----

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getEngine(): unknown };

let recorded: string[] = [];

/**
 * Emits the warnings of this run: `pulumi.log.warn` when an engine is attached (preview/up), and always recorded for
 * the offline plan, which runs the program in-process under the mock monitor and reads them with takeWarnings.
 */
export function emitWarnings(warnings: readonly ConfigWarning[]): void {
  for (const w of warnings) {
    recorded.push(formatWarning(w));
    if (settings.getEngine()) void pulumi.log.warn(`${keyPath(w.path)}: ${w.why}`);
  }
}

/** The warnings emitted since the last call, as `warning: ...` lines; clears them. */
export function takeWarnings(): string[] {
  const out = recorded;
  recorded = [];
  return out;
}
