/**
 * k3s upgrade Plans for system-upgrade-controller (shape from its examples/k3s-upgrade.yaml at v0.20.1): servers one at
 * a time, then agents, whose `prepare` step waits for the server plan. Their version is the configured k3s version, so
 * changing `k3s.version` upgrades the cluster in place.
 */
import type { CustomObject } from "./metallb-pool";

export const K3S_UPGRADE_IMAGE = "rancher/k3s-upgrade";
/** The ServiceAccount the controller's release manifest creates. */
export const SUC_SERVICE_ACCOUNT = "system-upgrade";
export const SERVER_PLAN = "k3s-server";
export const AGENT_PLAN = "k3s-agent";

export function buildUpgradePlans(version: string, namespace: string): CustomObject[] {
  const controlPlane = "node-role.kubernetes.io/control-plane";
  return [
    {
      apiVersion: "upgrade.cattle.io/v1",
      kind: "Plan",
      metadata: { name: SERVER_PLAN, namespace },
      spec: {
        concurrency: 1,
        cordon: true,
        nodeSelector: { matchExpressions: [{ key: controlPlane, operator: "Exists" }] },
        serviceAccountName: SUC_SERVICE_ACCOUNT,
        upgrade: { image: K3S_UPGRADE_IMAGE },
        version,
      },
    },
    {
      apiVersion: "upgrade.cattle.io/v1",
      kind: "Plan",
      metadata: { name: AGENT_PLAN, namespace },
      spec: {
        concurrency: 1,
        drain: { force: true, skipWaitForDeleteTimeout: 60 },
        nodeSelector: { matchExpressions: [{ key: controlPlane, operator: "DoesNotExist" }] },
        prepare: { image: K3S_UPGRADE_IMAGE, args: ["prepare", SERVER_PLAN] },
        serviceAccountName: SUC_SERVICE_ACCOUNT,
        upgrade: { image: K3S_UPGRADE_IMAGE },
        version,
      },
    },
  ];
}
