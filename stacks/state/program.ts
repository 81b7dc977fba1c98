/** The state stack's program: one StateBucket, and the `pulumi login` URL and bucket policy as outputs. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StateBucket, StateBucketArgs, validateStateBucketArgs } from "@k3s-gitops/components";

export const STATE_NAMESPACE = "k3s-gitops-state";
export const DEFAULT_STATE_REGION = "eu-central-1";

export function stateProgram(): Record<string, unknown> {
  const config = new pulumi.Config(STATE_NAMESPACE);
  const bucketName = config.require("bucketName");
  const region = config.get("region") ?? DEFAULT_STATE_REGION;
  const kmsKeyArn = config.get("kmsKeyArn");
  const noncurrentDays = config.getNumber("noncurrentDays");
  const args: StateBucketArgs = {
    bucketName,
    region,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(noncurrentDays !== undefined ? { noncurrentDays } : {}),
  };
  // Refuse bad config before anything, the provider included, is registered.
  validateStateBucketArgs(args);
  // Explicit provider: the region never falls back to whatever the shell has configured.
  const provider = new aws.Provider("state-aws", { region });
  const state = new StateBucket("k3s-gitops-state", { ...args, provider });
  return {
    bucketName: state.bucketName,
    bucketArn: state.bucketArn,
    loginCommand: pulumi.interpolate`pulumi login '${state.loginUrl}'`,
    loginUrl: state.loginUrl,
    bucketPolicy: state.policyJson,
  };
}
