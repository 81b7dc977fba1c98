/**
 * Values for Longhorn 1.12.1 (chart/values.yaml): `persistence.defaultClass`, `persistence.defaultClassReplicaCount`,
 * `defaultSettings.defaultReplicaCount`.
 */
import { Values, sortedValues } from "../../kernel/serialise";

export const LONGHORN_MAX_REPLICAS = 3;

/** Replica count: the configured one, else min(3, node count). */
export function longhornReplicas(nodeCount: number, configured?: number): number {
  return configured ?? Math.max(1, Math.min(LONGHORN_MAX_REPLICAS, nodeCount));
}

export interface LonghornValuesArgs {
  readonly replicas: number;
  readonly isDefault: boolean;
}

export function longhornValues(args: LonghornValuesArgs): Values {
  return sortedValues({
    persistence: { defaultClass: args.isDefault, defaultClassReplicaCount: args.replicas },
    defaultSettings: { defaultReplicaCount: args.replicas },
  });
}
