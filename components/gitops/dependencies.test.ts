import { strict as assert } from "assert";
import type * as pulumi from "@pulumi/pulumi";
import { handoffDependencies } from "./dependencies";

describe("handoffDependencies", () => {
  it("is the engine release, then every cloud-resource owner, in order", () => {
    const [engine, ccm, csi] = ["engine", "ccm", "csi"].map((n) => ({ n }) as unknown as pulumi.Resource);
    assert.deepEqual(handoffDependencies(engine!, [ccm!, csi!]), [engine, ccm, csi]);
    assert.deepEqual(handoffDependencies(engine!, []), [engine]);
    // With a destroy guard the hand-off waits only for the engine (issue 15: no wait for storage on up).
    assert.deepEqual(handoffDependencies(engine!, [ccm!, csi!], true), [engine]);
  });
});
