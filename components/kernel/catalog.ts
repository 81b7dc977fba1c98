/**
 * The catalog: every component Pulumi may install, with its pinned chart, namespace, layer, the CRDs it brings and
 * what it needs. The single source of truth for the components, the offline plan, the policy pack, the gitops/ checks
 * and the README's table. Nothing else keeps a list.
 */
import { ENGINE_CATALOG_ENTRIES } from "./engine-catalog";
import type { LayerId } from "./layers";

// The GitOps engines' entries and pins live in engine-catalog.ts; importers of this file still find them here.
export { ENGINE_CATALOG_KEYS, FLUX_DISTRIBUTION, type EngineKind } from "./engine-catalog";

/** What a component is for; the policies reason about roles, not names. */
export type CatalogRole =
  | "cloud-controller"
  | "cni"
  | "api-definitions"
  | "load-balancer"
  | "ingress"
  | "certificates"
  | "storage"
  | "secrets"
  | "upgrades"
  | "metrics"
  | "gitops-engine";

export interface CatalogEntry {
  /** Human name, for tables and messages. */
  readonly title: string;
  /** The Helm repository URL (https:// or oci://). */
  readonly repo: string;
  readonly chart: string;
  /** An exact chart version: no range, no "latest". */
  readonly version: string;
  /** The app version the chart version ships, for the README. */
  readonly appVersion: string;
  readonly namespace: string;
  /** The Helm release name. */
  readonly releaseName: string;
  readonly layer: Extract<LayerId, 2 | 3 | 4>;
  readonly role: CatalogRole;
  /** Names of the CRDs the chart installs (`certificates.cert-manager.io`, ...). */
  readonly crds: readonly string[];
  /** Other catalog keys this one needs installed first. */
  readonly needs: readonly string[];
  /** Where the version was checked: the chart's index or source. */
  readonly source: string;
  /**
   * Set only for a component whose project publishes no Helm chart: the pinned release manifests (CRDs first) that
   * are applied instead of a Helm release. `repo` is then the release download URL and `chart` the project name.
   */
  readonly manifests?: readonly string[];
}

/** system-upgrade-controller publishes no chart: its pinned release assets. */
const SUC_RELEASE = "https://github.com/rancher/system-upgrade-controller/releases/download/v0.20.1";

/** DigitalOcean's cloud controller publishes no chart: one manifest per release, committed under releases/ at its tag. */
const DO_CCM_VERSION = "v0.1.71";
const DO_CCM_RELEASE = `https://raw.githubusercontent.com/digitalocean/digitalocean-cloud-controller-manager/${DO_CCM_VERSION}/releases/digitalocean-cloud-controller-manager`;
/** DigitalOcean's CSI driver publishes no chart: a directory of manifests per release (CRDs, driver, snapshot controller). */
const DO_CSI_VERSION = "v4.19.0";
const DO_CSI_RELEASE = `https://raw.githubusercontent.com/digitalocean/csi-digitalocean/${DO_CSI_VERSION}/deploy/kubernetes/releases/csi-digitalocean-${DO_CSI_VERSION}`;

/**
 * Gateway API publishes no Helm chart: the standard channel is one release asset per tag, applied server-side (the
 * docs' `kubectl apply --server-side -f .../standard-install.yaml`; pulumi-kubernetes 4.x applies server-side by
 * default). Source: kubernetes-sigs/gateway-api site/content/en/guides/getting-started/introduction.md and
 * config/crd/standard at tag v1.6.1.
 */
const GATEWAY_API_VERSION = "v1.6.1";
const GATEWAY_API_RELEASE = `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}`;

export const CATALOG = {
  // Layer 2: cluster-core.
  "hcloud-ccm": {
    title: "Hetzner Cloud controller manager",
    repo: "https://charts.hetzner.cloud",
    chart: "hcloud-cloud-controller-manager",
    version: "1.35.0",
    appVersion: "v1.35.0",
    namespace: "kube-system",
    releaseName: "hccm",
    layer: 2,
    role: "cloud-controller",
    crds: [],
    needs: [],
    source: "github.com/hetznercloud/hcloud-cloud-controller-manager tag v1.35.0, chart/Chart.yaml + chart/values.yaml",
  },
  "digitalocean-ccm": {
    title: "DigitalOcean cloud controller manager",
    repo: DO_CCM_RELEASE,
    chart: "digitalocean-cloud-controller-manager",
    version: DO_CCM_VERSION,
    appVersion: DO_CCM_VERSION,
    namespace: "kube-system",
    releaseName: "digitalocean-cloud-controller-manager",
    layer: 2,
    role: "cloud-controller",
    crds: [],
    needs: [],
    source:
      "github.com/digitalocean/digitalocean-cloud-controller-manager releases/digitalocean-cloud-controller-manager/v0.1.71.yml (commit 05d726fd): no Helm chart; image v0.1.71, reads Secret kube-system/digitalocean key access-token (DO_ACCESS_TOKEN)",
    manifests: [`${DO_CCM_RELEASE}/${DO_CCM_VERSION}.yml`],
  },
  "gateway-api": {
    title: "Gateway API CRDs (standard channel)",
    repo: GATEWAY_API_RELEASE,
    chart: "gateway-api",
    version: GATEWAY_API_VERSION,
    appVersion: GATEWAY_API_VERSION,
    // The bundle holds only cluster-scoped objects (CRDs, the safe-upgrades ValidatingAdmissionPolicy and binding).
    namespace: "kube-system",
    releaseName: "gateway-api",
    layer: 2,
    role: "api-definitions",
    crds: [
      "gatewayclasses.gateway.networking.k8s.io",
      "gateways.gateway.networking.k8s.io",
      "httproutes.gateway.networking.k8s.io",
      "grpcroutes.gateway.networking.k8s.io",
      "referencegrants.gateway.networking.k8s.io",
      "backendtlspolicies.gateway.networking.k8s.io",
      "listenersets.gateway.networking.k8s.io",
      "tlsroutes.gateway.networking.k8s.io",
      "tcproutes.gateway.networking.k8s.io",
      "udproutes.gateway.networking.k8s.io",
    ],
    needs: [],
    source:
      "github.com/kubernetes-sigs/gateway-api tag v1.6.1 (8bb74df0), config/crd/standard (bundle-version v1.6.1, channel standard) and the getting-started guide's install URL; no Helm chart upstream. The release asset itself was not downloaded here",
    manifests: [`${GATEWAY_API_RELEASE}/standard-install.yaml`],
  },
  cilium: {
    title: "Cilium",
    repo: "https://helm.cilium.io",
    chart: "cilium",
    version: "1.20.0",
    appVersion: "v1.20.0",
    namespace: "kube-system",
    releaseName: "cilium",
    layer: 2,
    role: "cni",
    crds: [],
    needs: [],
    source: "github.com/cilium/cilium-cli main 2026-08-18: .github/workflows/kind.yaml pins cilium/cilium v1.20.0 (renovate); values.yaml not read at the tag",
  },
  metallb: {
    title: "MetalLB",
    repo: "https://metallb.github.io/metallb",
    chart: "metallb",
    version: "0.16.1",
    appVersion: "v0.16.1",
    namespace: "metallb-system",
    releaseName: "metallb",
    layer: 2,
    role: "load-balancer",
    crds: ["ipaddresspools.metallb.io", "l2advertisements.metallb.io", "bgpadvertisements.metallb.io", "bgppeers.metallb.io", "bfdprofiles.metallb.io", "communities.metallb.io"],
    needs: [],
    source: "github.com/metallb/metallb tag metallb-chart-0.16.1, charts/metallb/Chart.yaml + values.yaml (crds.enabled) + charts/crds",
  },
  // Layer 3: platform.
  "do-csi": {
    title: "DigitalOcean CSI driver",
    repo: DO_CSI_RELEASE,
    chart: "csi-digitalocean",
    version: DO_CSI_VERSION,
    appVersion: DO_CSI_VERSION,
    namespace: "kube-system",
    releaseName: "csi-digitalocean",
    layer: 3,
    role: "storage",
    crds: ["volumesnapshots.snapshot.storage.k8s.io", "volumesnapshotcontents.snapshot.storage.k8s.io", "volumesnapshotclasses.snapshot.storage.k8s.io"],
    needs: ["digitalocean-ccm"],
    source:
      "github.com/digitalocean/csi-digitalocean deploy/kubernetes/releases/csi-digitalocean-v4.19.0 (commit b286de8d; README: {crds.yaml,driver.yaml,snapshot-controller.yaml}): no Helm chart; driver.yaml reads Secret kube-system/digitalocean key access-token and ships StorageClass do-block-storage marked default",
    manifests: [`${DO_CSI_RELEASE}/crds.yaml`, `${DO_CSI_RELEASE}/driver.yaml`, `${DO_CSI_RELEASE}/snapshot-controller.yaml`],
  },
  "hcloud-csi": {
    title: "Hetzner Cloud CSI driver",
    repo: "https://charts.hetzner.cloud",
    chart: "hcloud-csi",
    version: "2.22.1",
    appVersion: "v2.22.1",
    namespace: "kube-system",
    releaseName: "hcloud-csi",
    layer: 3,
    role: "storage",
    crds: [],
    needs: [],
    source: "github.com/hetznercloud/csi-driver tag v2.22.1, chart/Chart.yaml + chart/values.yaml",
  },
  longhorn: {
    title: "Longhorn",
    repo: "https://charts.longhorn.io",
    chart: "longhorn",
    version: "1.12.1",
    appVersion: "v1.12.1",
    namespace: "longhorn-system",
    releaseName: "longhorn",
    layer: 3,
    role: "storage",
    crds: ["volumes.longhorn.io", "engines.longhorn.io", "replicas.longhorn.io", "nodes.longhorn.io", "settings.longhorn.io", "recurringjobs.longhorn.io"],
    needs: [],
    source: "github.com/longhorn/longhorn tag v1.12.1, chart/Chart.yaml + chart/values.yaml + chart/templates/crds.yaml",
  },
  "csi-driver-smb": {
    title: "SMB CSI driver (Storage Box)",
    repo: "https://raw.githubusercontent.com/kubernetes-csi/csi-driver-smb/master/charts",
    chart: "csi-driver-smb",
    version: "1.20.3",
    appVersion: "1.20.3",
    namespace: "kube-system",
    releaseName: "csi-driver-smb",
    layer: 3,
    role: "storage",
    crds: [],
    needs: [],
    source: "github.com/kubernetes-csi/csi-driver-smb tag v1.20.3, charts/index.yaml + charts/latest/csi-driver-smb",
  },
  traefik: {
    title: "Traefik",
    repo: "https://traefik.github.io/charts",
    chart: "traefik",
    version: "41.3.0",
    appVersion: "v3.7.11",
    namespace: "traefik",
    releaseName: "traefik",
    layer: 3,
    role: "ingress",
    crds: ["ingressroutes.traefik.io", "ingressroutetcps.traefik.io", "middlewares.traefik.io", "tlsoptions.traefik.io"],
    needs: [],
    source: "github.com/traefik/traefik-helm-chart tag v41.3.0, traefik/Chart.yaml + traefik/values.yaml + traefik/crds",
  },
  "ingress-nginx": {
    title: "ingress-nginx",
    repo: "https://kubernetes.github.io/ingress-nginx",
    chart: "ingress-nginx",
    version: "4.15.1",
    appVersion: "1.15.1",
    namespace: "ingress-nginx",
    releaseName: "ingress-nginx",
    layer: 3,
    role: "ingress",
    crds: [],
    needs: [],
    source: "github.com/kubernetes/ingress-nginx tag helm-chart-4.15.1 (the final release: the project is retired), charts/ingress-nginx",
  },
  "cert-manager": {
    title: "cert-manager",
    repo: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    appVersion: "v1.21.1",
    namespace: "cert-manager",
    releaseName: "cert-manager",
    layer: 3,
    role: "certificates",
    crds: ["certificates.cert-manager.io", "certificaterequests.cert-manager.io", "issuers.cert-manager.io", "clusterissuers.cert-manager.io", "orders.acme.cert-manager.io", "challenges.acme.cert-manager.io"],
    needs: [],
    source: "github.com/cert-manager/cert-manager tag v1.21.1, deploy/charts/cert-manager/values.yaml (crds.enabled, crds.keep)",
  },
  "external-secrets": {
    title: "External Secrets Operator",
    repo: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    appVersion: "v2.9.0",
    namespace: "external-secrets",
    releaseName: "external-secrets",
    layer: 3,
    role: "secrets",
    crds: ["externalsecrets.external-secrets.io", "secretstores.external-secrets.io", "clustersecretstores.external-secrets.io", "clusterexternalsecrets.external-secrets.io"],
    needs: [],
    source: "github.com/external-secrets/external-secrets tag helm-chart-2.9.0, deploy/charts/external-secrets (installCRDs)",
  },
  // Argo CD stacks only (Platform installs it when the SOPS age key lives in Argo CD's namespace): decrypts SopsSecret
  // objects from git with that key. In the engine's namespace, so it can mount the age key Secret.
  "sops-secrets-operator": {
    title: "SOPS secrets operator (Argo CD stacks)",
    repo: "https://isindir.github.io/sops-secrets-operator/",
    chart: "sops-secrets-operator",
    version: "0.28.0",
    appVersion: "0.21.1",
    namespace: "argocd",
    releaseName: "sops-secrets-operator",
    layer: 3,
    role: "secrets",
    crds: ["sopssecrets.isindir.github.com"],
    needs: [],
    source:
      "github.com/isindir/sops-secrets-operator master 2cfc1e0a (2026-06-28): chart/helm4/sops-secrets-operator/Chart.yaml (version 0.28.0, appVersion 0.21.1), values.yaml (secretsAsFiles, extraEnv), crds/isindir.github.com_sopssecrets.yaml; README: helm repo https://isindir.github.io/sops-secrets-operator/ (index not reachable here; the project wiki lists 0.28.1 as newer)",
  },
  "system-upgrade-controller": {
    title: "system-upgrade-controller",
    repo: SUC_RELEASE,
    chart: "system-upgrade-controller",
    version: "v0.20.1",
    appVersion: "v0.20.1",
    namespace: "system-upgrade",
    releaseName: "system-upgrade-controller",
    layer: 3,
    role: "upgrades",
    crds: ["plans.upgrade.cattle.io"],
    needs: [],
    source: "github.com/rancher/system-upgrade-controller tag v0.20.1: no Helm chart is published; scripts/package-controller builds the release assets crd.yaml and system-upgrade-controller.yaml",
    manifests: [`${SUC_RELEASE}/crd.yaml`, `${SUC_RELEASE}/system-upgrade-controller.yaml`],
  },
  "metrics-server": {
    title: "metrics-server (only when k3s's is disabled)",
    repo: "https://kubernetes-sigs.github.io/metrics-server",
    chart: "metrics-server",
    version: "3.13.1",
    appVersion: "0.8.1",
    namespace: "kube-system",
    releaseName: "metrics-server",
    layer: 3,
    role: "metrics",
    crds: [],
    needs: [],
    source: "github.com/kubernetes-sigs/metrics-server tag metrics-server-helm-chart-3.13.1, charts/metrics-server/Chart.yaml",
  },
  // Layer 4, the GitOps engines: engine-catalog.ts.
  ...ENGINE_CATALOG_ENTRIES,
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof CATALOG;

export function catalogEntry(key: string): CatalogEntry {
  const entry = (CATALOG as Record<string, CatalogEntry>)[key];
  if (!entry) throw new Error(`${key} is not in the catalog (components/kernel/catalog.ts)`);
  return entry;
}

/** The catalog entries whose chart is `chart`, for matching a Helm release back to its entry. */
/**
 * True when `chart`, as a Helm release gives it (`name`, `repo/name`, or a full `oci://.../name` reference), names the
 * entry's chart. The one place that decides which catalog entry a release installs: the policies and the plan's
 * convergence check both ask here.
 */
export function chartMatches(chart: string, entry: CatalogEntry): boolean {
  if (chart === entry.chart) return true;
  if (chart === `${entry.repo.replace(/\/+$/, "")}/${entry.chart}`) return true;
  return chart.startsWith("oci://") && chart.split("/").pop() === entry.chart;
}

export function entriesForChart(chart: string): [string, CatalogEntry][] {
  return Object.entries(CATALOG as Record<string, CatalogEntry>).filter(([, e]) => e.chart === chart);
}

/**
 * The cluster's shared Gateway (layer 3, components/platform/resources/shared-gateway.ts): the one Gateway API object
 * set the infrastructure tier owns. The policy pack treats exactly these as infrastructure and every other Gateway or
 * route Pulumi creates as application tier. Listener ports are Traefik's entry point ports (traefik/values.yaml at
 * v41.3.0: ports.web.port 8000, ports.websecure.port 8443).
 */
export const SHARED_GATEWAY = {
  name: "shared",
  namespace: "traefik",
  className: "traefik",
  controllerName: "traefik.io/gateway-controller",
  tlsSecret: "shared-gateway-tls",
  http: { name: "http", port: 8000 },
  https: { name: "https", port: 8443 },
  redirectRoute: "shared-https-redirect",
} as const;
