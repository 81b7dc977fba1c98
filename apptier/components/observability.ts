/**
 * Stage 03, observability: kube-prometheus-stack and its per-cluster values (Grafana SSO, Thanos, Alertmanager, Flux
 * kube-state-metrics), the GitOps engine's monitoring, Thanos, Loki and Alloy.
 */
import type { ClusterContext, Component, KubeObject } from "../model";
import { GATEWAY_PARENT, REPOS, host, issuerUrl } from "./shared";

export const OBSERVABILITY: readonly Component[] = [
  // ---------------------------------------------------------------- 03 observability
  {
    name: "kube-prometheus-stack",
    stage: "03-observability",
    namespace: "monitoring",
    description: "The bulletproof core: Prometheus (emptyDir, short retention) and Grafana without storage, at grafana.<domain>",
    defaultOn: true,
    // prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (prometheus.prometheusSpec.*, alertmanager.alertmanagerSpec.
    // useExistingSecret/configSecret, prometheus.thanosService.enabled); grafana subchart grafana-community grafana-12.11.1
    // (route.main, grafana.ini, envFromSecrets).
    helm: { repo: REPOS.prometheus, chart: "kube-prometheus-stack", version: "88.5.3", clusterValues: kpsClusterValues },
  },
  {
    name: "engine-monitoring",
    stage: "03-observability",
    namespace: "monitoring",
    description: "PodMonitor and PrometheusRule for the GitOps engine's reconciliation health",
    defaultOn: true,
    requires: ["kube-prometheus-stack"],
    manifests: { objects: engineMonitoringObjects },
  },
  {
    name: "grafana-sso",
    stage: "03-observability",
    namespace: "monitoring",
    description: "Grafana signs in with Dex (static client grafana); turns on generic OAuth in the kube-prometheus-stack values",
    defaultOn: false,
    requires: ["kube-prometheus-stack", "dex"],
    secrets: [{ name: "grafana-oidc", namespace: "monitoring", keys: [{ key: "GRAFANA_CLIENT_SECRET", describe: "the same value as GRAFANA_CLIENT_SECRET in identity/dex-env" }] }],
  },
  {
    name: "alertmanager-receivers",
    stage: "03-observability",
    namespace: "monitoring",
    description: "Alertmanager configuration (receivers) from an encrypted Secret",
    defaultOn: false,
    requires: ["kube-prometheus-stack"],
    secrets: [{ name: "alertmanager-receivers", namespace: "monitoring", keys: [{ key: "alertmanager.yaml", describe: "a complete Alertmanager configuration (route, receivers)" }] }],
  },
  {
    name: "thanos",
    stage: "03-observability",
    namespace: "monitoring",
    description: "Long-term metrics: Prometheus on a PVC with a Thanos sidecar to object storage, Thanos query/store",
    defaultOn: false,
    requires: ["kube-prometheus-stack"],
    secrets: [{ name: "thanos-objstore", namespace: "monitoring", keys: [{ key: "config", describe: "Thanos objstore YAML: type: S3, config: {bucket, endpoint, region, access_key, secret_key}" }] }],
    // stevehipwell/helm-charts tag thanos-1.24.1, charts/thanos/values.yaml (objstoreConfig.{create,name,key}, additionalEndpoints,
    // storeGateway, compact, storageClass)
    helm: { repo: REPOS.stevehipwell, chart: "thanos", version: "1.24.1" },
  },
  {
    name: "loki",
    stage: "03-observability",
    namespace: "monitoring",
    description: "Loki, single binary (Monolithic) on object storage",
    defaultOn: false,
    secrets: [
      {
        name: "loki-s3",
        namespace: "monitoring",
        keys: [
          { key: "AWS_ACCESS_KEY_ID", describe: "S3 access key" },
          { key: "AWS_SECRET_ACCESS_KEY", describe: "S3 secret key" },
        ],
      },
    ],
    // grafana-community/helm-charts tag loki-18.11.0, charts/loki/values.yaml (deploymentMode Monolithic, singleBinary.replicas,
    // defaults.extraEnvFrom/extraArgs, loki.storage.s3, loki.schemaConfig, chunksCache/resultsCache)
    helm: { repo: REPOS.grafanaCommunity, chart: "loki", version: "18.11.0" },
  },
  {
    name: "alloy",
    stage: "03-observability",
    namespace: "monitoring",
    description: "Alloy DaemonSet shipping pod logs to Loki",
    defaultOn: false,
    requires: ["loki"],
    after: ["loki"],
    // grafana/alloy tag helm-chart/1.11.1, operations/helm/charts/alloy/values.yaml (controller.type, alloy.configMap.content, alloy.mounts.varlog)
    helm: { repo: REPOS.grafana, chart: "alloy", version: "1.11.1" },
  },
];

function kpsClusterValues(ctx: ClusterContext): Record<string, unknown> {
  const grafanaHost = host(ctx, "grafana");
  const grafana: Record<string, unknown> = {
    route: { main: { enabled: true, hostnames: [grafanaHost], parentRefs: [{ ...GATEWAY_PARENT }] } },
    "grafana.ini": {
      server: { root_url: `https://${grafanaHost}` },
      ...(ctx.on("grafana-sso")
        ? {
            "auth.generic_oauth": {
              enabled: true,
              name: "Dex",
              client_id: "grafana",
              // Read from the env the Secret below provides; the chart refuses literal secrets (assertNoLeakedSecrets).
              client_secret: "$__env{GRAFANA_CLIENT_SECRET}",
              scopes: "openid email profile groups",
              auth_url: `${issuerUrl(ctx)}/auth`,
              token_url: `${issuerUrl(ctx)}/token`,
              api_url: `${issuerUrl(ctx)}/userinfo`,
            },
          }
        : {}),
    },
  };
  if (ctx.on("grafana-sso")) grafana["envFromSecrets"] = [{ name: "grafana-oidc" }];
  const values: Record<string, unknown> = { grafana };
  const prometheusSpec: Record<string, unknown> = {};
  if (ctx.on("thanos")) {
    prometheusSpec["thanos"] = { objectStorageConfig: { existingSecret: { name: "thanos-objstore", key: "config" } } };
    values["prometheus"] = { thanosService: { enabled: true }, prometheusSpec };
  }
  if (ctx.on("alertmanager-receivers")) {
    values["alertmanager"] = { alertmanagerSpec: { useExistingSecret: true, configSecret: "alertmanager-receivers" } };
  }
  if (ctx.engine === "flux") values["kube-state-metrics"] = FLUX_KSM_VALUES;
  return values;
}

/**
 * kube-state-metrics custom resource state for Flux (gotk_resource_info), from fluxcd/flux2-monitoring-example
 * monitoring/controllers/kube-prometheus-stack/kube-state-metrics-config.yaml, WITHOUT its `collectors: []` and
 * `--custom-resource-state-only` (they wipe every other KSM metric: flux2-monitoring-example issue #61).
 */
const fluxInfo = (group: string, version: string, kind: string, extra: Record<string, string[]>) => ({
  groupVersionKind: { group, version, kind },
  metricNamePrefix: "gotk",
  metrics: [
    {
      name: "resource_info",
      help: `The current state of a Flux ${kind} resource.`,
      each: { type: "Info", info: { labelsFromPath: { name: ["metadata", "name"] } } },
      labelsFromPath: {
        exported_namespace: ["metadata", "namespace"],
        ready: ["status", "conditions", "[type=Ready]", "status"],
        suspended: ["spec", "suspend"],
        ...extra,
      },
    },
  ],
});
const FLUX_KSM_VALUES = {
  rbac: {
    extraRules: [
      {
        apiGroups: ["source.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io"],
        resources: ["gitrepositories", "helmrepositories", "helmcharts", "ocirepositories", "kustomizations", "helmreleases"],
        verbs: ["list", "watch"],
      },
    ],
  },
  customResourceState: {
    enabled: true,
    config: {
      spec: {
        resources: [
          fluxInfo("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", { revision: ["status", "lastAppliedRevision"], source_name: ["spec", "sourceRef", "name"] }),
          fluxInfo("helm.toolkit.fluxcd.io", "v2", "HelmRelease", { chart_name: ["status", "history", "0", "chartName"] }),
          fluxInfo("source.toolkit.fluxcd.io", "v1", "GitRepository", { url: ["spec", "url"] }),
          fluxInfo("source.toolkit.fluxcd.io", "v1", "HelmRepository", { url: ["spec", "url"] }),
        ],
      },
    },
  },
};

function engineMonitoringObjects(ctx: ClusterContext): KubeObject[] {
  if (ctx.engine === "flux") {
    return [
      // fluxcd/flux2-monitoring-example monitoring/configs/podmonitor.yaml (port http-prom)
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "flux-system", namespace: "monitoring", labels: { "app.kubernetes.io/part-of": "flux", "app.kubernetes.io/component": "monitoring" } },
        spec: {
          namespaceSelector: { matchNames: ["flux-system"] },
          selector: {
            matchExpressions: [{ key: "app", operator: "In", values: ["helm-controller", "source-controller", "kustomize-controller", "notification-controller"] }],
          },
          podMetricsEndpoints: [{ port: "http-prom" }],
        },
      },
      // gotk_reconcile_condition is gone since Flux 2.1 (flux-mixin issue #4); gotk_resource_info comes from KSM above.
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "flux-reconciliation", namespace: "monitoring" },
        spec: {
          groups: [
            {
              name: "flux",
              rules: [
                {
                  alert: "FluxResourceNotReady",
                  expr: 'gotk_resource_info{ready!="True", suspended!="true"} > 0',
                  for: "15m",
                  labels: { severity: "warning" },
                  annotations: { summary: "{{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready" },
                },
              ],
            },
          ],
        },
      },
    ];
  }
  return [
    // argo-helm argo-cd-10.1.1 application-controller StatefulSet: container port `metrics` (8082); selector labels
    // app.kubernetes.io/name: <release>-application-controller (release `argocd`). Metric names: argo-cd
    // docs/operator-manual/metrics.md (argocd_app_info with sync_status, health_status).
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "argocd-application-controller", namespace: "monitoring" },
      spec: {
        namespaceSelector: { matchNames: ["argocd"] },
        selector: { matchLabels: { "app.kubernetes.io/name": "argocd-application-controller" } },
        podMetricsEndpoints: [{ port: "metrics" }],
      },
    },
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "argocd-applications", namespace: "monitoring" },
      spec: {
        groups: [
          {
            name: "argocd",
            rules: [
              {
                alert: "ArgoCdAppUnhealthy",
                expr: 'argocd_app_info{health_status!~"Healthy|Progressing"} > 0',
                for: "15m",
                labels: { severity: "warning" },
                annotations: { summary: "Application {{ $labels.name }} is {{ $labels.health_status }}" },
              },
              {
                alert: "ArgoCdAppOutOfSync",
                expr: 'argocd_app_info{sync_status!="Synced"} > 0',
                for: "30m",
                labels: { severity: "warning" },
                annotations: { summary: "Application {{ $labels.name }} is {{ $labels.sync_status }}" },
              },
            ],
          },
        ],
      },
    },
  ];
}
