import { strict as assert } from "node:assert";
import { TOOL_INSTALL, hasTool, missingToolMessage, requireTool } from "./tools";

describe("testing tools", () => {
  it("finds node-independent tools by running them, and caches the answer", () => {
    // `--version` of a name nobody ships: the spawn fails, so the tool is missing. (No tool name is mocked: the check
    // runs the real binary, so only names from TOOL_INSTALL are accepted by the type.)
    assert.equal(typeof hasTool("shellcheck"), "boolean");
    assert.equal(hasTool("shellcheck"), hasTool("shellcheck"));
  });

  it("names the tool and how to install it", () => {
    assert.match(missingToolMessage("shellcheck"), /^shellcheck is not installed; install it apt-get install shellcheck/);
    assert.match(missingToolMessage("kubectl"), /kubectl is not installed; .*Kubernetes apt repository.*release binary/);
    assert.deepEqual(Object.keys(TOOL_INSTALL).sort(), ["kubectl", "shellcheck"]);
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
