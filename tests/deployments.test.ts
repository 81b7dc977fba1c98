import * as assert from "assert";
import * as fs from "fs";
import { runProgram } from "@k3s-gitops/components/testing";
import { plainInputs } from "@k3s-gitops/components/testing";
import { PACK_NAME } from "../policy/policies";
import { REPO_ROOT, deploymentsProgram } from "../stacks/deployments/program";
import { DEV_BRANCH, POLICY_PACK, PR_TEMPLATE_STACK, RELEASE_BRANCH, listStackFiles, planDeployment, planTtls } from "../stacks/deployments/settings";

const STACK_FILES = fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).sort();

async function runDeployments(extra: Record<string, unknown> = {}) {
  const result = await runProgram(() => deploymentsProgram(), {
    project: "k3s-gitops-deployments",
    stack: "deployments",
    config: { "k3s-gitops-deployments:organization": "acme", "k3s-gitops-deployments:repository": "acme/k3s-gitops", ...extra },
    preview: false,
  });
  if (result.error) throw result.error;
  return result;
}

describe("Pulumi Deployments settings", function () {
  this.timeout(30000);
  it("cover every Pulumi.<stack>.yaml, one DeploymentSettings each", async () => {
    assert.ok(STACK_FILES.length >= 4, STACK_FILES.join(", "));
    const r = await runDeployments();
    const settings = r.resources.filter((x) => x.type === "pulumiservice:index:DeploymentSettings").map(plainInputs);
    assert.deepStrictEqual(settings.map((s) => `Pulumi.${s.stack}.yaml`).sort(), STACK_FILES);
    for (const s of settings) {
      assert.strictEqual(s.organization, "acme");
      assert.strictEqual(s.project, "k3s-gitops");
      assert.strictEqual(s.github, undefined, "the deprecated github block is gone");
      assert.strictEqual(s.vcs.provider, "github");
      assert.strictEqual(s.vcs.repository, "acme/k3s-gitops");
      const template = s.stack === PR_TEMPLATE_STACK;
      assert.strictEqual(s.vcs.deployCommits, !template, "push-to-deploy on every stack but the review template");
      assert.strictEqual(s.vcs.previewPullRequests, !template);
      assert.strictEqual(s.vcs.pullRequestTemplate, template);
      assert.ok(s.vcs.paths.includes(`Pulumi.${s.stack}.yaml`));
      assert.ok(!s.vcs.paths.some((p: string) => /^Pulumi\..+\.yaml$/.test(p) && p !== `Pulumi.${s.stack}.yaml`), "another stack's file must not redeploy this one");
      assert.ok(!s.vcs.paths.some((p: string) => p.startsWith("gitops/")), "gitops/ belongs to the GitOps engine");
      assert.deepStrictEqual(s.operationContext.preRunCommands, [`pulumi config env add k3s-gitops/${s.stack} --stack acme/k3s-gitops/${s.stack} --yes`]);
      assert.strictEqual(s.operationContext.environmentVariables, undefined, "credentials come from ESC, never literals");
    }
    assert.deepStrictEqual(settings.filter((s) => s.vcs.pullRequestTemplate).map((s) => s.stack), ["pr"], "exactly one review-stack template, named pr");
    const byStack = Object.fromEntries(settings.map((s) => [s.stack, s.sourceContext.git.branch]));
    assert.strictEqual(byStack.dev, `refs/heads/${DEV_BRANCH}`);
    assert.strictEqual(byStack["do-dev"], `refs/heads/${DEV_BRANCH}`);
    assert.strictEqual(byStack.prod, `refs/heads/${RELEASE_BRANCH}`);
    assert.strictEqual(byStack.pr, `refs/heads/${DEV_BRANCH}`, "review stacks are per branch: pull requests against main");
    assert.deepStrictEqual(r.resources.filter((x) => x.type === "pulumiservice:index:TtlSchedule"), [], "no TTL unless configured");
  });

  it("gives a configured stack a TtlSchedule that destroys and deletes it, after its deployment settings", async () => {
    const r = await runDeployments({ "k3s-gitops-deployments:ttl": JSON.stringify({ pr: "2026-12-31T18:00:00Z" }) });
    const ttls = r.resources.filter((x) => x.type === "pulumiservice:index:TtlSchedule");
    assert.deepStrictEqual(ttls.map(plainInputs), [{ organization: "acme", project: "k3s-gitops", stack: "pr", timestamp: "2026-12-31T18:00:00Z", deleteAfterDestroy: true }]);
    const pr = r.resources.find((x) => x.type === "pulumiservice:index:DeploymentSettings" && plainInputs(x).stack === "pr")!;
    assert.ok(ttls[0]!.dependencies.includes(pr.urn), "a TTL needs deployment settings on the stack");
    assert.throws(() => planTtls({ nope: "2026-12-31T18:00:00Z" }, ["dev", "pr"]), /ttl\.nope: no Pulumi\.nope\.yaml/);
    assert.throws(() => planTtls({ pr: "tomorrow" }, ["pr"]), /ttl\.pr is "tomorrow"; it must be an ISO 8601 UTC time/);
  });

  it("enforce the k3s-gitops policy pack on every stack", async () => {
    const r = await runDeployments();
    const groups = r.resources.filter((x) => x.type === "pulumiservice:index:PolicyGroup").map(plainInputs);
    assert.strictEqual(groups.length, 1);
    assert.strictEqual(groups[0]!.mode, "preventative");
    assert.deepStrictEqual(groups[0]!.policyPacks, [{ name: PACK_NAME }]);
    assert.deepStrictEqual(groups[0]!.stacks.map((s: { name: string }) => `Pulumi.${s.name}.yaml`).sort(), STACK_FILES);
    assert.strictEqual(POLICY_PACK, PACK_NAME);
  });

  it("picks the branch from the stack's profile", () => {
    assert.strictEqual(planDeployment({ stack: "eu-prod", profile: "prod" }, "acme").branch, RELEASE_BRANCH);
    assert.strictEqual(planDeployment({ stack: "home", profile: "dev" }, "acme").branch, DEV_BRANCH);
    assert.deepStrictEqual(listStackFiles(REPO_ROOT).find((f) => f.stack === "home"), { stack: "home", profile: "dev" });
  });

  it("rejects a repository that is not owner/name", async () => {
    const r = await runProgram(() => deploymentsProgram(), {
      project: "k3s-gitops-deployments",
      stack: "deployments",
      config: { "k3s-gitops-deployments:organization": "acme", "k3s-gitops-deployments:repository": "https://github.com/acme/k3s-gitops" },
      preview: false,
    });
    assert.match(String(r.error?.message), /must be a GitHub owner\/name/);
    assert.ok(!r.resources.some((x) => x.type.startsWith("pulumiservice:index:")));
  });
});
