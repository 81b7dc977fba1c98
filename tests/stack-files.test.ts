import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { planStack } from "../plan/cli";
import { renderMermaid } from "../plan/mermaid";

/** Every environment in the repository: Pulumi.<stack>.yaml. */
const STACKS = readdirSync(".")
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();

describe("every stack file plans cleanly", function () {
  this.timeout(60000);

  it("covers at least dev and prod", () => {
    assert.ok(STACKS.includes("dev") && STACKS.includes("prod"), STACKS.join(", "));
  });

  for (const stack of STACKS) {
    it(`Pulumi.${stack}.yaml evaluates with no mandatory policy violation`, async () => {
      const { run, policy } = await planStack({ stack });
      if (run.error) throw run.error;
      const mandatory = policy.violations.filter((v) => v.enforcement === "mandatory");
      assert.deepEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
      const layers = new Set(run.resources.map((r) => r.type));
      assert.ok(layers.has("command:remote:Command"), "k3s is installed over SSH");
      assert.ok(layers.has("kubernetes:helm.sh/v3:Release"), "the infrastructure tier is installed");
    });
  }

  it("hands the GitOps engine only what it needs from layer 3 (its namespace and SOPS key), not all of it", async () => {
    const { run } = await planStack({ stack: "prod" });
    if (run.error) throw run.error;
    const engine = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.parent?.includes("GitOpsEngine"));
    assert.ok(engine, "an engine release");
    const sops = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.includes("sops"));
    assert.ok(sops && engine!.dependencies.includes(sops.urn), "the engine waits for its SOPS key Secret");
    const longhorn = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.includes("longhorn"));
    assert.ok(longhorn && !engine!.dependencies.includes(longhorn.urn), "the engine does not wait for storage");
  });
});

describe("the README's prod diagram", function () {
  this.timeout(60000);
  it("is what the plan renders for Pulumi.prod.yaml today", async () => {
    const { run } = await planStack({ stack: "prod" });
    if (run.error) throw run.error;
    const readme = readFileSync("README.md", "utf8");
    const m = /<!-- plan:prod:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- plan:prod:end -->/.exec(readme);
    assert.ok(m, "README has the plan:prod markers");
    assert.equal(m![1], renderMermaid(run.resources).replace(/\n+$/, ""), "regenerate with npm run plan -- --stack prod --mermaid");
  });
});
