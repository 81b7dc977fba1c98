import { strict as assert } from "node:assert";
import { baseConfig, runStack } from "./mocks";

const withEmail = (platform: Record<string, unknown> = {}) => baseConfig({ platform: { certManager: { email: "ops@example.com" }, ...platform } });

describe("platform in the whole stack", function () {
  this.timeout(30000);

  it("rejects bad platform config before registering any resource", async () => {
    const run = await runStack(withEmail({ metallb: { enabled: true } }));
    assert.match(String(run.error?.message), /platform\.metallb\.addresses is missing/);
    assert.equal(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length, 0);
    const noEmail = await runStack(baseConfig({ platform: {} }));
    assert.match(String(noEmail.error?.message), /platform\.certManager\.email is missing/);
    assert.equal(noEmail.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length, 0);
  });

  it("composes ClusterCore after k3s and Platform after ClusterCore, and exports the age recipient only", async () => {
    const run = (await runStack(withEmail())).ok();
    const core = run.ofType("k3s-gitops:platform:ClusterCore");
    const platform = run.ofType("k3s-gitops:platform:Platform");
    assert.equal(core.length, 1);
    assert.equal(platform.length, 1);
    const releases = run.ofType("kubernetes:helm.sh/v3:Release");
    const coreReleases = releases.filter((r) => r.parent === core[0]!.urn);
    const platformReleases = releases.filter((r) => r.parent === platform[0]!.urn);
    assert.ok(coreReleases.length >= 1 && platformReleases.length >= 3);
    for (const p of platformReleases) for (const c of coreReleases) assert.ok(run.dependsOn(p, c), `${p.name} waits for ${c.name}`);
    assert.match(String(run.result.outputs.sopsAgeRecipient?.value), /^age1/);
    for (const [k, v] of Object.entries(run.result.outputs)) {
      assert.ok(!JSON.stringify(v.value ?? "").includes("AGE-SECRET-KEY"), `output ${k} leaks the age identity`);
    }
  });
});
