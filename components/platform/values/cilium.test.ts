import { strict as assert } from "node:assert";
import { DEFAULT_CLUSTER_CIDR } from "../../kernel/cluster-network";
import { ciliumValues } from "./cilium";

describe("ciliumValues", () => {
  it("uses Kubernetes IPAM and native routing over k3s's pod range by default, one operator", () => {
    assert.deepEqual(ciliumValues(), {
      ipam: { mode: "kubernetes" },
      ipv4NativeRoutingCIDR: DEFAULT_CLUSTER_CIDR,
      operator: { replicas: 1 },
      routingMode: "native",
    });
  });

  it("takes a given pod CIDR and operator count", () => {
    const v = ciliumValues({ clusterCidr: "10.100.0.0/16", operatorReplicas: 2 }) as any;
    assert.equal(v.ipv4NativeRoutingCIDR, "10.100.0.0/16");
    assert.equal(v.operator.replicas, 2);
  });
});
