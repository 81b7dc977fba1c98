/**
 * What both hand-offs (ArgoCdHandoff, FluxHandoff) take alike: the repository, branch, stage directory, stages, sync
 * options and credentials; their defaults, and the checks on them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Problems } from "../kernel/errors";
import type { SyncOptions } from "./objects/argocd";
import { GitAuth, checkGitAuth } from "./repo-credentials";

/** The branch the engine syncs. */
export const DEFAULT_GITOPS_BRANCH = "main";
/** Automated sync: prune what git no longer holds, undo changes made by hand. */
export const DEFAULT_SYNC: SyncOptions = { prune: true, selfHeal: true };
/**
 * The stages shipped in gitops/clusters/<cluster>/<engine>/, in order. A stage name is `NN-name`; the number orders
 * the domino (Argo CD sync waves, Flux dependsOn).
 */
export const DEFAULT_STAGES = ["01-platform-services", "02-identity-edge", "03-observability", "04-operations", "05-tenants", "06-apps"] as const;

/** `NN-name`: two digits, then a DNS label (the stage's Application/Kustomization is `appstage-NN-name`). */
export const STAGE_NAME = /^[0-9]{2}-[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/;
/** An https:// or ssh://user@host[:port]/path git URL. Flux does not accept the scp-like git@host:path form. */
export const GIT_REPO_URL = /^(https:\/\/[^\s/]+\/\S+|ssh:\/\/[^\s@]+@[^\s/]+(:[0-9]+)?\/\S+)$/;
/** A branch name. */
export const GIT_BRANCH = /^[A-Za-z0-9._/-]+$/;
/** A relative path inside the repository, without a leading ./ or /. */
export const REPO_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export interface HandoffArgs {
  /** Provider for the cluster (K3sCluster.provider). */
  readonly provider: k8s.Provider;
  /** The GitOps repository: `https://host/owner/repo.git` or `ssh://git@host/owner/repo.git`. */
  readonly repoUrl: string;
  /** The branch to sync. @default "main" */
  readonly branch?: string;
  /** The cluster's stage directory in the repository, e.g. `gitops/clusters/dev` (relative, no `..`). */
  readonly path: string;
  /** Ordered `NN-name` stages; numbers strictly increasing. @default DEFAULT_STAGES */
  readonly stages?: readonly string[];
  /** Automated sync options; each missing one takes its default. @default { prune: true, selfHeal: true } */
  readonly sync?: Partial<SyncOptions>;
  /** Repository credentials. @default { type: "none" } */
  readonly auth?: GitAuth;
  /**
   * The cluster's kubeconfig (K3sCluster.kubeconfig). When set, the hand-off gets a destroy guard (destroy-guard.ts)
   * and stops depending on the storage releases, so `up` does not wait for them; without it the hand-off depends on
   * every cloud-resource owner, which orders destroy but delays creation.
   */
  readonly kubeconfig?: pulumi.Input<string>;
}

/** The hand-off settings with every default applied. Pure. */
export function resolveHandoffArgs(args: HandoffArgs): { branch: string; stages: readonly string[]; sync: SyncOptions; auth: GitAuth } {
  return {
    branch: args.branch ?? DEFAULT_GITOPS_BRANCH,
    stages: args.stages ?? [...DEFAULT_STAGES],
    sync: { prune: args.sync?.prune ?? DEFAULT_SYNC.prune, selfHeal: args.sync?.selfHeal ?? DEFAULT_SYNC.selfHeal },
    auth: args.auth ?? { type: "none" },
  };
}

/** A problem with one stage of a list, by index. */
export interface StageProblem {
  readonly index: number;
  readonly value: string;
  readonly accepted: string;
}

/**
 * Problems of a stage list as a whole: numbers must be strictly increasing (they order the domino) and names unique.
 * Entries that are not `NN-name` strings are skipped (the caller reports them). Pure.
 */
export function stageOrderProblems(stages: readonly unknown[]): StageProblem[] {
  const problems: StageProblem[] = [];
  let previous = -1;
  const names = new Set<string>();
  stages.forEach((stage, index) => {
    if (typeof stage !== "string" || !STAGE_NAME.test(stage)) return;
    const n = Number(stage.slice(0, 2));
    if (n <= previous) {
      problems.push({ index, value: stage, accepted: `must have a higher number than the stage before it (${String(previous).padStart(2, "0")}); stages are listed in the order they start` });
    }
    const bare = stage.slice(3);
    if (names.has(bare)) problems.push({ index, value: stage, accepted: "repeats a stage name; stage names must be unique" });
    names.add(bare);
    previous = Math.max(previous, n);
  });
  return problems;
}

/** Records every problem of the shared hand-off args. */
export function checkHandoffArgs(problems: Problems, args: HandoffArgs): void {
  problems.check(args.provider !== undefined && args.provider !== null, "provider", args.provider, "must be the cluster's k8s.Provider");
  problems.check(
    typeof args.repoUrl === "string" && GIT_REPO_URL.test(args.repoUrl),
    "repoUrl",
    args.repoUrl,
    "must be an https:// or ssh://user@host/path git URL, such as https://github.com/acme/k3s-gitops.git (scp-like git@host:path is not accepted by Flux)",
  );
  if (args.branch !== undefined) problems.check(typeof args.branch === "string" && GIT_BRANCH.test(args.branch), "branch", args.branch, "must be a branch name such as main");
  const pathOk = typeof args.path === "string" && REPO_PATH.test(args.path);
  problems.check(pathOk, "path", args.path, "must be a relative path inside the repository, such as gitops/clusters/dev (no leading ./ or /)");
  if (pathOk) problems.check(!args.path.split("/").includes(".."), "path", args.path, "must not contain '..'");
  if (args.stages !== undefined) {
    if (!Array.isArray(args.stages) || args.stages.length === 0) {
      problems.add("stages", args.stages, "must list at least one NN-name stage");
    } else {
      args.stages.forEach((s, i) => problems.check(typeof s === "string" && STAGE_NAME.test(s), `stages[${i}]`, s, "must be NN-name, such as 01-platform-services"));
      for (const p of stageOrderProblems(args.stages)) problems.add(`stages[${p.index}]`, p.value, p.accepted);
    }
  }
  for (const key of ["prune", "selfHeal"] as const) {
    const v = args.sync?.[key];
    if (v !== undefined) problems.check(typeof v === "boolean", `sync.${key}`, v, "must be true or false");
  }
  checkGitAuth(problems, args.auth, args.repoUrl);
}
