/**
 * Schema validation for the custom resources this layer creates.
 *
 * Kinds with a kubernetes-models package (cert-manager, core kinds) are validated with the model's own `.validate()`.
 * Those packages are ESM-only, so they load through a native dynamic import (TypeScript's CommonJS output would turn a
 * plain `import()` into `require`, which their `exports` map refuses).
 *
 * MetalLB, system-upgrade-controller and External Secrets have no kubernetes-models package; their objects are checked
 * against the required fields and types of the CRD schema at the pinned tag (see CRD_RULES), and the report names the
 * package that would replace this.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const esmImport = new Function("specifier", "return import(specifier)") as (s: string) => Promise<Record<string, any>>;

/** kubernetes-models entry points per apiVersion. */
const MODEL_MODULES: Record<string, string> = {
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  v1: "kubernetes-models/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "storage.k8s.io/v1": "kubernetes-models/storage.k8s.io/v1",
};

type FieldType = "string" | "number" | "boolean" | "array" | "object";
interface FieldRule {
  readonly path: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** For arrays: the type of each item. */
  readonly items?: FieldType;
}

/**
 * Required fields and types from the CRDs' openAPIV3Schema: metallb.io at metallb-chart-0.16.1
 * (charts/metallb/charts/crds/templates/crds.yaml), upgrade.cattle.io at system-upgrade-controller v0.20.1
 * (pkg/crds/yaml/generated/upgrade.cattle.io_plans.yaml: `upgrade` required, `concurrency` integer), and
 * external-secrets.io/v1 ClusterSecretStore (`spec.provider` required, one provider).
 */
export const CRD_RULES: Record<string, readonly FieldRule[]> = {
  "metallb.io/v1beta1/IPAddressPool": [
    { path: "spec.addresses", type: "array", required: true, items: "string" },
    { path: "spec.autoAssign", type: "boolean" },
  ],
  "metallb.io/v1beta1/L2Advertisement": [{ path: "spec.ipAddressPools", type: "array", items: "string" }],
  "upgrade.cattle.io/v1/Plan": [
    { path: "spec.concurrency", type: "number" },
    { path: "spec.version", type: "string" },
    { path: "spec.serviceAccountName", type: "string" },
    { path: "spec.nodeSelector", type: "object" },
    { path: "spec.upgrade", type: "object", required: true },
    { path: "spec.upgrade.image", type: "string", required: true },
    { path: "spec.prepare.image", type: "string" },
    { path: "spec.prepare.args", type: "array", items: "string" },
    { path: "spec.drain", type: "object" },
    { path: "spec.cordon", type: "boolean" },
  ],
  "external-secrets.io/v1/ClusterSecretStore": [{ path: "spec.provider", type: "object", required: true }],
};

function typeOf(v: unknown): FieldType | "null" {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v as FieldType;
}

function at(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Checks an object against CRD_RULES; returns the problems (empty when valid). Pure. */
export function checkCrdRules(obj: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
  const rules = CRD_RULES[`${obj.apiVersion}/${obj.kind}`];
  if (!rules) return [`no schema rules for ${obj.apiVersion} ${obj.kind}`];
  const problems: string[] = [];
  if (!obj.metadata?.name) problems.push("metadata.name is required");
  for (const r of rules) {
    const v = at(obj, r.path);
    if (v === undefined) {
      if (r.required) problems.push(`${r.path} is required`);
      continue;
    }
    if (typeOf(v) !== r.type) problems.push(`${r.path} must be ${r.type}, is ${typeOf(v)}`);
    else if (r.items && (v as unknown[]).some((i) => typeOf(i) !== r.items)) problems.push(`${r.path}[] must be ${r.items}`);
    else if (r.type === "number" && !Number.isInteger(v)) problems.push(`${r.path} must be an integer`);
  }
  if (obj.kind === "ClusterSecretStore" && Object.keys((at(obj, "spec.provider") as object) ?? {}).length !== 1) {
    problems.push("spec.provider must hold exactly one provider");
  }
  return problems;
}

/**
 * Validates a manifest: with its kubernetes-models class when one exists, else with CRD_RULES. Throws on the first
 * invalid object with every problem in the message.
 */
export async function validateManifest(obj: { apiVersion: string; kind: string; metadata?: { name?: string } }): Promise<void> {
  const module = MODEL_MODULES[obj.apiVersion];
  if (module) {
    const models = await esmImport(module);
    const Model = models[obj.kind];
    if (!Model) throw new Error(`${module} has no model for ${obj.kind}`);
    new Model(obj).validate();
    return;
  }
  const problems = checkCrdRules(obj);
  if (problems.length > 0) throw new Error(`${obj.kind} ${obj.metadata?.name}: ${problems.join("; ")}`);
}
