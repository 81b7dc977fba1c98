import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { transferProperties: unknown };
import { installFastRuntime, structCopy } from "./fast-runtime";
import { RunResult, runProgram } from "./harness";

class Thing extends pulumi.CustomResource {
  declare public readonly size: pulumi.Output<number>;
  declare public readonly token: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super("example:index:Thing", name, { size: undefined, token: undefined, name: undefined, ...props }, opts);
  }
}

/** A program that reads output properties before and after the answers, through applies, secrets and dependsOn. */
function program() {
  const parent = new pulumi.ComponentResource("example:index:Group", "g");
  const a = new Thing("a", { size: 3, name: "alpha", tags: { z: 1, a: [1, "x", null, { b: true }] } }, { parent });
  const early = a.size.apply((n) => n * 2); // read before the registration answers
  const b = new Thing("b", { token: pulumi.secret("t0ken"), size: early, other: a.name }, { parent, dependsOn: [a] });
  const c = new Thing("c", { name: pulumi.interpolate`${a.name}-${b.size}` }, { parent: b });
  return { size: b.size, token: b.token, name: c.name, urn: c.urn, late: pulumi.output(c.id).apply(() => a.name) };
}

const run = (fastRuntime: boolean) => runProgram(program, { stack: "dev", config: {}, preview: true, captureStackTraces: false, fastRuntime });

describe("testing/fast-runtime", () => {
  it("copies values as a protobuf Struct round trip does: sorted keys, inherited keys, numbers kept", () => {
    class WithProto {
      own = 1;
    }
    (WithProto.prototype as unknown as Record<string, unknown>).inherited = 2;
    const values: Record<string, unknown>[] = [
      {},
      { b: 1, a: { d: [1, { z: 1, y: 2 }, [], [[null]]], c: null }, "10": 1, "2": 2, s: "" },
      { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0, f: 1.5, t: true, u: "ü\n" },
      { c: new WithProto(), d: new Date(0) },
    ];
    for (const v of values) {
      const expected = Struct.fromJavaScript(v as never).toJavaScript();
      const copy = structCopy(v);
      assert.deepEqual(copy, expected);
      assert.deepEqual(Object.keys(copy as object), Object.keys(expected), "the same key order");
    }
    assert.ok(Object.is((structCopy({ z: -0 }) as { z: number }).z, -0));
  });

  it("refuses what a Struct cannot hold, with the Struct's own message", () => {
    for (const bad of [{ a: undefined }, { a: [undefined] }, { a: () => 1 }, { a: Symbol("s") }, { a: BigInt(1) }]) {
      assert.throws(() => Struct.fromJavaScript(bad as never), /Unexpected struct type\./);
      assert.throws(() => structCopy(bad), /^Error: Unexpected struct type\.$/);
    }
  });

  it("records the same registrations and outputs as the runtime's own path", async () => {
    const slow = await run(false);
    const fast = await run(true);
    if (slow.error) throw slow.error;
    assert.equal(fast.error, undefined);
    assert.deepEqual(slow.resources.map((r) => r.name), ["g", "a", "b", "c"]);
    assert.deepEqual(fast.resources, slow.resources);
    assert.deepEqual(fast.outputs, slow.outputs);
    assert.deepEqual(fast.outputs.token, { value: "t0ken", secret: true, known: true });
    assert.equal(fast.outputs.size?.value, 6);
  });

  it("still reports a failed registration as the run's error", async () => {
    const failing = (fastRuntime: boolean): Promise<RunResult> =>
      runProgram(
        () => {
          const t = new Thing("t", { size: Promise.reject(new Error("boom in an input")) });
          return { urn: t.urn };
        },
        { stack: "dev", config: {}, fastRuntime },
      );
    for (const fast of [false, true]) assert.match(String((await failing(fast)).error?.message), /boom in an input/, `fastRuntime: ${fast}`);
  });

  it("is installed for the run only", async () => {
    const before = [rpc.transferProperties, Struct.fromJavaScript];
    const uninstall = installFastRuntime();
    assert.notEqual(rpc.transferProperties, before[0]);
    assert.notEqual(Struct.fromJavaScript, before[1]);
    uninstall();
    assert.deepEqual([rpc.transferProperties, Struct.fromJavaScript], before);
    await run(true);
    assert.deepEqual([rpc.transferProperties, Struct.fromJavaScript], before);
  });
});
