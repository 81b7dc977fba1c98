/** Route53Dns under the mock engine, from literal args; its pure helpers; its refused args. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { isSecretValue, plainInputs } from "../testing/recorder";
import { buildRoute53Policy } from "./iam-policy";
import { Route53Dns, Route53DnsArgs, iamNames, recordNames, validateRoute53DnsArgs } from "./route53-dns";

async function runDns(extra: Partial<Route53DnsArgs>) {
  return runProgram(
    () => {
      const d = new Route53Dns("k3s-t", {
        clusterName: "k3s-t",
        domain: "example.com",
        ingressAddress: pulumi.output("203.0.113.50"),
        accessKeyId: pulumi.secret("AKIAMOCK"),
        secretAccessKey: pulumi.secret("mock"),
        ...extra,
      });
      return { zoneId: d.zoneId, policy: d.policyJson, secret: d.secretAccessKey, fqdns: d.recordFqdns };
    },
    { stack: "dns", config: {}, preview: false },
  );
}

describe("Route53Dns (pure)", () => {
  it("creates apex and wildcard by default and honours switching them off", () => {
    assert.deepStrictEqual(recordNames({ domain: "example.com" }).map((r) => r.name), ["example.com", "*.example.com"]);
    assert.deepStrictEqual(recordNames({ domain: "example.com", apex: false }).map((r) => r.name), ["*.example.com"]);
    assert.deepStrictEqual(recordNames({ domain: "example.com", apex: false, wildcard: false }), []);
  });
  it("names the IAM user and policy after the cluster and the domain", () => {
    assert.deepStrictEqual(iamNames("k3s-prod", "dev.example.com"), { user: "k3s-prod-dns", policy: "k3s-prod-dns-dev-example-com" });
  });
});

describe("Route53Dns under mocks", () => {
  it("looks the zone up by name, points apex and wildcard at the ingress, scopes the IAM policy to that zone", async () => {
    const r = await runDns({});
    if (r.error) throw r.error;
    const provider = r.resources.find((x) => x.type === "pulumi:providers:aws")!;
    assert.ok(isSecretValue(provider.rawInputs.secretKey), "AWS secret key reaches the provider as a secret");
    assert.strictEqual(plainInputs(provider).region, "us-east-1");
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
    assert.strictEqual(plainInputs(r.resources.find((x) => x.type === "aws:iam/user:User")!).name, "k3s-t-dns");
  });
  it("uses a given address, zone, TTL and region", async () => {
    const r = await runDns({ hostedZoneId: "Z0MOCKEXAMPLE0COM", ingressAddress: "198.51.100.7", ttl: 60, region: "eu-central-1" });
    if (r.error) throw r.error;
    const records = r.resources.filter((x) => x.type === "aws:route53/record:Record").map(plainInputs);
    assert.ok(records.every((x) => x.records[0] === "198.51.100.7" && x.zoneId === "Z0MOCKEXAMPLE0COM" && x.ttl === 60));
    assert.strictEqual(plainInputs(r.resources.find((x) => x.type === "pulumi:providers:aws")!).region, "eu-central-1");
  });
  it("fails when the given zone id belongs to another domain", async () => {
    const r = await runDns({ domain: "other.example.org", hostedZoneId: "Z0MOCKEXAMPLE0COM" });
    assert.match(String(r.error?.message), /hostedZoneId Z0MOCKEXAMPLE0COM is the zone of example.com, not of domain other.example.org/);
  });
  it("refuses an ingress address that resolves to something other than an IPv4", async () => {
    const r = await runDns({ ingressAddress: pulumi.output("lb.example.com") });
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.match(r.error.message, /ingressAddress is "lb.example.com": must be an IPv4 address/);
  });
  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const bad = {
      clusterName: "k3s-" + "x".repeat(70),
      domain: `${"a".repeat(64)}.example.com`,
      hostedZoneId: "example.com",
      region: "frankfurt",
      ttl: 1.5,
      apex: "yes",
      ingressAddress: "lb.example.com",
      accessKeyId: "",
      secretAccessKey: "",
    } as unknown as Route53DnsArgs;
    assert.throws(() => validateRoute53DnsArgs(bad), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.strictEqual(err.component, "Route53Dns");
      assert.deepStrictEqual(err.problems.map((p) => p.path), ["domain", "hostedZoneId", "region", "ttl", "apex", "ingressAddress", "accessKeyId", "secretAccessKey"]);
      assert.match(err.message, /secretAccessKey is \[secret\]/);
      return true;
    });
    assert.throws(() => validateRoute53DnsArgs({ ...bad, domain: "example.com", hostedZoneId: undefined, region: undefined, ttl: undefined, apex: undefined, ingressAddress: "192.0.2.1", accessKeyId: "a", secretAccessKey: "s" }), /clusterName is "k3s-x+": makes the IAM user name/);
    assert.throws(() => validateRoute53DnsArgs({ ...bad, clusterName: "k", domain: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`, hostedZoneId: undefined, region: undefined, ttl: undefined, apex: undefined, ingressAddress: "192.0.2.1", accessKeyId: "a", secretAccessKey: "s" }), /domain is .*at most 253/);
    const r = await runProgram(() => {
      new Route53Dns("t", bad);
      return {};
    }, { stack: "dns", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.strictEqual(r.resources.length, 0);
  });
});
