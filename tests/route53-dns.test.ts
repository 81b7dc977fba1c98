/**
 * The dns block of the stack config: what the schema refuses, by stack key, before anything registers. The
 * components (Route53Dns, DnsCredentials, Dns01Issuers) are tested beside their sources in components/dns/.
 */
import * as assert from "assert";
import { SECRETS, doConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

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
