import { strict as assert } from "node:assert";
import { ingressNginxValues } from "./ingress-nginx";

describe("ingressNginxValues", () => {
  const base = { ingressClass: "x", replicas: 1, serviceAnnotations: {} };

  it("pins ingress-nginx's NodePorts only when asked", () => {
    assert.equal((ingressNginxValues(base) as any).controller.service.nodePorts, undefined);
    assert.deepEqual((ingressNginxValues({ ...base, nodePorts: { http: 30081, https: 30444 } }) as any).controller.service.nodePorts, { http: 30081, https: 30444 });
  });

  it("creates the default IngressClass resource under the given name, with the replicas and Service annotations", () => {
    const v = ingressNginxValues({ ingressClass: "nginx", replicas: 2, serviceAnnotations: { a: "1" } }) as any;
    assert.deepEqual(v.controller.ingressClassResource, { default: true, enabled: true, name: "nginx" });
    assert.equal(v.controller.ingressClass, "nginx");
    assert.equal(v.controller.replicaCount, 2);
    assert.deepEqual(v.controller.service.annotations, { a: "1" });
  });
});
