import { strict as assert } from "node:assert";
import { SECRET_SIG, SIG_KEY, containsSecret, isSecretValue, plainInputs, plainOccurrences, redactedInputs } from "./recorder";
import type { RecordedResource } from "./recorder";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const resource = (inputs: Record<string, unknown>): RecordedResource =>
  ({ urn: "urn:pulumi:dev::p::t::n", type: "t", name: "n", custom: true, parent: null, provider: null, dependencies: [], propertyDependencies: {}, rawInputs: inputs }) as unknown as RecordedResource;

describe("testing/recorder", () => {
  it("recognises secrets at any depth", () => {
    assert.equal(isSecretValue(secret("x")), true);
    assert.equal(isSecretValue("x"), false);
    assert.equal(containsSecret({ a: [{ b: secret("x") }] }), true);
    assert.equal(containsSecret({ a: [{ b: "x" }] }), false);
  });

  it("finds where a value occurs outside any secret", () => {
    const value = { a: "has tok", b: [secret("tok"), { c: "tok!" }], d: secret({ e: "tok" }) };
    assert.deepEqual(plainOccurrences(value, "tok"), [".a", ".b[1].c"]);
    assert.deepEqual(plainOccurrences(secret("tok"), "tok"), []);
  });

  it("unwraps secrets for assertions and redacts them for reports", () => {
    const r = resource({ token: secret("s3cr3t"), name: "plain" });
    assert.deepEqual(plainInputs(r), { token: "s3cr3t", name: "plain" });
    const redacted = JSON.stringify(redactedInputs(r));
    assert.doesNotMatch(redacted, /s3cr3t/);
    assert.match(redacted, /plain/);
  });
});
