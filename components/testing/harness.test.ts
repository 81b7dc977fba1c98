import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "./harness";

class Thing extends pulumi.CustomResource {
  constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super("example:index:Thing", name, props, opts);
  }
}

describe("testing/harness", () => {
  it("records every registration with its inputs, parent and dependencies, and settles the outputs", async () => {
    const r = await runProgram(
      () => {
        const parent = new pulumi.ComponentResource("example:index:Group", "g");
        const a = new Thing("a", { size: 1 }, { parent });
        const b = new Thing("b", { token: pulumi.secret("t") }, { parent, dependsOn: [a] });
        return { name: "plain", secret: pulumi.secret("s"), urn: b.urn };
      },
      { stack: "dev", config: {}, preview: false },
    );
    if (r.error) throw r.error;
    const a = r.resources.find((x) => x.name === "a")!;
    const b = r.resources.find((x) => x.name === "b")!;
    assert.ok(a && b, "both things recorded");
    assert.ok(b.dependencies.includes(a.urn), "dependsOn recorded");
    assert.match(String(a.parent), /Group::g$/);
    assert.deepEqual(r.outputs.name, { value: "plain", secret: false, known: true });
    assert.equal(r.outputs.secret?.secret, true);
  });

  it("returns the program's error instead of throwing, with what was registered before it", async () => {
    const r = await runProgram(
      () => {
        new Thing("before", {});
        throw new Error("bad config");
      },
      { stack: "dev", config: {}, preview: true },
    );
    assert.match(String(r.error?.message), /bad config/);
    assert.deepEqual(r.resources.filter((x) => x.custom).map((x) => x.name), ["before"]);
  });

  it("passes config, secret keys included, to the program", async () => {
    const r = await runProgram(() => ({ v: new pulumi.Config("p").require("k"), s: new pulumi.Config("p").requireSecret("t") }), {
      stack: "dev",
      config: { "p:k": "value", "p:t": "hidden" },
      secretKeys: ["p:t"],
    });
    if (r.error) throw r.error;
    assert.equal(r.outputs.v?.value, "value");
    assert.equal(r.outputs.s?.secret, true);
  });
});
