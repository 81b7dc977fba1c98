/**
 * The arguments of K3sCluster (layer 1): K3sClusterArgs, what the layers above ask of k3s (K3sRequirements), the etcd
 * snapshot settings and their defaults. Pure: no resources. k3s-cluster.ts re-exports all of it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterNodes } from "../nodes/types";
import type { Cni } from "../kernel/cluster-network";
import type { K3sPackagedComponent } from "./defaults";

/**
 * What the layers above ask of k3s itself: packaged components to turn off (k3s's Traefik when the platform brings
 * its own ingress, servicelb when a cloud controller or MetalLB answers LoadBalancer Services, local-storage when
 * another StorageClass is the default). The platform derives it from its own args (platformK3sRequirements).
 */
export interface K3sRequirements {
  /** Added to `disable` in every server's config.yaml. */
  readonly disable: readonly K3sPackagedComponent[];
}

export interface K3sClusterArgs {
  /**
   * The nodes layer 0 made: the `ClusterNodes` any node component returns (or one built by hand). At least one
   * server; the first server starts the embedded etcd cluster, every other node joins it.
   */
  readonly nodes: ClusterNodes;
  /**
   * The exact k3s release every node installs, e.g. `v1.36.4+k3s1` (no channel, no `latest`). A later change
   * neither reinstalls nor replaces a node: upgrades are the upgrade controller's job, and a node added later
   * installs the version pinned at that time.
   * @default DEFAULT_K3S_VERSION
   */
  readonly version?: string;
  /**
   * The CNI: k3s's built-in flannel (VXLAN over each node's private interface), or cilium, which k3s then leaves
   * room for (`flannel-backend: none`, `disable-network-policy`) and the cluster-core layer installs.
   * @default DEFAULT_CNI ("flannel", components/kernel/cluster-network.ts)
   */
  readonly cni?: Cni;
  /** Packaged components k3s must not deploy, on every server (`disable`). @default [] */
  readonly disable?: readonly K3sPackagedComponent[];
  /**
   * Extra `--name[=value]` flags for every server, and for agents where `k3s agent` accepts the flag (AGENT_FLAGS).
   * Repeatable flags (`--kubelet-arg`, `--kube-apiserver-arg`, ...) may repeat; no flag the layer manages itself
   * (RESERVED_K3S_FLAGS) is accepted, nor a `--flannel*` flag with cilium.
   * @default []
   */
  readonly extraArgs?: readonly string[];
  /** Extra flags for agents only, with the same rules as `extraArgs`. @default [] */
  readonly agentExtraArgs?: readonly string[];
  /**
   * The pod range (`cluster-cidr` on every server). Give the cloud controller and the CNI the same value.
   * @default DEFAULT_CLUSTER_CIDR (10.42.0.0/16, k3s's own; rendered explicitly)
   */
  readonly clusterCidr?: string;
  /** The service range (`service-cidr` on every server). @default DEFAULT_SERVICE_CIDR (10.43.0.0/16, k3s's own; rendered explicitly) */
  readonly serviceCidr?: string;
  /** What the layers above ask of k3s: its entries are added to `disable`. @default no extra entries */
  readonly requirements?: K3sRequirements;
  /**
   * etcd snapshots on every server: local ones always (k3s's default, kept at `retention`), and an upload to S3 when
   * `s3` is given. The S3 settings and keys go into a Secret in kube-system that K3sCluster creates once the API is
   * up (`etcd-s3-config-secret`), never into config.yaml. docs/restore.md has the restore procedure.
   * @default DEFAULT_ETCD_SNAPSHOTS (local only)
   */
  readonly etcdSnapshots?: EtcdSnapshotsArgs;
  /**
   * The name of the kubeconfig's cluster, user and context. @default the component's name (k3s-<stack> in the
   * program), so several stacks' kubeconfigs merge without colliding.
   */
  readonly kubeconfigName?: string;
}

/** Where etcd snapshots go besides the servers' disks. */
export interface EtcdSnapshotsS3Args {
  /** S3 endpoint host, e.g. `s3.eu-central-1.amazonaws.com` or `fsn1.your-objectstorage.com`. */
  readonly endpoint: string;
  readonly bucket: string;
  /** @default "us-east-1" (k3s's default) */
  readonly region?: string;
  /** A folder (key prefix) inside the bucket. @default none */
  readonly folder?: string;
  /** Secret: the access key id. */
  readonly accessKeyId: pulumi.Input<string>;
  /** Secret: the secret access key. */
  readonly secretAccessKey: pulumi.Input<string>;
}

export interface EtcdSnapshotsArgs {
  /** A cron expression (`etcd-snapshot-schedule-cron`). @default DEFAULT_ETCD_SNAPSHOT_SCHEDULE */
  readonly schedule?: string;
  /** Snapshots kept (`etcd-snapshot-retention`). @default DEFAULT_ETCD_SNAPSHOT_RETENTION */
  readonly retention?: number;
  readonly s3?: EtcdSnapshotsS3Args;
}

/** k3s's own defaults (docs.k3s.io/cli/server: every 12 hours, 5 kept; research §3), made explicit in config.yaml. */
export const DEFAULT_ETCD_SNAPSHOT_SCHEDULE = "0 */12 * * *";
export const DEFAULT_ETCD_SNAPSHOT_RETENTION = 5;
/** The Secret in kube-system that configures the S3 upload (the name the k3s ADR uses in its example). */
export const ETCD_S3_CONFIG_SECRET = "k3s-etcd-snapshot-s3-config";
