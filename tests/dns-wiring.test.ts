import { strict as assert } from "assert";
import { DNS01_SOLVER_LABEL } from "@k3s-gitops/components";
import { INGRESS } from "@k3s-gitops/components";
import { MOCK_INGRESS_LB_IP } from "@k3s-gitops/components/testing";
import { plainInputs } from "@k3s-gitops/components/testing";
import { SECRETS, stackFileConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

const DO_DEV = () => stackFileConfig("do-dev");
const withDns = (extra: Record<string, unknown>) => {
  const c = DO_DEV();
  return { ...c, dns: { ...(c.dns as object), ...extra } };
};

describe("DNS wiring (pure)", () => {
  it("names the Service each pinned ingress chart creates", () => {
    assert.equal(INGRESS.traefik.service, "traefik");
    assert.equal(INGRESS["ingress-nginx"].service, "ingress-nginx-controller");
  });
});

describe("DNS wiring on the do-dev stack (under mocks)", () => {
  it("points apex and wildcard at the ingress Service's load-balancer IP and makes them wait for the ingress release", async () => {
    const run = await runStack(DO_DEV(), { stack: "do-dev", secrets: SECRETS.digitalocean });
    if (run.error) throw run.error;
    const records = run.ofType("aws:route53/record:Record");
    assert.equal(records.length, 2);
    const ingress = run.ofType("kubernetes:helm.sh/v3:Release").find((r) => plainInputs(r).chart === "traefik");
    assert.ok(ingress, "the traefik release");
    for (const r of records) {
      assert.deepStrictEqual(plainInputs(r).records, [MOCK_INGRESS_LB_IP]);
      assert.ok(r.dependencies.includes(ingress.urn), `${r.name} depends on the ingress release`);
    }
  });

  it("uses dns.ingressAddress verbatim (NodePorts, a router) and still orders the records after the ingress release", async () => {
    const run = await runStack(withDns({ ingressAddress: "198.51.100.7" }), { stack: "do-dev", secrets: SECRETS.digitalocean });
    if (run.error) throw run.error;
    const ingress = run.ofType("kubernetes:helm.sh/v3:Release").find((r) => plainInputs(r).chart === "traefik")!;
    for (const r of run.ofType("aws:route53/record:Record")) {
      assert.deepStrictEqual(plainInputs(r).records, ["198.51.100.7"]);
      assert.ok(r.dependencies.includes(ingress.urn));
    }
  });

  it("replaces the platform's issuers with DNS-01-capable ones that wait for the cert-manager credentials Secret", async () => {
    const run = await runStack(DO_DEV(), { stack: "do-dev", secrets: SECRETS.digitalocean });
    if (run.error) throw run.error;
    const issuers = run.resources.filter((r) => r.type === "kubernetes:cert-manager.io/v1:ClusterIssuer");
    assert.deepStrictEqual(issuers.map((i) => plainInputs(i).metadata.name).sort(), ["letsencrypt-production", "letsencrypt-staging"]);
    const secret = run.ofType("kubernetes:core/v1:Secret").find((s) => plainInputs(s).metadata.name === "route53-credentials" && plainInputs(s).metadata.namespace === "cert-manager");
    assert.ok(secret, "the cert-manager credentials Secret");
    const certManager = run.ofType("kubernetes:helm.sh/v3:Release").find((r) => plainInputs(r).chart === "cert-manager")!;
    const zoneId = plainInputs(run.ofType("aws:route53/record:Record")[0]!).zoneId;
    assert.match(zoneId, /^Z/);
    for (const i of issuers) {
      assert.ok(i.dependencies.includes(secret.urn), `${i.name} waits for the credentials Secret`);
      assert.ok(i.dependencies.includes(certManager.urn), `${i.name} waits for cert-manager`);
      const solvers = plainInputs(i).spec.acme.solvers;
      assert.deepStrictEqual(solvers[1].dns01.route53, {
        region: "eu-central-1",
        hostedZoneID: zoneId,
        accessKeyIDSecretRef: { name: "route53-credentials", key: "access-key-id" },
        secretAccessKeySecretRef: { name: "route53-credentials", key: "secret-access-key" },
      });
      assert.deepStrictEqual(solvers[1].selector, { matchLabels: { ...DNS01_SOLVER_LABEL } });
      assert.ok(solvers[0].http01 && !solvers[0].selector);
    }
  });

  it("makes DNS-01 the domain's solver when dns.certificateSolver is dns01, and rejects an unknown solver before registering anything", async () => {
    const run = await runStack(withDns({ certificateSolver: "dns01" }), { stack: "do-dev", secrets: SECRETS.digitalocean });
    if (run.error) throw run.error;
    for (const i of run.resources.filter((r) => r.type === "kubernetes:cert-manager.io/v1:ClusterIssuer")) {
      assert.deepStrictEqual(plainInputs(i).spec.acme.solvers[1].selector, { dnsZones: ["dev.example.com"] });
    }
    const bad = await runStack(withDns({ certificateSolver: "tls-alpn" }), { stack: "do-dev", secrets: SECRETS.digitalocean });
    assert.match(String(bad.error?.message), /dns\.certificateSolver.*tls-alpn.*http01, dns01/);
    assert.equal(bad.resources.filter((r) => r.custom).length, 0);
  });
});

describe("external-dns values in gitops/ (chart external-dns 1.21.1)", () => {
  it("reads the Route53 keys from route53-credentials by secretKeyRef and uses provider.name aws, upsert-only, txt", async () => {
    const { readFileSync } = await import("fs");
    const { parse } = await import("yaml");
    const v = parse(readFileSync("gitops/base/external-dns/values.yaml", "utf8"));
    assert.deepStrictEqual(v.provider, { name: "aws" });
    assert.equal(v.policy, "upsert-only");
    assert.equal(v.registry, "txt");
    assert.equal(typeof v.txtOwnerId, "string");
    const env = Object.fromEntries((v.env as { name: string }[]).map((e) => [e.name, e]));
    assert.deepStrictEqual(env.AWS_ACCESS_KEY_ID, { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "route53-credentials", key: "access-key-id" } } });
    assert.deepStrictEqual(env.AWS_SECRET_ACCESS_KEY, { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "route53-credentials", key: "secret-access-key" } } });
    assert.ok(env.AWS_DEFAULT_REGION, "AWS_DEFAULT_REGION is set");
  });
});
