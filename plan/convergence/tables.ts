/**
 * The small documented tables the convergence check relies on where it cannot look inside a chart (it never renders
 * Helm charts): which API groups a chart installs CRDs for, which Helm values keys name a Secret, which Secrets a
 * controller writes itself, and which API groups are built into Kubernetes/k3s. A stage that adds a chart with CRDs, or
 * a values key that names a Secret, extends these tables (docs/gitops.md, "How a new stage stays convergent").
 */

/**
 * API groups whose CRDs a chart installs, by chart name (the chart's own crds/ or templates/crds, at the version the
 * gitops/ tree pins).
 */
export const CHART_CRD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // cloudnative-pg/charts tag cloudnative-pg-v0.29.0: charts/cloudnative-pg/templates/crds/crds.yaml (11 CRDs, all `group: postgresql.cnpg.io`).
  "cloudnative-pg": ["postgresql.cnpg.io"],
  // prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3: charts/kube-prometheus-stack/charts/crds/crds/crd-*.yaml (monitoring.coreos.com).
  "kube-prometheus-stack": ["monitoring.coreos.com"],
  // vmware-tanzu/helm-charts tag velero-11.4.0: charts/velero/crds/*.yaml (velero.io).
  velero: ["velero.io"],
  // kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1: charts/external-dns/crds/dnsendpoints.externaldns.k8s.io.yaml.
  "external-dns": ["externaldns.k8s.io"],
  // isindir/sops-secrets-operator chart/helm4/sops-secrets-operator/crds (SopsSecret, group isindir.github.com).
  "sops-secrets-operator": ["isindir.github.com"],
  // OT-CONTAINER-KIT redis-operator chart 0.24.0: charts/redis-operator/crds/crds.yaml (Redis, RedisCluster, ... in
  // redis.redis.opstreelabs.in; the CRs the stages use are redis.redis.opstreelabs.in/v1beta2).
  "redis-operator": ["redis.redis.opstreelabs.in"],
  // cloudnative-pg/charts tag plugin-barman-cloud-v0.7.0: charts/plugin-barman-cloud (ObjectStore, barmancloud.cnpg.io).
  "plugin-barman-cloud": ["barmancloud.cnpg.io"],
  // crossplane/crossplane tag v2.3.4: cluster/crds (the groups below; providers add their own through Provider packages).
  crossplane: ["apiextensions.crossplane.io", "ops.crossplane.io", "pkg.crossplane.io", "protection.crossplane.io"],
  // tailscale/tailscale cmd/k8s-operator/deploy/crds (Connector, ProxyClass, ... in tailscale.com), shipped by the
  // tailscale-operator chart.
  "tailscale-operator": ["tailscale.com"],
  // grafana/helm-charts alloy-1.11.1: `crds.create: true` installs the PodLogs CRD (monitoring.grafana.com).
  alloy: ["monitoring.grafana.com"],
};

/**
 * API groups whose CRDs a FluxInstance installs, by the controller listed in its `spec.components` (each Flux
 * controller ships the CRDs of its own group: fluxcd/flux2 manifests/crds, and the Flux docs' "Components" pages:
 * source-controller GitRepository/HelmRepository/OCIRepository/Bucket/HelmChart, kustomize-controller Kustomization,
 * helm-controller HelmRelease, notification-controller Alert/Provider/Receiver). The operator installs them at run time,
 * so the plan sees them only through the FluxInstance.
 */
export const FLUX_COMPONENT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  "source-controller": ["source.toolkit.fluxcd.io"],
  "kustomize-controller": ["kustomize.toolkit.fluxcd.io"],
  "helm-controller": ["helm.toolkit.fluxcd.io"],
  "notification-controller": ["notification.toolkit.fluxcd.io"],
  "image-reflector-controller": ["image.toolkit.fluxcd.io"],
  "image-automation-controller": ["image.toolkit.fluxcd.io"],
  "source-watcher": ["source.extensions.fluxcd.io"],
};

/**
 * Helm values keys that name a Secret the chart mounts or reads, matched anywhere in a release's values (generic) or
 * at one path for one chart. The check reads every values file and inline values an Application or HelmRelease
 * references; each match is a Secret in the release's namespace that must be provided.
 */
export interface SecretValuesKey {
  /** `*` for any chart. */
  readonly chart: string;
  /** Dotted path (chart-specific) or a bare key name (generic: matched at any depth). */
  readonly key: string;
  /** Only counts when this sibling path (relative to the values root) is not false. */
  readonly unlessFalse?: string;
  readonly source: string;
}

export const SECRET_VALUES_KEYS: readonly SecretValuesKey[] = [
  { chart: "*", key: "existingSecret", source: "the common Helm convention (Bitnami, grafana, velero, ...): the name of a Secret the chart does not create" },
  { chart: "*", key: "secretKeyRef", source: "a Kubernetes EnvVarSource passed through values (e.g. external-dns `env`); `optional: true` is skipped" },
  {
    chart: "velero",
    key: "credentials.existingSecret",
    unlessFalse: "credentials.useSecret",
    source: "vmware-tanzu/helm-charts velero-11.4.0 charts/velero/values.yaml: credentials.useSecret, credentials.existingSecret",
  },
  { chart: "kube-prometheus-stack", key: "grafana.admin.existingSecret", source: "grafana chart values.yaml admin.existingSecret (a kube-prometheus-stack dependency)" },
];

/**
 * Secrets a controller writes itself from an object in git, so a workload may reference them. Each function returns
 * the Secret names (in the object's namespace) an object yields.
 */
export const GENERATED_SECRETS: Readonly<Record<string, (o: GitObject) => string[]>> = {
  // CloudNativePG: "the operator generates ... a secret named `<cluster name>-app`" for the application user when
  // bootstrapping with initdb (cloudnative-pg docs, applications.md "Secrets"); `<name>-superuser` only with
  // spec.enableSuperuserAccess.
  "postgresql.cnpg.io/Cluster": (o) => [`${o.metadata.name}-app`, ...(dig(o, "spec.enableSuperuserAccess") === true ? [`${o.metadata.name}-superuser`] : [])],
  // cert-manager writes a Certificate's spec.secretName.
  "cert-manager.io/Certificate": (o) => (typeof dig(o, "spec.secretName") === "string" ? [dig(o, "spec.secretName") as string] : []),
  // External Secrets writes spec.target.name (default: the ExternalSecret's name).
  "external-secrets.io/ExternalSecret": (o) => [(dig(o, "spec.target.name") as string | undefined) ?? o.metadata.name],
};

/** API groups served by every k3s cluster without a CRD (the core and built-in groups). */
export const BUILTIN_GROUPS: readonly string[] = [
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "node.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "certificates.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "events.k8s.io",
  // k3s ships its HelmChart controller (k3s docs, "Helm": helm.cattle.io HelmChart/HelmChartConfig) and
  // k3s.cattle.io Addon.
  "helm.cattle.io",
  "k3s.cattle.io",
  // kustomize's own file kind, in case a raw directory holds one.
  "kustomize.config.k8s.io",
];

/** Namespaces every cluster has. */
export const BUILTIN_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** An object found in git, after rendering. */
export interface GitObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Record<string, string>; readonly labels?: Record<string, string> };
  readonly [k: string]: unknown;
}

export function dig(o: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
}
