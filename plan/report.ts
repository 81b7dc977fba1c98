/**
 * The `--json` report: version 1, the exact shape of issue 5. Secrets are "[secret]", unknowns "[unknown]", and the
 * bytes are the same from run to run (sorted resources and keys).
 */
import { LayerId, layerOfUrn } from "@k3s-gitops/components/kernel";
import type { OutputValue, RunResult } from "@k3s-gitops/components/testing";
import type { Violation } from "./policy-runner";
import type { ConvergenceReport } from "./convergence";
import { RecordedResource, convertWire, redactedInputs } from "@k3s-gitops/components/testing";
import { PlanEstimate, estimatePlan } from "./estimate";

/** A recorded registration as the JSON report shows it: its layer, and inputs with secrets and unknowns redacted. */
export interface ReportResource
  extends Pick<RecordedResource, "urn" | "type" | "name" | "custom" | "parent" | "provider" | "dependencies" | "propertyDependencies"> {
  readonly layer: LayerId | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Custom resources only, sorted (additive to v1): the resource options the plan diff needs (plan/diff.ts). */
  readonly ignoreChanges?: readonly string[];
  readonly replaceOnChanges?: readonly string[];
}

export interface PlanReport {
  readonly version: 1;
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly ReportResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly violations: readonly Violation[];
  /** Risky-but-legal config, one `warning: k3s-gitops:<key path>: <why>` line each (stacks/config/warnings.ts). */
  readonly warnings: readonly string[];
  /** The time estimate, `estimatePlan(report)` (plan/estimate.ts). Additive to v1. */
  readonly estimate: PlanEstimate;
  /** Issue 12, additive to v1: whether the stages converge (plan/convergence); absent when not checked. */
  readonly convergence?: ConvergenceReport;
}

/** The layer of every recorded resource, from the shared model (the same resolver the policy pack uses). */
export function layersOf(resources: readonly RecordedResource[]): Map<string, LayerId | null> {
  const out = new Map<string, LayerId | null>();
  for (const r of resources) out.set(r.urn, layerOfUrn(r.urn));
  return out;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortDeep((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function redactOutput(o: OutputValue): unknown {
  if (o.secret) return "[secret]";
  if (!o.known) return "[unknown]";
  return sortDeep(convertWire(o.value, () => "[secret]", "[unknown]"));
}

export function buildReport(
  run: RunResult,
  violations: readonly Violation[],
  project: string,
  stack: string,
  warnings: readonly string[] = [],
  extra: { convergence?: ConvergenceReport } = {},
): PlanReport {
  const layers = layersOf(run.resources);
  const resources = [...run.resources]
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
    .map((r) => {
      const propertyDependencies: Record<string, string[]> = {};
      for (const k of Object.keys(r.propertyDependencies).sort()) propertyDependencies[k] = [...r.propertyDependencies[k]!].sort();
      return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        parent: r.parent,
        provider: r.provider,
        dependencies: [...new Set(r.dependencies)].sort(),
        propertyDependencies,
        layer: layers.get(r.urn) ?? null,
        inputs: redactedInputs(r),
        ...(r.custom ? { ignoreChanges: [...r.options.ignoreChanges].sort(), replaceOnChanges: [...r.options.replaceOnChanges].sort() } : {}),
      };
    });
  // The engine's root resource, which the mock runtime does not register: top-level resources are its children.
  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  const withStack: ReportResource[] = [
    { urn: stackUrn, type: "pulumi:pulumi:Stack", name: `${project}-${stack}`, custom: false, parent: null, provider: null, dependencies: [], propertyDependencies: {}, layer: null, inputs: {} },
    ...resources.map((r) => (r.parent === null ? { ...r, parent: stackUrn } : r)),
  ];
  const outputs: Record<string, unknown> = {};
  for (const k of Object.keys(run.outputs).sort()) outputs[k] = redactOutput(run.outputs[k]!);
  return {
    version: 1,
    project,
    stack,
    resources: withStack,
    outputs,
    violations: violations.map((v) => ({ policy: v.policy, enforcement: v.enforcement, urn: v.urn, message: v.message })),
    warnings: [...warnings],
    estimate: estimatePlan({ resources: withStack }),
    ...(extra.convergence ? { convergence: extra.convergence } : {}),
  };
}

/** The report's bytes: two-space JSON with a trailing newline. */
export function serializeReport(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
