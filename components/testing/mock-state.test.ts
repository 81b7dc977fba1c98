import { strict as assert } from "node:assert";
import { CALL_HANDLERS, STATE_HANDLERS, fakePrivateIp, fakePublicIp, mockId, mocks, stableNumber } from "./mock-state";

describe("testing/mock-state", () => {
  it("derives stable, realistic addresses from a name", () => {
    assert.equal(fakePublicIp("a"), fakePublicIp("a"));
    assert.notEqual(fakePublicIp("a"), fakePublicIp("b"));
    assert.match(fakePublicIp("server-1"), /^\d+\.\d+\.\d+\.\d+$/);
    assert.match(fakePrivateIp("server-1"), /^10\.\d+\.\d+\.\d+$/);
    const n = stableNumber("seed", 7);
    assert.ok(Number.isInteger(n) && n >= 0 && n < 7);
  });

  it("returns the inputs as state, plus the handler's outputs for known types", async () => {
    const m = mocks();
    const known = Object.keys(STATE_HANDLERS)[0]!;
    const r = await m.newResource({ type: known, name: "x", inputs: { a: 1 }, provider: "", custom: true } as never);
    assert.equal((r.state as Record<string, unknown>).a, 1);
    assert.ok(Object.keys(r.state as object).length > 1, `${known} has no mock outputs`);
    const plain = await m.newResource({ type: "example:index:Thing", name: "y", inputs: { b: 2 }, provider: "", custom: true } as never);
    assert.deepEqual(plain.state, { b: 2 });
  });

  it("gives hcloud resources numeric ids and others string ids", () => {
    assert.match(mockId({ type: "hcloud:index/server:Server", name: "s", inputs: {} } as never), /^\d+$/);
    assert.ok(mockId({ type: "random:index/randomPassword:RandomPassword", name: "p", inputs: {} } as never).length > 0);
  });

  it("throws `Mock not implemented` for an unknown call", () => {
    assert.throws(() => mocks().call({ token: "example:index:nope", inputs: {} } as never), /Mock not implemented: example:index:nope/);
    for (const token of Object.keys(CALL_HANDLERS)) assert.equal(typeof CALL_HANDLERS[token], "function");
  });
});
