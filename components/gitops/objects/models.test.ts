/** The kubernetes-models validator the hand-off objects go through. */
import { strict as assert } from "assert";
import { SchemaError, modelFor, validateObject, validated } from "./models";

describe("object models", () => {
  it("finds a model by apiVersion and kind, and none for unmodelled kinds", async () => {
    assert.equal(typeof (await modelFor("v1", "ConfigMap")), "function");
    assert.equal(await modelFor("example.com/v1", "Widget"), undefined);
    assert.equal(await modelFor("v1", "NoSuchKind"), undefined);
  });

  it("checks a modelled object, passes an unmodelled one, refuses one without a name", async () => {
    assert.equal(await validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y" } }), true);
    assert.equal(await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "x" } }), false);
    await assert.rejects(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: {} }), /ConfigMap \(no name\): needs apiVersion, kind and metadata.name/);
    await assert.rejects(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y" }, data: { a: 1 } } as never), (err: unknown) => {
      assert.ok(err instanceof SchemaError);
      assert.match(err.message, /^ConfigMap y\/x: /);
      return true;
    });
  });

  it("validated resolves to the same object", async () => {
    const o = { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } };
    assert.equal(await validated(o), o);
  });
});
