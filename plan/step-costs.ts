/**
 * Step costs: how long `pulumi up` spends creating one resource, as a low / mid / high range in seconds. The time
 * estimate (`estimate.ts`) weighs the plan's dependency graph with them.
 *
 * Exports:
 *   interface StepCost { low: number; mid: number; high: number }
 *   interface CostRow { cost: StepCost; source: string }
 *   STEP_COSTS: Record<type token, CostRow>           exact types (components included where they do real work)
 *   PREFIX_COSTS: { prefix, what, cost, source }[]      whole families (Kubernetes objects, providers, random, tls)
 *   COMMAND_ROLES: { role, suffix, cost, source }[]     remote/local commands, by what they do (their name's suffix)
 *   DEFAULT_STEP_COST: StepCost                         anything else; the estimate lists its type as unknown
 *   stepCostOf(r: { type, name, custom? }): ResolvedCost   { cost, basis, known, missing? }
 *   renderStepCostTable(): string                        the markdown table in docs/offline-plan.md
 *
 * Every row names its source. "issue 15" rows are the ranges measured for the issue. "typical" rows are the
 * upstream's usual behaviour, not measured on this project: change them when a real `pulumi up` says otherwise, and
 * the estimate, the docs table (regenerate it: `npx tsx plan/step-costs.ts`) and the tests follow.
 *
 * All values are multiples of 0.5 s, so sums along a path are exact in floating point and the estimate is the same
 * bytes from run to run.
 */

/** Seconds one step takes to create: a low, a typical and a high figure. */
export interface StepCost {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

export interface CostRow {
  readonly cost: StepCost;
  /** Where the figures come from: "issue 15" (measured) or "typical: ..." (the upstream's usual behaviour). */
  readonly source: string;
}

export interface PrefixCostRow extends CostRow {
  /** Matches every type token that starts with this. */
  readonly prefix: string;
  readonly what: string;
}

export interface CommandRoleRow extends CostRow {
  readonly role: string;
  /** Matches a command whose resource name ends with this (see components/k3s/k3s-cluster.ts for the names). */
  readonly suffix: string;
}

/** What a resource costs, and why. `known` is false when the default was used. */
export interface ResolvedCost {
  readonly cost: StepCost;
  readonly basis: string;
  readonly known: boolean;
  /** Why it is not known: the type has no row, or a command's role is not in COMMAND_ROLES. */
  readonly missing?: "type" | "command-role";
}

const range = (low: number, mid: number, high: number): StepCost => ({ low, mid, high });

/** No step: components, providers' configuration, pure computations. */
export const ZERO: StepCost = range(0, 0, 0);

const ISSUE = "issue 15 (measured)";

/** The cost of an SSH session that runs a short script: connect, authenticate, run, close. */
const SHORT_SSH = range(1, 2, 3);
/** One Hetzner Cloud / DigitalOcean API call plus the action it starts, which the provider waits for. */
const CLOUD_API_CALL = range(1, 2.5, 5);

/** Exact type tokens. Checked first, so a component listed here (one that does real work) is not free. */
export const STEP_COSTS: Readonly<Record<string, CostRow>> = {
  // Hetzner Cloud
  "hcloud:index/server:Server": { cost: range(10, 15, 20), source: `${ISSUE}: server create 10-20 s` },
  "hcloud:index/network:Network": { cost: CLOUD_API_CALL, source: "typical: one Hetzner Cloud API call" },
  "hcloud:index/networkSubnet:NetworkSubnet": { cost: CLOUD_API_CALL, source: "typical: one Hetzner Cloud API call and its action" },
  "hcloud:index/firewall:Firewall": { cost: CLOUD_API_CALL, source: "typical: one Hetzner Cloud API call" },
  "hcloud:index/sshKey:SshKey": { cost: range(0.5, 1, 2), source: "typical: one Hetzner Cloud API call, no action" },
  "hcloud:index/placementGroup:PlacementGroup": { cost: range(0.5, 1, 2), source: "typical: one Hetzner Cloud API call, no action" },
  "hcloud:index/loadBalancer:LoadBalancer": { cost: CLOUD_API_CALL, source: "typical: one Hetzner Cloud API call and its create action" },
  "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork": { cost: CLOUD_API_CALL, source: "typical: an attach-to-network action" },
  "hcloud:index/loadBalancerService:LoadBalancerService": { cost: CLOUD_API_CALL, source: "typical: an add-service action" },
  "hcloud:index/loadBalancerTarget:LoadBalancerTarget": { cost: CLOUD_API_CALL, source: "typical: an add-target action (the health check is not awaited)" },
  // DigitalOcean
  "digitalocean:index/droplet:Droplet": { cost: range(20, 35, 60), source: "typical: the provider waits until the droplet is active" },
  "digitalocean:index/vpc:Vpc": { cost: CLOUD_API_CALL, source: "typical: one DigitalOcean API call" },
  "digitalocean:index/firewall:Firewall": { cost: CLOUD_API_CALL, source: "typical: one DigitalOcean API call" },
  "digitalocean:index/sshKey:SshKey": { cost: range(0.5, 1, 2), source: "typical: one DigitalOcean API call" },
  "digitalocean:index/tag:Tag": { cost: range(0.5, 1, 2), source: "typical: one DigitalOcean API call" },
  "digitalocean:index/loadBalancer:LoadBalancer": { cost: range(60, 120, 300), source: "typical: the provider waits until the load balancer is active, minutes" },
  // AWS (DNS-01 credentials, Route 53 records, the state bucket)
  "aws:route53/record:Record": { cost: range(30, 45, 90), source: "typical: the provider waits until the change is INSYNC, usually under a minute" },
  "aws:iam/user:User": { cost: range(1, 2, 5), source: "typical: one IAM API call" },
  "aws:iam/policy:Policy": { cost: range(1, 2, 5), source: "typical: one IAM API call" },
  "aws:iam/accessKey:AccessKey": { cost: range(1, 2, 5), source: "typical: one IAM API call" },
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": { cost: range(1, 2, 5), source: "typical: one IAM API call" },
  // Kubernetes
  "kubernetes:helm.sh/v3:Release": { cost: range(30, 105, 180), source: `${ISSUE}: Helm releases 30-180 s (the release is awaited until its workloads are ready)` },
  // Remote components: the provider creates their objects, which the plan does not see, so the component stands in.
  "kubernetes:yaml/v2:ConfigFile": { cost: range(2, 10, 60), source: "typical: applies its objects; a Deployment among them is awaited until ready" },
  "kubernetes:yaml/v2:ConfigGroup": { cost: range(2, 10, 60), source: "typical: as ConfigFile" },
  "kubernetes:helm.sh/v4:Chart": { cost: range(30, 105, 180), source: `${ISSUE}: as a Helm release` },
};

/** Families of types, by token prefix. The first match wins. */
export const PREFIX_COSTS: readonly PrefixCostRow[] = [
  { prefix: "pulumi:providers:", what: "provider configuration", cost: range(0, 0.5, 1), source: "typical: configures a plugin, no API call" },
  { prefix: "random:", what: "random values", cost: ZERO, source: "typical: computed locally" },
  { prefix: "tls:", what: "keys and certificates", cost: range(0, 0, 1), source: "typical: computed locally (an RSA key can take a second)" },
  { prefix: "pulumiservice:", what: "Pulumi Cloud settings", cost: range(0.5, 1, 3), source: "typical: one Pulumi Cloud API call" },
  { prefix: "aws:s3/", what: "S3 bucket settings", cost: range(1, 2, 5), source: "typical: one S3 API call" },
  { prefix: "kubernetes:", what: "plain Kubernetes objects", cost: range(1, 2, 3), source: "typical: one API server call; no readiness await for these kinds" },
];

/**
 * Commands, by what they do. A command's cost is its script's, so the role is read from the resource name's suffix
 * (components/k3s/k3s-cluster.ts names them `<node>-prepare`, `<node>-install`, ...). Longer suffixes first.
 */
export const COMMAND_ROLES: readonly CommandRoleRow[] = [
  {
    role: "node prepare (cloud-init wait, config.yaml)",
    suffix: "-prepare",
    cost: range(30.5, 45.5, 60.5),
    source: `${ISSUE}: cloud-init 30-60 s, then config.yaml written in the same SSH session (typical: under 0.5 s)`,
  },
  { role: "kubeconfig read", suffix: "-kubeconfig", cost: SHORT_SSH, source: "typical: one SSH session that reads a file" },
  { role: "preflight check", suffix: "-preflight", cost: SHORT_SSH, source: "typical: one SSH session that runs a short check" },
  { role: "k3s install or join", suffix: "-install", cost: range(20, 32.5, 45), source: `${ISSUE}: installs 20-45 s` },
  { role: "k3s join", suffix: "-join", cost: range(20, 32.5, 45), source: `${ISSUE}: installs 20-45 s` },
  { role: "readiness wait", suffix: "-ready", cost: range(5, 15, 30), source: "typical: kubelet registers and the node turns Ready seconds after k3s starts" },
  { role: "CA-pinned join tokens", suffix: "-join-tokens", cost: SHORT_SSH, source: "typical: one SSH session that hashes a file" },
  { role: "node-count wait", suffix: "-nodes-ready", cost: range(5, 15, 30), source: "typical: the last join's node turns Ready seconds after its k3s starts" },
  { role: "API load balancer wait", suffix: "-api-endpoint", cost: range(0, 10, 30), source: "Hetzner LB health check every 10 s, 3 retries (components/nodes/hetzner-nodes.ts)" },
  { role: "drain on delete", suffix: "-drain", cost: ZERO, source: "pulumi-command: a command with no `create` runs nothing on create" },
];

/** A command whose role is not in COMMAND_ROLES. */
export const DEFAULT_COMMAND_COST: StepCost = range(1, 5, 30);

/** A type with no row at all. The estimate lists it under unknownTypes and warns. */
export const DEFAULT_STEP_COST: StepCost = range(1, 5, 30);

const COMMAND_TYPES = new Set(["command:remote:Command", "command:local:Command"]);

/** The cost of one resource's create step. Pure. */
export function stepCostOf(r: { readonly type: string; readonly name: string; readonly custom?: boolean }): ResolvedCost {
  const exact = STEP_COSTS[r.type];
  if (exact) return { cost: exact.cost, basis: exact.source, known: true };
  if (r.custom === false) return { cost: ZERO, basis: "component: not a step", known: true };
  if (COMMAND_TYPES.has(r.type)) {
    const role = COMMAND_ROLES.find((c) => r.name.endsWith(c.suffix));
    if (role) return { cost: role.cost, basis: `${role.role}: ${role.source}`, known: true };
    return { cost: DEFAULT_COMMAND_COST, basis: `command of unknown role (name ${r.name}): default`, known: false, missing: "command-role" };
  }
  const family = PREFIX_COSTS.find((p) => r.type.startsWith(p.prefix));
  if (family) return { cost: family.cost, basis: `${family.what}: ${family.source}`, known: true };
  return { cost: DEFAULT_STEP_COST, basis: "unknown type: default", known: false, missing: "type" };
}

const fmt = (c: StepCost) => `${c.low} / ${c.mid} / ${c.high}`;

/** The step-cost table of docs/offline-plan.md, in table order. Pure. */
export function renderStepCostTable(): string {
  const lines = ["| step | low / mid / high (s) | source |", "|---|---|---|"];
  for (const [type, row] of Object.entries(STEP_COSTS)) lines.push(`| \`${type}\` | ${fmt(row.cost)} | ${row.source} |`);
  for (const row of COMMAND_ROLES) lines.push(`| command \`*${row.suffix}\` (${row.role}) | ${fmt(row.cost)} | ${row.source} |`);
  lines.push(`| any other command | ${fmt(DEFAULT_COMMAND_COST)} | default; the estimate warns |`);
  for (const row of PREFIX_COSTS) lines.push(`| \`${row.prefix}*\` (${row.what}) | ${fmt(row.cost)} | ${row.source} |`);
  lines.push(`| components | 0 / 0 / 0 | not steps: the engine waits for their children, not for them |`);
  lines.push(`| any other type | ${fmt(DEFAULT_STEP_COST)} | default; listed under \`unknownTypes\` with a warning |`);
  return lines.join("\n");
}

if (require.main === module) process.stdout.write(`${renderStepCostTable()}\n`);
