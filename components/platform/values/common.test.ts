import { strict as assert } from "node:assert";
import { UNINITIALIZED_TOLERATION } from "./common";

describe("common values", () => {
  it("tolerates the taint the cloud controller removes once it has initialised a node", () => {
    // Kubernetes' well-known taint (cloud-provider: node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule).
    assert.deepEqual(UNINITIALIZED_TOLERATION, { key: "node.cloudprovider.kubernetes.io/uninitialized", operator: "Equal", value: "true", effect: "NoSchedule" });
  });
});
