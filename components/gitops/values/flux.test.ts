import { strict as assert } from "assert";
import { buildFluxValues } from "./flux";

describe("Flux values", () => {
  it("leaves the image automation controllers out (the hand-off does not wire them)", () => {
    assert.deepEqual(buildFluxValues(), { imageAutomationController: { create: false }, imageReflectionController: { create: false } });
  });
});
