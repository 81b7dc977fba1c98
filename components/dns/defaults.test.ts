import { strict as assert } from "assert";
import { AWS_REGION, CERTIFICATE_SOLVERS, DNS_DEFAULTS, HOSTED_ZONE_ID, isDomainName } from "./defaults";

describe("DNS defaults and rules", () => {
  it("defaults to us-east-1, 300 s, apex and wildcard, HTTP-01", () => {
    assert.deepEqual(DNS_DEFAULTS, { region: "us-east-1", ttl: 300, apex: true, wildcard: true, certificateSolver: "http01" });
    assert.ok(CERTIFICATE_SOLVERS.includes(DNS_DEFAULTS.certificateSolver));
  });

  it("accepts domain names within RFC 1035's lengths only", () => {
    for (const ok of ["example.com", "dev.example.com", `${"a".repeat(63)}.com`]) assert.ok(isDomainName(ok), ok);
    const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`;
    assert.equal(long.length, 254);
    for (const bad of ["*.example.com", "example.com.", "Example.com", `${"a".repeat(64)}.com`, "-a.com", long, "localhost", 42]) assert.ok(!isDomainName(bad), String(bad));
  });

  it("recognises zone ids and AWS regions", () => {
    assert.match("Z0123456789ABCDEFGHIJ", HOSTED_ZONE_ID);
    assert.doesNotMatch("example.com", HOSTED_ZONE_ID);
    for (const r of ["us-east-1", "eu-central-1", "us-gov-west-1"]) assert.match(r, AWS_REGION);
    assert.doesNotMatch("frankfurt", AWS_REGION);
  });
});
