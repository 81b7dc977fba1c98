import { strict as assert } from "node:assert";
import { InputPropertiesError, Problems, describeValue, formatProblem } from "./errors";

describe("kernel errors", () => {
  it("describes values as JSON, shortened, and never prints a secret", () => {
    assert.equal(describeValue("fsn1"), '"fsn1"');
    assert.equal(describeValue(2), "2");
    assert.equal(describeValue(undefined), "missing");
    assert.equal(describeValue("hunter2", true), "[secret]");
    const long = describeValue("x".repeat(200));
    assert.equal(long.length, 80);
    assert.ok(long.endsWith("..."));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(describeValue(cyclic), "[object Object]");
  });
  it("formats one problem per line: path, value, what is accepted", () => {
    assert.equal(formatProblem({ path: "servers.count", value: 2, accepted: "an odd count (1, 3, 5)" }), "servers.count is 2: an odd count (1, 3, 5)");
    assert.equal(formatProblem({ path: "token", value: undefined, accepted: "required" }), "token is missing: required");
    assert.equal(formatProblem({ path: "token", value: "abc", accepted: "64 hex characters", secret: true }), "token is [secret]: 64 hex characters");
  });
  it("collects every problem and throws them once, naming the component", () => {
    const p = new Problems();
    assert.equal(p.check(true, "a", 1, "ok"), true);
    assert.equal(p.check(false, "servers[1].location", "xx1", "one of fsn1, nbg1, hel1"), false);
    assert.equal(p.add("token", "s3cr3t", "required", true), false);
    assert.equal(p.count, 2);
    assert.deepEqual(p.all.map((x) => x.path), ["servers[1].location", "token"]);
    assert.throws(() => p.throwIfAny("HetznerNodes"), InputPropertiesError);
  });
  it("throws an InputPropertiesError listing each problem", () => {
    const p = new Problems();
    p.add("servers[1].location", "xx1", "one of fsn1, nbg1, hel1");
    p.add("token", "s3cr3t", "required", true);
    const err = (() => {
      try {
        p.throwIfAny("HetznerNodes");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InputPropertiesError);
    assert.equal(err.name, "InputPropertiesError");
    assert.equal(err.component, "HetznerNodes");
    assert.equal(err.problems.length, 2);
    assert.equal(err.message, 'Invalid arguments to HetznerNodes (2 problems):\n  - servers[1].location is "xx1": one of fsn1, nbg1, hel1\n  - token is [secret]: required');
    assert.doesNotMatch(err.message, /s3cr3t/);
  });
  it("does not throw when there is no problem, and says 1 problem in the singular", () => {
    new Problems().throwIfAny("X");
    assert.match(new InputPropertiesError("X", [{ path: "a", value: 1, accepted: "b" }]).message, /\(1 problem\):/);
  });
});
