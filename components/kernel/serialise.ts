/** Deterministic Helm values: keys sorted at every depth, so the same config always yields the same bytes. */
export type Values = { readonly [key: string]: unknown };

export function sortedValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedValues) as unknown as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortedValues(v);
    }
    return out as T;
  }
  return value;
}
