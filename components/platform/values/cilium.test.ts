import { strict as assert } from "node:assert";
import { ciliumValues } from "./cilium";

describe("ciliumValues", () => {
  it("tunnels (VXLAN) when the nodes offer no pod routes: the default, and what DigitalOcean gets", () => {
    // The old values set native routing over the pod range with no route anywhere: pod traffic between nodes was lost.
    assert.deepEqual(ciliumValues(), {
      ipam: { mode: "kubernetes" },
      operator: { replicas: 1 },
      routingMode: "tunnel",
      tunnelProtocol: "vxlan",
    });
    assert.equal((ciliumValues({ routing: "tunnel" }) as any).ipv4NativeRoutingCIDR, undefined);
  });

  it("routes natively over the whole private network with cloud routes (Hetzner), no direct routes, the network's MTU", () => {
    const v = ciliumValues({ routing: "cloud-routes", clusterCidr: "10.42.0.0/16", networkCidr: "10.0.0.0/8", mtu: 1450 }) as any;
    assert.equal(v.routingMode, "native");
    assert.equal(v.ipv4NativeRoutingCIDR, "10.0.0.0/8", "the network's range, not the pod range");
    assert.equal(v.autoDirectNodeRoutes, false);
    assert.equal(v.MTU, 1450);
    assert.equal(v.tunnelProtocol, undefined);
  });

  it("refuses cloud routes for a pod range outside the network: the cloud would never route it", () => {
    assert.throws(() => ciliumValues({ routing: "cloud-routes", clusterCidr: "10.42.0.0/16", networkCidr: "10.0.0.0/16" }), /10\.42\.0\.0\/16 must lie inside the private network 10\.0\.0\.0\/16/);
    assert.throws(() => ciliumValues({ routing: "cloud-routes" }), /\(none given\)/);
  });

  it("installs direct node routes over the pod range only where the nodes share layer 2", () => {
    const v = ciliumValues({ routing: "shared-l2", clusterCidr: "10.100.0.0/16", operatorReplicas: 2 }) as any;
    assert.deepEqual([v.routingMode, v.ipv4NativeRoutingCIDR, v.autoDirectNodeRoutes, v.operator.replicas], ["native", "10.100.0.0/16", true, 2]);
  });
});
