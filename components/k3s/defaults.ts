/**
 * The k3s layer's pinned release and the values its arguments accept. Decided here once: K3sCluster validates its
 * args against them, and the program's config schema imports them (so both accept exactly the same values).
 */

/** The k3s release the library pins when K3sCluster is given none (and every program profile pins unless told). */
export const DEFAULT_K3S_VERSION = "v1.36.4+k3s1";

/**
 * An exact k3s release tag: v<major>.<minor>.<patch>+k3s<n>, optionally an -rc<n> pre-release (the tags on
 * github.com/k3s-io/k3s/releases, which the installer's INSTALL_K3S_VERSION takes). Channels are not accepted.
 */
export const K3S_RELEASE_PATTERN = /^v1\.\d{2}\.\d{1,2}(-rc\d+)?\+k3s\d+$/;

/** The packaged components `--disable` accepts (docs.k3s.io/cli/server, "--disable value"). */
export const K3S_DISABLE = ["coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes"] as const;

/** One of the packaged components k3s can be told not to deploy. */
export type K3sPackagedComponent = (typeof K3S_DISABLE)[number];

/** An extra k3s flag as K3sCluster takes it: `--name` or `--name=value`. */
export const K3S_FLAG_PATTERN = /^--[a-z][a-z0-9-]*(=.*)?$/;

/** Flags the k3s layer owns; setting them through extraArgs would break the cluster's wiring. */
export const RESERVED_K3S_FLAGS = [
  "token",
  "token-file",
  "agent-token",
  "agent-token-file",
  "server",
  "cluster-init",
  "node-name",
  "node-ip",
  "node-external-ip",
  "advertise-address",
  "flannel-iface",
  "flannel-backend",
  "disable-network-policy",
  "disable-cloud-controller",
  "node-label",
  "node-taint",
  "disable",
  "write-kubeconfig-mode",
  "data-dir",
  // Set on every server by the layer (renderK3sConfig): secrets at rest, and etcd snapshots from `etcdSnapshots`.
  "secrets-encryption",
  "etcd-disable-snapshots",
  "etcd-snapshot-schedule-cron",
  "etcd-snapshot-retention",
  "etcd-s3",
  "etcd-s3-config-secret",
  "etcd-s3-endpoint",
  "etcd-s3-bucket",
  "etcd-s3-region",
  "etcd-s3-folder",
  "etcd-s3-access-key",
  "etcd-s3-secret-key",
  // First-class args (clusterCidr, serviceCidr): the cloud controller and Cilium must get the same ranges (issue 10).
  "cluster-cidr",
  "service-cidr",
] as const;

/** The flag name of `--name[=value]`. */
export function flagName(arg: string): string {
  return arg.replace(/^--/, "").split("=")[0]!;
}

/** True when `arg` sets a flag the k3s layer manages itself (RESERVED_K3S_FLAGS). */
export function isReservedK3sFlag(arg: string): boolean {
  return (RESERVED_K3S_FLAGS as readonly string[]).includes(flagName(arg));
}
