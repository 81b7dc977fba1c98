import * as assert from "assert";
import { GLOBAL_READ_ACTIONS, bareZoneId, buildRoute53Policy, zoneArn } from "./iam-policy";

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
  it("strips the /hostedzone/ prefix, lowercases the domain and refuses an empty one", () => {
    assert.strictEqual(bareZoneId("/hostedzone/Z123"), "Z123");
    assert.strictEqual(bareZoneId("hostedzone/Z123"), "Z123");
    assert.strictEqual(zoneArn("/hostedzone/Z123"), "arn:aws:route53:::hostedzone/Z123");
    assert.deepStrictEqual(buildRoute53Policy("Z123", "Example.COM.").Statement[0]!.Condition!["ForAllValues:StringLike"]!["route53:ChangeResourceRecordSetsNormalizedRecordNames"], ["example.com", "*.example.com"]);
    assert.throws(() => buildRoute53Policy("Z123", "."), /the domain is empty/);
  });
});
