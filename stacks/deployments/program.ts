/**
 * The Deployments program: for every environment stack file, DeploymentSettings (source, push-to-deploy, PR previews,
 * path filters, ESC credentials), the review-stack template (`pr`), optional TTL schedules, and one policy group that
 * enforces the k3s-gitops pack on all of them.
 *
 * - `vcs`, not the deprecated `github` block (@pulumi/pulumiservice 1.3.0 deploymentSettings.d.ts: "@deprecated Use
 *   the 'vcs' property instead, which supports both GitHub and Azure DevOps").
 * - Credentials come from Pulumi ESC: DeploymentSettings has no environments field in 1.3.0, so each deployment's
 *   pre-run command imports the stack's ESC environment (`pulumi config env add`).
 * - Review stacks are created from `pr` when a pull request opens and destroyed when it is merged or closed (Pulumi
 *   docs, "Review stacks"). A review stack does not exist when this program runs, so its own time-to-live is set in the
 *   stack's Settings > Schedules or through the REST API's TTL schedule (Pulumi docs, "Time-to-live stacks");
 *   config `ttl` gives existing stacks a TtlSchedule.
 */
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import * as path from "path";
import { POLICY_PACK, PROJECT, StackFile, VCS_PROVIDER, listStackFiles, planDeployment, planTtls } from "./settings";

/** The repository root, where the Pulumi.<stack>.yaml files live. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export function deploymentsProgram(stackFiles: readonly StackFile[] = listStackFiles(REPO_ROOT)): Record<string, unknown> {
  const config = new pulumi.Config();
  const organization = config.require("organization");
  const repository = config.require("repository");
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository)) {
    throw new pulumi.RunError(`repository is ${JSON.stringify(repository)}; it must be a GitHub owner/name such as acme/k3s-gitops`);
  }
  if (stackFiles.length === 0) throw new pulumi.RunError(`no Pulumi.<stack>.yaml found in ${REPO_ROOT}`);

  const provider = new pulumiservice.Provider("pulumiservice", {});
  const settings = stackFiles.map((file) => {
    const plan = planDeployment(file, organization);
    return new pulumiservice.DeploymentSettings(
      `deploy-${file.stack}`,
      {
        organization,
        project: PROJECT,
        stack: file.stack,
        sourceContext: { git: { branch: `refs/heads/${plan.branch}`, repoDir: "." } },
        vcs: {
          provider: VCS_PROVIDER,
          repository,
          deployCommits: plan.deployCommits,
          previewPullRequests: plan.previewPullRequests,
          pullRequestTemplate: plan.pullRequestTemplate,
          paths: plan.paths,
        },
        operationContext: {
          preRunCommands: plan.preRunCommands,
          options: { skipIntermediateDeployments: true },
        },
      },
      { provider },
    );
  });

  const ttls = planTtls(config.getObject<Record<string, string>>("ttl") ?? {}, stackFiles.map((f) => f.stack)).map(
    (ttl) =>
      new pulumiservice.TtlSchedule(
        `ttl-${ttl.stack}`,
        { organization, project: PROJECT, stack: ttl.stack, timestamp: ttl.timestamp, deleteAfterDestroy: ttl.deleteAfterDestroy },
        { provider, dependsOn: settings },
      ),
  );

  const policyGroup = new pulumiservice.PolicyGroup(
    "k3s-gitops-policies",
    {
      name: `${PROJECT}-stacks`,
      organizationName: organization,
      entityType: "stacks",
      mode: "preventative",
      stacks: stackFiles.map((f) => ({ name: f.stack, routingProject: PROJECT })),
      policyPacks: [{ name: POLICY_PACK }],
    },
    { provider },
  );

  return {
    stacks: stackFiles.map((f) => f.stack),
    deploymentSettings: settings.map((s) => s.urn),
    ttlSchedules: ttls.map((t) => t.urn),
    policyGroup: policyGroup.urn,
  };
}
