import { strict as assert } from "node:assert";
import { validateManifest } from "../../kernel/validate";
import { ACME_SERVERS, buildClusterIssuers } from "./cluster-issuers";

describe("buildClusterIssuers", () => {
  it("builds staging and production issuers (sorted) over HTTP-01 through the given ingress class", async () => {
    const issuers = buildClusterIssuers({ email: "ops@example.com", ingressClass: "nginx" });
    assert.deepEqual(issuers.map((i) => i.metadata!.name), ["letsencrypt-production", "letsencrypt-staging"]);
    for (const i of issuers) {
      await validateManifest(i as any);
      const name = i.metadata!.name as keyof typeof ACME_SERVERS;
      assert.equal(i.spec.acme!.server, ACME_SERVERS[name]);
      assert.equal(i.spec.acme!.email, "ops@example.com");
      assert.deepEqual(i.spec.acme!.privateKeySecretRef, { name: `${name}-account-key` });
      assert.deepEqual(i.spec.acme!.solvers, [{ http01: { ingress: { ingressClassName: "nginx" } } }]);
    }
  });

  it("adds a Route53 DNS-01 solver, selected by zone and labels, with its credential refs", async () => {
    const [issuer] = buildClusterIssuers({
      email: "ops@example.com",
      ingressClass: "traefik",
      route53: {
        region: "eu-central-1",
        hostedZoneId: "Z0123",
        accessKeyIdSecretRef: { name: "r53", key: "id" },
        secretAccessKeySecretRef: { name: "r53", key: "secret" },
        dnsZones: ["example.com"],
        matchLabels: { solver: "dns01" },
      },
    });
    await validateManifest(issuer as any);
    assert.deepEqual(issuer!.spec.acme!.solvers![1], {
      selector: { dnsZones: ["example.com"], matchLabels: { solver: "dns01" } },
      dns01: {
        route53: {
          region: "eu-central-1",
          hostedZoneID: "Z0123",
          accessKeyIDSecretRef: { name: "r53", key: "id" },
          secretAccessKeySecretRef: { name: "r53", key: "secret" },
        },
      },
    });
  });

  it("leaves out the selector and the refs it was not given (ambient credentials)", () => {
    const [issuer] = buildClusterIssuers({ email: "ops@example.com", ingressClass: "traefik", route53: { region: "us-east-1", hostedZoneId: "Z9" } });
    assert.deepEqual(issuer!.spec.acme!.solvers![1], { dns01: { route53: { region: "us-east-1", hostedZoneID: "Z9" } } });
  });
});
