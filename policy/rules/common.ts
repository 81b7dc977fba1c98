/**
 * Helpers every rule file shares: the catalog, unknown-safe reads, secretness and the stack's profile. The layer
 * model, the catalog and the profile rule come from the library's kernel (`@k3s-gitops/components/kernel`, which
 * loads no provider SDK); nothing here keeps a copy.
 */
import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { CATALOG, CatalogEntry, chartMatches, ProfileName, ProfileResolution, resolveProfile, stackOfUrn } from "@k3s-gitops/components/kernel";

export type Catalog = Readonly<Record<string, CatalogEntry>>;

/** What a policy factory can be given; tests pass a synthetic catalog, the pack passes the shared one. */
export interface RuleContext {
  readonly catalog: Catalog;
}

export const DEFAULT_CONTEXT: RuleContext = { catalog: CATALOG as Catalog };

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
export const K8S_PROVIDER = "pulumi:providers:kubernetes";

/**
 * Runs `read` and returns its value, or `undefined` when it touched a value that is not yet known (preview). An
 * unknown is "not yet known", never a violation: rules skip what they cannot see yet.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnknownValueError) return undefined;
    throw err;
  }
}

/** Like `known`, but tells "not yet known" apart from "absent". */
export function peek<T>(read: () => T): { known: true; value: T } | { known: false } {
  try {
    return { known: true, value: read() };
  } catch (err) {
    if (err instanceof UnknownValueError) return { known: false };
    throw err;
  }
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The `apiVersion/kind` of a Kubernetes resource type token: `kubernetes:apps/v1:Deployment` -> `Deployment`. */
export function k8sKind(type: string): string | undefined {
  if (!type.startsWith("kubernetes:")) return undefined;
  return type.split(":")[2];
}

/** `metadata.namespace` of a Kubernetes object, `default` when unset (what the API server does). */
export function k8sNamespace(props: Record<string, any>): string | undefined {
  return known(() => asString(props.metadata?.namespace) ?? "default");
}

/** `metadata.name`, else undefined (auto-named, or not yet known). */
export function k8sName(props: Record<string, any>): string | undefined {
  return known(() => asString(props.metadata?.name));
}

/** Every namespace the catalog installs into: the infrastructure tier's namespaces. */
export function catalogNamespaces(catalog: Catalog): Set<string> {
  return new Set(Object.values(catalog).map((e) => e.namespace));
}

/** Catalog entries with one of `roles`. */
export function entriesWithRole(catalog: Catalog, roles: readonly string[]): [string, CatalogEntry][] {
  return Object.entries(catalog).filter(([, e]) => roles.includes(e.role));
}

/** Which entry a release's chart names is the kernel's decision (kernel/catalog.ts chartMatches). */
export { chartMatches };

/** The catalog entry behind a Helm release's chart, if any. */
export function catalogEntryForChart(catalog: Catalog, chart: string): [string, CatalogEntry] | undefined {
  return Object.entries(catalog).find(([, e]) => chartMatches(chart, e));
}

/** The URNs a resource waits for: its dependencies and every property dependency. */
export function dependencyUrns(r: PolicyResource): string[] {
  const out = new Set<string>();
  for (const d of r.dependencies) out.add(d.urn);
  for (const list of Object.values(r.propertyDependencies)) for (const d of list) out.add(d.urn);
  return [...out];
}

/** A short, readable name for messages: `type name`. */
export function describe(r: { type: string; name: string }): string {
  return `${r.type} "${r.name}"`;
}

// ---- secrets ----------------------------------------------------------------------------------------------------

const IS_PROXY = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Duck-typed check for @pulumi/policy's `Secret` wrapper (avoids depending on one module instance). */
function isSecretWrapper(v: unknown): boolean {
  return typeof v === "object" && v !== null && v.constructor?.name === "Secret" && "value" in v;
}

/**
 * Unwraps @pulumi/policy's proxies down to the raw properties, and says whether secrets are visible in them.
 *
 * The engine hands `validateResource`/`validateStack` props deserialised with secrets unwrapped (pulumi-policy
 * issue 241): one proxy layer (`unknownCheckingProxy`) over plain values, so secretness is invisible. Remediations
 * and the offline runner wrap secrets in `Secret` under a `secretsPreservingProxy`: two proxy layers, and the raw
 * object holds `Secret` instances.
 */
export function secretView(props: Record<string, any>): { raw: Record<string, any>; visible: boolean } {
  let cursor: any = props;
  let layers = 0;
  while (cursor && typeof cursor === "object" && cursor[IS_PROXY] === true && layers < 4) {
    const next = cursor[PROXY_TARGET];
    if (next === cursor || next === undefined) break;
    cursor = next;
    layers++;
  }
  return { raw: cursor as Record<string, any>, visible: layers >= 2 };
}

/**
 * Whether the value at `path` is secret: "secret" when it or an enclosing value is wrapped, "plain" when it is not,
 * "absent" when there is no value, and "unseen" when this props object carries no secret information.
 */
export function secretnessAt(props: Record<string, any>, path: readonly string[]): "secret" | "plain" | "absent" | "unseen" {
  const { raw, visible } = secretView(props);
  let cursor: any = raw;
  for (const key of path) {
    if (isSecretWrapper(cursor)) return "secret";
    if (cursor === null || typeof cursor !== "object") return "absent";
    cursor = cursor[key];
  }
  if (cursor === undefined || cursor === null) return "absent";
  if (!visible) return "unseen";
  return isSecretWrapper(cursor) ? "secret" : "plain";
}

// ---- the stack's profile ------------------------------------------------------------------------------------------

export type Profile = ProfileName;

export const PROFILE_SCHEMA = {
  type: "string" as const,
  enum: ["auto", "dev", "prod"],
  default: "auto",
  description:
    "The stack's profile, as the program resolves it (k3s-gitops:profile). auto: the stack's name when it is dev or " +
    "prod (from the URN); any other stack must set it here, or the profile-aware policies do not apply. The offline " +
    "plan sets it from the stack's resolved k3s-gitops:profile.",
};

/**
 * The stack's profile by the program's own rule (the kernel's `resolveProfile`): the `profile` knob when it is `dev`
 * or `prod`, else the stack's name (from any of its URNs) when it is `dev` or `prod`, else unresolved.
 */
export function stackProfile(knob: unknown, anyUrn: string | undefined): ProfileResolution {
  return resolveProfile(knob === "auto" ? undefined : knob, anyUrn ? stackOfUrn(anyUrn) : "");
}

/** Why a profile-aware policy does not apply when the profile is unresolved. */
export function unresolvedProfileReason(r: ProfileResolution & { ok: false }, anyUrn: string | undefined): string {
  const stack = anyUrn ? stackOfUrn(anyUrn) : "(unknown)";
  return r.reason === "invalid"
    ? `the policy config profile is ${JSON.stringify(r.value)}; set it to auto, dev or prod`
    : `stack "${stack}" is not named dev or prod, so its profile is not known; set this policy's config profile to the stack's k3s-gitops:profile`;
}

/** Reports once per (urn, message), so stack rules that walk a graph never repeat themselves. */
export function dedupedReporter(report: ReportViolation): ReportViolation {
  const seen = new Set<string>();
  return (message: string, urn?: string) => {
    const key = `${urn ?? ""}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(message, urn);
  };
}
