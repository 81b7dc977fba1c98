import { strict as assert } from "assert";
import { stringify } from "yaml";
import { pieceYaml } from "./yaml-pieces";

describe("kernel/yaml-pieces", () => {
  const docs: Record<string, unknown>[] = [
    {},
    { b: 1, a: "x", c: true, d: null },
    { "node-label": ["b=2", "a=1"], "node-ip": "10.0.1.2", "cluster-init": true, "kubelet-arg": ["cloud-provider=external"] },
    { write_files: [{ path: "/a", content: "line 1\nline 2\n" }, { path: "/b", content: "  indented\n\ttab\n" }], runcmd: [["a", "b"], ["c"]] },
    { "a: b": [{ x: 1 }], "#c": [{ y: "z" }], "": [], "'q'": "v", e: [] },
    { multi: "a\n\nb\n\n\n", trailing: "x ", lead: " y", colon: "k: v", hash: "a #b", num: "010", bool: "yes", empty: "" },
    { nested: { z: { y: [1, [2, [3]]], x: "deep" }, a: [{ m: { n: [{ o: 1 }] } }] } },
    { unicode: "ü é 漢字", control: "bell\u0007", quote: "it's \"q\"" },
  ];
  const options = [{}, { lineWidth: 0 }, { sortMapEntries: true, lineWidth: 0 }];

  it("gives the bytes stringify gives for the whole document, for every document and option set, twice", () => {
    for (let round = 0; round < 2; round++) {
      for (const doc of docs) for (const opts of options) assert.equal(pieceYaml(doc, opts), stringify(doc, opts), JSON.stringify([doc, opts]));
    }
  });

  it("renders a document with a repeated object whole (the yaml package anchors it)", () => {
    const shared = { a: 1 };
    const doc = { x: [shared], y: [shared] };
    assert.match(stringify(doc), /&a1/);
    assert.equal(pieceYaml(doc), stringify(doc));
  });

  it("leaves out undefined values, as stringify does", () => {
    assert.equal(pieceYaml({ a: undefined, b: 1 }), stringify({ a: undefined, b: 1 }));
  });
});
