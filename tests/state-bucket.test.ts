import * as assert from "assert";
import { buildTlsOnlyPolicy } from "@k3s-gitops/components";
import { runProgram } from "@k3s-gitops/components/testing";
import { plainInputs } from "@k3s-gitops/components/testing";
import { stateProgram } from "../stacks/state/program";

async function runState(config: Record<string, unknown> = {}) {
  const result = await runProgram(stateProgram, {
    project: "k3s-gitops-state",
    stack: "state",
    config: { "k3s-gitops-state:bucketName": "acme-k3s-gitops-state", "k3s-gitops-state:region": "eu-central-1", ...config },
    preview: false,
  });
  const one = (t: string) => {
    const found = result.resources.filter((r) => r.type === t);
    assert.strictEqual(found.length, 1, `one ${t}`);
    return { r: found[0]!, i: plainInputs(found[0]!) };
  };
  return { result, one };
}

describe("the S3 state stack", () => {
  it("sets every protection on the bucket", async () => {
    const { result, one } = await runState();
    if (result.error) throw result.error;
    const bucket = one("aws:s3/bucket:Bucket");
    assert.strictEqual(bucket.i.bucket, "acme-k3s-gitops-state");
    assert.strictEqual(bucket.r.options.protect, true, "the bucket is protected from `pulumi destroy`");
    assert.deepStrictEqual(one("aws:s3/bucketVersioning:BucketVersioning").i.versioningConfiguration, { status: "Enabled" });
    assert.deepStrictEqual(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").i.rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
    ]);
    const pab = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").i;
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.strictEqual(pab[k], true, k);
    assert.deepStrictEqual(one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").i.rule, { objectOwnership: "BucketOwnerEnforced" });
    const policy = JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy").i.policy);
    assert.deepStrictEqual(policy, buildTlsOnlyPolicy("arn:aws:s3:::acme-k3s-gitops-state"));
    assert.deepStrictEqual(policy.Statement[0]!.Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.strictEqual(policy.Statement[0]!.Effect, "Deny");
    const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").i.rules;
    assert.deepStrictEqual(lifecycle[0]!.noncurrentVersionExpiration, { noncurrentDays: 90, newerNoncurrentVersions: 20 });
    assert.strictEqual(lifecycle[0]!.status, "Enabled");
    const provider = result.resources.find((r) => r.type === "pulumi:providers:aws")!;
    assert.strictEqual(plainInputs(provider).region, "eu-central-1");
    for (const r of result.resources.filter((x) => x.type.startsWith("aws:"))) assert.ok(r.provider?.startsWith(provider.urn), r.name);
  });

  it("outputs the pulumi login command and the bucket policy", async () => {
    const { result } = await runState();
    assert.strictEqual(result.outputs.loginCommand!.value, "pulumi login 's3://acme-k3s-gitops-state?region=eu-central-1&awssdk=v2'");
    assert.deepStrictEqual(JSON.parse(String(result.outputs.bucketPolicy!.value)), buildTlsOnlyPolicy("arn:aws:s3:::acme-k3s-gitops-state"));
  });

  it("switches to SSE-KMS with a bucket key when a key is given", async () => {
    const { result, one } = await runState({ "k3s-gitops-state:kmsKeyArn": "arn:aws:kms:eu-central-1:123456789012:key/mock" });
    if (result.error) throw result.error;
    assert.deepStrictEqual(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").i.rules[0], {
      applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-central-1:123456789012:key/mock" },
      bucketKeyEnabled: true,
    });
  });

  it("rejects a bad bucket name before registering anything, the provider included", async () => {
    const { result } = await runState({ "k3s-gitops-state:bucketName": "Bad_Bucket" });
    assert.match(String(result.error?.message), /bucketName is "Bad_Bucket": must be 3-63 lowercase/);
    assert.ok(!result.resources.some((r) => r.type.startsWith("aws:s3")));
    assert.strictEqual(result.resources.length, 0);
  });
});
