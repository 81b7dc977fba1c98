/** Deterministic Helm values: keys sorted at every depth, so the same config always yields the same bytes. */
export type Values = { readonly [key: string]: unknown };

export function sortedValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedValues) as unknown as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      // defineProperty, not assignment: a key named __proto__ is data here, and assignment would drop it.
      if (v !== undefined) Object.defineProperty(out, key, { value: sortedValues(v), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}
