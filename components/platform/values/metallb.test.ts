import { strict as assert } from "node:assert";
import { UNINITIALIZED_TOLERATION } from "./common";
import { metallbValues } from "./metallb";

describe("metallbValues", () => {
  it("installs the CRDs and lets both pods run on uninitialised nodes", () => {
    const v = metallbValues() as any;
    assert.deepEqual(v.crds, { enabled: true });
    assert.deepEqual(v.controller.tolerations, [UNINITIALIZED_TOLERATION]);
    assert.deepEqual(v.speaker.tolerations, [UNINITIALIZED_TOLERATION]);
    assert.deepEqual(Object.keys(v), ["controller", "crds", "speaker"]);
  });
});
