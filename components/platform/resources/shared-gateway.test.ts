import { strict as assert } from "node:assert";
import { SHARED_GATEWAY, buildHttpsRedirectRoute, buildSharedGateway, gatewayHostnameProblem } from "./shared-gateway";

describe("shared Gateway", () => {
  it("matches the contract: shared/traefik, class traefik, http 8000 and https 8443 with the cert-manager Secret", () => {
    const gw = buildSharedGateway({ clusterIssuer: "letsencrypt-production", hostname: "*.example.com" }) as any;
    assert.deepEqual([gw.apiVersion, gw.kind, gw.metadata.name, gw.metadata.namespace], ["gateway.networking.k8s.io/v1", "Gateway", "shared", "traefik"]);
    assert.equal(gw.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-production");
    assert.equal(gw.spec.gatewayClassName, "traefik");
    const [http, https] = gw.spec.listeners;
    assert.deepEqual([http.name, http.port, http.protocol], ["http", 8000, "HTTP"]);
    assert.deepEqual([https.name, https.port, https.protocol], ["https", 8443, "HTTPS"]);
    assert.deepEqual(https.tls, { certificateRefs: [{ group: "", kind: "Secret", name: "shared-gateway-tls" }], mode: "Terminate" });
    assert.deepEqual(https.allowedRoutes, { namespaces: { from: "All" } });
    assert.deepEqual(http.allowedRoutes, { namespaces: { from: "Same" } }, "only the redirect serves plain HTTP");
    assert.equal(https.hostname, "*.example.com");
  });

  it("leaves the hostname out when none is given (cert-manager then issues nothing)", () => {
    const gw = buildSharedGateway({ clusterIssuer: "letsencrypt-staging" }) as any;
    for (const l of gw.spec.listeners) assert.equal(l.hostname, undefined);
    assert.ok(gw.spec.listeners[1].tls, "an HTTPS listener always carries tls (Gateway API v1.6)");
  });

  it("redirects the http listener to HTTPS with a 301", () => {
    const route = buildHttpsRedirectRoute() as any;
    assert.equal(route.kind, "HTTPRoute");
    assert.deepEqual(route.spec.parentRefs, [{ name: SHARED_GATEWAY.name, namespace: "traefik", sectionName: "http" }]);
    assert.deepEqual(route.spec.rules, [{ filters: [{ requestRedirect: { scheme: "https", statusCode: 301 }, type: "RequestRedirect" }] }]);
  });

  it("accepts DNS names and wildcards as hostnames", () => {
    for (const ok of ["apps.example.com", "*.example.com"]) assert.equal(gatewayHostnameProblem(ok), undefined, ok);
    for (const bad of ["example", "*.*.example.com", "Apps.example.com", "https://x.example.com", ""]) assert.ok(gatewayHostnameProblem(bad), bad);
  });
});
