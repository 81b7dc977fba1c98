/**
 * Values for Longhorn 1.12.1 (chart/values.yaml): `persistence.defaultClass`, `persistence.defaultClassReplicaCount`,
 * `defaultSettings.defaultReplicaCount`, `defaultSettings.defaultDataPath` (longhorn/longhorn tag v1.12.1,
 * chart/values.yaml: "Default path to use for storing data on a host"; unset, Longhorn uses /var/lib/longhorn/).
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
  /** The disk path Longhorn creates its default disk on, on every node. @default Longhorn's own, /var/lib/longhorn/ */
  readonly dataPath?: string;
}

export function longhornValues(args: LonghornValuesArgs): Values {
  return sortedValues({
    persistence: { defaultClass: args.isDefault, defaultClassReplicaCount: args.replicas },
    defaultSettings: { defaultReplicaCount: args.replicas, ...(args.dataPath !== undefined ? { defaultDataPath: args.dataPath } : {}) },
  });
}
