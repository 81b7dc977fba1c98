/**
 * Schema validation of Kubernetes objects with the kubernetes-models packages.
 *
 * Those packages are ES modules whose `exports` only answer `import`, so a CommonJS program (Pulumi's TypeScript
 * runtime, mocha through tsx) cannot `require` them. They are loaded with a native dynamic `import()`; `new Function`
 * keeps TypeScript from rewriting it into `require`. Builders stay synchronous and return plain typed objects;
 * `validateObject` checks one against its model's JSON schema.
 */

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

/** apiVersion/kind -> [package subpath, export name]. */
const MODEL_MODULES: Readonly<Record<string, string>> = {
  "argoproj.io/v1alpha1": "@kubernetes-models/argo-cd/argoproj.io/v1alpha1",
  "kustomize.toolkit.fluxcd.io/v1": "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1",
  "source.toolkit.fluxcd.io/v1": "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1",
  "helm.toolkit.fluxcd.io/v2": "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "storage.k8s.io/v1": "kubernetes-models/storage.k8s.io/v1",
};

const cache = new Map<string, Promise<Record<string, unknown>>>();

/** The model class for an object's apiVersion and kind, or undefined when no package models it (CRDs without one). */
export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const specifier = MODEL_MODULES[apiVersion];
  if (!specifier) return undefined;
  let mod = cache.get(specifier);
  if (!mod) {
    mod = nativeImport(specifier);
    cache.set(specifier, mod);
  }
  const cls = (await mod)[kind];
  return typeof cls === "function" ? (cls as ModelClass) : undefined;
}

export class SchemaError extends Error {
  constructor(object: KubeObject, detail: string) {
    const ns = object.metadata?.namespace;
    super(`${object.kind} ${ns ? `${ns}/` : ""}${object.metadata?.name ?? "(no name)"}: ${detail}`);
    this.name = "SchemaError";
  }
}

/**
 * Validates an object against its model's schema. Returns true when a model checked it, false when none exists for
 * its kind (then only apiVersion, kind and metadata.name are checked). Throws SchemaError when it is invalid.
 */
export async function validateObject(object: KubeObject): Promise<boolean> {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || typeof object.metadata?.name !== "string") {
    throw new SchemaError(object, "needs apiVersion, kind and metadata.name");
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) return false;
  try {
    new Model(object).validate();
  } catch (err) {
    throw new SchemaError(object, err instanceof Error ? err.message : String(err));
  }
  return true;
}

/** Resolves to `object` once it validates: for use as a Pulumi input, so an invalid object fails the program. */
export async function validated<T extends KubeObject>(object: T): Promise<T> {
  await validateObject(object);
  return object;
}
