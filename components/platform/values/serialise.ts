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

/** The taint a node carries until the cloud controller has initialised it; layer 2 must tolerate it. */
export const UNINITIALIZED_TOLERATION = {
  key: "node.cloudprovider.kubernetes.io/uninitialized",
  operator: "Equal",
  value: "true",
  effect: "NoSchedule",
} as const;

/** k3s's default pod CIDR (`cluster-cidr`). */
export const K3S_POD_CIDR = "10.42.0.0/16";
