/**
 * The Deployments program: for every environment stack file, DeploymentSettings (source, deploy on push, PR
 * previews, path filters, ESC credentials) and one policy group that enforces the k3s-gitops pack on all of them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import * as path from "path";
import { POLICY_PACK, PROJECT, StackFile, listStackFiles, planDeployment } from "./settings";

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
        github: {
          repository,
          deployCommits: true,
          previewPullRequests: true,
          pullRequestTemplate: false,
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
    policyGroup: policyGroup.urn,
  };
}
