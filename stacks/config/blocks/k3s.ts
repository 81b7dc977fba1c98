/**
 * `k3s-gitops:k3s`: the pinned k3s version and what to turn off. The accepted values (release tags, packaged
 * components, flag shape, reserved flags) are the library's, so the schema and K3sCluster agree.
 */
import { z } from "zod";
import {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_SERVICE_CIDR,
  K3S_DISABLE,
  K3S_FLAG_PATTERN,
  K3S_RELEASE_PATTERN,
  RESERVED_K3S_FLAGS,
} from "@k3s-gitops/components";
import { k3sRelease, supportedK3sVersions } from "@k3s-gitops/components/kernel";
import { cidr } from "./common";

const extraArg = z
  .string()
  .regex(K3S_FLAG_PATTERN, "must be a k3s flag such as --kube-apiserver-arg=audit-log-maxage=30")
  .refine((arg) => {
    const flag = arg.slice(2).split("=")[0]!;
    return !(RESERVED_K3S_FLAGS as readonly string[]).includes(flag);
  }, `sets a flag the k3s layer manages itself (${RESERVED_K3S_FLAGS.join(", ")}); use the matching config key instead`);

export const k3s = z.strictObject({
  /** The exact k3s release, e.g. v1.34.3+k3s3. Changing it upgrades in place through the upgrade controller. */
  version: z
    .string("must be a k3s release such as v1.36.4+k3s1")
    .regex(K3S_RELEASE_PATTERN, "must be an exact k3s release such as v1.36.4+k3s1 (no channel, no 'latest')")
    // Only rows of the supported-release table: their installer digest and component floors are known.
    .refine((v) => !K3S_RELEASE_PATTERN.test(v) || k3sRelease(v) !== undefined, {
      message: `must be a supported k3s release (components/kernel/k3s-releases.ts): ${supportedK3sVersions().join(", ")}`,
    }),
  /** flannel (k3s built-in, vxlan over the private network) or cilium. @default DEFAULT_CNI (components/kernel/cluster-network.ts) */
  cni: z.enum(["flannel", "cilium"], "must be flannel or cilium").optional(),
  /**
   * The pod range (k3s `cluster-cidr`), given to k3s, the Hetzner cloud controller and Cilium alike. With Cilium on
   * Hetzner it must lie inside hetzner.networkCidr and off hetzner.subnetCidr (stacks/config/pod-network-checks.ts).
   * @default DEFAULT_CLUSTER_CIDR (components/kernel/cluster-network.ts)
   */
  clusterCidr: cidr.optional(),
  /** The service range (k3s `service-cidr`). @default DEFAULT_SERVICE_CIDR (components/kernel/cluster-network.ts) */
  serviceCidr: cidr.optional(),
  /** Packaged components to disable. */
  disable: z.array(z.enum(K3S_DISABLE, `must be one of ${K3S_DISABLE.join(", ")}`)).optional(),
  /** Extra flags, applied to every server (and agent, where k3s agent accepts them). */
  extraArgs: z.array(extraArg).optional(),
  /** Extra flags for agents only. */
  agentExtraArgs: z.array(extraArg).optional(),
  /**
   * etcd snapshots on every server: local ones always; an upload to S3 when `s3` is set. The S3 keys are secrets
   * (`etcdS3AccessKeyId`, `etcdS3SecretAccessKey`, stacks/config/credentials.ts), never here. docs/restore.md.
   */
  etcdSnapshots: z
    .strictObject({
      /** Cron expression (k3s etcd-snapshot-schedule-cron). @default "0 *\/12 * * *" (k3s's own) */
      schedule: z
        .string()
        .regex(/^\S+( \S+){4}$/, "must be a five-field cron expression such as '0 */6 * * *'")
        .optional(),
      /** Snapshots kept (k3s etcd-snapshot-retention). @default 5 */
      retention: z.number().int("must be a whole number").min(1, "must keep at least one snapshot").optional(),
      s3: z
        .strictObject({
          /** S3 endpoint host, no scheme: s3.eu-central-1.amazonaws.com, fsn1.your-objectstorage.com. */
          endpoint: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be a host name (no https://), e.g. s3.eu-central-1.amazonaws.com"),
          bucket: z.string().min(3, "must name the bucket"),
          /** @default us-east-1 (k3s's own) */
          region: z.string().min(1).optional(),
          /** Key prefix inside the bucket. */
          folder: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

export type K3sConfig = z.infer<typeof k3s>;

export { DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR };
