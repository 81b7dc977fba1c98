import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DNS_SECRET_KEYS, DnsCredentials, renderDnsSecrets } from "../components/dns/dns-credentials";
import { GLOBAL_READ_ACTIONS, buildRoute53Policy, zoneArn } from "../components/dns/iam-policy";
import { Route53Dns, recordNames } from "../components/dns/route53-dns";
import { runProgram } from "../components/testing/harness";
import { isSecretValue, plainInputs } from "../components/testing/recorder";
import { SECRETS, doConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

async function runDns(dns: Record<string, unknown>) {
  const result = await runProgram(
    () => {
      const d = new Route53Dns("k3s-t", {
        clusterName: "k3s-t",
        dns: { provider: "route53", domain: "example.com", ...dns } as never,
        ingressAddress: pulumi.output("203.0.113.50"),
        accessKeyId: pulumi.secret("AKIAMOCK"),
        secretAccessKey: pulumi.secret("mock"),
      });
      return { zoneId: d.zoneId, policy: d.policyJson, secret: d.secretAccessKey, fqdns: d.recordFqdns };
    },
    { stack: "dns", config: {}, preview: false },
  );
  return result;
}

describe("Route53 IAM policy (pure)", () => {
  const doc = buildRoute53Policy("/hostedzone/Z0MOCKEXAMPLE0COM", "example.com");
  it("lets record changes touch only the one zone, and only names inside the domain", () => {
    const writes = doc.Statement.filter((s) => s.Action.some((a) => /Change|Delete|Create|Update/.test(a) && a !== "route53:GetChange"));
    assert.strictEqual(writes.length, 1);
    assert.deepStrictEqual(writes[0]!.Resource, [zoneArn("Z0MOCKEXAMPLE0COM")]);
    assert.deepStrictEqual(writes[0]!.Condition, {
      "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["example.com", "*.example.com"] },
    });
  });
  it("grants '*' only to the read-only zone listings, which have no resource-level scope", () => {
    for (const s of doc.Statement) {
      if (s.Resource.includes("*")) assert.deepStrictEqual(s.Action, [...GLOBAL_READ_ACTIONS]);
      for (const r of s.Resource) assert.ok(r === "*" || r === zoneArn("Z0MOCKEXAMPLE0COM") || r === "arn:aws:route53:::change/*", r);
      assert.strictEqual(s.Effect, "Allow");
    }
    assert.ok(!doc.Statement.some((s) => s.Action.some((a) => a === "route53:*" || a === "*")));
  });
  it("rejects a malformed zone id", () => {
    assert.throws(() => buildRoute53Policy("example.com", "example.com"), /not a Route53 hosted zone id/);
  });
  it("creates apex and wildcard by default and honours switching them off", () => {
    assert.deepStrictEqual(recordNames({ domain: "example.com" }).map((r) => r.name), ["example.com", "*.example.com"]);
    assert.deepStrictEqual(recordNames({ domain: "example.com", apex: false }).map((r) => r.name), ["*.example.com"]);
  });
});

describe("Route53Dns under mocks", () => {
  it("looks the zone up by name, points apex and wildcard at the ingress, scopes the IAM policy to that zone", async () => {
    const r = await runDns({});
    if (r.error) throw r.error;
    const provider = r.resources.find((x) => x.type === "pulumi:providers:aws")!;
    assert.ok(isSecretValue(provider.rawInputs.secretKey), "AWS secret key reaches the provider as a secret");
    for (const x of r.resources.filter((y) => y.type.startsWith("aws:"))) assert.ok(x.provider?.startsWith(provider.urn), `${x.name} uses the explicit provider`);
    const records = r.resources.filter((x) => x.type === "aws:route53/record:Record").map(plainInputs);
    assert.deepStrictEqual(records.map((x) => [x.name, x.type, x.records, x.ttl]), [
      ["example.com", "A", ["203.0.113.50"], 300],
      ["*.example.com", "A", ["203.0.113.50"], 300],
    ]);
    const zoneId = String(r.outputs.zoneId!.value);
    assert.ok(records.every((x) => x.zoneId === zoneId));
    const policy = JSON.parse(plainInputs(r.resources.find((x) => x.type === "aws:iam/policy:Policy")!).policy);
    assert.deepStrictEqual(policy, buildRoute53Policy(zoneId, "example.com"));
    assert.strictEqual(r.outputs.secret!.secret, true);
    assert.strictEqual(r.resources.filter((x) => x.type === "aws:iam/userPolicyAttachment:UserPolicyAttachment").length, 1);
  });
  it("uses dns.ingressAddress over the platform's address", async () => {
    const r = await runDns({ hostedZoneId: "Z0MOCKEXAMPLE0COM", ingressAddress: "198.51.100.7" });
    if (r.error) throw r.error;
    const records = r.resources.filter((x) => x.type === "aws:route53/record:Record").map(plainInputs);
    assert.ok(records.every((x) => x.records[0] === "198.51.100.7" && x.zoneId === "Z0MOCKEXAMPLE0COM"));
  });
  it("fails when the given zone id belongs to another domain", async () => {
    const r = await runDns({ domain: "other.example.org", hostedZoneId: "Z0MOCKEXAMPLE0COM" });
    assert.match(String(r.error?.message), /Z0MOCKEXAMPLE0COM is the zone of example.com, not of dns.domain other.example.org/);
  });
});

describe("DnsCredentials", () => {
  it("writes one Secret per namespace, secret data only, after what it depends on", async () => {
    assert.deepStrictEqual(renderDnsSecrets(["external-dns", "cert-manager", "external-dns"]).map((s) => s.metadata.namespace), ["cert-manager", "external-dns"]);
    const r = await runProgram(
      () => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "mock" });
        const c = new DnsCredentials("dns", {
          accessKeyId: "AKIAMOCK",
          secretAccessKey: pulumi.secret("mock-secret"),
          namespaces: ["cert-manager", "external-dns"],
          createNamespaces: ["external-dns"],
          provider,
        });
        return { name: c.secretName };
      },
      { stack: "dns", config: {}, preview: false },
    );
    if (r.error) throw r.error;
    const secrets = r.resources.filter((x) => x.type === "kubernetes:core/v1:Secret");
    assert.deepStrictEqual(secrets.map((s) => plainInputs(s).metadata.namespace), ["cert-manager", "external-dns"]);
    for (const s of secrets) {
      assert.ok(isSecretValue(s.rawInputs.stringData), "stringData must be secret");
      assert.deepStrictEqual(Object.keys(plainInputs(s).stringData).sort(), [DNS_SECRET_KEYS.accessKeyId, DNS_SECRET_KEYS.secretAccessKey]);
    }
    const ns = r.resources.find((x) => x.type === "kubernetes:core/v1:Namespace")!;
    assert.ok(secrets[1]!.dependencies.includes(ns.urn), "the external-dns Secret waits for its namespace");
  });
});

describe("k3s-gitops:dns config", () => {
  const withDns = (dns: Record<string, unknown>) => doConfig({ dns: { provider: "route53", domain: "example.com", ...dns } });
  const cases: { title: string; config: Record<string, unknown>; expect: string[] }[] = [
    { title: "unknown provider", config: withDns({ provider: "cloudflare" }), expect: ["k3s-gitops:dns.provider is \"cloudflare\"", "route53"] },
    { title: "wildcard domain", config: withDns({ domain: "*.example.com" }), expect: ["k3s-gitops:dns.domain is \"*.example.com\"", "domain name"] },
    { title: "bad zone id", config: withDns({ hostedZoneId: "example.com" }), expect: ["k3s-gitops:dns.hostedZoneId is \"example.com\"", "hosted zone id"] },
    { title: "bad region", config: withDns({ region: "frankfurt" }), expect: ["k3s-gitops:dns.region is \"frankfurt\"", "AWS region"] },
    { title: "tiny TTL", config: withDns({ ttl: 5 }), expect: ["k3s-gitops:dns.ttl is 5", "at least 60"] },
    { title: "ingress address not IPv4", config: withDns({ ingressAddress: "lb.example.com" }), expect: ["k3s-gitops:dns.ingressAddress is \"lb.example.com\"", "IPv4"] },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} before registering anything`, async () => {
      const run = await runStack(c.config, { stack: "do-dev", secrets: SECRETS.digitalocean });
      assert.ok(run.error);
      assert.strictEqual(run.resources.length, 0);
      const line = run.error!.message.split("\n").find((l) => c.expect.every((e) => l.includes(e)));
      assert.ok(line, `no problem line with ${JSON.stringify(c.expect)} in:\n${run.error!.message}`);
    });
  }
});
