/**
 * The destroy guard (issue 12, with issue 15's first wait): one `command.local.Command` whose `delete` releases the
 * application tier's cloud resources while the drivers that can release them still run, and lets Longhorn uninstall.
 *
 * Edges. The guard depends on the cloud-resource owners (cloud controller, CSI drivers, Longhorn) and on the engine,
 * so `pulumi destroy` deletes it before any of them (Pulumi deletes dependents first: "The dependsOn option ensures
 * that resource creation, update, and deletion operations are executed in the correct order", pulumi.com docs,
 * resource options / dependsOn). Nothing depends on the guard, and the hand-off no longer depends on the storage
 * releases: `pulumi up` creates the hand-off as soon as the engine is up, without waiting for Longhorn or hcloud-csi to
 * become ready (issue 15, item 1). The order the hand-off used to carry now lives in the guard's delete script: it
 * waits for the hand-off's top object to be gone before it touches anything.
 *
 * What the delete does, in order (each step bounded by a timeout; a timeout fails the destroy rather than orphaning
 * a paid volume):
 * 1. Only on destroy: it waits up to DESTROY_DETECT_SECONDS for the hand-off's top object (Argo CD's root Application,
 *    Flux's first stage Kustomization, deleted last in Flux's chain) to be gone or deleting. If it stays live, the
 *    command is being replaced or dropped by a normal `up`: it exits without changing anything.
 * 2. It waits for that object to be gone: Argo CD's resources finalizer and Flux's garbage collection delete the
 *    stages' objects first.
 * 3. It deletes the LoadBalancer Services left outside the platform's ingress namespaces (each delete waits for the
 *    cloud controller's `service.kubernetes.io/load-balancer-cleanup` finalizer) and every PersistentVolumeClaim
 *    (StatefulSet claims outlive their workloads), then waits for every PersistentVolume to be gone: a dynamically
 *    provisioned volume with reclaimPolicy Delete is removed from the cloud only by its CSI controller.
 * 4. Where Longhorn runs (its Setting exists): sets `deleting-confirmation-flag` (Longhorn v1.12.1 chart README, "Uninstallation": `kubectl -n
 *    longhorn-system patch -p '{"value": "true"}' --type=merge lhs deleting-confirmation-flag`), so the chart's
 *    pre-delete `longhorn-uninstall` job succeeds when Pulumi deletes the release next. Never on a normal `up`.
 *
 * The delete runs with the command and environment stored at the last `up` (pulumi-command: Delete uses req.State),
 * on the machine running `pulumi destroy`, which needs kubectl (the script says so if it is missing).
 */
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import type { EngineKind } from "../kernel/catalog";

/** How long the delete waits to see the hand-off going before it concludes this is not a destroy. */
export const DESTROY_DETECT_SECONDS = 180;
/** Bound on each wait of the delete (kubectl wait --timeout). */
export const DRAIN_TIMEOUT = "30m";
/** Longhorn's namespace and setting (longhorn/longhorn v1.12.1 chart README; longhorn-manager types/setting.go). */
export const LONGHORN_NAMESPACE = "longhorn-system";
export const LONGHORN_CONFIRMATION_SETTING = "deleting-confirmation-flag";

export interface DestroyGuardSpec {
  readonly engine: EngineKind;
  /** The engine's namespace. */
  readonly namespace: string;
  /** The hand-off's top object: `applications.argoproj.io/root` or `kustomizations.kustomize.toolkit.fluxcd.io/appstage-01-...`. */
  readonly handoffObject: string;
  /** Namespaces whose LoadBalancer Services Pulumi's own releases own (the ingress controller's). */
  readonly keepLoadBalancersIn: readonly string[];
}

/** The delete script. Pure; the kubeconfig arrives in $K3S_GITOPS_KUBECONFIG. */
export function renderDestroyGuardScript(spec: DestroyGuardSpec): string {
  const keep = spec.keepLoadBalancersIn.map((n) => ` ${n} `).join("");
  return [
    "set -eu",
    "# k3s-gitops destroy guard (components/gitops/destroy-guard.ts): release volumes and load balancers before the drivers go.",
    'command -v kubectl >/dev/null 2>&1 || { echo "k3s-gitops destroy guard: kubectl is required on the machine running pulumi destroy, to release volumes and load balancers before the storage drivers and the cloud controller are deleted" >&2; exit 1; }',
    'KCFG=$(mktemp); trap \'rm -f "$KCFG"\' EXIT',
    'printf \'%s\' "$K3S_GITOPS_KUBECONFIG" > "$KCFG"',
    'kc() { kubectl --kubeconfig "$KCFG" --request-timeout=60s "$@"; }',
    `OBJ='${spec.handoffObject}'; NS='${spec.namespace}'; KEEP='${keep}'`,
    "# 1. Only on destroy: the hand-off's top object is gone or being deleted.",
    "state() { kc -n \"$NS\" get \"$OBJ\" --ignore-not-found -o jsonpath='{.metadata.name}/{.metadata.deletionTimestamp}' 2>/dev/null || echo error; }",
    "waited=0",
    "while :; do",
    '  s=$(state)',
    '  case "$s" in "") break ;; */?*) break ;; esac',
    `  if [ "$waited" -ge "\${K3S_GITOPS_DETECT_SECONDS:-${DESTROY_DETECT_SECONDS}}" ]; then echo "k3s-gitops destroy guard: $OBJ is still live: not a destroy, nothing released"; exit 0; fi`,
    "  sleep 5; waited=$((waited + 5))",
    "done",
    "# 2. The stages' objects go first (Argo CD resources finalizer, Flux garbage collection).",
    `kc -n "$NS" wait --for=delete "$OBJ" --timeout=${DRAIN_TIMEOUT} 2>/dev/null || [ -z "$(state)" ]`,
    "# 3. LoadBalancer Services outside the platform's ingress, every claim, then every volume.",
    "kc get svc -A -o jsonpath='{range .items[?(@.spec.type==\"LoadBalancer\")]}{.metadata.namespace} {.metadata.name}{\"\\n\"}{end}' | while read -r ns name; do",
    '  case "$KEEP" in *" $ns "*) continue ;; esac',
    `  kc -n "$ns" delete svc "$name" --wait=true --timeout=${DRAIN_TIMEOUT}`,
    "done",
    "kc delete pvc --all --all-namespaces --wait=false",
    `if [ -n "$(kc get pv -o name)" ]; then kc wait --for=delete pv --all --timeout=${DRAIN_TIMEOUT}; fi`,
    "# 4. Where Longhorn runs: let its release uninstall (the chart's pre-delete job checks this flag).",
    `if kc -n ${LONGHORN_NAMESPACE} get settings.longhorn.io ${LONGHORN_CONFIRMATION_SETTING} >/dev/null 2>&1; then`,
    `  kc -n ${LONGHORN_NAMESPACE} patch settings.longhorn.io ${LONGHORN_CONFIRMATION_SETTING} --type=merge -p '{"value":"true"}'`,
    "fi",
    'echo "k3s-gitops destroy guard: volumes and load balancers released"',
    "",
  ].join("\n");
}

/**
 * The guard: depends on `after` (the cloud-resource owners and the engine release); nothing should depend on it. It has
 * no `create` (nothing runs on `up`). Named `<name>-destroy-drain` (the plan's step-cost table reads the `-drain` role).
 */
export function createDestroyGuard(
  name: string,
  spec: DestroyGuardSpec,
  kubeconfig: pulumi.Input<string>,
  opts: { parent: pulumi.Resource; after: readonly pulumi.Resource[] },
): command.local.Command {
  return new command.local.Command(
    name,
    {
      delete: renderDestroyGuardScript(spec),
      interpreter: ["/bin/sh", "-c"],
      environment: { K3S_GITOPS_KUBECONFIG: pulumi.secret(kubeconfig) },
    },
    { parent: opts.parent, dependsOn: [...opts.after], additionalSecretOutputs: ["environment"] },
  );
}
