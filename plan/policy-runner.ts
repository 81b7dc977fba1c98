/**
 * Applies a CrossGuard pack's policies offline, to what the recording monitor captured, the way the engine's analyzer
 * host does (@pulumi/policy 1.21 server.js): every resource policy on every resource, every stack policy once, the
 * pack's enforcement levels (policy config overrides them, "disabled" skips, "remediate" counts as mandatory), schema
 * defaults in `getConfig()`, `notApplicable()`, and props behind `unknownCheckingProxy`, so reading a value that is not
 * yet known stops that policy for that resource and is reported as "not yet known", never as a violation.
 *
 * Two differences from the engine, both documented in docs/offline-plan.md:
 * - props keep their secret markers (`Secret` under a secrets-unwrapping proxy, as the engine does for remediations),
 *   so secrets-are-secret can see what the engine hides from validations (pulumi-policy issue 241);
 * - stack policies see the inputs as props: in a preview of new resources the engine's outputs are those inputs.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { Secret, UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { RecordedResource, UNKNOWN, convertWire } from "@k3s-gitops/components/testing";

/**
 * A read-only view that unwraps `Secret` values on access, like @pulumi/policy's `secretsPreservingProxy` (which the
 * engine uses for remediations), answering the same `__isSpecialProxy`/`__getSpecialProxyTarget` probes, so policies
 * can find the `Secret` wrappers underneath. Unlike that proxy it leaves functions alone and honours the Proxy
 * invariant for non-configurable properties, so `Array.prototype.filter` and friends work on proxied arrays.
 */
export function secretsVisibleProxy(value: unknown): any {
  if (typeof value !== "object" || value === null) return value;
  return new Proxy(value as Record<PropertyKey, unknown>, {
    get: (target, p) => {
      if (p === "__isSpecialProxy") return true;
      if (p === "__getSpecialProxyTarget") return target;
      const desc = Object.getOwnPropertyDescriptor(target, p);
      if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return desc.value;
      let v = target[p as string];
      if (v instanceof Secret) v = v.value;
      return typeof v === "object" && v !== null ? secretsVisibleProxy(v) : v;
    },
    set: () => false,
  });
}

export interface Violation {
  readonly policy: string;
  readonly enforcement: "mandatory" | "advisory";
  readonly urn: string | null;
  readonly message: string;
}

export interface PolicyNote {
  readonly policy: string;
  readonly urn: string | null;
  readonly message: string;
}

export interface PolicyRunResult {
  readonly violations: Violation[];
  /** Policies that could not finish on a resource because a value is not yet known (preview). */
  readonly notYetKnown: PolicyNote[];
  readonly notApplicable: PolicyNote[];
}

export interface RunPoliciesOptions {
  /** Per-policy config, as `pulumi preview --policy-pack-config` takes it. */
  readonly config?: PolicyPackConfig;
  /** The pack's default level. @default "advisory" (the @pulumi/policy default) */
  readonly packEnforcementLevel?: EnforcementLevel;
  readonly project?: string;
}

class NotApplicable extends Error {
  constructor(public readonly reason: string) {
    super(reason);
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason ?? "");
}

/** Wire inputs to what a policy sees: secrets as `Secret` (unwrapped on read), unknowns as the
 * unknown sentinel that `unknownCheckingProxy` turns into UnknownValueError. */
export function policyProps(rawInputs: Record<string, unknown>): Record<string, any> {
  const plain = convertWire(rawInputs, (v) => new Secret(v), UNKNOWN) as Record<string, unknown>;
  for (const k of Object.keys(plain)) if (plain[k] === undefined) delete plain[k];
  return unknownCheckingProxy(secretsVisibleProxy(plain));
}

function levelOf(p: { name: string; enforcementLevel?: EnforcementLevel }, opts: RunPoliciesOptions): EnforcementLevel {
  const c = opts.config?.[p.name];
  const fromConfig = typeof c === "string" ? c : c?.enforcementLevel;
  return fromConfig ?? p.enforcementLevel ?? opts.packEnforcementLevel ?? "advisory";
}

function configOf(p: ResourceValidationPolicy | StackValidationPolicy, opts: RunPoliciesOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) out[k] = schema.default;
  }
  const c = opts.config?.[p.name];
  if (c && typeof c === "object") {
    for (const [k, v] of Object.entries(c)) if (k !== "enforcementLevel") out[k] = v;
  }
  return out;
}

/** Builds the PolicyResource graph the engine hands validateStack, linked by object references. */
export function toPolicyResources(recorded: readonly RecordedResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const out: PolicyResource[] = [];
  for (const r of recorded) {
    const props = policyProps(r.rawInputs);
    const opts: PolicyResourceOptions = {
      protect: r.options.protect,
      ignoreChanges: [...r.options.ignoreChanges],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [...r.options.additionalSecretOutputs],
      ...(r.parent ? { parent: r.parent } : {}),
    };
    const type = r.type;
    const resource: PolicyResource = {
      type,
      props,
      urn: r.urn,
      name: r.name,
      opts,
      dependencies: [],
      propertyDependencies: {},
      isType: (cls: any) => cls?.__pulumiType === type,
      asType: (cls: any) => (cls?.__pulumiType === type ? (props as any) : undefined),
    };
    byUrn.set(r.urn, resource);
    out.push(resource);
  }
  recorded.forEach((r, i) => {
    const resource = out[i]!;
    if (r.parent && byUrn.has(r.parent)) resource.parent = byUrn.get(r.parent);
    resource.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
    for (const [k, list] of Object.entries(r.propertyDependencies)) {
      resource.propertyDependencies[k] = list.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
    }
    if (r.provider) {
      const providerUrn = r.provider.slice(0, r.provider.lastIndexOf("::"));
      const p = byUrn.get(providerUrn);
      if (p) resource.provider = { type: p.type, props: p.props, urn: p.urn, name: p.name };
    }
  });
  return out;
}

function isStackPolicy(p: unknown): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Runs every policy of `policies` over the recorded resources. Deterministic order of results. */
export async function runPolicies(
  recorded: readonly RecordedResource[],
  policies: Policies,
  opts: RunPoliciesOptions = {},
): Promise<PolicyRunResult> {
  const resources = toPolicyResources(recorded);
  const violations: Violation[] = [];
  const notYetKnown: PolicyNote[] = [];
  const notApplicable: PolicyNote[] = [];
  const stackTags = new Map<string, string>([["pulumi:project", opts.project ?? "k3s-gitops"], ["pulumi:runtime", "nodejs"]]);

  for (const p of policies) {
    let level = levelOf(p, opts);
    if (level === "disabled") continue;
    if (level === "remediate") level = "mandatory";
    const enforcement = level as "mandatory" | "advisory";
    const config = configOf(p, opts);
    const getConfig = <T extends object>() => ({ ...config }) as T;

    const run = async (urn: string | null, fn: (report: (message: string, urn?: string) => void) => unknown) => {
      const report = (message: string, at?: string) => violations.push({ policy: p.name, enforcement, urn: urn ?? at ?? null, message });
      try {
        await fn(report);
      } catch (err) {
        if (err instanceof UnknownValueError) notYetKnown.push({ policy: p.name, urn, message: `not yet known: ${(err as Error).message}` });
        else if (err instanceof NotApplicable) notApplicable.push({ policy: p.name, urn, message: err.reason });
        else violations.push({ policy: p.name, enforcement: "mandatory", urn, message: `policy failed: ${(err as Error).message ?? String(err)}` });
      }
    };

    if (isStackPolicy(p)) {
      await run(null, (report) => p.validateStack({ resources, stackTags, getConfig, notApplicable: throwNotApplicable }, report));
      continue;
    }
    const validations = p.validateResource === undefined ? [] : Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
    const only = validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
    for (const r of resources) {
      if (only && only !== r.type) continue;
      const args: ResourceValidationArgs = {
        type: r.type,
        props: r.props,
        urn: r.urn,
        name: r.name,
        opts: r.opts,
        stackTags,
        isType: r.isType,
        asType: r.asType as ResourceValidationArgs["asType"],
        getConfig,
        notApplicable: throwNotApplicable,
        ...(r.provider ? { provider: r.provider } : {}),
      };
      for (const v of validations) await run(r.urn, (report) => v(args, (message) => report(message)));
    }
  }
  const order = (a: PolicyNote, b: PolicyNote) =>
    a.policy.localeCompare(b.policy) || (a.urn ?? "").localeCompare(b.urn ?? "") || a.message.localeCompare(b.message);
  return { violations: violations.sort(order), notYetKnown: notYetKnown.sort(order), notApplicable: notApplicable.sort(order) };
}
