/**
 * The time estimate of a plan: how long `pulumi up` takes on an empty stack, and when the cluster is GitOps-ready.
 *
 * Exports:
 *   estimatePlan(plan: EstimatePlanInput, opts?: EstimateOptions): PlanEstimate
 *     plan: anything with `resources[]` of { urn, type, name, custom?, parent?, provider?, dependencies?, layer? }
 *     (the `--json` report, contract v1, is one). Pure, linear in resources + edges.
 *   renderEstimate(estimate: PlanEstimate): string     the console lines for the plan summary
 *   formatSeconds(s: number): string                   "6m 05s"
 *
 * The model, which is the engine's on create:
 *   - a resource starts when everything it waits for is done, and takes its step cost (step-costs.ts);
 *   - it waits for its `dependencies` (explicit dependsOn and every input Output's resources) and for its provider;
 *   - waiting for a component means waiting for the component and all of its descendants; a child does not wait for
 *     its parent, and a component's own cost is 0 unless step-costs.ts lists its type (remote components whose
 *     objects the plan does not see);
 *   - unlimited parallelism (the engine's default) and no retries.
 * The total is computed three times, with the low, mid and high costs; each is the longest time-weighted path.
 * "GitOps-ready" is when the last layer-5 (hand-off) resource that does work on create is done (a 0/0/0 step, such
 * as the destroy guard, which acts only on delete, does not count). The critical path is the mid-cost path that
 * ends there (or, in a plan without a hand-off, at the resource that finishes last).
 */
import { ResolvedCost, StepCost, stepCostOf } from "./step-costs";

export interface EstimateResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** @default true */
  readonly custom?: boolean;
  readonly parent?: string | null;
  /** Provider reference, `<provider urn>::<id>`, or null for the default provider. */
  readonly provider?: string | null;
  readonly dependencies?: readonly string[];
  readonly layer?: number | null;
}

export interface EstimatePlanInput {
  readonly resources: readonly EstimateResource[];
}

export interface EstimateOptions {
  /** The cost of one resource. @default stepCostOf from step-costs.ts */
  readonly costOf?: (r: EstimateResource) => ResolvedCost;
  /** The layer whose completion is "GitOps-ready". @default 5 (hand-off) */
  readonly readyLayer?: number;
}

export interface CriticalStep {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly layer: number | null;
  readonly cost: StepCost;
  /** When this step finishes, at mid costs, in seconds from the start of `pulumi up`. */
  readonly finishAt: number;
}

export interface PlanEstimate {
  /** Seconds until every resource is created, at low, mid and high costs. */
  readonly low: number;
  readonly mid: number;
  readonly high: number;
  /** The mid-cost longest path to GitOps-ready (or to the end), first step first. Zero-cost components omitted. */
  readonly criticalPath: readonly CriticalStep[];
  /** Seconds until the last hand-off resource is done; null when the plan has no hand-off layer. */
  readonly gitopsReadyAt: StepCost | null;
  /** Types that have no step cost (the default was used), sorted. */
  readonly unknownTypes: readonly string[];
  /** Unknown types, unknown command roles, dependency cycles. Sorted, de-duplicated. */
  readonly warnings: readonly string[];
}

const KEYS = ["low", "mid", "high"] as const;

/** The provider URN of a provider reference (`urn::id`). */
function providerUrn(ref: string): string {
  const cut = ref.lastIndexOf("::");
  return cut > 0 ? ref.slice(0, cut) : ref;
}

export function estimatePlan(plan: EstimatePlanInput, opts: EstimateOptions = {}): PlanEstimate {
  const costOf = opts.costOf ?? stepCostOf;
  const readyLayer = opts.readyLayer ?? 5;
  const rs = plan.resources;
  const n = rs.length;
  const index = new Map<string, number>();
  rs.forEach((r, i) => index.set(r.urn, i));

  const warnings = new Set<string>();
  const unknownTypes = new Set<string>();
  const costs: StepCost[] = rs.map((r) => {
    const c = costOf(r);
    if (!c.known) {
      if (c.missing === "type") unknownTypes.add(r.type);
      warnings.add(`no step cost for ${r.type}${r.type.startsWith("command:") ? ` (${r.name})` : ""}; using ${c.cost.low}/${c.cost.mid}/${c.cost.high} s (${c.basis})`);
    }
    return c.cost;
  });
  const isComponent = rs.map((r) => r.custom === false);

  // Two nodes per resource: F(i) = i, "created"; D(i) = n + i, "done" = created and, for a component, every
  // descendant done. Dependents wait on D. Edges point from what is waited for to what waits.
  const succ: number[][] = Array.from({ length: 2 * n }, () => []);
  const indeg = new Int32Array(2 * n);
  const edge = (from: number, to: number) => {
    succ[from]!.push(to);
    indeg[to]!++;
  };
  rs.forEach((r, i) => {
    edge(i, n + i);
    const waits = new Set<number>();
    for (const d of r.dependencies ?? []) {
      const j = index.get(d);
      if (j !== undefined && j !== i) waits.add(j);
    }
    if (r.provider) {
      const j = index.get(providerUrn(r.provider));
      if (j !== undefined && j !== i) waits.add(j);
    }
    for (const j of waits) edge(n + j, i);
    const p = r.parent ? index.get(r.parent) : undefined;
    if (p !== undefined && isComponent[p]) edge(n + i, n + p);
  });

  // Kahn's algorithm: each node is relaxed once, after all its predecessors.
  const at = KEYS.map(() => new Float64Array(2 * n)); // F: finish time; D: done time
  const start = KEYS.map(() => new Float64Array(n));
  const pred = new Int32Array(2 * n).fill(-1); // mid-cost argmax, for the critical path
  const queue: number[] = [];
  for (let v = 0; v < 2 * n; v++) if (indeg[v] === 0) queue.push(v);
  const settled = new Uint8Array(2 * n);
  const settle = (v: number) => {
    settled[v] = 1;
    if (v < n) KEYS.forEach((k, ki) => (at[ki]![v] = start[ki]![v]! + costs[v]![k]));
    for (const w of succ[v]!) {
      // Mid-cost argmax first (before the relaxation below moves the target); ties keep the first settled.
      const midT = at[1]![v]!;
      const cur = w < n ? start[1]![w]! : at[1]![w]!;
      if (pred[w] === -1 || midT > cur) pred[w] = v;
      for (let ki = 0; ki < KEYS.length; ki++) {
        const t = at[ki]![v]!;
        if (w < n) {
          if (t > start[ki]![w]!) start[ki]![w] = t;
        } else if (t > at[ki]![w]!) at[ki]![w] = t;
      }
      if (--indeg[w]! === 0) queue.push(w);
    }
  };
  for (let q = 0; q < queue.length; q++) settle(queue[q]!);
  const cyclic: string[] = [];
  for (let v = 0; v < 2 * n; v++) {
    if (settled[v]) continue;
    // Dependency cycle (the engine would reject it): settle in index order with what is known.
    if (v < n) cyclic.push(rs[v]!.urn);
    settle(v);
  }
  if (cyclic.length > 0) warnings.add(`dependency cycle through ${cyclic.length} resource(s), e.g. ${cyclic[0]}; their times are lower bounds`);

  const totals = KEYS.map((_, ki) => {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, at[ki]![i]!);
    return m;
  });

  // GitOps-ready: the last resource of the ready layer to finish (components too: they finish with their children).
  // A step that does nothing on create (cost 0/0/0: a free component, the destroy guard, which acts only on delete)
  // marks nothing ready: it is created when its dependencies are, and the engine reads nothing from it.
  const inReady = rs.map((r, i) => (r.layer ?? null) === readyLayer && costs[i]!.high !== 0);
  const anyReady = inReady.some(Boolean);
  const readyAt = KEYS.map((_, ki) => {
    let m = 0;
    for (let i = 0; i < n; i++) if (inReady[i]) m = Math.max(m, at[ki]![i]!);
    return m;
  });

  // The end of the critical path: the mid-cost latest finisher (ready layer, or all), ties broken by URN.
  let end = -1;
  for (let i = 0; i < n; i++) {
    if (anyReady && !inReady[i]) continue;
    const better = end < 0 || at[1]![i]! > at[1]![end]! || (at[1]![i] === at[1]![end] && rs[i]!.urn < rs[end]!.urn);
    if (better) end = i;
  }
  const path: CriticalStep[] = [];
  const seen = new Uint8Array(2 * n);
  for (let v = end; v >= 0 && !seen[v]; v = pred[v]!) {
    seen[v] = 1;
    if (v >= n) continue;
    const r = rs[v]!;
    if (isComponent[v] && costs[v]!.high === 0) continue;
    path.push({ urn: r.urn, type: r.type, name: r.name, layer: r.layer ?? null, cost: costs[v]!, finishAt: at[1]![v]! });
  }
  path.reverse();

  return {
    low: totals[0]!,
    mid: totals[1]!,
    high: totals[2]!,
    criticalPath: path,
    gitopsReadyAt: anyReady ? { low: readyAt[0]!, mid: readyAt[1]!, high: readyAt[2]! } : null,
    unknownTypes: [...unknownTypes].sort(),
    warnings: [...warnings].sort(),
  };
}

/** `365` gives "6m 05s", `42.5` gives "42.5s". */
export function formatSeconds(s: number): string {
  const whole = Math.floor(s);
  const frac = s - whole;
  const sec = whole % 60;
  const min = Math.floor(whole / 60);
  const secText = frac === 0 ? String(sec) : (sec + frac).toFixed(1);
  if (min === 0) return `${secText}s`;
  return `${min}m ${secText.padStart(frac === 0 ? 2 : 4, "0")}s`;
}

/** The summary's lines: the estimate to GitOps-ready, the whole run, and the time-weighted critical path. Pure. */
export function renderEstimate(e: PlanEstimate): string {
  const out: string[] = [];
  const r = (c: StepCost) => `${formatSeconds(c.mid)} (low ${formatSeconds(c.low)}, high ${formatSeconds(c.high)})`;
  if (e.gitopsReadyAt) out.push(`Estimated time to GitOps-ready: ${r(e.gitopsReadyAt)}`);
  out.push(`Estimated \`pulumi up\` on an empty stack: ${r(e)}`);
  out.push(`Critical path, time-weighted at mid costs (${e.criticalPath.length} steps; step costs in docs/offline-plan.md):`);
  for (const s of e.criticalPath) {
    out.push(`  ${formatSeconds(s.finishAt).padStart(8)}  +${formatSeconds(s.cost.mid).padEnd(6)} [${s.layer ?? "-"}] ${s.type} ${s.name}`);
  }
  for (const w of e.warnings) out.push(`  warning: ${w}`);
  return `${out.join("\n")}\n`;
}
