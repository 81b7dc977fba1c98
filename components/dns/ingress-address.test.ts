/** Where the DNS records point: the ingress Service's load-balancer IP, or a given address. */
import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import { runProgram } from "../testing/harness";
import { MOCK_INGRESS_LB_IP } from "../testing/mock-state";
import { ingressAddress, loadBalancerIp } from "./ingress-address";

describe("ingress address", () => {
  it("reads the first load-balancer IP, and refuses a hostname-only or empty status", () => {
    assert.equal(loadBalancerIp({ loadBalancer: { ingress: [{ hostname: "lb.example" }, { ip: "192.0.2.9" }] } }, "t/t"), "192.0.2.9");
    assert.throws(() => loadBalancerIp({ loadBalancer: { ingress: [{ hostname: "lb.example" }] } }, "t/t"), /only the hostname lb.example.*IngressAddressArgs.configured/);
    assert.throws(() => loadBalancerIp({}, "traefik/traefik"), /traefik\/traefik has no load-balancer IP/);
  });

  it("reads the ingress Service after its release, or uses the given address", async () => {
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: "mock" });
      const release = new k8s.core.v1.ConfigMap("fake-ingress", { metadata: { name: "i" } }, { provider });
      const ingress = { release, namespace: "traefik", serviceName: "traefik" };
      return { read: ingressAddress("t", { ingress, provider }), given: ingressAddress("g", { ingress, provider, configured: "198.51.100.7" }) };
    }, { stack: "dns", config: {}, preview: false });
    if (r.error) throw r.error;
    assert.equal(r.outputs.read!.value, MOCK_INGRESS_LB_IP);
    assert.equal(r.outputs.given!.value, "198.51.100.7");
  });
});
