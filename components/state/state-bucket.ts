/**
 * StateBucket (layer 0): the S3 bucket that holds Pulumi state once you leave the local file backend. Versioned,
 * encrypted at rest, closed to the public, TLS-only, bucket-owner-enforced, with old state versions expiring.
 * The bucket itself is protected: `pulumi destroy` on the state stack stops at it.
 */
import type * as Aws from "@pulumi/aws";
// Loaded on first use, not with the library: @pulumi/aws takes up to seconds to load and most stacks never use it (issue 15).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aws = new Proxy({} as typeof Aws, { get: (_, key) => (require("@pulumi/aws") as Record<string | symbol, unknown>)[key] });
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";

/** Days a superseded state version is kept. */
export const DEFAULT_NONCURRENT_DAYS = 90;
/** How many superseded versions are kept regardless of age. */
export const DEFAULT_NONCURRENT_VERSIONS_KEPT = 20;
/** Days before an unfinished multipart upload is cleaned up. */
export const ABORT_MULTIPART_DAYS = 7;
/** S3 keeps at most 100 newer noncurrent versions in a lifecycle rule (S3 API reference, NoncurrentVersionExpiration). */
export const MAX_NONCURRENT_VERSIONS_KEPT = 100;

export interface StateBucketArgs {
  /** The bucket name: globally unique, 3-63 lowercase letters, digits, '.' or '-' (see bucketNameProblems). */
  readonly bucketName: string;
  /** The bucket's AWS region, e.g. eu-central-1; also the region in the login URL. */
  readonly region: string;
  /** A KMS key ARN for SSE-KMS. @default SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Days a superseded state version is kept (whole days, at least 1). @default 90 */
  readonly noncurrentDays?: number;
  /** How many superseded versions are kept regardless of age (1-100). @default 20 */
  readonly noncurrentVersionsKept?: number;
  /** The AWS provider to use. @default one built from `region` and the standard AWS credential chain */
  readonly provider?: Aws.Provider;
}

/** An AWS region such as eu-central-1 or us-gov-west-1. */
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+$/;

/**
 * Why a name is not a valid general purpose bucket name, per the S3 User Guide's "General purpose bucket naming
 * rules": 3-63 characters of lowercase letters, digits, '.' and '-'; a letter or digit first and last; no two
 * adjacent periods; not an IPv4 address; none of the reserved prefixes and suffixes. Empty when it is valid. Pure.
 */
export function bucketNameProblems(name: unknown): string[] {
  if (typeof name !== "string") return ["must be a string"];
  const out: string[] = [];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) out.push("must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit");
  if (name.includes("..")) out.push("must not hold two adjacent periods");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) out.push("must not be formatted as an IP address");
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
  if (prefix) out.push(`must not start with the reserved prefix ${prefix}`);
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((x) => name.endsWith(x));
  if (suffix) out.push(`must not end with the reserved suffix ${suffix}`);
  return out;
}

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateStateBucketArgs(args: StateBucketArgs): void {
  const problems = new Problems();
  const nameProblems = bucketNameProblems(args.bucketName);
  if (nameProblems.length > 0) problems.add("bucketName", args.bucketName, nameProblems.join("; "));
  problems.check(typeof args.region === "string" && REGION.test(args.region), "region", args.region, "must be an AWS region such as eu-central-1");
  if (args.kmsKeyArn !== undefined) {
    problems.check(typeof args.kmsKeyArn === "string" && KMS_KEY_ARN.test(args.kmsKeyArn), "kmsKeyArn", args.kmsKeyArn, "must be a KMS key or alias ARN such as arn:aws:kms:eu-central-1:123456789012:key/<id>");
  }
  if (args.noncurrentDays !== undefined) {
    problems.check(Number.isInteger(args.noncurrentDays) && args.noncurrentDays >= 1, "noncurrentDays", args.noncurrentDays, "must be a whole number of days, at least 1");
  }
  if (args.noncurrentVersionsKept !== undefined) {
    const n = args.noncurrentVersionsKept;
    problems.check(Number.isInteger(n) && n >= 1 && n <= MAX_NONCURRENT_VERSIONS_KEPT, "noncurrentVersionsKept", n, `must be a whole number from 1 to ${MAX_NONCURRENT_VERSIONS_KEPT}`);
  }
  problems.throwIfAny("StateBucket");
}

/** Deny every request that is not over TLS, on the bucket and every object. Pure. */
export function buildTlsOnlyPolicy(bucketArn: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** The lifecycle rule for superseded state versions. Pure. */
export function buildLifecycleRules(noncurrentDays: number, keep: number) {
  if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) throw new Error(`noncurrentDays is ${noncurrentDays}; it must be a whole number of days, at least 1`);
  return [
    {
      id: "expire-superseded-state",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays, newerNoncurrentVersions: keep },
      abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS },
    },
  ];
}

/** The `pulumi login` URL for a bucket (Pulumi docs, "State and backends": s3://bucket?region=...&awssdk=v2). */
export function loginUrl(bucket: string, region: string): string {
  return `s3://${bucket}?region=${region}&awssdk=v2`;
}

export class StateBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly loginUrl: pulumi.Output<string>;
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: StateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    validateStateBucketArgs(args);
    super(componentToken("k3s-gitops:state:StateBucket"), name, {}, opts);
    const provider = args.provider ?? new aws.Provider(`${name}-aws`, { region: args.region }, { parent: this });
    const child = { parent: this, provider };

    const bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, forceDestroy: false }, { ...child, protect: true });
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      child,
    );
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: args.kmsKeyArn
              ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }
              : { sseAlgorithm: "AES256" },
            bucketKeyEnabled: args.kmsKeyArn !== undefined,
          },
        ],
      },
      child,
    );
    const policyJson = bucket.arn.apply((arn) => JSON.stringify(buildTlsOnlyPolicy(arn)));
    new aws.s3.BucketPolicy(`${name}-tls-only`, { bucket: bucket.id, policy: policyJson }, { ...child, dependsOn: [publicAccess, ownership] });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: buildLifecycleRules(args.noncurrentDays ?? DEFAULT_NONCURRENT_DAYS, args.noncurrentVersionsKept ?? DEFAULT_NONCURRENT_VERSIONS_KEPT),
      },
      child,
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.loginUrl = bucket.bucket.apply((b) => loginUrl(b, args.region));
    this.policyJson = policyJson;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, loginUrl: this.loginUrl, policyJson });
  }
}
