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
  readonly branch: string;
  readonly paths: string[];
  readonly escEnvironment: string;
  readonly preRunCommands: string[];
}

/** One stack's deployment plan. Pure. */
export function planDeployment(file: StackFile, organization: string): DeploymentPlan {
  const env = escEnvironment(file.stack);
  return {
    stack: file.stack,
    branch: file.profile === "prod" ? RELEASE_BRANCH : DEV_BRANCH,
    paths: [...SHARED_PATHS, `Pulumi.${file.stack}.yaml`].sort(),
    escEnvironment: env,
    // The stack imports its ESC environment only inside the deployment's throw-away checkout, so a local-backend
    // checkout keeps working without a Pulumi Cloud account.
    preRunCommands: [`pulumi config env add ${env} --stack ${organization}/${PROJECT}/${file.stack} --yes`],
  };
}
