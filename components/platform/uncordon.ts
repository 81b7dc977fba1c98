/**
 * The auto-uncordon CronJob (seed design 000): every 5 minutes, uncordon Ready nodes left SchedulingDisabled after a
 * k3s upgrade. It never touches a node while an upgrade Job is still active in the upgrade namespace, nor a node an
 * operator marked with the opt-out annotation. Least privilege: nodes get/list/patch cluster-wide, jobs list in the
 * upgrade namespace only.
 */
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob" with { "resolution-mode": "import" };
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole" with { "resolution-mode": "import" };
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role" with { "resolution-mode": "import" };

export const UNCORDON_SCHEDULE = "*/5 * * * *";
export const UNCORDON_NAME = "auto-uncordon";
/**
 * An image with both kubectl and a POSIX shell: rancher/kubectl carries kubectl alone and cannot run a script.
 * kubectl 1.35 is within the supported one-minor skew of the pinned k3s v1.36.
 */
export const KUBECTL_IMAGE = "alpine/k8s:1.35.8";
export const KEEP_CORDONED_ANNOTATION = "k3s-gitops.io/keep-cordoned";

/** The POSIX sh script the CronJob runs. Pure. */
export function renderUncordonScript(upgradeNamespace: string): string {
  return [
    "set -eu",
    `active=$(kubectl get jobs -n ${upgradeNamespace} -o jsonpath='{range .items[*]}{.status.active}{"\\n"}{end}' | grep -c '[1-9]' || true)`,
    'if [ "$active" -gt 0 ]; then',
    '  echo "upgrade jobs still active; leaving nodes alone"',
    "  exit 0",
    "fi",
    `kubectl get nodes -o jsonpath='{range .items[?(@.spec.unschedulable==true)]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{" "}{.metadata.annotations.${KEEP_CORDONED_ANNOTATION.replace(/\./g, "\\\\.")}}{"\\n"}{end}' |`,
    // The optional annotation comes last: when it is absent, `read` leaves `keep` empty instead of shifting fields.
    "  while read -r node ready keep; do",
    '    [ -n "$node" ] || continue',
    '    if [ "$ready" = "True" ] && [ "$keep" != "true" ]; then',
    '      echo "uncordoning $node"',
    '      kubectl uncordon "$node"',
    "    fi",
    "  done",
    "",
  ].join("\n");
}

export function buildUncordonRbac(namespace: string, upgradeNamespace: string): { clusterRole: IClusterRole; role: IRole } {
  return {
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: UNCORDON_NAME },
      rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch"] }],
    },
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: UNCORDON_NAME, namespace: upgradeNamespace },
      rules: [{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["list"] }],
    },
  };
}

export function buildUncordonCronJob(namespace: string, upgradeNamespace: string): ICronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: UNCORDON_NAME, namespace },
    spec: {
      schedule: UNCORDON_SCHEDULE,
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 240,
          template: {
            spec: {
              serviceAccountName: UNCORDON_NAME,
              restartPolicy: "Never",
              tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
              securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "uncordon",
                  image: KUBECTL_IMAGE,
                  command: ["/bin/sh", "-c", renderUncordonScript(upgradeNamespace)],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                },
              ],
            },
          },
        },
      },
    },
  };
}
