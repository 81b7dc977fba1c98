/**
 * A small strict schema for the custom resources no kubernetes-models package covers (issue 12). Each schema is the
 * project's own transcription of the fields it uses from the CRD's `openAPIV3Schema` at the pinned tag (the source is
 * cited beside each schema in crd-schemas.ts); any field a schema does not declare is rejected, so a typo fails.
 */

/** A strict schema node: a subset of OpenAPI v3 that is enough for the fields the project writes. */
export type StrictSchema =
  | { readonly type: "string"; readonly enum?: readonly string[] }
  | { readonly type: "integer" | "boolean" }
  /** `x-kubernetes-int-or-string` */
  | { readonly type: "int-or-string" }
  | { readonly type: "array"; readonly items: StrictSchema }
  /** An object with declared properties; anything else is an unknown field. */
  | { readonly type: "object"; readonly properties: Readonly<Record<string, StrictSchema>>; readonly required?: readonly string[] }
  /** An object whose keys are free and whose values all follow `values` (`additionalProperties`). */
  | { readonly type: "map"; readonly values: StrictSchema }
  /** `x-kubernetes-preserve-unknown-fields` in the CRD itself: any object. */
  | { readonly type: "free-object" };

/** Shorthands for writing schemas. */
export const S = {
  string: (values?: readonly string[]): StrictSchema => (values ? { type: "string", enum: values } : { type: "string" }),
  integer: { type: "integer" } as StrictSchema,
  boolean: { type: "boolean" } as StrictSchema,
  intOrString: { type: "int-or-string" } as StrictSchema,
  array: (items: StrictSchema): StrictSchema => ({ type: "array", items }),
  object: (properties: Record<string, StrictSchema>, required?: readonly string[]): StrictSchema => ({ type: "object", properties, required }),
  map: (values: StrictSchema): StrictSchema => ({ type: "map", values }),
  freeObject: { type: "free-object" } as StrictSchema,
};

/**
 * ObjectMeta as the Kubernetes API declares it (apimachinery meta/v1 ObjectMeta): the fields a client may write.
 * Shallow for the server-managed ones.
 */
const OBJECT_META = S.object({
  name: S.string(),
  generateName: S.string(),
  namespace: S.string(),
  labels: S.map(S.string()),
  annotations: S.map(S.string()),
  finalizers: S.array(S.string()),
  ownerReferences: S.array(S.freeObject),
  uid: S.string(),
  resourceVersion: S.string(),
  generation: S.integer,
  creationTimestamp: S.string(),
  deletionTimestamp: S.string(),
  deletionGracePeriodSeconds: S.integer,
  managedFields: S.array(S.freeObject),
  selfLink: S.string(),
});

/** A top-level object schema: apiVersion, kind, metadata (name required) and the kind's own fields. */
export function resourceSchema(fields: Record<string, StrictSchema>, required: readonly string[] = ["spec"]): StrictSchema {
  return S.object({ apiVersion: S.string(), kind: S.string(), metadata: OBJECT_META, ...fields }, ["apiVersion", "kind", "metadata", ...required]);
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v;
}

/**
 * Checks `value` against `schema`; returns every problem as `<path> ...` (empty when valid). Pure and deterministic:
 * object keys are visited in sorted order.
 */
export function checkStrict(value: unknown, schema: StrictSchema, path = ""): string[] {
  const at = path || "(root)";
  switch (schema.type) {
    case "string":
      if (typeof value !== "string") return [`${at} must be a string, is ${kindOf(value)}`];
      if (schema.enum && !schema.enum.includes(value)) return [`${at} is ${JSON.stringify(value)}; accepted: ${schema.enum.join(", ")}`];
      return [];
    case "integer":
      return Number.isInteger(value) ? [] : [`${at} must be an integer, is ${kindOf(value)}`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at} must be a boolean, is ${kindOf(value)}`];
    case "int-or-string":
      return Number.isInteger(value) || typeof value === "string" ? [] : [`${at} must be an integer or a string, is ${kindOf(value)}`];
    case "array":
      if (!Array.isArray(value)) return [`${at} must be an array, is ${kindOf(value)}`];
      return value.flatMap((item, i) => checkStrict(item, schema.items, `${path}[${i}]`));
    case "free-object":
      return kindOf(value) === "object" ? [] : [`${at} must be an object, is ${kindOf(value)}`];
    case "map": {
      if (kindOf(value) !== "object") return [`${at} must be an object, is ${kindOf(value)}`];
      const o = value as Record<string, unknown>;
      return Object.keys(o).sort().flatMap((k) => checkStrict(o[k], schema.values, path ? `${path}.${k}` : k));
    }
    case "object": {
      if (kindOf(value) !== "object") return [`${at} must be an object, is ${kindOf(value)}`];
      const o = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const r of schema.required ?? []) if (o[r] === undefined) problems.push(`${path ? `${path}.${r}` : r} is required`);
      for (const k of Object.keys(o).sort()) {
        const child = path ? `${path}.${k}` : k;
        const s = schema.properties[k];
        if (!s) problems.push(`${child} is an unknown field (accepted here: ${Object.keys(schema.properties).join(", ")})`);
        else if (o[k] !== undefined) problems.push(...checkStrict(o[k], s, child));
      }
      return problems;
    }
  }
}

/**
 * The fields of `value` that `schema` does not declare, as dotted paths (`spec.forwardAuth.adress`); type errors are
 * ignored (checkStrict reports them). Pure.
 */
export function strictUnknownFields(value: unknown, schema: StrictSchema, path = ""): string[] {
  if (schema.type === "array" && Array.isArray(value)) return value.flatMap((v, i) => strictUnknownFields(v, schema.items, `${path}[${i}]`));
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const o = value as Record<string, unknown>;
  const child = (k: string) => (path ? `${path}.${k}` : k);
  if (schema.type === "map") return Object.keys(o).sort().flatMap((k) => strictUnknownFields(o[k], schema.values, child(k)));
  if (schema.type !== "object") return [];
  return Object.keys(o)
    .sort()
    .flatMap((k) => (schema.properties[k] ? strictUnknownFields(o[k], schema.properties[k]!, child(k)) : [child(k)]));
}
