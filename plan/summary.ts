/**
 * The console summary of a plan: resources per layer, the critical path, the policy verdicts.
 */
import { LAYERS } from "@k3s-gitops/components/kernel";
import type { PolicyRunResult } from "./policy-runner";
import type { RecordedResource } from "@k3s-gitops/components/testing";
import { layersOf } from "./report";
import { ConvergenceReport, renderConvergence } from "./convergence";
import { PlanEstimate, renderEstimate } from "./estimate";

/**
 * The longest chain of real dependency edges (what the engine waits for), as resources from first to last. Linear in
 * the edges: each resource's depth is computed once.
 */
export function criticalPath(resources: readonly RecordedResource[]): RecordedResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const best = new Map<string, { depth: number; next: string | null }>();
  const visit = (r: RecordedResource): number => {
    const cached = best.get(r.urn);
    if (cached) return cached.depth;
    best.set(r.urn, { depth: 0, next: null }); // cycle guard
    let depth = 0;
    let next: string | null = null;
    for (const d of [...r.dependencies].sort()) {
      const dep = byUrn.get(d);
      if (!dep) continue;
      const candidate = 1 + visit(dep);
      if (candidate > depth) {
        depth = candidate;
        next = dep.urn;
      }
    }
    best.set(r.urn, { depth, next });
    return depth;
  };
  let end: RecordedResource | undefined;
  let endDepth = -1;
  for (const r of [...resources].sort((a, b) => (a.urn < b.urn ? -1 : 1))) {
    const d = visit(r);
    if (d > endDepth) {
      endDepth = d;
      end = r;
    }
  }
  const chain: RecordedResource[] = [];
  let cursor: string | null = end?.urn ?? null;
  while (cursor) {
    chain.push(byUrn.get(cursor)!);
    cursor = best.get(cursor)!.next;
  }
  return chain.reverse();
}

/** With `estimate`, the time-weighted critical path and the time to GitOps-ready replace the hop count. */
export function renderSummary(
  stack: string,
  resources: readonly RecordedResource[],
  policy: PolicyRunResult,
  estimate?: PlanEstimate,
  convergence?: ConvergenceReport,
): string {
  const layers = layersOf(resources);
  const out: string[] = [];
  const custom = resources.filter((r) => r.custom).length;
  out.push(`k3s-gitops plan for stack "${stack}": ${resources.length} resources (${custom} custom, ${resources.length - custom} components)`);
  out.push("");
  out.push("  layer                 custom  components");
  for (const layer of [...LAYERS.map((l) => l.id), null]) {
    const inLayer = resources.filter((r) => (layers.get(r.urn) ?? null) === layer);
    if (inLayer.length === 0 && layer === null) continue;
    const title = layer === null ? "- no layer" : `${layer} ${LAYERS[layer]!.key}`;
    const c = inLayer.filter((r) => r.custom).length;
    out.push(`  ${title.padEnd(20)} ${String(c).padStart(7)} ${String(inLayer.length - c).padStart(11)}`);
  }
  out.push("");
  if (estimate) out.push(renderEstimate(estimate));
  else {
    const path = criticalPath(resources);
    out.push(`Critical path (${Math.max(0, path.length - 1)} waits):`);
    for (const r of path) out.push(`  [${layers.get(r.urn) ?? "-"}] ${r.type} ${r.name}`);
    out.push("");
  }
  const mandatory = policy.violations.filter((v) => v.enforcement === "mandatory");
  const advisory = policy.violations.filter((v) => v.enforcement === "advisory");
  out.push(`Policies: ${mandatory.length} mandatory, ${advisory.length} advisory violation(s)`);
  for (const v of policy.violations) out.push(`  [${v.enforcement}] ${v.policy}: ${v.message}${v.urn ? `\n      at ${v.urn}` : ""}`);
  if (policy.notYetKnown.length > 0) {
    out.push(`Not yet known during preview (checked at \`pulumi up\`): ${policy.notYetKnown.length}`);
    for (const n of policy.notYetKnown.slice(0, 20)) out.push(`  ${n.policy}: ${n.message}${n.urn ? ` (${n.urn.split("::").pop()})` : ""}`);
  }
  if (convergence) out.push("", renderConvergence(convergence).trimEnd());
  return `${out.join("\n")}\n`;
}
