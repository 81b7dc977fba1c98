/**
 * Pure rendering of /etc/rancher/k3s/config.yaml for one node.
 *
 * Every key is a k3s CLI flag without its leading `--` (docs.k3s.io/cli/server, docs.k3s.io/cli/agent; repeatable flags
 * become YAML lists, docs.k3s.io/installation/configuration#configuration-file). The token never appears here: the
 * file points at `token-file` (and, on servers, `agent-token-file`), written by a separate secret step. So the config
 * is not secret and stays readable in previews and in the offline plan.
 */
import { pieceYaml } from "../kernel/yaml-pieces";

/** Where the k3s config and the token files live on every node. */
export const K3S_CONFIG_DIR = "/etc/rancher/k3s";
export const K3S_CONFIG_PATH = `${K3S_CONFIG_DIR}/config.yaml`;
/** Servers: the server token. Agents: the agent token (the only secret an agent needs to join). */
export const K3S_TOKEN_PATH = `${K3S_CONFIG_DIR}/token`;
/** Servers only: the agent token, so agents never hold the token that would let them join as a server. */
export const K3S_AGENT_TOKEN_PATH = `${K3S_CONFIG_DIR}/agent-token`;
/** The supervisor and API port (docs.k3s.io/installation/requirements, inbound rules). */
export const K3S_API_PORT = 6443;
/** Admin kubeconfig mode: root only. */
export const DEFAULT_KUBECONFIG_MODE = "0600";

import { Cni, DEFAULT_CNI } from "../kernel/cluster-network";
import { flagName } from "./defaults";

/**
 * Flags that may be given more than once (the `*-arg` pass-through flags and the list-valued node flags). In
 * config.yaml they are lists; any other flag given twice is an error.
 */
export const MULTI_VALUED_FLAGS: readonly string[] = [
  "disable",
  "etcd-arg",
  "kube-apiserver-arg",
  "kube-cloud-controller-manager-arg",
  "kube-controller-manager-arg",
  "kube-proxy-arg",
  "kube-scheduler-arg",
  "kubelet-arg",
  "node-label",
  "node-taint",
  "tls-san",
];

/**
 * Flags `k3s agent` accepts (the "K3s Agent CLI Help" on docs.k3s.io/cli/agent). K3sCluster's `extraArgs` apply to
 * servers, and to agents only where the flag is in this list.
 */
export const AGENT_FLAGS: readonly string[] = [
  "alsologtostderr",
  "bind-address",
  "container-runtime-endpoint",
  "data-dir",
  "default-runtime",
  "disable-apiserver-lb",
  "disable-default-registry-endpoint",
  "docker",
  "enable-pprof",
  "flannel-cni-conf",
  "flannel-conf",
  "flannel-iface",
  "image-credential-provider-bin-dir",
  "image-credential-provider-config",
  "image-service-endpoint",
  "kube-proxy-arg",
  "kubelet-arg",
  "lb-server-port",
  "log",
  "node-external-dns",
  "node-external-ip",
  "node-internal-dns",
  "node-ip",
  "node-label",
  "node-name",
  "node-taint",
  "nonroot-devices",
  "pause-image",
  "prefer-bundled-bin",
  "private-registry",
  "protect-kernel-defaults",
  "resolv-conf",
  "rootless",
  "selinux",
  "server",
  "snapshotter",
  "token",
  "token-file",
  "vmodule",
  "with-node-id",
];

export type ConfigValue = string | boolean | readonly string[];
export type K3sConfigMap = Readonly<Record<string, ConfigValue>>;

/** Everything one node's config depends on, resolved to plain values. */
export interface K3sNodeConfigInput {
  readonly role: "server" | "agent";
  /** The first server: starts the embedded etcd cluster (`cluster-init`). Mutually exclusive with `serverUrl`. */
  readonly clusterInit: boolean;
  /** Joining servers and agents: `https://<first server or API LB private address>:6443`. */
  readonly serverUrl?: string;
  readonly nodeName: string;
  readonly privateIp: string;
  readonly publicIp: string;
  readonly privateInterface: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
  /** Servers: extra Subject Alternative Names for the API certificate. */
  readonly tlsSans: readonly string[];
  /** Servers: packaged components to turn off. */
  readonly disable: readonly string[];
  /** @default DEFAULT_CNI ("flannel") */
  readonly cni?: Cni;
  /** A cloud controller manager initialises the nodes (`kubelet-arg: cloud-provider=external`). */
  readonly externalCloudProvider: boolean;
  /** Extra `--flag[=value]` entries already selected for this node's role. */
  readonly extraArgs: readonly string[];
  /** Servers: the pod range (`cluster-cidr`). @default k3s's own (DEFAULT_CLUSTER_CIDR), left unrendered */
  readonly clusterCidr?: string;
  /** Servers: the service range (`service-cidr`). @default k3s's own (DEFAULT_SERVICE_CIDR), left unrendered */
  readonly serviceCidr?: string;
  /** Servers: etcd snapshot settings. @default k3s's own (a local snapshot every 12 hours, 5 kept) */
  readonly etcdSnapshots?: EtcdSnapshotsConfig;
}

/** What a server's config.yaml says about etcd snapshots. */
export interface EtcdSnapshotsConfig {
  /** `etcd-snapshot-schedule-cron`, a cron expression. */
  readonly schedule: string;
  /** `etcd-snapshot-retention`: how many snapshots to keep. */
  readonly retention: number;
  /**
   * Also upload to S3, configured by this Secret in kube-system (`etcd-s3` + `etcd-s3-config-secret`). No other
   * etcd-s3 key is set: with any, k3s ignores the Secret entirely (k3s ADR etcd-s3-secret.md; research §3).
   */
  readonly s3ConfigSecret?: string;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Parses `--flag=value` / `--flag` entries into config keys. Repeatable flags become lists, in the order given. */
export function parseExtraArgs(args: readonly string[]): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const arg of args) {
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new Error(`k3s extra arg "${arg}" is not a flag; expected --name or --name=value`);
    const flag = m[1]!;
    const value = m[2];
    if (MULTI_VALUED_FLAGS.includes(flag)) {
      if (value === undefined) throw new Error(`k3s extra arg "${arg}" needs a value (--${flag}=...)`);
      const prev = out[flag];
      out[flag] = [...(Array.isArray(prev) ? prev : []), value];
    } else {
      if (flag in out) {
        throw new Error(`k3s extra arg --${flag} is given twice; only ${MULTI_VALUED_FLAGS.join(", ")} may repeat`);
      }
      out[flag] = value === undefined ? true : value;
    }
  }
  return out;
}

/** Splits configured extra args per role: servers get `extraArgs`; agents the agent-valid part of it plus `agentExtraArgs`. */
export function extraArgsFor(
  role: "server" | "agent",
  extraArgs: readonly string[] = [],
  agentExtraArgs: readonly string[] = [],
): string[] {
  if (role === "server") return [...extraArgs];
  return [...extraArgs.filter((a) => AGENT_FLAGS.includes(flagName(a))), ...agentExtraArgs];
}

/** The node's config as a key/value map (unsorted; `renderK3sConfig` sorts). */
export function buildK3sConfig(input: K3sNodeConfigInput): K3sConfigMap {
  if (input.clusterInit && input.serverUrl !== undefined) {
    throw new Error(`node ${input.nodeName}: cluster-init and server are mutually exclusive`);
  }
  if (input.clusterInit && input.role !== "server") throw new Error(`node ${input.nodeName}: only a server can cluster-init`);
  if (!input.clusterInit && input.serverUrl === undefined) {
    throw new Error(`node ${input.nodeName}: a joining ${input.role} needs the server URL`);
  }
  const cni = input.cni ?? DEFAULT_CNI;
  const server = input.role === "server";
  const config: Record<string, ConfigValue> = {
    "node-name": input.nodeName,
    "node-ip": input.privateIp,
    "node-external-ip": input.publicIp,
    "token-file": K3S_TOKEN_PATH,
  };
  if (input.clusterInit) config["cluster-init"] = true;
  if (input.serverUrl !== undefined) config.server = input.serverUrl;
  if (cni === "flannel") config["flannel-iface"] = input.privateInterface;
  const labels = Object.entries(input.labels).map(([k, v]) => `${k}=${v}`);
  if (labels.length > 0) config["node-label"] = sortedUnique(labels);
  if (input.taints.length > 0) config["node-taint"] = sortedUnique(input.taints);
  if (input.externalCloudProvider) config["kubelet-arg"] = ["cloud-provider=external"];
  if (server) {
    config["advertise-address"] = input.privateIp;
    config["agent-token-file"] = K3S_AGENT_TOKEN_PATH;
    config["write-kubeconfig-mode"] = DEFAULT_KUBECONFIG_MODE;
    // Secrets at rest in etcd and in every snapshot (the age key, deploy key, cloud tokens): "Enable Secret encryption
    // at rest", a critical value that must be the same on all servers (docs.k3s.io/cli/server; research §3).
    config["secrets-encryption"] = true;
    if (input.tlsSans.length > 0) config["tls-san"] = sortedUnique(input.tlsSans);
    if (input.disable.length > 0) config.disable = sortedUnique(input.disable);
    if (input.externalCloudProvider) config["disable-cloud-controller"] = true;
    if (input.etcdSnapshots !== undefined) {
      // docs.k3s.io/cli/server: --etcd-snapshot-schedule-cron, --etcd-snapshot-retention, --etcd-s3,
      // --etcd-s3-config-secret (research/k3s-and-clouds.md §3).
      config["etcd-snapshot-schedule-cron"] = input.etcdSnapshots.schedule;
      config["etcd-snapshot-retention"] = String(input.etcdSnapshots.retention);
      if (input.etcdSnapshots.s3ConfigSecret !== undefined) {
        config["etcd-s3"] = true;
        config["etcd-s3-config-secret"] = input.etcdSnapshots.s3ConfigSecret;
      }
    }
    if (input.clusterCidr !== undefined) config["cluster-cidr"] = input.clusterCidr;
    if (input.serviceCidr !== undefined) config["service-cidr"] = input.serviceCidr;
    if (cni === "cilium") {
      config["flannel-backend"] = "none";
      config["disable-network-policy"] = true;
    }
  }
  // Extra args: list flags append to what the layer sets; anything else must not collide with a managed key.
  for (const [key, value] of Object.entries(parseExtraArgs(input.extraArgs))) {
    const existing = config[key];
    if (existing === undefined) config[key] = value;
    else if (Array.isArray(existing) && Array.isArray(value)) config[key] = sortedUnique([...existing, ...value]);
    else throw new Error(`k3s extra arg --${key} collides with the value the k3s layer sets (${JSON.stringify(existing)})`);
  }
  return config;
}

/** The YAML text of config.yaml: sorted keys, so the same input always gives the same bytes. */
export function renderK3sConfig(input: K3sNodeConfigInput): string {
  const config = buildK3sConfig(input);
  const sorted: Record<string, ConfigValue> = {};
  for (const key of Object.keys(config).sort()) sorted[key] = config[key]!;
  // The bytes of stringify(sorted, options), from pieces the nodes share (kernel/yaml-pieces.ts).
  return pieceYaml(sorted, { sortMapEntries: true, lineWidth: 0 });
}
