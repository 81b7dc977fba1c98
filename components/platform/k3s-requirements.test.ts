import { strict as assert } from "node:assert";
import { validateK3sClusterArgs } from "../k3s/validate-args";
import { PlatformK3sNeeds, platformK3sRequirements } from "./k3s-requirements";

const needs = (o: Partial<PlatformK3sNeeds> = {}): PlatformK3sNeeds => ({ cloudLoadBalancers: false, metallb: false, localPath: true, ...o });

describe("platformK3sRequirements", () => {
  it("always disables k3s's Traefik: the platform brings its own ingress", () => {
    assert.deepEqual(platformK3sRequirements(needs()).disable, ["traefik"]);
  });

  it("disables servicelb when a cloud controller or MetalLB answers LoadBalancer Services", () => {
    assert.deepEqual(platformK3sRequirements(needs({ cloudLoadBalancers: true })).disable, ["servicelb", "traefik"]);
    assert.deepEqual(platformK3sRequirements(needs({ metallb: true })).disable, ["servicelb", "traefik"]);
    assert.deepEqual(platformK3sRequirements(needs({ cloudLoadBalancers: true, metallb: true })).disable, ["servicelb", "traefik"]);
  });

  it("disables local-storage unless local-path is used, so it cannot be a second default StorageClass", () => {
    assert.deepEqual(platformK3sRequirements(needs({ localPath: false })).disable, ["local-storage", "traefik"]);
    assert.deepEqual(platformK3sRequirements(needs({ localPath: false, cloudLoadBalancers: true })).disable, ["local-storage", "servicelb", "traefik"]);
  });

  it("every entry is one K3sCluster accepts in requirements.disable", () => {
    const requirements = platformK3sRequirements(needs({ localPath: false, metallb: true }));
    const node = { name: "s1", role: "server", privateInterface: "eth0" };
    const nodes = { servers: [node], agents: [] } as never;
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes, requirements }));
  });
});
