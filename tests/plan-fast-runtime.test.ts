import { strict as assert } from "assert";
import { join } from "path";
import { planStack } from "../plan/cli";
import { serializeReport } from "../plan/report";

// The offline plan runs with the runtime shortcuts of components/testing/fast-runtime.ts; PLAN_FAST_RUNTIME=0 turns
// them off. Both must print the same plan, byte for byte, JSON included, on every kind of stack.
describe("offline plan: the runtime shortcuts change nothing", function () {
  this.timeout(120000);
  const ROOT = join(__dirname, "..");
  const cases: { stack: string; configFile?: string }[] = [
    { stack: "dev" },
    { stack: "prod", configFile: join(ROOT, "tests", "fixtures", "plan-diff", "agents-4.yaml") },
    { stack: "do-dev" },
    { stack: "home" },
    { stack: "pr" },
  ];
  const saved = process.env.PLAN_FAST_RUNTIME;
  after(() => {
    if (saved === undefined) delete process.env.PLAN_FAST_RUNTIME;
    else process.env.PLAN_FAST_RUNTIME = saved;
  });

  for (const c of cases) {
    it(`${c.stack}${c.configFile ? " (4 agents)" : ""}: the same report with and without them`, async () => {
      const plans: string[] = [];
      for (const value of ["0", "1"]) {
        process.env.PLAN_FAST_RUNTIME = value;
        const { report, run } = await planStack({ stack: c.stack, dir: ROOT, ...(c.configFile ? { configFile: c.configFile } : {}) });
        assert.equal(run.error, undefined, String(run.error));
        plans.push(serializeReport(report));
      }
      assert.ok(plans[0]!.length > 1000);
      assert.equal(plans[1], plans[0]);
    });
  }
});
