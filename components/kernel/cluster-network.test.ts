import { strict as assert } from "node:assert";
import { cidrsOverlap, isCidr } from "./cidr";
import { DEFAULT_CLUSTER_CIDR, DEFAULT_CNI, DEFAULT_SERVICE_CIDR } from "./cluster-network";

describe("kernel cluster-network", () => {
  it("defaults to k3s's own CNI and its documented pod and service ranges", () => {
    assert.equal(DEFAULT_CNI, "flannel");
    assert.equal(DEFAULT_CLUSTER_CIDR, "10.42.0.0/16");
    assert.equal(DEFAULT_SERVICE_CIDR, "10.43.0.0/16");
  });
  it("keeps the pod and service ranges valid and apart", () => {
    assert.ok(isCidr(DEFAULT_CLUSTER_CIDR) && isCidr(DEFAULT_SERVICE_CIDR));
    assert.equal(cidrsOverlap(DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR), false);
  });
});
