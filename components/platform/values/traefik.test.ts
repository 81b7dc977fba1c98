import { strict as assert } from "node:assert";
import { SABLIER_TRAEFIK_PLUGIN, TRAEFIK_PLUGINS, traefikValues } from "./traefik";

describe("traefikValues", () => {
  it("serialise deterministically with sorted keys", () => {
    const a = traefikValues({ ingressClass: "traefik", replicas: 2, serviceAnnotations: { b: "2", a: "1" } });
    assert.deepEqual(Object.keys(a), ["deployment", "ingressClass", "providers", "service"]);
    assert.deepEqual(Object.keys((a as any).service.annotations), ["a", "b"]);
    assert.equal(JSON.stringify(a), JSON.stringify(traefikValues({ ingressClass: "traefik", replicas: 2, serviceAnnotations: { a: "1", b: "2" } })));
  });

  it("pins Traefik's NodePorts only when asked", () => {
    const base = { ingressClass: "x", replicas: 1, serviceAnnotations: {} };
    assert.equal((traefikValues(base) as any).ports, undefined);
    assert.deepEqual((traefikValues({ ...base, nodePorts: { http: 30080, https: 30443 } }) as any).ports, { web: { nodePort: 30080 }, websecure: { nodePort: 30443 } });
  });

  it("makes its IngressClass the cluster default and sets the replicas", () => {
    const v = traefikValues({ ingressClass: "traefik", replicas: 3, serviceAnnotations: {} }) as any;
    assert.deepEqual(v.ingressClass, { enabled: true, isDefaultClass: true, name: "traefik" });
    assert.equal(v.deployment.replicas, 3);
  });

  it("keeps the Ingress provider and turns on the Gateway provider with the chart's GatewayClass, not its Gateway", () => {
    const base = { ingressClass: "traefik", replicas: 1, serviceAnnotations: {} };
    const off = traefikValues(base) as any;
    assert.deepEqual(off.providers, { kubernetesGateway: { enabled: false }, kubernetesIngress: { enabled: true } });
    assert.equal(off.gateway, undefined);
    const on = traefikValues({ ...base, gateway: true }) as any;
    assert.deepEqual(on.providers.kubernetesGateway, { enabled: true });
    assert.deepEqual(on.providers.kubernetesIngress, { enabled: true });
    assert.deepEqual(on.gateway, { enabled: false }, "the shared Gateway is Pulumi's, not the chart's default one");
    assert.deepEqual(on.gatewayClass, { enabled: true, name: "traefik" });
    assert.equal(on.providers.kubernetesIngressNGINX, undefined);
  });

  it("serves nginx-class Ingresses only when asked (the migration path off ingress-nginx)", () => {
    const v = traefikValues({ ingressClass: "traefik", replicas: 1, serviceAnnotations: {}, nginxIngresses: true }) as any;
    assert.deepEqual(v.providers.kubernetesIngressNGINX, { enabled: true });
  });

  it("loads middleware plugins under experimental.plugins, by the name Middlewares use, only when asked", () => {
    const base = { ingressClass: "traefik", replicas: 1, serviceAnnotations: {} };
    assert.equal((traefikValues(base) as any).experimental, undefined);
    assert.equal((traefikValues({ ...base, plugins: [] }) as any).experimental, undefined);
    const v = traefikValues({ ...base, plugins: ["sablier", "sablier"] }) as any;
    // traefik-helm-chart v41.3.0 templates/_podtemplate.tpl fails without both moduleName and version.
    assert.deepEqual(v.experimental, { plugins: { sablier: { moduleName: "github.com/sablierapp/sablier-traefik-plugin", version: "v1.3.0" } } });
    assert.equal(SABLIER_TRAEFIK_PLUGIN, "sablier");
    assert.match(TRAEFIK_PLUGINS.sablier.version, /^v\d+\.\d+\.\d+$/);
  });
});
