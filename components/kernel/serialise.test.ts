import { strict as assert } from "node:assert";
import fc from "fast-check";
import { sortedValues } from "./serialise";

describe("kernel serialise", () => {
  it("sorts keys at every depth, keeps array order and drops undefined values", () => {
    const out = sortedValues({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined, b: null } });
    assert.equal(JSON.stringify(out), '{"a":{"b":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
  it("gives the same bytes for the same values in any key order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        assert.equal(JSON.stringify(sortedValues(reversed)), JSON.stringify(sortedValues(obj)));
        assert.deepEqual(JSON.parse(JSON.stringify(sortedValues(obj))), JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
  it("leaves scalars alone", () => {
    for (const v of [1, "s", true, null, undefined]) assert.equal(sortedValues(v), v);
  });
});

describe("sortedValues and odd keys", () => {
  it("keeps a key named __proto__ as data", () => {
    const input = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as Record<string, unknown>;
    const out = sortedValues(input) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ["__proto__", "a", "b"]);
    assert.equal(JSON.stringify(out), '{"__proto__":{"x":1},"a":2,"b":1}');
  });
});
