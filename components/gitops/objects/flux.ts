/**
 * Pure builders of the Flux hand-off objects: one GitRepository and one Kustomization per stage, chained with
 * dependsOn. Flux orders top-level Kustomizations itself, so Pulumi creates them directly.
 */
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization" with { "resolution-mode": "import" };
import type { IGitRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository" with { "resolution-mode": "import" };
import type { SyncOptions } from "./argocd";
import { stageApplicationName } from "./argocd";

export const GIT_REPOSITORY_NAME = "k3s-gitops";
export const DEFAULT_SOURCE_INTERVAL = "1m";
export const DEFAULT_STAGE_INTERVAL = "10m";
export const DEFAULT_STAGE_TIMEOUT = "15m";

/**
 * Custom health checks for kinds `wait: true` cannot judge by itself (Flux evaluates them only when wait or
 * healthChecks is set). A CloudNativePG Cluster is healthy when its Ready condition is True.
 */
export const HEALTH_CHECK_EXPRS = [
  {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')",
  },
] as const;

export interface FluxHandoffSpec {
  readonly namespace: string;
  readonly repoUrl: string;
  readonly branch: string;
  /** The cluster's stage directory, e.g. gitops/clusters/dev. */
  readonly path: string;
  readonly stages: readonly string[];
  readonly sync: SyncOptions;
  /** The Secret holding the git credentials, when the repository needs any. */
  readonly credentialsSecret?: string;
  /** The Secret holding the SOPS age key (key `age.agekey`). */
  readonly sopsSecret: string;
}

/** Flux paths are relative to the repository root and written `./...`. */
export function fluxStagePath(spec: Pick<FluxHandoffSpec, "path">, stage: string): string {
  return `./${spec.path}/flux/${stage}`;
}

export function buildGitRepository(spec: FluxHandoffSpec): IGitRepository {
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: { name: GIT_REPOSITORY_NAME, namespace: spec.namespace },
    spec: {
      interval: DEFAULT_SOURCE_INTERVAL,
      url: spec.repoUrl,
      ref: { branch: spec.branch },
      ...(spec.credentialsSecret ? { secretRef: { name: spec.credentialsSecret } } : {}),
    },
  };
}

export function buildStageKustomization(spec: FluxHandoffSpec, stage: string, previous: string | undefined): IKustomization {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: stageApplicationName(stage), namespace: spec.namespace },
    spec: {
      interval: DEFAULT_STAGE_INTERVAL,
      retryInterval: "1m",
      timeout: DEFAULT_STAGE_TIMEOUT,
      path: fluxStagePath(spec, stage),
      prune: spec.sync.prune,
      // Deleting the Kustomization (pulumi destroy) deletes what it applied and waits until it is gone, whatever
      // `prune` says: LoadBalancer Services and PVCs must not outlive the cloud controller and CSI driver.
      deletionPolicy: "WaitForTermination",
      wait: true,
      healthCheckExprs: HEALTH_CHECK_EXPRS.map((e) => ({ ...e })),
      sourceRef: { kind: "GitRepository", name: GIT_REPOSITORY_NAME },
      decryption: { provider: "sops", secretRef: { name: spec.sopsSecret } },
      ...(previous ? { dependsOn: [{ name: stageApplicationName(previous) }] } : {}),
    },
  };
}

/** One Kustomization per stage, each depending on the one before it. */
export function buildStageKustomizations(spec: FluxHandoffSpec): IKustomization[] {
  return spec.stages.map((stage, i) => buildStageKustomization(spec, stage, i > 0 ? spec.stages[i - 1] : undefined));
}
