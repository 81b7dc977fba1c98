import { strict as assert } from "node:assert";
import fc from "fast-check";
import { PROFILE_NAMES, isProfileName, resolveProfile, stackOfUrn } from "./profiles";

describe("kernel profiles", () => {
  it("takes a valid explicit profile over the stack name", () => {
    assert.deepEqual(resolveProfile("prod", "dev"), { ok: true, profile: "prod", from: "explicit" });
    assert.deepEqual(resolveProfile("dev", "eu-main"), { ok: true, profile: "dev", from: "explicit" });
  });
  it("falls back to the stack name only when it is a profile name", () => {
    assert.deepEqual(resolveProfile(undefined, "prod"), { ok: true, profile: "prod", from: "stack" });
    assert.deepEqual(resolveProfile(undefined, "dev"), { ok: true, profile: "dev", from: "stack" });
    for (const stack of ["production", "prod-eu", "home", "do-dev", "Prod", ""]) {
      assert.deepEqual(resolveProfile(undefined, stack), { ok: false, reason: "missing" }, stack);
    }
  });
  it("never falls back past an invalid explicit value", () => {
    for (const bad of ["staging", "auto", "", 1, null, ["prod"]]) {
      assert.deepEqual(resolveProfile(bad, "prod"), { ok: false, reason: "invalid", value: bad });
    }
  });
  it("resolves to a profile name exactly when the explicit value or else the stack is one", () => {
    const value = fc.oneof(fc.constantFrom<unknown>(undefined, ...PROFILE_NAMES), fc.string(), fc.integer());
    fc.assert(
      fc.property(value, fc.oneof(fc.constantFrom(...PROFILE_NAMES), fc.string()), (explicit, stack) => {
        const r = resolveProfile(explicit, stack);
        const expected = explicit !== undefined ? explicit : stack;
        assert.equal(r.ok, isProfileName(expected));
        if (r.ok) assert.equal(r.profile, expected);
      }),
    );
  });
  it("reads the stack from a URN", () => {
    assert.equal(stackOfUrn("urn:pulumi:prod-eu::k3s-gitops::pulumi:pulumi:Stack::k3s-gitops-prod-eu"), "prod-eu");
    assert.equal(stackOfUrn("nonsense"), "nonsense");
  });
});
