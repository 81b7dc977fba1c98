/** Values shared by several layer-2 and layer-3 add-ons. */
/** The taint a node carries until the cloud controller has initialised it; layer 2 must tolerate it. */
export const UNINITIALIZED_TOLERATION = {
  key: "node.cloudprovider.kubernetes.io/uninitialized",
  operator: "Equal",
  value: "true",
  effect: "NoSchedule",
} as const;

