/**
 * StateBucket (layer 0): the S3 bucket that holds Pulumi state once you leave the local file backend. Versioned,
 * encrypted at rest, closed to the public, TLS-only, bucket-owner-enforced, with old state versions expiring.
 * The bucket itself is protected: `pulumi destroy` on the state stack stops at it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentToken } from "../kernel/layers";

/** @default days a superseded state version is kept. */
export const DEFAULT_NONCURRENT_DAYS = 90;
/** @default how many superseded versions are kept regardless of age. */
export const DEFAULT_NONCURRENT_VERSIONS_KEPT = 20;
/** @default days before an unfinished multipart upload is cleaned up. */
export const ABORT_MULTIPART_DAYS = 7;

export interface StateBucketArgs {
  /** The bucket name (globally unique, 3-63 lowercase characters). */
  readonly bucketName: string;
  readonly region: string;
  /** A KMS key ARN for SSE-KMS. @default SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** @default 90 */
  readonly noncurrentDays?: number;
  /** @default 20 */
  readonly noncurrentVersionsKept?: number;
  /** The AWS provider to use. @default one built from `region` and the standard AWS credential chain */
  readonly provider?: aws.Provider;
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
    super(componentToken("k3s-gitops:state:StateBucket"), name, {}, opts);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(args.bucketName)) {
      throw new pulumi.RunError(`bucketName is ${JSON.stringify(args.bucketName)}; it must be 3-63 lowercase letters, digits, '.' or '-'`);
    }
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
