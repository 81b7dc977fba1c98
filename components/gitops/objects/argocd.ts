/**
 * Pure builders of the Argo CD hand-off objects: the AppProject, the stage Applications (the domino) and the root
 * Application that syncs them.
 *
 * Why the stages are children of the root: Argo CD orders sync waves only among the resources of ONE Application's
 * sync. Stage Applications created side by side at the top level would all start at once. So Pulumi builds every stage
 * Application here, typed and validated, and hands the list to the root Application as Helm values of the tiny
 * in-repo chart gitops/argocd/stages (its one template writes each object out). The root then syncs stage after stage:
 * with the Lua health check for argoproj.io/Application in argocd-cm, wave N+1 starts only when wave N is Healthy.
 */
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject" with { "resolution-mode": "import" };
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application" with { "resolution-mode": "import" };

export const ARGO_API_VERSION = "argoproj.io/v1alpha1";
/** Cascading delete: removing the Application deletes what it deployed first (foreground). */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";
export const IN_CLUSTER = "https://kubernetes.default.svc";
/** The project every hand-off Application uses. Never `default`. */
export const PLATFORM_PROJECT = "platform";
export const ROOT_APPLICATION = "root";
/** The in-repo chart that writes out the stage Applications it is given. */
export const STAGES_CHART_PATH = "gitops/argocd/stages";
/** Label on git-side child Applications whose source (or `$values` ref source) is this repository. */
export const THIS_REPO_LABEL = "k3s-gitops.io/this-repo";

/**
 * Helm repositories the shipped gitops/ tree installs from; the `platform` project may read only these and the
 * GitOps repository itself. tests/gitops-tree.test.ts keeps this list and the tree in step.
 */
export const APPLICATION_TIER_HELM_REPOS = [
  "https://charts.crossplane.io/stable",
  "https://charts.dexidp.io",
  "https://cloudnative-pg.github.io/charts",
  "https://grafana-community.github.io/helm-charts",
  "https://grafana.github.io/helm-charts",
  "https://kubernetes-sigs.github.io/external-dns/",
  "https://oauth2-proxy.github.io/manifests",
  "https://ot-container-kit.github.io/helm-charts/",
  "https://pkgs.tailscale.com/helmcharts",
  "https://prometheus-community.github.io/helm-charts",
  "https://sablierapp.github.io/helm-charts",
  "https://stevehipwell.github.io/helm-charts/",
  "https://vmware-tanzu.github.io/helm-charts",
] as const;

export interface SyncOptions {
  /** Delete what git no longer holds. @default true */
  readonly prune: boolean;
  /** Undo changes made in the cluster by hand. @default true */
  readonly selfHeal: boolean;
}

/** The engine's own installation, for self-management (selfManage: true). */
export interface SelfManagedEngine {
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** Exactly the values Pulumi installs the release with. */
  readonly values: Record<string, unknown>;
}

export interface ArgoHandoffSpec {
  /** Argo CD's namespace. */
  readonly namespace: string;
  readonly repoUrl: string;
  readonly branch: string;
  /** The cluster's stage directory, e.g. gitops/clusters/dev. */
  readonly path: string;
  /** Ordered `NN-name` stages. */
  readonly stages: readonly string[];
  readonly sync: SyncOptions;
  /** Extra source repositories the project may read (the engine's chart repo when self-managed). */
  readonly extraSourceRepos?: readonly string[];
  readonly selfManage?: SelfManagedEngine;
}

/** `01-platform-services` -> `appstage-01-platform-services`. */
export function stageApplicationName(stage: string): string {
  return `appstage-${stage}`;
}

/** The sync wave of a stage: its number. */
export function stageWave(stage: string): number {
  return Number(stage.slice(0, 2));
}

/** Where a stage's manifests for Argo CD live. */
export function argoStagePath(spec: Pick<ArgoHandoffSpec, "path">, stage: string): string {
  return `${spec.path}/argocd/${stage}`;
}

function sortedUnique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

export function buildAppProject(spec: ArgoHandoffSpec): IAppProject {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "AppProject",
    metadata: { name: PLATFORM_PROJECT, namespace: spec.namespace },
    spec: {
      description: "The application tier, synced from git in stages (k3s-gitops hand-off)",
      sourceRepos: sortedUnique([
        spec.repoUrl,
        ...APPLICATION_TIER_HELM_REPOS,
        ...(spec.extraSourceRepos ?? []),
        ...(spec.selfManage ? [spec.selfManage.repo] : []),
      ]),
      destinations: [{ server: IN_CLUSTER, namespace: "*" }],
      // Operators and monitoring bring CRDs, ClusterRoles and webhooks.
      clusterResourceWhitelist: [{ group: "*", kind: "*" }],
      sourceNamespaces: [spec.namespace],
    },
  };
}

function automated(sync: SyncOptions): NonNullable<IApplication["spec"]["syncPolicy"]> {
  return {
    automated: { prune: sync.prune, selfHeal: sync.selfHeal },
    // The first sync of a stage can race CRDs its Helm charts bring; retry instead of failing the domino.
    retry: { limit: 10, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
  };
}

/**
 * JSON 6902 patches, applied by Argo CD's kustomize to the stage's child Applications, that point their
 * this-repository sources at the configured repoUrl and branch. The git tree then needs no fork-specific URL.
 */
export function thisRepoPatches(spec: Pick<ArgoHandoffSpec, "repoUrl" | "branch">) {
  const ops = (prefix: string) =>
    JSON.stringify([
      { op: "replace", path: `${prefix}/repoURL`, value: spec.repoUrl },
      { op: "replace", path: `${prefix}/targetRevision`, value: spec.branch },
    ]);
  return [
    { target: { group: "argoproj.io", kind: "Application", labelSelector: `${THIS_REPO_LABEL}=source` }, patch: ops("/spec/source") },
    { target: { group: "argoproj.io", kind: "Application", labelSelector: `${THIS_REPO_LABEL}=values-ref` }, patch: ops("/spec/sources/1") },
  ];
}

export function buildStageApplication(spec: ArgoHandoffSpec, stage: string): IApplication {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "Application",
    metadata: {
      name: stageApplicationName(stage),
      namespace: spec.namespace,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(stageWave(stage)) },
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: PLATFORM_PROJECT,
      source: {
        repoURL: spec.repoUrl,
        targetRevision: spec.branch,
        path: argoStagePath(spec, stage),
        kustomize: { patches: thisRepoPatches(spec) },
      },
      // A stage holds Applications (which live in Argo CD's namespace) and nothing else.
      destination: { server: IN_CLUSTER, namespace: spec.namespace },
      syncPolicy: automated(spec.sync),
    },
  };
}

/**
 * Stage 00, only with selfManage: Argo CD's own Application, adopting the Pulumi-installed release (same chart,
 * version, release name, namespace and values). No resources finalizer and no pruning: deleting this Application
 * must never delete Argo CD.
 */
export function buildSelfManagedApplication(spec: ArgoHandoffSpec, engine: SelfManagedEngine): IApplication {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "Application",
    metadata: {
      name: stageApplicationName("00-argocd"),
      namespace: spec.namespace,
      annotations: { [SYNC_WAVE_ANNOTATION]: "0" },
    },
    spec: {
      project: PLATFORM_PROJECT,
      source: {
        repoURL: engine.repo,
        chart: engine.chart,
        targetRevision: engine.version,
        helm: { releaseName: engine.releaseName, valuesObject: engine.values },
      },
      destination: { server: IN_CLUSTER, namespace: engine.namespace },
      syncPolicy: {
        automated: { prune: false, selfHeal: spec.sync.selfHeal },
        syncOptions: ["ServerSideApply=true"],
      },
    },
  };
}

/** Every stage Application in wave order, stage 00 (self-management) first when enabled. */
export function buildStageApplications(spec: ArgoHandoffSpec): IApplication[] {
  const stages = spec.stages.map((s) => buildStageApplication(spec, s));
  return spec.selfManage ? [buildSelfManagedApplication(spec, spec.selfManage), ...stages] : stages;
}

/** The root Application: syncs the stage Applications in waves; its finalizer cascades `pulumi destroy` through them. */
export function buildRootApplication(spec: ArgoHandoffSpec, applications: readonly IApplication[]): IApplication {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "Application",
    metadata: { name: ROOT_APPLICATION, namespace: spec.namespace, finalizers: [RESOURCES_FINALIZER] },
    spec: {
      project: PLATFORM_PROJECT,
      source: {
        repoURL: spec.repoUrl,
        targetRevision: spec.branch,
        path: STAGES_CHART_PATH,
        helm: { releaseName: ROOT_APPLICATION, valuesObject: { clusterPath: spec.path, applications } },
      },
      destination: { server: IN_CLUSTER, namespace: spec.namespace },
      syncPolicy: automated(spec.sync),
    },
  };
}
