/**
 * The plan diff: what a change to the program or a stack's config does to a stack, from two offline plans, for the
 * reviewers of a pull request. Replacements first.
 *
 * Exports:
 *   diffPlans(before: DiffablePlan, after: DiffablePlan): PlanDiff
 *     before, after: `--json` reports (contract v1), optionally with each resource's `ignoreChanges` and
 *     `replaceOnChanges` (see withResourceOptions). The options of `after` apply (they are the new program's), else
 *     those of `before`. Pure; resources are matched by URN.
 *   renderDiff(diff: PlanDiff, opts?: { markdown?: boolean }): string
 *     replacements (certain, then possible), added and removed, changed inputs, what else may change. Plain text for
 *     the terminal; `markdown: true` for a job summary.
 *   withResourceOptions(plan, recorded): plan with `ignoreChanges` / `replaceOnChanges` on every custom resource, from
 *     the recorded registrations (RecordedResource.options). Additive to contract v1.
 *
 * What it can and cannot see:
 *   - Secrets are `"[secret]"` in both plans, so a changed secret does not show; a value that is secret in either plan
 *     is printed as `[secret]` on both sides.
 *   - Outputs are the mock engine's, the same for a replaced resource as for the old one. So the diff also walks the
 *     dependency graph: whatever reads an output of a replaced resource (or of a command that runs again) may change,
 *     and is replaced if it reads it into a replace-on-change input. The engine reasons the same way at preview,
 *     where those outputs are unknown (step_generator.go calculateDependentReplacements).
 *   - Replace-on-change inputs come from replace-on-change.ts; a type without confirmed rows is flagged.
 */
import { isSecretValue } from "@k3s-gitops/components/testing";
import type { RecordedResource } from "@k3s-gitops/components/testing";
import { Segment, covers, parsePath, pathText, valueAt } from "./diff-paths";
import { hasConfirmedRules, rulesFor } from "./replace-on-change";

export interface DiffableResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** @default true */
  readonly custom?: boolean;
  readonly provider?: string | null;
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The resource option, as Pulumi property paths. Absent: not recorded in this plan. */
  readonly ignoreChanges?: readonly string[];
  readonly replaceOnChanges?: readonly string[];
}

export interface DiffablePlan {
  readonly stack?: string;
  readonly resources: readonly DiffableResource[];
}

export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

export interface ReplaceReason {
  /** The replace-on-change input (or resource option) the change falls under. */
  readonly input: string;
  readonly source: string;
  readonly confirmed: boolean;
}

export interface InputChange {
  /** Pulumi property path: `spec.version`, `networks[0].ip`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  /** Masked: `"[secret]"` when the value is secret in either plan. */
  readonly before?: unknown;
  readonly after?: unknown;
  readonly secret: boolean;
  /** The new value is known only at `pulumi up`. */
  readonly unknown: boolean;
  /** Under the resource's ignoreChanges: the engine keeps the old value and does nothing. */
  readonly ignored: boolean;
  /** Set when the change replaces the resource. */
  readonly replaces: ReplaceReason | null;
}

export interface ResourceDiff extends ResourceRef {
  /** "none": every change is ignored (ignoreChanges). */
  readonly action: "replace" | "update" | "none";
  /** False when the replacement depends on a value known only at `pulumi up`. */
  readonly certain: boolean;
  /** What runs again (commands), when the resource is updated or replaced. */
  readonly reruns: string | null;
  /** The type has no confirmed replace-on-change row: an "update" may be a replacement. */
  readonly unconfirmed: boolean;
  readonly changes: readonly InputChange[];
}

export interface KnockOn extends ResourceRef {
  readonly action: "replace" | "update";
  readonly reruns: string | null;
  /** The inputs that read outputs of a replaced resource or of a command that runs again. */
  readonly because: readonly { readonly input: string; readonly reads: string }[];
}

export interface PlanDiff {
  readonly before: { readonly stack: string | null; readonly resources: number };
  readonly after: { readonly stack: string | null; readonly resources: number };
  /** Resources replaced by their own input changes. Sorted by URN. */
  readonly replacements: readonly ResourceDiff[];
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  /** Every resource in both plans whose inputs differ, replacements and ignored-only changes included. */
  readonly changed: readonly ResourceDiff[];
  /** Resources whose inputs look unchanged offline but read outputs that will change. */
  readonly knockOn: readonly KnockOn[];
  readonly notes: readonly string[];
}

export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

// ---------------------------------------------------------------------------------------------------------------
// Values

function isSecret(v: unknown): boolean {
  return v === SECRET || isSecretValue(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value with every secret (plan marker or wire form) replaced by "[secret]". */
function mask(v: unknown): unknown {
  if (isSecret(v)) return SECRET;
  if (Array.isArray(v)) return v.map(mask);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = mask(v[k]);
    return out;
  }
  return v;
}

function containsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (isPlainObject(v)) return Object.values(v).some(containsSecret);
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

interface RawChange {
  readonly segs: Segment[];
  readonly kind: InputChange["kind"];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly secret: boolean;
}

/** Leaf-level differences, objects and arrays walked key by key and index by index. Secrets are compared as markers. */
function rawChanges(before: unknown, after: unknown, segs: Segment[], out: RawChange[]): void {
  if (isSecret(before) || isSecret(after)) {
    if (isSecret(before) && isSecret(after)) return; // not comparable: both plans hold only the marker
    const kind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    out.push({ segs, kind, ...(before === undefined ? {} : { before: SECRET }), ...(after === undefined ? {} : { after: SECRET }), secret: true });
    return;
  }
  if (deepEqual(before, after)) return;
  if (before === undefined) {
    out.push({ segs, kind: "added", after: mask(after), secret: containsSecret(after) });
    return;
  }
  if (after === undefined) {
    out.push({ segs, kind: "removed", before: mask(before), secret: containsSecret(before) });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) rawChanges(before[k], after[k], [...segs, k], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) rawChanges(before[i], after[i], [...segs, i], out);
    return;
  }
  const secret = containsSecret(before) || containsSecret(after);
  out.push({ segs, kind: "changed", before: secret ? SECRET : mask(before), after: secret ? SECRET : mask(after), secret });
}

// ---------------------------------------------------------------------------------------------------------------
// The diff

interface ReplacePath {
  readonly segs: Segment[];
  readonly reason: ReplaceReason;
}

function replacePaths(r: DiffableResource): ReplacePath[] {
  const out: ReplacePath[] = [];
  for (const rule of rulesFor(r.type)) {
    for (const input of rule.inputs) out.push({ segs: parsePath(input), reason: { input, source: rule.source, confirmed: rule.confirmed } });
  }
  for (const input of r.replaceOnChanges ?? []) {
    out.push({ segs: input === "*" ? [] : parsePath(input), reason: { input, source: "resource option replaceOnChanges", confirmed: true } });
  }
  return out;
}

function rerunsOf(type: string): string | null {
  return rulesFor(type).find((r) => r.updateRuns)?.updateRuns ?? null;
}

function ref(r: DiffableResource): ResourceRef {
  return { urn: r.urn, type: r.type, name: r.name };
}

const byUrn = <T extends { urn: string }>(a: T, b: T) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);

function diffResource(before: DiffableResource, after: DiffableResource): ResourceDiff | null {
  const raw: RawChange[] = [];
  rawChanges(before.inputs, after.inputs, [], raw);
  if (raw.length === 0) return null;
  // The new program's options apply; a plan that did not record them (no ignoreChanges field) falls back to the other.
  const options = after.ignoreChanges !== undefined ? after : before;
  const ignore = (options.ignoreChanges ?? []).map(parsePath);
  const replacing = replacePaths({ ...after, replaceOnChanges: options.replaceOnChanges });
  const changes: InputChange[] = raw.map((c) => {
    const ignored = ignore.some((p) => covers(p, c.segs));
    let replaces: ReplaceReason | null = null;
    if (!ignored) {
      for (const rp of replacing) {
        const inside = covers(rp.segs, c.segs);
        const above = !inside && covers(c.segs, rp.segs) && !deepEqual(valueAt(before.inputs, rp.segs), valueAt(after.inputs, rp.segs));
        if (inside || above) {
          replaces = rp.reason;
          break;
        }
      }
    }
    return {
      path: pathText(c.segs),
      kind: c.kind,
      ...("before" in c ? { before: c.before } : {}),
      ...("after" in c ? { after: c.after } : {}),
      secret: c.secret,
      unknown: c.after === UNKNOWN,
      ignored,
      replaces,
    };
  });
  const live = changes.filter((c) => !c.ignored);
  const replacingChanges = live.filter((c) => c.replaces);
  const action = replacingChanges.length > 0 ? "replace" : live.length > 0 ? "update" : "none";
  return {
    ...ref(after),
    action,
    certain: action !== "replace" || replacingChanges.some((c) => !c.unknown),
    reruns: action === "none" ? null : rerunsOf(after.type),
    unconfirmed: action === "update" && after.custom !== false && !hasConfirmedRules(after.type),
    changes,
  };
}

/** What may change because it reads outputs of replaced resources or of commands that run again. */
function knockOns(after: DiffablePlan, direct: ReadonlyMap<string, ResourceDiff>, removed: ReadonlySet<string>): KnockOn[] {
  const now = new Map(after.resources.map((r) => [r.urn, r]));
  const readers = new Map<string, { r: DiffableResource; input: string }[]>();
  const managed = new Map<string, DiffableResource[]>();
  for (const r of after.resources) {
    for (const [input, urns] of Object.entries(r.propertyDependencies ?? {})) {
      for (const u of urns) {
        if (!readers.has(u)) readers.set(u, []);
        readers.get(u)!.push({ r, input });
      }
    }
    if (r.provider) {
      const p = r.provider.slice(0, r.provider.lastIndexOf("::"));
      if (!managed.has(p)) managed.set(p, []);
      managed.get(p)!.push(r);
    }
  }
  const state = new Map<string, { r: DiffableResource; action: "replace" | "update"; because: Map<string, { input: string; reads: string }> }>();
  const queue: string[] = [];
  // Origins: replaced resources (new outputs) and commands that run again (new stdout).
  for (const d of direct.values()) if (d.action === "replace" || (d.action === "update" && d.reruns)) queue.push(d.urn);
  const rank = { update: 1, replace: 2 } as const;
  const mark = (r: DiffableResource, action: "replace" | "update", input: string, reads: string) => {
    const own = direct.get(r.urn);
    if (own && rank[action] <= (own.action === "none" ? 0 : rank[own.action])) return; // its own diff already says as much
    if (removed.has(r.urn)) return;
    let s = state.get(r.urn);
    const upgraded = !s || rank[action] > rank[s.action];
    if (!s) state.set(r.urn, (s = { r, action, because: new Map() }));
    if (upgraded) s.action = action;
    s.because.set(`${input}\u0000${reads}`, { input, reads });
    // Propagate what produces new outputs: a replacement, or a command that runs again.
    if (upgraded && (action === "replace" || rerunsOf(r.type))) queue.push(r.urn);
  };
  for (let q = 0; q < queue.length; q++) {
    const urn = queue[q]!;
    for (const { r, input } of readers.get(urn) ?? []) {
      const ignore = (r.ignoreChanges ?? []).map(parsePath);
      if (ignore.some((p) => covers(p, [input]))) continue;
      const replacing = replacePaths(r).some((rp) => covers([input], rp.segs) || covers(rp.segs, [input]));
      mark(r, replacing ? "replace" : "update", input, urn);
    }
    // A replaced provider replaces every resource it manages.
    const provider = now.get(urn);
    const replaced = direct.get(urn)?.action === "replace" || state.get(urn)?.action === "replace";
    if (provider && provider.type.startsWith("pulumi:providers:") && replaced) {
      for (const r of managed.get(urn) ?? []) mark(r, "replace", "provider", urn);
    }
  }
  return [...state.values()]
    .map((s) => ({
      ...ref(s.r),
      action: s.action,
      reruns: rerunsOf(s.r.type),
      because: [...s.because.values()].sort((a, b) => (a.input + a.reads < b.input + b.reads ? -1 : 1)),
    }))
    .sort(byUrn);
}

export function diffPlans(before: DiffablePlan, after: DiffablePlan): PlanDiff {
  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const now = new Map(after.resources.map((r) => [r.urn, r]));
  const added = after.resources.filter((r) => !old.has(r.urn)).map(ref).sort(byUrn);
  const removed = before.resources.filter((r) => !now.has(r.urn)).map(ref).sort(byUrn);
  const changed: ResourceDiff[] = [];
  for (const r of after.resources) {
    const o = old.get(r.urn);
    if (!o) continue;
    const d = diffResource(o, r);
    if (d) changed.push(d);
  }
  changed.sort(byUrn);
  const direct = new Map(changed.map((d) => [d.urn, d]));
  const notes: string[] = [];
  if (!after.resources.some((r) => r.ignoreChanges) && !before.resources.some((r) => r.ignoreChanges)) {
    notes.push("ignoreChanges is not recorded in these plans: changes the program ignores show as updates or replacements.");
  }
  if ((before.stack ?? null) !== (after.stack ?? null)) notes.push(`the plans are of different stacks (${before.stack} and ${after.stack}): every URN differs.`);
  notes.push("Secrets are masked and not compared: a changed secret value does not show.");
  return {
    before: { stack: before.stack ?? null, resources: before.resources.length },
    after: { stack: after.stack ?? null, resources: after.resources.length },
    replacements: changed.filter((d) => d.action === "replace"),
    added,
    removed,
    changed,
    knockOn: knockOns(after, direct, new Set(removed.map((r) => r.urn))),
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Options

/** The plan with each custom resource's ignoreChanges and replaceOnChanges (sorted) from its recorded registration. */
export function withResourceOptions<P extends DiffablePlan>(plan: P, recorded: readonly Pick<RecordedResource, "urn" | "custom" | "options">[]): P {
  const opts = new Map(recorded.map((r) => [r.urn, r]));
  return {
    ...plan,
    resources: plan.resources.map((r) => {
      const rec = opts.get(r.urn);
      if (!rec || !rec.custom) return r;
      return { ...r, ignoreChanges: [...rec.options.ignoreChanges].sort(), replaceOnChanges: [...rec.options.replaceOnChanges].sort() };
    }),
  };
}

export { renderDiff } from "./diff-render";
export { parsePath, pathText } from "./diff-paths";
