import { strict as assert } from "node:assert";
import { hcloudCcmValues } from "./hcloud-ccm";

describe("hcloudCcmValues", () => {
  it("match the CCM's route handling to the CNI and pin the pod CIDR", () => {
    const flannel = hcloudCcmValues({ networkRoutes: false, loadBalancerLocation: "fsn1" }) as any;
    assert.deepEqual(flannel.networking, { clusterCIDR: "10.42.0.0/16", enabled: true });
    assert.equal(flannel.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "false");
    assert.equal((hcloudCcmValues({ networkRoutes: true, loadBalancerLocation: "fsn1" }) as any).env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "true");
  });

  it("takes a given pod CIDR and load-balancer location, and always uses the private network", () => {
    const v = hcloudCcmValues({ clusterCidr: "10.100.0.0/16", networkRoutes: true, loadBalancerLocation: "hel1" }) as any;
    assert.equal(v.networking.clusterCIDR, "10.100.0.0/16");
    assert.deepEqual(v.env.HCLOUD_LOAD_BALANCERS_LOCATION, { value: "hel1" });
    assert.deepEqual(v.env.HCLOUD_LOAD_BALANCERS_USE_PRIVATE_IP, { value: "true" });
  });
});
