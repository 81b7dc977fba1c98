/** Dns01Issuers: the Route53 solver (pure) and the ClusterIssuers under the mock engine, from literal args. */
import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { validateManifest } from "../kernel/validate";
import { buildClusterIssuers } from "../platform/resources/cluster-issuers";
import { runProgram } from "../testing/harness";
import { plainInputs } from "../testing/recorder";
import { DNS01_SOLVER_LABEL, Dns01Issuers, Dns01IssuersArgs, route53Solver, validateDns01IssuersArgs } from "./dns01-issuers";

describe("Dns01Issuers", () => {
  it("builds a schema-valid DNS-01 solver: zone id, region, both secret refs; opt-in by label unless dns01 is chosen", async () => {
    const dns = { provider: "route53", domain: "dev.example.com", region: "eu-central-1" } as const;
    const solver = route53Solver(dns, "Z0ZONE123");
    assert.deepStrictEqual(solver, {
      region: "eu-central-1",
      hostedZoneId: "Z0ZONE123",
      accessKeyIdSecretRef: { name: "route53-credentials", key: "access-key-id" },
      secretAccessKeySecretRef: { name: "route53-credentials", key: "secret-access-key" },
      matchLabels: { ...DNS01_SOLVER_LABEL },
    });
    for (const r of [solver, route53Solver({ ...dns, certificateSolver: "dns01" }, "Z0ZONE123")]) {
      for (const issuer of buildClusterIssuers({ email: "ops@example.com", ingressClass: "traefik", route53: r })) {
        await validateManifest(issuer as never);
        const [http, dns01] = issuer.spec.acme!.solvers!;
        assert.ok(http!.http01 && !http!.selector, "HTTP-01 stays the selector-less default");
        assert.deepStrictEqual(dns01!.dns01!.route53, {
          region: "eu-central-1",
          hostedZoneID: "Z0ZONE123",
          accessKeyIDSecretRef: { name: "route53-credentials", key: "access-key-id" },
          secretAccessKeySecretRef: { name: "route53-credentials", key: "secret-access-key" },
        });
      }
    }
    assert.deepStrictEqual(route53Solver({ ...dns, certificateSolver: "dns01" }, "Z0ZONE123").dnsZones, ["dev.example.com"]);
    assert.strictEqual(route53Solver({ domain: "example.com" }, "Z0ZONE123", "keys").region, "us-east-1");
    assert.strictEqual(route53Solver({ domain: "example.com" }, "Z0ZONE123", "keys").accessKeyIdSecretRef?.name, "keys");
  });

  it("creates both ClusterIssuers with the zone id it is given, after what it depends on", async () => {
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: "mock" });
      const secret = new k8s.core.v1.Secret("fake-secret", { metadata: { name: "route53-credentials", namespace: "cert-manager" } }, { provider });
      new Dns01Issuers("t", { domain: "example.com", zoneId: pulumi.output("Z0ZONE123"), email: "ops@example.com", ingressClass: "traefik", provider, dependsOn: [secret], certificateSolver: "dns01" });
      return {};
    }, { stack: "dns", config: {}, preview: false });
    if (r.error) throw r.error;
    const issuers = r.resources.filter((x) => x.type === "kubernetes:cert-manager.io/v1:ClusterIssuer");
    assert.deepStrictEqual(issuers.map((i) => plainInputs(i).metadata.name), ["letsencrypt-production", "letsencrypt-staging"]);
    const secret = r.resources.find((x) => x.name === "fake-secret")!;
    for (const i of issuers) {
      assert.ok(i.dependencies.includes(secret.urn));
      const solvers = plainInputs(i).spec.acme.solvers;
      assert.strictEqual(solvers[1].dns01.route53.hostedZoneID, "Z0ZONE123");
      assert.deepStrictEqual(solvers[1].selector, { dnsZones: ["example.com"] });
      assert.strictEqual(solvers[1].dns01.route53.region, "us-east-1");
    }
  });

  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const bad = {
      domain: "*.example.com",
      region: "frankfurt",
      certificateSolver: "tls-alpn",
      zoneId: "example.com",
      email: "ops",
      ingressClass: "Traefik",
      provider: {} as k8s.Provider,
      dependsOn: [],
      secretName: "Bad_Name",
    } as unknown as Dns01IssuersArgs;
    assert.throws(() => validateDns01IssuersArgs(bad), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.strictEqual(err.component, "Dns01Issuers");
      assert.deepStrictEqual(err.problems.map((p) => p.path), ["domain", "region", "certificateSolver", "zoneId", "email", "ingressClass", "secretName"]);
      assert.match(err.message, /certificateSolver is "tls-alpn": must be one of http01, dns01/);
      return true;
    });
    const r = await runProgram(() => {
      new Dns01Issuers("t", bad);
      return {};
    }, { stack: "dns", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.strictEqual(r.resources.length, 0);
  });
});
