/**
 * The library's one object validator: schema validation of the Kubernetes objects it builds.
 *
 * Kinds with a kubernetes-models package (core kinds, cert-manager, Argo CD, Flux) are validated with the model's own
 * `.validate()`. Those packages are ES modules whose `exports` only answer `import`, so a CommonJS program (Pulumi's
 * TypeScript runtime, mocha through tsx) cannot `require` them: they load through a native dynamic `import()`, which
 * `new Function` keeps TypeScript from rewriting into `require`. Nothing is loaded until an object is validated, so
 * the kernel entry point stays free of them.
 *
 * Kinds with no kubernetes-models package (MetalLB, system-upgrade-controller, the Flux Operator, the SOPS operator,
 * and the application tier's Redis, Tailscale, Traefik, Crossplane and Barman Cloud kinds) are checked against the
 * project's own strict schemas, transcribed from each CRD at the pinned tag (crd-schemas.ts): types, enums, required
 * fields, and no unknown field.
 *
 * Unknown fields (issue 12). The models' validators are precompiled ajv code without `additionalProperties` (verified:
 * `kubernetes-models` 5.1.0 accepts `spec.replicass`), so they accept typos. `unknownFields` derives the strict check
 * from the same schemas: it runs the model's validator on a Proxy of the object that records which keys the validator
 * reads at each path. ajv's generated code reads every declared property of an object schema (`data.prop !== undefined`)
 * and enumerates the keys of a map schema (additionalProperties/patternProperties); a key of the object the validator
 * never read is therefore not in the schema. An object node the validator neither read nor enumerated is free-form
 * (`x-kubernetes-preserve-unknown-fields`, RawExtension, Helm `valuesObject`) and is not checked. No schema file is
 * fetched or committed.
 */

import { CRD_SCHEMAS } from "./crd-schemas";
import { checkStrict, strictUnknownFields } from "./strict-schema";

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const nativeImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<Record<string, unknown>>;

/** A Kubernetes object: what every builder returns. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** kubernetes-models entry points per apiVersion. */
export const MODEL_MODULES: Readonly<Record<string, string>> = {
  "argoproj.io/v1alpha1": "@kubernetes-models/argo-cd/argoproj.io/v1alpha1",
  "kustomize.toolkit.fluxcd.io/v1": "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1",
  "source.toolkit.fluxcd.io/v1": "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1",
  "helm.toolkit.fluxcd.io/v2": "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  // Dev dependencies of the project (issue 12), for the kinds the application tier and the shared Gateway use. Each
  // package's API version was checked against the CRDs the pinned charts install: Gateway API v1.6.1
  // config/crd/standard (Gateway, HTTPRoute, BackendTLSPolicy served and stored at v1); cloudnative-pg/charts tag
  // cloudnative-pg-v0.29.0 charts/cloudnative-pg/templates/crds/crds.yaml (postgresql.cnpg.io v1); prometheus-community
  // helm-charts tag kube-prometheus-stack-88.5.3 charts/kube-prometheus-stack/charts/crds/crds (monitoring.coreos.com v1).
  // Their spec fields were compared with those CRDs: PodMonitor, PrometheusRule, ScheduledBackup, BackendTLSPolicy
  // match; the Gateway and HTTPRoute models also accept the experimental channel's `defaultScope` and
  // `useDefaultGateways`; the CNPG Cluster model lacks 0.29.0's `spec.primaryLease` (rejected as unknown: not used).
  "gateway.networking.k8s.io/v1": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
  "postgresql.cnpg.io/v1": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "storage.k8s.io/v1": "kubernetes-models/storage.k8s.io/v1",
};

const cache = new Map<string, Promise<Record<string, unknown>>>();

function load(specifier: string, apiVersion: string): Promise<Record<string, unknown>> {
  let mod = cache.get(specifier);
  if (!mod) {
    mod = nativeImport(specifier).catch((err: unknown) => {
      const code = (err as { code?: string }).code;
      if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw err;
      throw new Error(`validating ${apiVersion} objects needs the package ${modelPackageOf(apiVersion)}, which is not installed (it is one of the project's dev dependencies)`);
    });
    cache.set(specifier, mod);
  }
  return mod;
}

/**
 * The model class for an object's apiVersion and kind, or undefined when no package models it. Each package exports
 * one module per kind (`<group version>/*` in its package.json `exports`, e.g. `kubernetes-models/v1/Secret`), which
 * loads only that kind's validator: the group's index loads every kind of the group (all of core v1; Argo CD's
 * ApplicationSet with the others). A kind with no module of its own is looked up in the group's index.
 */
export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const specifier = MODEL_MODULES[apiVersion];
  if (!specifier) return undefined;
  let cls: unknown;
  if (/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    cls = await load(`${specifier}/${kind}`, apiVersion).then(
      (mod) => mod[kind],
      () => undefined,
    );
  }
  if (typeof cls !== "function") cls = (await load(specifier, apiVersion))[kind];
  return typeof cls === "function" ? (cls as ModelClass) : undefined;
}

/** Checks an object against its strict schema in CRD_SCHEMAS; returns the problems (empty when valid). Pure. */
export function checkCrdSchema(obj: KubeObject): string[] {
  const schema = CRD_SCHEMAS[`${obj.apiVersion}/${obj.kind}`];
  if (!schema) return [`no strict schema for ${obj.apiVersion} ${obj.kind}`];
  const problems = checkStrict(obj, schema);
  if (!(obj.metadata?.name)) problems.unshift("metadata.name is required");
  const provider = (obj as { spec?: { provider?: unknown } }).spec?.provider;
  if (obj.kind === "ClusterSecretStore" && provider && typeof provider === "object" && Object.keys(provider).length !== 1) {
    problems.push("spec.provider must hold exactly one provider");
  }
  return problems;
}

/**
 * Fields a model package declares (in its .d.ts) but whose precompiled validators never read, because their schema has
 * no type (ajv emits no code for it): accepted wherever the validator does not read them. Per package; the test
 * `validate.test.ts` recomputes this table from node_modules, so a model upgrade that changes it fails loudly.
 */
export const TYPELESS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes-models": [
    "description",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type",
    "x-kubernetes-map-type",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-validations",
  ],
  "@kubernetes-models/argo-cd": ["description"],
  "@kubernetes-models/flux-cd": [],
  "@kubernetes-models/cert-manager": [],
  "@kubernetes-models/apimachinery": [],
  "@kubernetes-models/gateway-api": ["description"],
  // `apiGroup` (ImageCatalogRef) is read by the core TypedLocalObjectReference validator it delegates to, outside this
  // package, so the recomputation cannot see the read; the project writes no imageCatalogRef.
  "@kubernetes-models/cloudnative-pg": ["apiGroup", "description"],
  // The TopologySpreadConstraint fields are read by the core validator it delegates to (as with apiGroup above); the
  // project writes no Prometheus or Alertmanager object, only PodMonitor and PrometheusRule.
  "@kubernetes-models/prometheus-operator": ["description", "matchLabelKeys", "maxSkew", "minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy", "topologyKey", "whenUnsatisfiable"],
};

/** The model package of an apiVersion (`@kubernetes-models/argo-cd`, `kubernetes-models`). */
export function modelPackageOf(apiVersion: string): string | undefined {
  const specifier = MODEL_MODULES[apiVersion];
  if (!specifier) return undefined;
  return specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
}

/** What the validator touched, by path (`spec/syncPolicy/automated`). */
interface Trace {
  readonly reads: Map<string, Set<string>>;
  readonly enumerated: Set<string>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function traced(value: unknown, path: string, trace: Trace): unknown {
  if (!value || typeof value !== "object") return value;
  const target = value as Record<string | symbol, unknown>;
  const record = (key: string) => {
    let set = trace.reads.get(path);
    if (!set) trace.reads.set(path, (set = new Set()));
    set.add(key);
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      const v = Reflect.get(t, key, receiver);
      if (typeof key !== "string") return v;
      if (Array.isArray(t) && (key === "length" || /^[0-9]+$/.test(key))) {
        return /^[0-9]+$/.test(key) ? traced(v, `${path}/${key}`, trace) : v;
      }
      if (!Array.isArray(t)) record(key);
      return traced(v, `${path}/${key}`, trace);
    },
    has(t, key) {
      if (typeof key === "string" && !Array.isArray(t)) record(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      trace.enumerated.add(path);
      return Reflect.ownKeys(t);
    },
  });
}

/**
 * The fields of `object` its kubernetes-models schema (or, for a kind without one, its strict schema in CRD_SCHEMAS)
 * does not declare, as dotted paths (`spec.syncPolicy.automated.pruen`); undefined when nothing knows the kind. Works on objects whose values fail type checks too (e.g. redacted secrets).
 */
export async function unknownFields(object: KubeObject): Promise<string[] | undefined> {
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) {
    const schema = CRD_SCHEMAS[`${object.apiVersion}/${object.kind}`];
    return schema ? strictUnknownFields(object, schema) : undefined;
  }
  const trace: Trace = { reads: new Map(), enumerated: new Set() };
  try {
    (Model.prototype as { validate(this: unknown): void }).validate.call(traced(object, "", trace));
  } catch {
    // Type errors are validateObject's to report; the reads are what matter here.
  }
  const typeless = new Set([...(TYPELESS_FIELDS[modelPackageOf(object.apiVersion) ?? ""] ?? [])]);
  const unknown: string[] = [];
  const walk = (v: unknown, path: string, dotted: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}/${i}`, `${dotted}[${i}]`));
    if (!isPlainObject(v)) return;
    const reads = trace.reads.get(path);
    const free = !reads && !trace.enumerated.has(path);
    if (free) return;
    for (const [k, child] of Object.entries(v)) {
      const d = dotted ? `${dotted}.${k}` : k;
      if (!trace.enumerated.has(path) && !reads!.has(k)) {
        if (!typeless.has(k)) unknown.push(d);
      }
      else walk(child, `${path}/${k}`, d);
    }
  };
  walk(object, "", "");
  // A SOPS-encrypted Secret in git carries a top-level `sops` block; Flux's kustomize-controller decrypts the
  // manifest and drops it before applying, so it never reaches the API server.
  return object.apiVersion === "v1" && object.kind === "Secret" ? unknown.filter((u) => u !== "sops") : unknown;
}

/** An object that failed validation: `<kind> <namespace>/<name>: <what is wrong>`. */
export class SchemaError extends Error {
  constructor(object: KubeObject, detail: string) {
    const ns = object.metadata?.namespace;
    super(`${object.kind} ${ns ? `${ns}/` : ""}${object.metadata?.name ?? "(no name)"}: ${detail}`);
    this.name = "SchemaError";
  }
}

/**
 * Validates an object: with its kubernetes-models class when one exists (types, required fields and no unknown
 * field), else with its strict schema in CRD_SCHEMAS (the same checks). Returns true when
 * either checked it, false when nothing knows its kind (then only apiVersion, kind and metadata.name are checked).
 * Throws SchemaError, with every problem in the message, when it is invalid.
 */
export async function validateObject(object: KubeObject): Promise<boolean> {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || typeof object.metadata?.name !== "string") {
    throw new SchemaError(object, "needs apiVersion, kind and metadata.name");
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (Model) {
    try {
      new Model(object).validate();
    } catch (err) {
      throw new SchemaError(object, err instanceof Error ? err.message : String(err));
    }
    const unknown = (await unknownFields(object)) ?? [];
    if (unknown.length > 0) throw new SchemaError(object, `unknown field(s) ${unknown.join(", ")} (not in the ${object.apiVersion} ${object.kind} schema)`);
    return true;
  }
  if (!CRD_SCHEMAS[`${object.apiVersion}/${object.kind}`]) return false;
  const problems = checkCrdSchema(object);
  if (problems.length > 0) throw new SchemaError(object, problems.join("; "));
  return true;
}

/** Like validateObject, but an object whose kind nothing can check is an error too. */
export async function validateManifest(object: KubeObject): Promise<void> {
  if (!(await validateObject(object))) {
    throw new SchemaError(object, `no kubernetes-models class and no strict schema for ${object.apiVersion} ${object.kind}`);
  }
}

/** Resolves to `object` once it validates: for use as a Pulumi input, so an invalid object fails the program. */
export async function validated<T extends KubeObject>(object: T): Promise<T> {
  await validateObject(object);
  return object;
}
