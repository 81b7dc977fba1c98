/**
 * The application tier's components, one typed list. Chart versions and values keys were checked against each
 * chart's values.yaml at the pinned tag (sources beside each entry; research notes in /work/research/app-tier-charts.md).
 * Hand-written chart values live in gitops/base/<name>/values.yaml; what differs per cluster is computed here.
 */
import { ARGOCD_SECRET_LABEL, ARGOCD_SSO_DEFAULTS } from "@k3s-gitops/components";
import type { ClusterContext, Component, HelmRepo, KubeObject } from "./model";
import { sampleAppBackupObjects, sampleAppObjects } from "./sample-app";

/** The shared Gateway (CONTRACTS.md "Shared Gateway", issue 13 creates it in layer 3). */
export const GATEWAY_PARENT = { name: "shared", namespace: "traefik", sectionName: "https" } as const;

/** An HTTPRoute on the shared Gateway's https listener to one Service port. */
export function httpRoute(name: string, namespace: string, host: string, service: string, port: number, filters?: readonly object[]): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ ...GATEWAY_PARENT }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], ...(filters ? { filters } : {}), backendRefs: [{ name: service, port }] }],
    },
  };
}

export const host = (ctx: ClusterContext, service: string) => `${service}.${ctx.cluster.domain}`;

const REPOS = {
  cnpg: { name: "cloudnative-pg", url: "https://cloudnative-pg.github.io/charts" },
  otk: { name: "ot-container-kit", url: "https://ot-container-kit.github.io/helm-charts/" },
  crossplane: { name: "crossplane-stable", url: "https://charts.crossplane.io/stable" },
  externalDns: { name: "external-dns", url: "https://kubernetes-sigs.github.io/external-dns/" },
  vmware: { name: "vmware-tanzu", url: "https://vmware-tanzu.github.io/helm-charts" },
  dex: { name: "dex", url: "https://charts.dexidp.io" },
  oauth2Proxy: { name: "oauth2-proxy", url: "https://oauth2-proxy.github.io/manifests" },
  prometheus: { name: "prometheus-community", url: "https://prometheus-community.github.io/helm-charts" },
  stevehipwell: { name: "stevehipwell", url: "https://stevehipwell.github.io/helm-charts/" },
  grafanaCommunity: { name: "grafana-community", url: "https://grafana-community.github.io/helm-charts" },
  grafana: { name: "grafana", url: "https://grafana.github.io/helm-charts" },
  sablier: { name: "sablier", url: "https://sablierapp.github.io/helm-charts" },
  tailscale: { name: "tailscale", url: "https://pkgs.tailscale.com/helmcharts" },
} as const satisfies Record<string, HelmRepo>;

/** Every Helm repository the tier installs from (the Argo CD `platform` project's sourceRepos must allow them). */
export const HELM_REPOS: readonly HelmRepo[] = Object.values(REPOS);

/** Dex's static clients: id, the env var holding its secret in Secret identity/dex-env, and its redirect. */
export const DEX_CLIENTS = [
  { id: "grafana", env: "GRAFANA_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "grafana")}/login/generic_oauth` },
  { id: ARGOCD_SSO_DEFAULTS.clientId, env: "ARGOCD_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "argocd")}/auth/callback` },
  { id: "oauth2-proxy", env: "OAUTH2_PROXY_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "auth")}/oauth2/callback` },
] as const;

const issuerUrl = (ctx: ClusterContext) => `https://${host(ctx, "dex")}`;

export const COMPONENTS: readonly Component[] = [
  // ---------------------------------------------------------------- 01 platform services
  {
    name: "cloudnative-pg",
    stage: "01-platform-services",
    namespace: "cnpg-system",
    description: "CloudNativePG operator",
    defaultOn: true,
    // cloudnative-pg/charts tag cloudnative-pg-v0.29.0, charts/cloudnative-pg/values.yaml (crds.create, monitoring.podMonitorEnabled)
    helm: { repo: REPOS.cnpg, chart: "cloudnative-pg", version: "0.29.0" },
  },
  {
    name: "plugin-barman-cloud",
    stage: "01-platform-services",
    // Plugin docs: it "must be installed in the same namespace as the CloudNativePG operator".
    namespace: "cnpg-system",
    description: "Barman Cloud plugin for CNPG backups to object storage (needs cert-manager: Pulumi's, layer 3)",
    defaultOn: true,
    after: ["cloudnative-pg"],
    // cloudnative-pg/charts tag plugin-barman-cloud-v0.7.0, charts/plugin-barman-cloud/values.yaml (crds.create, certificate.*)
    helm: { repo: REPOS.cnpg, chart: "plugin-barman-cloud", version: "0.7.0" },
  },
  {
    name: "redis-operator",
    stage: "01-platform-services",
    namespace: "redis-operator",
    description: "OpsTree Redis operator (Redis CRs, redis.redis.opstreelabs.in/v1beta2)",
    defaultOn: true,
    // ot-container-kit classic index (gh-pages index.yaml, 2026-05-15): redis-operator 0.24.0; values
    // charts/redis-operator/values.yaml (redisOperator.*, certmanager.enabled: false, no webhook by default)
    helm: { repo: REPOS.otk, chart: "redis-operator", version: "0.24.0" },
  },
  {
    name: "crossplane",
    stage: "01-platform-services",
    namespace: "crossplane-system",
    description: "Crossplane core",
    defaultOn: true,
    // crossplane/crossplane tag v2.3.4, cluster/charts/crossplane/values.yaml (provider.packages, provider.defaultActivations)
    helm: { repo: REPOS.crossplane, chart: "crossplane", version: "2.3.4" },
  },
  {
    name: "crossplane-s3",
    stage: "01-platform-services",
    namespace: "crossplane-system",
    description: "Crossplane S3 provider, ProviderConfigs for AWS S3 and Hetzner Object Storage, an example Bucket",
    defaultOn: false,
    requires: ["crossplane"],
    secrets: [
      {
        name: "s3-credentials",
        namespace: "crossplane-system",
        keys: [{ key: "creds", describe: "AWS INI file: [default] aws_access_key_id = ... / aws_secret_access_key = ... (AWS or Hetzner S3 keys)" }],
      },
    ],
    manifests: { objects: crossplaneS3Objects },
  },
  {
    name: "external-dns",
    stage: "01-platform-services",
    namespace: "external-dns",
    description: "external-dns for Route53 (records for HTTPRoutes on the shared Gateway)",
    defaultOn: false,
    pulumiSecrets: ["external-dns/route53-credentials (Pulumi creates it with dns.provider route53)"],
    // kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1, charts/external-dns/values.yaml
    // (provider.name, sources incl. gateway-httproute, domainFilters, txtOwnerId, env)
    helm: {
      repo: REPOS.externalDns,
      chart: "external-dns",
      version: "1.21.1",
      clusterValues: (ctx) => ({ domainFilters: [ctx.cluster.domain], txtOwnerId: `k3s-gitops-${ctx.cluster.name}` }),
    },
  },
  {
    name: "velero",
    stage: "01-platform-services",
    namespace: "velero",
    description: "Velero backups to S3 (file system backup by the node agent)",
    defaultOn: false,
    secrets: [{ name: "velero-s3-credentials", namespace: "velero", keys: [{ key: "cloud", describe: "AWS INI file: [default] aws_access_key_id=... / aws_secret_access_key=..." }] }],
    // vmware-tanzu/helm-charts tag velero-12.1.0, charts/velero/values.yaml (initContainers, credentials.existingSecret,
    // configuration.backupStorageLocation list, snapshotsEnabled, deployNodeAgent, schedules)
    helm: { repo: REPOS.vmware, chart: "velero", version: "12.1.0" },
  },
  // ---------------------------------------------------------------- 02 identity and edge
  {
    name: "identity",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "The identity namespace (Dex, OAuth2-Proxy); on everywhere so the stage converges without credentials",
    defaultOn: true,
    manifests: { objects: () => [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "identity", labels: { "app.kubernetes.io/part-of": "k3s-gitops" } } }] },
  },
  {
    name: "dex",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "Dex, the platform's OIDC provider (dex.<domain>); connectors from the cluster's values; static clients Grafana, Argo CD, OAuth2-Proxy",
    defaultOn: false,
    requires: ["identity"],
    secrets: [
      {
        name: "dex-env",
        namespace: "identity",
        keys: [
          ...DEX_CLIENTS.map((c) => ({ key: c.env, describe: `client secret of the static client ${c.id} (random, 32+ chars)` })),
          { key: "GITHUB_CLIENT_ID", describe: "example connector: the GitHub OAuth app's client id (any $VAR your connectors reference)" },
          { key: "GITHUB_CLIENT_SECRET", describe: "example connector: the GitHub OAuth app's client secret" },
        ],
      },
    ],
    // dexidp/helm-charts tag dex-0.24.0, charts/dex/values.yaml: `config` rendered verbatim as Dex's config; `envFrom`.
    // No HTTPRoute in the chart: the route is rendered here. Dex expands $VAR in config (pkg/featureflags expand_env) and
    // supports staticClients[].secretEnv (cmd/dex/serve.go).
    helm: {
      repo: REPOS.dex,
      chart: "dex",
      version: "0.24.0",
      clusterValues: (ctx) => ({
        config: {
          issuer: issuerUrl(ctx),
          staticClients: DEX_CLIENTS.filter((c) => c.id !== "argocd" || ctx.engine === "argocd").map((c) => ({
            id: c.id,
            name: c.id,
            secretEnv: c.env,
            redirectURIs: [c.redirect(ctx)],
          })),
        },
      }),
    },
    manifests: { objects: (ctx) => [httpRoute("dex", "identity", host(ctx, "dex"), "dex", 5556)] },
  },
  {
    name: "oauth2-proxy",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "OAuth2-Proxy (auth.<domain>) as Traefik forward auth for apps without OIDC of their own",
    defaultOn: false,
    requires: ["dex"],
    after: ["dex"],
    secrets: [
      {
        name: "oauth2-proxy",
        namespace: "identity",
        keys: [
          { key: "client-id", describe: "oauth2-proxy (Dex static client id)" },
          { key: "client-secret", describe: "the same value as OAUTH2_PROXY_CLIENT_SECRET in identity/dex-env" },
          { key: "cookie-secret", describe: "32 random bytes, base64 (openssl rand -base64 32 | head -c 32)" },
        ],
      },
    ],
    // oauth2-proxy/manifests tag oauth2-proxy-10.7.0, helm/oauth2-proxy/values.yaml: config.existingSecret (keys
    // client-id/client-secret/cookie-secret), extraArgs map, gatewayApi.{enabled,gatewayRef,hostnames}.
    helm: {
      repo: REPOS.oauth2Proxy,
      chart: "oauth2-proxy",
      version: "10.7.0",
      clusterValues: (ctx) => ({
        gatewayApi: { enabled: true, gatewayRef: { ...GATEWAY_PARENT }, hostnames: [host(ctx, "auth")] },
        extraArgs: {
          "oidc-issuer-url": issuerUrl(ctx),
          "redirect-url": `https://${host(ctx, "auth")}/oauth2/callback`,
          "cookie-domain": `.${ctx.cluster.domain}`,
          "whitelist-domain": `.${ctx.cluster.domain}`,
        },
      }),
    },
  },
  {
    name: "argocd-ui",
    stage: "02-identity-edge",
    namespace: "argocd",
    engine: "argocd",
    description: "Argo CD's UI at argocd.<domain> through the shared Gateway (needs the stack's gitops.sso: server.insecure behind the Gateway)",
    defaultOn: false,
    // argo-helm argo-cd-10.1.1: Service <release>-server port 80 (http). The release is `argocd` (catalog.ts).
    manifests: { objects: (ctx) => [httpRoute("argocd-server", "argocd", host(ctx, "argocd"), "argocd-server", 80)] },
  },
  {
    name: "argocd-sso",
    stage: "02-identity-edge",
    namespace: "argocd",
    engine: "argocd",
    description: "Argo CD's sign-in through Dex: the client secret Argo CD's oidc.config reads (the stack sets gitops.sso)",
    defaultOn: false,
    requires: ["dex", "argocd-ui"],
    // Argo CD reads `$<secret>:<key>` from a Secret in its namespace labelled app.kubernetes.io/part-of: argocd
    // (argo-cd v3.4.4 docs/operator-manual/user-management/index.md); Pulumi's values name it (gitops.sso).
    secrets: [
      {
        name: ARGOCD_SSO_DEFAULTS.clientSecret.name,
        namespace: "argocd",
        labels: { ...ARGOCD_SECRET_LABEL },
        keys: [{ key: ARGOCD_SSO_DEFAULTS.clientSecret.key, describe: "the same value as ARGOCD_CLIENT_SECRET in identity/dex-env" }],
      },
    ],
  },
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
  // ---------------------------------------------------------------- 04 operations
  {
    name: "sablier",
    stage: "04-operations",
    namespace: "sablier",
    description: "Sablier scale-to-zero (Kubernetes provider), reached by Traefik's sablier plugin at sablier-sablier.sablier:10000",
    defaultOn: true,
    // sablierapp/helm-charts tag sablier-1.7.1, charts/sablier/values.yaml (rbac.cnpg, rbac.otkRedis, logLevel; port 10000)
    helm: { repo: REPOS.sablier, chart: "sablier", version: "1.7.1" },
  },
  {
    name: "tailscale-operator",
    stage: "04-operations",
    namespace: "tailscale",
    description: "Tailscale operator and a subnet router Connector advertising the pod, service and host ranges",
    defaultOn: false,
    secrets: [
      {
        name: "operator-oauth",
        namespace: "tailscale",
        keys: [
          { key: "client_id", describe: "Tailscale OAuth client id (scopes devices:core, auth_keys; tag tag:k8s-operator)" },
          { key: "client_secret", describe: "Tailscale OAuth client secret" },
        ],
      },
    ],
    // tailscale/tailscale tag v1.102.3, cmd/k8s-operator/deploy/chart/values.yaml: oauth.* empty -> the deployment mounts the
    // pre-created Secret operator-oauth (keys client_id, client_secret). Connector: k8s-operator/apis/v1alpha1/types_connector.go.
    helm: { repo: REPOS.tailscale, chart: "tailscale-operator", version: "1.102.3" },
    manifests: {
      objects: (ctx) => [
        {
          apiVersion: "tailscale.com/v1alpha1",
          kind: "Connector",
          metadata: { name: "cluster-routes" },
          spec: {
            hostnamePrefix: `k3s-${ctx.cluster.name}`,
            tags: ["tag:k8s"],
            subnetRouter: { advertiseRoutes: [ctx.cluster.podCidr, ctx.cluster.serviceCidr, ...ctx.cluster.hostCidrs] },
          },
        },
      ],
    },
  },
  {
    name: "cloudflared",
    stage: "04-operations",
    namespace: "cloudflared",
    description: "cloudflared tunnel (remotely managed, token) for clusters behind NAT, such as home",
    defaultOn: false,
    secrets: [{ name: "cloudflared-token", namespace: "cloudflared", keys: [{ key: "token", describe: "the tunnel token from the Cloudflare dashboard (Zero Trust > Tunnels)" }] }],
    manifests: { objects: cloudflaredObjects },
  },
  {
    name: "sish",
    stage: "04-operations",
    namespace: "sish",
    description: "sish, a self-hosted SSH tunnel server (an alternative to cloudflared on a public host)",
    defaultOn: false,
    secrets: [
      {
        name: "sish-keys",
        namespace: "sish",
        keys: [
          { key: "ssh_host_key", describe: "the server's SSH private host key (ssh-keygen -t ed25519)" },
          { key: "authorized_keys", describe: "public keys of the clients allowed to open tunnels" },
        ],
      },
    ],
    manifests: { objects: sishObjects },
  },
  // ---------------------------------------------------------------- 05 tenants (apptier/tenants.ts) / 06 apps
  {
    name: "sample-app",
    stage: "06-apps",
    namespace: "sample-app",
    description: "The sample app: HTTPRoute, CNPG database, Redis, scaled to zero by Sablier, OIDC via OAuth2-Proxy when on",
    defaultOn: true,
    manifests: { objects: sampleAppObjects },
  },
  {
    name: "sample-app-backups",
    stage: "06-apps",
    namespace: "sample-app",
    description: "WAL archiving and nightly backups of the sample app's database to object storage (Barman Cloud plugin)",
    defaultOn: false,
    requires: ["sample-app", "plugin-barman-cloud"],
    secrets: [
      {
        name: "sample-app-s3",
        namespace: "sample-app",
        keys: [
          { key: "ACCESS_KEY_ID", describe: "S3 access key for the backup bucket" },
          { key: "ACCESS_SECRET_KEY", describe: "S3 secret key for the backup bucket" },
        ],
      },
    ],
    manifests: { objects: sampleAppBackupObjects },
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

/**
 * crossplane-contrib/provider-upjet-aws tag v2.6.0: package/crds (ClusterProviderConfig aws.m.upbound.io/v1beta1, namespaced
 * Bucket s3.aws.m.upbound.io/v1beta1 with required forProvider.region), apis/namespaced/v1beta1/types.go (endpoint.url.static,
 * endpoint.services, source Custom, s3_use_path_style, skip_* flags). Package ref: Makefile XPKG_REG_ORGS xpkg.upbound.io/upbound.
 * Hetzner endpoint https://<location>.your-objectstorage.com and region value: NOT CONFIRMED from a stored source.
 */
function crossplaneS3Objects(): KubeObject[] {
  const creds = { source: "Secret", secretRef: { namespace: "crossplane-system", name: "s3-credentials", key: "creds" } };
  return [
    { apiVersion: "pkg.crossplane.io/v1", kind: "Provider", metadata: { name: "provider-aws-s3" }, spec: { package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.6.0" } },
    { apiVersion: "aws.m.upbound.io/v1beta1", kind: "ClusterProviderConfig", metadata: { name: "aws" }, spec: { credentials: creds } },
    {
      apiVersion: "aws.m.upbound.io/v1beta1",
      kind: "ClusterProviderConfig",
      metadata: { name: "hetzner" },
      spec: {
        credentials: creds,
        endpoint: { url: { type: "Static", static: "https://fsn1.your-objectstorage.com" }, services: ["s3"], hostnameImmutable: true, source: "Custom" },
        s3_use_path_style: true,
        skip_region_validation: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      },
    },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "buckets" } },
    {
      apiVersion: "s3.aws.m.upbound.io/v1beta1",
      kind: "Bucket",
      metadata: { name: "example-bucket", namespace: "buckets" },
      spec: { forProvider: { region: "fsn1" }, providerConfigRef: { kind: "ClusterProviderConfig", name: "hetzner" } },
    },
  ];
}

/**
 * cloudflared as a plain Deployment (cloudflare/helm-charts cloudflare-tunnel-remote 0.1.2 has no existing-Secret option):
 * the chart's command and probe, TUNNEL_TOKEN from the encrypted Secret (cloudflare/cloudflared cmd/cloudflared/tunnel/
 * subcommands.go), image tag 2026.8.2 (newest cloudflared tag in the snapshot).
 */
/** Its namespace comes from the stage (render.ts: a manifests-only component with Secrets), not from these objects. */
function cloudflaredObjects(): KubeObject[] {
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "cloudflared", namespace: "cloudflared" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { "app.kubernetes.io/name": "cloudflared" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "cloudflared" } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 65532 },
            containers: [
              {
                name: "cloudflared",
                image: "cloudflare/cloudflared:2026.8.2",
                command: ["cloudflared", "tunnel", "--no-autoupdate", "--metrics", "0.0.0.0:2000", "run"],
                env: [{ name: "TUNNEL_TOKEN", valueFrom: { secretKeyRef: { name: "cloudflared-token", key: "token" } } }],
                ports: [{ name: "metrics", containerPort: 2000 }],
                livenessProbe: { httpGet: { path: "/ready", port: 2000 }, failureThreshold: 1, initialDelaySeconds: 10, periodSeconds: 10 },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
              },
            ],
          },
        },
      },
    },
  ];
}

/** sish (antoniomika/sish v2.23.0, deploy/docker-compose.yml flags); no chart upstream. HTTPS is terminated by the Gateway. */
function sishObjects(ctx: ClusterContext): KubeObject[] {
  const labels = { "app.kubernetes.io/name": "sish" };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "sish", namespace: "sish" },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "sish",
                image: "antoniomika/sish:v2.23.0",
                args: [
                  "--ssh-address=:2222",
                  "--http-address=:8080",
                  "--https=false",
                  "--authentication-keys-directory=/keys/pubkeys",
                  "--private-keys-directory=/keys/host",
                  "--bind-random-ports=false",
                  "--bind-random-subdomains=false",
                  `--domain=tunnel.${ctx.cluster.domain}`,
                ],
                ports: [
                  { name: "ssh", containerPort: 2222 },
                  { name: "http", containerPort: 8080 },
                ],
                volumeMounts: [
                  { name: "pubkeys", mountPath: "/keys/pubkeys", readOnly: true },
                  { name: "host", mountPath: "/keys/host", readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: "pubkeys", secret: { secretName: "sish-keys", items: [{ key: "authorized_keys", path: "authorized_keys" }] } },
              { name: "host", secret: { secretName: "sish-keys", items: [{ key: "ssh_host_key", path: "ssh_key" }] } },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "sish-ssh", namespace: "sish" },
      spec: { type: "LoadBalancer", selector: labels, ports: [{ name: "ssh", port: 2222, targetPort: "ssh" }] },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: "sish-http", namespace: "sish" }, spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
    httpRoute("sish", "sish", `tunnel.${ctx.cluster.domain}`, "sish-http", 80),
  ];
}
