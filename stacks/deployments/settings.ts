/**
 * Pure builders for the Deployments program: which stacks exist (one per Pulumi.<stack>.yaml), which branch deploys
 * each, which paths trigger it, and how it gets its credentials from Pulumi ESC.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** The environment project and its stacks' project. */
export const PROJECT = "k3s-gitops";
/** Published name of the CrossGuard pack (policy/policies.ts PACK_NAME). */
export const POLICY_PACK = "k3s-gitops";
/** Branches: dev-like stacks deploy main; prod-like stacks deploy the release branch (merge or fast-forward to it). */
export const DEV_BRANCH = "main";
/**
 * The review-stack template: Pulumi's docs ("Review stacks", configuring): "Create a new stack, by convention named pr,
 * and corresponding Pulumi.pr.yaml configuration file - this config will be copied into every review stack", then set
 * the pullRequestTemplate deployment setting to true on it. It deploys nothing itself.
 */
export const PR_TEMPLATE_STACK = "pr";
/**
 * The VCS provider discriminator of DeploymentSettings.vcs (@pulumi/pulumiservice 1.3.0 types: `provider: string`,
 * "The VCS provider type"; the typings do not enumerate the values: "github" is NOT CONFIRMED against the API).
 */
export const VCS_PROVIDER = "github";
export const RELEASE_BRANCH = "release";

/**
 * Paths whose change redeploys a stack. gitops/ is deliberately absent: the GitOps engine syncs it, Pulumi does not.
 * docs/ and tests/ are absent too; they change nothing in the cluster.
 */
export const SHARED_PATHS = [
  "Pulumi.yaml",
  "components/**",
  "index.ts",
  "package-lock.json",
  "package.json",
  "plan/**",
  "policy/**",
  "stacks/compose.ts",
  "stacks/config/**",
  "stacks/node-factories.ts",
  "stacks/program.ts",
  "tsconfig.json",
] as const;

export interface StackFile {
  readonly stack: string;
  /** The profile the stack resolves to (k3s-gitops:profile, else the stack name). */
  readonly profile: string;
}

/** The stacks of the project: one per `Pulumi.<stack>.yaml` in `dir`, sorted. */
export function listStackFiles(dir: string): StackFile[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const doc = (parse(fs.readFileSync(path.join(dir, m[0]), "utf8")) ?? {}) as { config?: Record<string, unknown> };
      const explicit = doc.config?.[`${PROJECT}:profile`];
      return { stack: m[1]!, profile: typeof explicit === "string" ? explicit : m[1]! };
    })
    .sort((a, b) => a.stack.localeCompare(b.stack));
}

/** The ESC environment a stack imports at deploy time: `<project>/<stack>` (see docs/state-and-deployments.md). */
export function escEnvironment(stack: string): string {
  return `${PROJECT}/${stack}`;
}

export interface DeploymentPlan {
  readonly stack: string;
  /** Deploy (`pulumi up`) on every push to the branch: push-to-deploy. False for the review-stack template. */
  readonly deployCommits: boolean;
  /** Preview every pull request against the branch. */
  readonly previewPullRequests: boolean;
  /** This stack is the template review stacks are copied from. */
  readonly pullRequestTemplate: boolean;
  readonly branch: string;
  readonly paths: string[];
  readonly escEnvironment: string;
  readonly preRunCommands: string[];
}

/** One stack's deployment plan. Pure. */
export function planDeployment(file: StackFile, organization: string): DeploymentPlan {
  const env = escEnvironment(file.stack);
  const template = file.stack === PR_TEMPLATE_STACK;
  return {
    stack: file.stack,
    deployCommits: !template,
    previewPullRequests: !template,
    pullRequestTemplate: template,
    // Review stacks are configured per branch (Pulumi docs, "Review stacks"): the template follows the dev branch.
    branch: file.profile === "prod" && !template ? RELEASE_BRANCH : DEV_BRANCH,
    paths: [...SHARED_PATHS, `Pulumi.${file.stack}.yaml`].sort(),
    escEnvironment: env,
    // The stack imports its ESC environment only inside the deployment's throw-away checkout, so a local-backend
    // checkout keeps working without a Pulumi Cloud account.
    preRunCommands: [`pulumi config env add ${env} --stack ${organization}/${PROJECT}/${file.stack} --yes`],
  };
}

/**
 * A time-to-live for a stack: Pulumi destroys it at `timestamp` (ISO 8601) and, with `deleteAfterDestroy`, removes it
 * (pulumiservice TtlSchedule: organization, project, stack, timestamp, deleteAfterDestroy). Measured from the stack's
 * creation, not reset by updates (Pulumi docs, "Time-to-live stacks").
 */
export interface StackTtl {
  readonly stack: string;
  readonly timestamp: string;
  readonly deleteAfterDestroy: boolean;
}

const ISO_8601_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The TTLs of config `ttl` (stack -> ISO 8601 UTC timestamp), checked against the stacks that exist. Pure. */
export function planTtls(ttl: Readonly<Record<string, string>>, stacks: readonly string[]): StackTtl[] {
  return Object.entries(ttl)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stack, timestamp]) => {
      if (!stacks.includes(stack)) throw new Error(`ttl.${stack}: no Pulumi.${stack}.yaml; a TTL names an existing stack (${stacks.join(", ")})`);
      if (!ISO_8601_UTC.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
        throw new Error(`ttl.${stack} is ${JSON.stringify(timestamp)}; it must be an ISO 8601 UTC time such as 2026-12-31T18:00:00Z`);
      }
      return { stack, timestamp, deleteAfterDestroy: true };
    });
}
