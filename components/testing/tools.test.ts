import { strict as assert } from "node:assert";
import { TOOL_INSTALL, hasTool, missingToolMessage, requireTool } from "./tools";

describe("testing tools", () => {
  it("answers whether the tool runs, the same way every time", () => {
    // The check runs the real binary (nothing is mocked), so the answer depends on the machine; it must be stable.
    for (const tool of ["shellcheck", "kubectl"] as const) {
      assert.equal(typeof hasTool(tool), "boolean");
      assert.equal(hasTool(tool), hasTool(tool));
    }
  });

  it("names the tool and how to install it", () => {
    assert.match(missingToolMessage("shellcheck"), /^shellcheck is not installed; install it apt-get install shellcheck/);
    assert.match(missingToolMessage("kubectl"), /kubectl is not installed; .*Kubernetes apt repository.*release binary/);
    assert.match(missingToolMessage("age"), /^age is not installed; install it apt-get install age/);
    assert.deepEqual(Object.keys(TOOL_INSTALL).sort(), ["age", "kubectl", "shellcheck"]);
  });

  it("does nothing when the tool is there, skips when it is missing, and fails under CI=true", () => {
    let skipped = 0;
    const ctx = { skip: () => void skipped++ };
    for (const tool of ["shellcheck", "kubectl"] as const) {
      if (hasTool(tool)) {
        requireTool(ctx, tool, { CI: "true" });
        assert.equal(skipped, 0);
      } else {
        requireTool(ctx, tool, {});
        assert.equal(skipped, 1);
        assert.throws(() => requireTool(ctx, tool, { CI: "true" }), new RegExp(`${tool} is not installed.*CI=true`));
        skipped = 0;
      }
    }
  });
});
