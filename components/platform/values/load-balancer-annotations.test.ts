import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { LOAD_BALANCER_ANNOTATIONS, loadBalancerAnnotations } from "./load-balancer-annotations";

describe("loadBalancerAnnotations", () => {
  it("annotates DigitalOcean load balancers and leaves MetalLB's alone", () => {
    assert.deepEqual(loadBalancerAnnotations({ kind: "none" }, "lb"), {});
    const ann = loadBalancerAnnotations({ kind: "digitalocean", region: "fra1" } as any, "lb");
    assert.deepEqual(Object.keys(ann).sort(), ["service.beta.kubernetes.io/do-loadbalancer-name", "service.beta.kubernetes.io/do-loadbalancer-protocol"]);
  });

  it("names the DigitalOcean load balancer and passes TLS through as TCP", () => {
    const ann = loadBalancerAnnotations({ kind: "digitalocean", token: pulumi.output("t"), vpcId: pulumi.output("v"), region: "fra1" }, "k3s-lb");
    assert.equal(ann["service.beta.kubernetes.io/do-loadbalancer-name"], "k3s-lb");
    assert.equal(ann["service.beta.kubernetes.io/do-loadbalancer-protocol"], "tcp");
  });

  it("places Hetzner load balancers in the cloud's location, on the private network", () => {
    const cloud = { kind: "hetzner", token: pulumi.output("t"), networkId: pulumi.output("1"), networkZone: "eu-central", location: "nbg1" } as const;
    assert.deepEqual(loadBalancerAnnotations(cloud, "k3s-lb"), {
      "load-balancer.hetzner.cloud/location": "nbg1",
      "load-balancer.hetzner.cloud/name": "k3s-lb",
      "load-balancer.hetzner.cloud/use-private-ip": "true",
    });
  });

  it("has an entry for every cloud kind", () => {
    assert.deepEqual(Object.keys(LOAD_BALANCER_ANNOTATIONS).sort(), ["digitalocean", "hetzner", "none"]);
  });

  it("sets no name annotation without a name, so the cloud controller names the load balancer after the Service", () => {
    assert.deepEqual(loadBalancerAnnotations({ kind: "hetzner", location: "nbg1" }), {
      "load-balancer.hetzner.cloud/location": "nbg1",
      "load-balancer.hetzner.cloud/use-private-ip": "true",
    });
    assert.deepEqual(loadBalancerAnnotations({ kind: "digitalocean" }), { "service.beta.kubernetes.io/do-loadbalancer-protocol": "tcp" });
    assert.deepEqual(loadBalancerAnnotations({ kind: "none" }), {});
  });
});
