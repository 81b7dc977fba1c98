/** StateBucket under the mock engine, from literal args; its pure helpers; its refused args. */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { plainInputs } from "../testing/recorder";
import { StateBucket, StateBucketArgs, bucketNameProblems, buildLifecycleRules, buildTlsOnlyPolicy, loginUrl, validateStateBucketArgs } from "./state-bucket";

async function run(args: StateBucketArgs, withProvider = false) {
  return runProgram(
    () => {
      const s = new StateBucket("st", { ...args, ...(withProvider ? { provider: new aws.Provider("given-aws", { region: args.region }) } : {}) });
      return { login: s.loginUrl, policy: s.policyJson };
    },
    { project: "lib", stack: "t", config: {}, preview: false },
  );
}

describe("StateBucket (pure)", () => {
  it("pure helpers", () => {
    assert.strictEqual(loginUrl("b", "us-east-1"), "s3://b?region=us-east-1&awssdk=v2");
    assert.throws(() => buildLifecycleRules(0, 1), /at least 1/);
  });

  it("denies every non-TLS request on the bucket and its objects", () => {
    const policy = buildTlsOnlyPolicy("arn:aws:s3:::b");
    assert.deepStrictEqual(policy.Statement[0]!.Resource, ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    assert.deepStrictEqual(policy.Statement[0]!.Condition, { Bool: { "aws:SecureTransport": "false" } });
  });

  it("knows S3's bucket naming rules", () => {
    for (const ok of ["acme-k3s-gitops-state", "a.b-c", "abc"]) assert.deepStrictEqual(bucketNameProblems(ok), [], ok);
    const bad: Record<string, RegExp> = {
      ab: /3-63/,
      "Bad_Bucket": /3-63/,
      "a..b": /two adjacent periods/,
      "192.168.5.4": /IP address/,
      "xn--abc": /reserved prefix xn--/,
      "state-s3alias": /reserved suffix -s3alias/,
      "-abc": /starting and ending/,
    };
    for (const [name, re] of Object.entries(bad)) assert.match(bucketNameProblems(name).join("; "), re, name);
  });
});

describe("StateBucket under mocks", () => {
  it("builds its own provider in the region, protects the bucket, and keeps 90 days / 20 versions by default", async () => {
    const r = await run({ bucketName: "acme-state", region: "eu-west-1" });
    if (r.error) throw r.error;
    const provider = r.resources.find((x) => x.type === "pulumi:providers:aws")!;
    assert.strictEqual(plainInputs(provider).region, "eu-west-1");
    for (const x of r.resources.filter((y) => y.type.startsWith("aws:"))) assert.ok(x.provider?.startsWith(provider.urn), x.name);
    const bucket = r.resources.find((x) => x.type === "aws:s3/bucket:Bucket")!;
    assert.strictEqual(bucket.options.protect, true);
    assert.strictEqual(plainInputs(bucket).forceDestroy, false);
    const rules = plainInputs(r.resources.find((x) => x.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")!).rules;
    assert.deepStrictEqual(rules[0].noncurrentVersionExpiration, { noncurrentDays: 90, newerNoncurrentVersions: 20 });
    assert.deepStrictEqual(rules[0].abortIncompleteMultipartUpload, { daysAfterInitiation: 7 });
    assert.strictEqual(r.outputs.login!.value, "s3://acme-state?region=eu-west-1&awssdk=v2");
    const policyResource = r.resources.find((x) => x.type === "aws:s3/bucketPolicy:BucketPolicy")!;
    const pab = r.resources.find((x) => x.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")!;
    assert.ok(policyResource.dependencies.includes(pab.urn), "the policy waits for the public access block");
  });

  it("uses a given provider, SSE-KMS and the given retention", async () => {
    const r = await run({ bucketName: "acme-state", region: "eu-west-1", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", noncurrentDays: 30, noncurrentVersionsKept: 5 }, true);
    if (r.error) throw r.error;
    assert.deepStrictEqual(r.resources.filter((x) => x.type === "pulumi:providers:aws").map((x) => x.name), ["given-aws"]);
    const sse = plainInputs(r.resources.find((x) => x.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")!);
    assert.deepStrictEqual(sse.rules[0], { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }, bucketKeyEnabled: true });
    const rules = plainInputs(r.resources.find((x) => x.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")!).rules;
    assert.deepStrictEqual(rules[0].noncurrentVersionExpiration, { noncurrentDays: 30, newerNoncurrentVersions: 5 });
  });

  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const bad: StateBucketArgs = { bucketName: "Bad_Bucket", region: "frankfurt", kmsKeyArn: "my-key", noncurrentDays: 0, noncurrentVersionsKept: 101 };
    assert.throws(() => validateStateBucketArgs(bad), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.strictEqual(err.component, "StateBucket");
      assert.deepStrictEqual(err.problems.map((p) => p.path), ["bucketName", "region", "kmsKeyArn", "noncurrentDays", "noncurrentVersionsKept"]);
      assert.match(err.message, /bucketName is "Bad_Bucket": must be 3-63 lowercase/);
      return true;
    });
    const r = await run(bad);
    assert.ok(r.error instanceof InputPropertiesError);
    assert.strictEqual(r.resources.length, 0);
  });
});
