/**
 * `k3s.extraArgs` / `k3s.agentExtraArgs`: an allowlist of the k3s flags this project supports, each with its value
 * shape. Anything else is refused, with a reason for the flags that weaken the cluster or break the project's wiring.
 *
 * Flag names and meanings: k3s-io/docs docs/cli/server.md @ 02434960d6d5881e47ae8a1c857c4b51f23deec6 (the tables and
 * the "K3s Server CLI Help" block) and docs/cli/agent.md @ 1f023c058c5f999a8857644625779e7298d13936; the agent's
 * flags are components/k3s/render-config.ts AGENT_FLAGS (from the agent help). Summarised in
 * research/k3s-and-clouds.md section 3. Flags the k3s layer manages itself (RESERVED_K3S_FLAGS) are refused by the
 * schema (blocks/k3s.ts) and skipped here.
 */
import { AGENT_FLAGS, MULTI_VALUED_FLAGS, RESERVED_K3S_FLAGS } from "@k3s-gitops/components";
import { parseCidr } from "@k3s-gitops/components/kernel";
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value check: undefined when fine, else what is accepted. */
type ValueCheck = (value: string) => string | undefined;

interface FlagSpec {
  /** `undefined`: a switch that takes no value. */
  readonly value?: ValueCheck;
  readonly multi?: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ABS_PATH = /^\/[A-Za-z0-9._/-]*$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const matches = (re: RegExp, accepted: string): ValueCheck => (v) => (re.test(v) ? undefined : accepted);
const ipv4Cidr: ValueCheck = (v) => {
  const c = parseCidr(v);
  if (!c) return "an IPv4 CIDR such as 10.42.0.0/16";
  return c.family === 4 ? undefined : "an IPv4 CIDR such as 10.42.0.0/16: the nodes' addresses are IPv4, so an IPv6 or dual-stack range is not supported";
};
const portRange: ValueCheck = (v) => {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(v);
  return m && Number(m[1]) >= 1 && Number(m[2]) <= 65535 && Number(m[1]) < Number(m[2]) ? undefined : "a port range first-last, such as 30000-32767";
};

/** A component flag passed through (`--kubelet-arg=<name>[=<value>]`): the name's shape, and refused sub-flags. */
function componentArg(refused: Readonly<Record<string, (value: string | undefined) => string | undefined>>): ValueCheck {
  return (v) => {
    const m = /^([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(v);
    if (!m) return "<flag>=<value> of the component's own flags, such as audit-log-maxage=30";
    const rule = refused[m[1]!];
    return rule ? rule(m[2]) : undefined;
  };
}

const always = (why: string) => () => why;

/**
 * kube-apiserver flags that weaken it or break the wiring. Names re-checked against the Kubernetes kube-apiserver
 * reference, kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/ (its "Options" list):
 * --anonymous-auth (default true: anonymous requests to the secure port), --authorization-mode (a comma-delimited
 * list; AlwaysAllow allows every request), --disable-admission-plugins (comma-delimited plugin names, NodeRestriction
 * among them), --secure-port, --service-cluster-ip-range, --etcd-servers, --token-auth-file. Every name was found
 * there as written; none needed fixing.
 */
const APISERVER_REFUSED = {
  "anonymous-auth": (v: string | undefined) => (v === "false" ? undefined : "must not enable anonymous requests to the API server (anonymous-auth=true weakens it); only anonymous-auth=false is accepted"),
  "authorization-mode": (v: string | undefined) => (v !== undefined && v.split(",").includes("AlwaysAllow") ? "must not include AlwaysAllow: it authorises every request; keep Node,RBAC" : undefined),
  "disable-admission-plugins": (v: string | undefined) => (v !== undefined && v.split(",").includes("NodeRestriction") ? "must not disable NodeRestriction: kubelets could then modify any Node and Pod" : undefined),
  "secure-port": always("breaks the project's wiring: the API port is 6443 (firewall rules, the load balancer, the join URL)"),
  "service-cluster-ip-range": always("is set by k3s from --service-cidr; use --service-cidr (or k3s.serviceCidr)"),
  "etcd-servers": always("breaks the project's wiring: the API server uses the embedded etcd"),
  "token-auth-file": always("holds static bearer tokens in a file; use RBAC with service accounts or client certificates"),
};

/**
 * kubelet flags that weaken it, break the wiring, or bypass the node-label and taint rules. Names re-checked against
 * the Kubernetes kubelet reference, kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (its
 * "Options" list): --anonymous-auth (default true), --authorization-mode (one of AlwaysAllow or Webhook),
 * --read-only-port ("with no authentication/authorization (set to 0 to disable)", default 10255), --node-labels,
 * --register-with-taints, --hostname-override, --node-ip, --kubeconfig. Every name was found there as written; none
 * needed fixing.
 */
const KUBELET_REFUSED = {
  "anonymous-auth": (v: string | undefined) => (v === "false" ? undefined : "must not enable anonymous requests to the kubelet; only anonymous-auth=false is accepted"),
  "authorization-mode": (v: string | undefined) => (v === "AlwaysAllow" ? "must not be AlwaysAllow: anyone reaching 10250 could exec into pods; keep Webhook" : undefined),
  "read-only-port": (v: string | undefined) => (v === "0" ? undefined : "must stay 0: the read-only port serves pod and node data without authentication"),
  "node-labels": always("bypasses the node-label rules; set labels with servers.labels / agentPools[].labels"),
  "register-with-taints": always("bypasses the taint rules; set taints with servers.taints / agentPools[].taints"),
  "hostname-override": always("breaks the project's wiring: the node name is set by the k3s layer"),
  "node-ip": always("breaks the project's wiring: the node IP is the private address the k3s layer sets"),
  kubeconfig: always("breaks the project's wiring: k3s writes the kubelet's kubeconfig itself"),
};

/** The flags the project supports, and their values. Server-only unless listed in AGENT_FLAGS. */
export const SUPPORTED_K3S_FLAGS: Readonly<Record<string, FlagSpec>> = {
  // Customized flags for Kubernetes processes (server.md, "Customized Flags for Kubernetes Processes").
  "kube-apiserver-arg": { multi: true, value: componentArg(APISERVER_REFUSED) },
  "kube-controller-manager-arg": { multi: true, value: componentArg({}) },
  "kube-scheduler-arg": { multi: true, value: componentArg({}) },
  "etcd-arg": { multi: true, value: componentArg({}) },
  "kubelet-arg": { multi: true, value: componentArg(KUBELET_REFUSED) },
  "kube-proxy-arg": { multi: true, value: componentArg({}) },
  // Listeners.
  "tls-san": { multi: true, value: (v) => (IPV4.test(v) || DNS_NAME.test(v) || parseCidr(`${v}/128`) ? undefined : "a host name or an IP address") },
  // Networking (server.md "Networking"; critical values, the same on every server: only extraArgs reach servers).
  "cluster-cidr": { value: ipv4Cidr },
  "service-cidr": { value: ipv4Cidr },
  "cluster-dns": { value: matches(IPV4, "an IPv4 address inside the service CIDR, such as 10.43.0.10") },
  "cluster-domain": { value: matches(DNS_NAME, "a DNS domain such as cluster.local") },
  "service-node-port-range": { value: portRange },
  "egress-selector-mode": { value: matches(/^(agent|cluster|pod|disabled)$/, "one of agent, cluster, pod, disabled") },
  // Secrets encryption (server.md "Secrets Encryption").
  // secrets-encryption (always on) and the etcd snapshot flags (k3s.etcdSnapshots) are the k3s layer's own: reserved
  // (components/k3s/defaults.ts RESERVED_K3S_FLAGS), so they are refused before this allowlist is asked.
  // Database: etcd snapshots and metrics (server.md "Database").
  "etcd-snapshot-compress": {},
  "etcd-snapshot-name": { value: matches(K8S_NAME, "a name of a-z, 0-9 and '-'") },
  "etcd-snapshot-dir": { value: matches(ABS_PATH, "an absolute path") },
  "etcd-s3": {},
  "etcd-s3-endpoint": { value: matches(/^[a-z0-9.-]+(:\d{1,5})?$/, "an S3 host[:port] such as s3.amazonaws.com (no scheme, no credentials)") },
  "etcd-s3-bucket": { value: matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name") },
  "etcd-s3-region": { value: matches(/^[a-z0-9-]{2,32}$/, "a region such as us-east-1") },
  "etcd-s3-folder": { value: matches(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "a folder such as k3s/prod") },
  "etcd-s3-config-secret": { value: matches(K8S_NAME, "the name of a Secret in kube-system, such as k3s-etcd-snapshot-s3-config") },
  "etcd-s3-timeout": { value: matches(/^(\d+h)?(\d+m)?(\d+s)?$/, "a duration such as 5m0s") },
  "etcd-expose-metrics": {},
  "supervisor-metrics": {},
  "embedded-registry": {},
  // Storage class and registries.
  "default-local-storage-path": { value: matches(ABS_PATH, "an absolute path such as /var/lib/rancher/k3s/storage") },
  "system-default-registry": { value: matches(/^[a-z0-9.-]+(:\d{1,5})?$/, "a registry host such as registry.example.com") },
  // Agent and server alike (agent.md).
  "enable-pprof": {},
  "protect-kernel-defaults": {},
  selinux: {},
  "nonroot-devices": {},
  "disable-default-registry-endpoint": {},
  "pause-image": { value: matches(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/, "an image reference such as registry.example.com/rancher/mirrored-pause:3.6") },
  snapshotter: { value: matches(/^[a-z][a-z0-9-]*$/, "a containerd snapshotter name such as overlayfs") },
  "private-registry": { value: matches(ABS_PATH, "an absolute path to registries.yaml") },
  "resolv-conf": { value: matches(ABS_PATH, "an absolute path to a resolv.conf") },
  "image-credential-provider-bin-dir": { value: matches(ABS_PATH, "an absolute path") },
  "image-credential-provider-config": { value: matches(ABS_PATH, "an absolute path") },
};

/** Real k3s flags refused with a reason: they weaken the cluster, break the wiring, or carry a secret. */
export const REFUSED_K3S_FLAGS: Readonly<Record<string, string>> = {
  "https-listen-port": "breaks the project's wiring: the API port is 6443 (firewall rules, the load balancer, the join URL)",
  "advertise-port": "breaks the project's wiring: the API port is 6443",
  "bind-address": "breaks the project's wiring: k3s must listen on the private and public interfaces the firewall rules expect",
  "write-kubeconfig": "breaks the project's wiring: the kubeconfig is read from /etc/rancher/k3s/k3s.yaml",
  "write-kubeconfig-group": "changes who may read the admin kubeconfig; the project keeps it root-only",
  "disable-etcd": "breaks the project's wiring: every server runs the embedded etcd",
  "disable-apiserver": "breaks the project's wiring: every server runs the API server",
  "disable-agent": "breaks the project's wiring: servers run workloads' agents too",
  "datastore-endpoint": "breaks the project's wiring (the cluster uses the embedded etcd) and may carry a database password",
  "datastore-cafile": "belongs to an external datastore, which the project does not use",
  "datastore-certfile": "belongs to an external datastore, which the project does not use",
  "datastore-keyfile": "belongs to an external datastore, which the project does not use",
  "cluster-reset": "forgets every etcd peer on each start; run it by hand during a restore, never from config",
  "cluster-reset-restore-path": "belongs to a manual restore, never to config",
  "etcd-s3-access-key": "puts an S3 credential in plain config; store it in the kube-system Secret named by --etcd-s3-config-secret",
  "etcd-s3-secret-key": "puts an S3 credential in plain config; store it in the kube-system Secret named by --etcd-s3-config-secret",
  "etcd-s3-insecure": "sends etcd snapshots over plain HTTP",
  "etcd-s3-skip-ssl-verify": "turns off TLS verification for etcd snapshots",
  "tls-san-security": "turning it off lets any client add names to the API server certificate",
  "flannel-external-ip": "sends flannel traffic over the public addresses, unencrypted; the project keeps it on the private network",
  "docker": "replaces containerd, which the project's images and registries configuration expect",
  "container-runtime-endpoint": "replaces containerd, which the project expects",
  "rootless": "is experimental and changes the node's networking the project relies on",
  "vpn-auth": "carries a VPN credential in plain config",
  "vpn-auth-file": "changes the node networking the project relies on",
  "disable-apiserver-lb": "breaks the agents' client load balancer the join relies on",
  "with-node-id": "changes node names, which the k3s layer sets",
};

/** Flags whose value is (or may embed) a credential: their problems never show the value. */
const SECRET_FLAGS = ["datastore-endpoint", "etcd-s3-secret-key", "etcd-s3-access-key", "vpn-auth", "token", "agent-token"];
const shown = (arg: string) => (SECRET_FLAGS.includes(flagAndValue(arg).flag) || /:\/\/[^/@\s]*:[^/@\s]*@/.test(arg) ? "(hidden)" : arg);

/** Characters a value may never hold: line breaks and shell metacharacters (the config travels through a shell step). */
const FORBIDDEN = /[\n\r\0;&|`$\\'"(){}<>!]/;
/** kubelet eviction thresholds are written with < (memory.available<100Mi): allowed there only. */
const FORBIDDEN_IN_EVICTION = /[\n\r\0;&|`$\\'"(){}!]/;

interface Entry {
  readonly path: (string | number)[];
  readonly arg: string;
}

function flagAndValue(arg: string): { flag: string; value: string | undefined } {
  const body = arg.slice(2);
  const eq = body.indexOf("=");
  return eq < 0 ? { flag: body, value: undefined } : { flag: body.slice(0, eq), value: body.slice(eq + 1) };
}

/** The problems of one flag on its own (shape, allowlist, value). */
function argProblem(arg: string, role: "any" | "agent"): string | undefined {
  const { flag, value } = flagAndValue(arg);
  if (SECRET_FLAGS.includes(flag) && REFUSED_K3S_FLAGS[flag]) return `sets --${flag}, which ${REFUSED_K3S_FLAGS[flag]}`;
  const eviction = flag === "kubelet-arg" && value !== undefined && /^eviction-(hard|soft|minimum-reclaim)=/.test(value);
  if ((eviction ? FORBIDDEN_IN_EVICTION : FORBIDDEN).test(arg) || /\s/.test(flag) || (value !== undefined && /[\t\n\r]/.test(value))) {
    return "holds a line break, a quote or a shell metacharacter (; & | ` $ \\ ( ) { } < > !); flag values are plain text";
  }
  const refused = REFUSED_K3S_FLAGS[flag];
  if (refused) return `sets --${flag}, which ${refused}`;
  const spec = SUPPORTED_K3S_FLAGS[flag];
  if (!spec) return `sets --${flag}, which is not a k3s flag this project supports; accepted: ${Object.keys(SUPPORTED_K3S_FLAGS).map((f) => `--${f}`).join(", ")}`;
  if (role === "agent" && !AGENT_FLAGS.includes(flag)) return `sets --${flag}, a server-only flag that k3s agent does not accept; move it to k3s.extraArgs`;
  if (spec.value === undefined) return value === undefined ? undefined : `sets --${flag}, a switch that takes no value; write --${flag}`;
  if (value === undefined || value === "") return `needs a value (--${flag}=...)`;
  if (value !== value.trim() || (flag !== "etcd-snapshot-schedule-cron" && /\s/.test(value))) return "holds whitespace; flag values are plain text";
  const bad = spec.value(value);
  return bad === undefined ? undefined : `--${flag}=${bad.startsWith("must") ? bad : `takes ${bad}`}`;
}

/** A single-valued flag given twice in one node's list. */
function repeats(entries: readonly Entry[], seed: readonly Entry[] = []): ConfigProblem[] {
  const first = new Map<string, Entry>();
  const single = (a: string) => a.startsWith("--") && !MULTI_VALUED_FLAGS.includes(flagAndValue(a).flag) && !(RESERVED_K3S_FLAGS as readonly string[]).includes(flagAndValue(a).flag);
  for (const e of seed) if (single(e.arg) && !first.has(flagAndValue(e.arg).flag)) first.set(flagAndValue(e.arg).flag, e);
  const out: ConfigProblem[] = [];
  for (const e of entries) {
    if (!single(e.arg)) continue;
    const { flag } = flagAndValue(e.arg);
    const seen = first.get(flag);
    if (seen) out.push({ path: e.path, value: shown(e.arg), message: `repeats --${flag} (already set by ${seen.path.join(".").replace(/\.(\d+)/g, "[$1]")}); it takes one value` });
    else first.set(flag, e);
  }
  return out;
}

/** The allowlist check over both lists. Reads the raw config defensively. */
export function k3sArgsCheck(raw: Raw): ConfigProblem[] {
  if (!isObject(raw.k3s)) return [];
  const list = (key: string): Entry[] =>
    (Array.isArray(raw.k3s[key]) ? raw.k3s[key] : [])
      .map((arg: unknown, i: number) => ({ path: ["k3s", key, i], arg }))
      .filter((e: { arg: unknown }): e is Entry => typeof e.arg === "string" && /^--[a-z][a-z0-9-]*(=|$)/.test(e.arg as string));
  const server = list("extraArgs").filter((e) => !(RESERVED_K3S_FLAGS as readonly string[]).includes(flagAndValue(e.arg).flag));
  const agent = list("agentExtraArgs").filter((e) => !(RESERVED_K3S_FLAGS as readonly string[]).includes(flagAndValue(e.arg).flag));
  const out: ConfigProblem[] = [];
  for (const e of server) {
    const bad = argProblem(e.arg, "any");
    if (bad) out.push({ path: e.path, value: shown(e.arg), message: bad });
  }
  for (const e of agent) {
    const bad = argProblem(e.arg, "agent");
    if (bad) out.push({ path: e.path, value: shown(e.arg), message: bad });
  }
  out.push(...repeats(server));
  // An agent's list is the agent-valid part of extraArgs, then agentExtraArgs (components/k3s/render-config.ts extraArgsFor).
  out.push(...repeats(agent, server.filter((e) => AGENT_FLAGS.includes(flagAndValue(e.arg).flag))));
  return out;
}

/** The cluster and service CIDRs given in extraArgs, with their paths (for the address-plan checks). */
export function cidrsFromExtraArgs(raw: Raw): { flag: "cluster-cidr" | "service-cidr"; path: (string | number)[]; cidr: string }[] {
  if (!isObject(raw.k3s) || !Array.isArray(raw.k3s.extraArgs)) return [];
  const out: { flag: "cluster-cidr" | "service-cidr"; path: (string | number)[]; cidr: string }[] = [];
  raw.k3s.extraArgs.forEach((arg: unknown, i: number) => {
    if (typeof arg !== "string") return;
    const { flag, value } = flagAndValue(arg);
    if ((flag === "cluster-cidr" || flag === "service-cidr") && value !== undefined && parseCidr(value)) out.push({ flag, path: ["k3s", "extraArgs", i], cidr: value });
  });
  return out;
}
