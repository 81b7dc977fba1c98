/**
 * Pure renderers of the POSIX sh scripts K3sCluster runs over SSH (each is a remote.Command's `create` or `delete`).
 *
 * They run as root (the Hetzner and DigitalOcean images log in as root). For any other SSH user (existing hosts),
 * `privileged` wraps a script so the whole of it runs through `sudo -n`: that user needs passwordless sudo. Every wait
 * is bounded. No script takes a secret as an argument: the tokens reach the host on stdin only (the sudo wrapper passes
 * stdin through). The tests run each rendered script, wrapped and unwrapped, through `shellcheck -s sh`.
 */
import { K3sInstaller, k3sRelease } from "../kernel/k3s-releases";
import { K3S_CONFIG_PATH } from "./render-config";
import { tokenFileLines } from "./prepare-script";
import { script, shq } from "./shell";

// The sh framing (quoting, the script frame, the sudo wrapper) lives in shell.ts, and the node's first step (cloud-init
// wait, token files, config.yaml) in prepare-script.ts; importers of this file still find them here.
export { DEFAULT_SSH_USER, PRIVILEGED_PATH, privileged, shq } from "./shell";
export * from "./prepare-script";

export const K3S_KUBECONFIG_PATH = "/etc/rancher/k3s/k3s.yaml";

export const DEFAULT_JOIN_WAIT_SECONDS = 600;
export const DEFAULT_INSTALL_ATTEMPTS = 3;
export const DEFAULT_INSTALL_RETRY_DELAY_SECONDS = 15;
export const DEFAULT_NODE_READY_TIMEOUT_SECONDS = 600;
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 300;

export interface InstallScriptOptions {
  readonly role: "server" | "agent";
  /** Exact release tag, e.g. v1.36.4+k3s1: a row of the supported-release table (components/kernel/k3s-releases.ts). */
  readonly version: string;
  /** Joining servers and agents: the URL they join; the script waits until it answers TLS before installing. */
  readonly joinUrl?: string;
  /** @default 600 */
  readonly joinWaitSeconds?: number;
  /** Tries for the download (each checked against the digest) and for the installer run. @default 3 */
  readonly attempts?: number;
  /** Pause between tries. @default 15 */
  readonly retryDelaySeconds?: number;
  /**
   * The installer to fetch and its sha256. @default the table row of `version` (k3sRelease(version).installer). Tests
   * pass their own to run the script against a fake installer.
   */
  readonly installer?: Pick<K3sInstaller, "url" | "sha256">;
  /**
   * Token files to write first, one per stdin line (tokenPathsFor(role)), before anything else runs: a re-run writes
   * them too. Then stdin is closed, so nothing after (install.sh, systemctl) can read it. @default none
   */
  readonly tokenPaths?: readonly string[];
}

/** The systemd unit the installer creates: `k3s` for servers, `k3s-agent` for agents. */
export function serviceName(role: "server" | "agent"): string {
  return role === "server" ? "k3s" : "k3s-agent";
}

/** Where the install step keeps the verified installer while it runs (removed on exit). */
export const INSTALLER_WORK_DIR_PREFIX = "/tmp/k3s-install.";

/**
 * First run: fetch `install.sh` at the pinned release tag to a file (never get.k3s.io, never a pipe into sh), check it
 * against the sha256 pinned beside the version in the supported-release table, then run it with the pinned
 * INSTALL_K3S_VERSION (install.sh reads config.yaml). Each of the three steps is bounded (attempts), and any failure
 * exits non-zero with a message naming what failed (download, digest, installer run), so the remote Command's create
 * fails and is retried by the next `pulumi up`. install.sh itself checks the k3s binary against the release's
 * sha256sum file (research/k3s-and-clouds.md §2, `verify_binary`).
 *
 * With `tokenPaths`, the token files come first, from stdin (K3sCluster's `<node>-install` carries the tokens).
 *
 * Later runs (the node's config changed): k3s is already there, possibly upgraded by the upgrade controller, so only
 * restart the service to apply the config; never re-download, which would downgrade an upgraded node.
 */
export function renderInstallScript(opts: InstallScriptOptions): string {
  const attempts = opts.attempts ?? DEFAULT_INSTALL_ATTEMPTS;
  const delay = opts.retryDelaySeconds ?? DEFAULT_INSTALL_RETRY_DELAY_SECONDS;
  const installer = opts.installer ?? k3sRelease(opts.version)?.installer;
  if (installer === undefined) {
    throw new Error(`k3s ${opts.version} is not in the supported-release table (components/kernel/k3s-releases.ts): no pinned installer digest`);
  }
  if (!/^[0-9a-f]{64}$/.test(installer.sha256)) throw new Error(`installer sha256 for ${opts.version} is not 64 hex digits`);
  const service = serviceName(opts.role);
  // A subshell, so the writer's umask 077 does not reach install.sh.
  const tokens = opts.tokenPaths === undefined ? [] : ["(", ...tokenFileLines(opts.tokenPaths).map((l) => `  ${l}`), ")", "exec </dev/null"];
  const lines: string[] = [
    ...tokens,
    `if [ -x /usr/local/bin/k3s ] && systemctl cat ${service} >/dev/null 2>&1; then`,
    `  echo "k3s already installed ($(/usr/local/bin/k3s --version | head -n 1)); restarting ${service} to apply ${K3S_CONFIG_PATH}"`,
    `  systemctl restart ${service}`,
    "  exit 0",
    "fi",
  ];
  if (opts.joinUrl !== undefined) {
    const wait = opts.joinWaitSeconds ?? DEFAULT_JOIN_WAIT_SECONDS;
    lines.push(
      `join_url=${shq(opts.joinUrl)}`,
      "waited=0",
      '# Any TLS answer will do (an unauthenticated request gets 401): the server is up.',
      'until curl -sk --max-time 5 -o /dev/null "$join_url"; do',
      `  if [ "$waited" -ge ${wait} ]; then`,
      `    echo "k3s install: $join_url did not answer within ${wait}s" >&2`,
      "    exit 1",
      "  fi",
      "  sleep 5",
      "  waited=$((waited + 5))",
      "done",
    );
  }
  lines.push(
    `installer_url=${shq(installer.url)}`,
    `installer_sha256=${shq(installer.sha256)}`,
    `work=$(mktemp -d ${INSTALLER_WORK_DIR_PREFIX}XXXXXX)`,
    "trap 'rm -rf \"$work\"' EXIT",
    "attempt=1",
    "while :; do",
    "  problem=''",
    '  if ! curl -fsSL --connect-timeout 10 --max-time 120 -o "$work/install.sh" "$installer_url"; then',
    '    problem="download of $installer_url failed"',
    "  else",
    '    actual=$(sha256sum "$work/install.sh" | cut -d " " -f 1)',
    '    if [ "$actual" = "$installer_sha256" ]; then break; fi',
    '    problem="sha256 mismatch for $installer_url: expected $installer_sha256, got $actual"',
    "  fi",
    `  echo "k3s install: $problem (try $attempt of ${attempts})" >&2`,
    `  if [ "$attempt" -ge ${attempts} ]; then`,
    `    echo "k3s install: giving up: $problem" >&2`,
    "    exit 1",
    "  fi",
    "  attempt=$((attempt + 1))",
    `  sleep ${delay}`,
    "done",
    "attempt=1",
    `until INSTALL_K3S_VERSION=${shq(opts.version)} sh "$work/install.sh" ${opts.role}; do`,
    `  if [ "$attempt" -ge ${attempts} ]; then`,
    `    echo "k3s install: the installer (install.sh ${opts.role}, k3s ${opts.version}) failed ${attempts} times" >&2`,
    "    exit 1",
    "  fi",
    "  attempt=$((attempt + 1))",
    `  sleep ${delay}`,
    "done",
  );
  return script(lines);
}

export interface NodeWaitOptions {
  readonly nodeName: string;
  /**
   * Wait for the Ready condition. False with cilium: nodes stay NotReady until the CNI (layer 2) runs, so only wait
   * for the node to register.
   */
  readonly requireReady: boolean;
  /** @default 600 */
  readonly timeoutSeconds?: number;
}

/** Runs on a server: waits, bounded, until the node has registered (and is Ready when asked). */
export function renderWaitForNodeScript(opts: NodeWaitOptions): string {
  const timeout = opts.timeoutSeconds ?? DEFAULT_NODE_READY_TIMEOUT_SECONDS;
  const lines = [
    `node=${shq(opts.nodeName)}`,
    "waited=0",
    'until k3s kubectl get node "$node" >/dev/null 2>&1; do',
    `  if [ "$waited" -ge ${timeout} ]; then`,
    `    echo "node $node did not register within ${timeout}s" >&2`,
    "    exit 1",
    "  fi",
    "  sleep 5",
    "  waited=$((waited + 5))",
    "done",
  ];
  if (opts.requireReady) {
    lines.push(
      `remaining=$((${timeout} - waited))`,
      'if [ "$remaining" -lt 30 ]; then remaining=30; fi',
      'k3s kubectl wait --for=condition=Ready "node/$node" --timeout="${remaining}s"',
    );
  } else {
    lines.push('echo "node $node registered"');
  }
  return script(lines);
}

/** The kubelet's local health endpoint: `--healthz-port` default 10248 on `--healthz-bind-address` default 127.0.0.1
 * (kubernetes.io/docs/reference/command-line-tools-reference/kubelet/). It answers once the kubelet runs, whether or not
 * the node is Ready (with cilium, nodes stay NotReady until layer 2 installs the CNI). */
export const KUBELET_HEALTHZ_URL = "http://127.0.0.1:10248/healthz";

export interface LocalNodeWaitOptions {
  readonly role: "server" | "agent";
  /** @default 600 */
  readonly timeoutSeconds?: number;
}

/**
 * Runs on the node itself (no SSH session on a server per agent): waits, bounded, until its k3s service is active and
 * its kubelet answers its local health check.
 */
export function renderWaitForLocalNodeScript(opts: LocalNodeWaitOptions): string {
  const timeout = opts.timeoutSeconds ?? DEFAULT_NODE_READY_TIMEOUT_SECONDS;
  const service = serviceName(opts.role);
  return script([
    "waited=0",
    `until systemctl is-active --quiet ${service} && curl -sf --max-time 5 -o /dev/null ${KUBELET_HEALTHZ_URL}; do`,
    `  if [ "$waited" -ge ${timeout} ]; then`,
    `    echo "${service} is not active with a healthy kubelet (${KUBELET_HEALTHZ_URL}) after ${timeout}s" >&2`,
    `    systemctl status ${service} --no-pager >&2 || true`,
    "    exit 1",
    "  fi",
    "  sleep 5",
    "  waited=$((waited + 5))",
    "done",
    `echo "${service} active, kubelet healthy"`,
  ]);
}

export interface NodeCountWaitOptions {
  /** How many nodes the cluster must have registered (servers and agents). */
  readonly expected: number;
  /** Also require every node Ready (flannel); with cilium only registration. */
  readonly requireReady: boolean;
  /** @default 900 */
  readonly timeoutSeconds?: number;
}

export const DEFAULT_NODE_COUNT_TIMEOUT_SECONDS = 900;

/** Runs once, on the first server: waits, bounded, until `expected` nodes have registered (and are Ready when asked). */
export function renderWaitForNodeCountScript(opts: NodeCountWaitOptions): string {
  const timeout = opts.timeoutSeconds ?? DEFAULT_NODE_COUNT_TIMEOUT_SECONDS;
  const count = opts.requireReady
    ? `k3s kubectl get nodes --no-headers 2>/dev/null | awk '$2 == "Ready" { n++ } END { print n + 0 }'`
    : "k3s kubectl get nodes --no-headers 2>/dev/null | wc -l | tr -d ' '";
  const what = opts.requireReady ? "Ready nodes" : "registered nodes";
  return script([
    `expected=${opts.expected}`,
    "waited=0",
    "while :; do",
    `  have=$(${count}) || have=0`,
    '  if [ "$have" -ge "$expected" ]; then break; fi',
    `  if [ "$waited" -ge ${timeout} ]; then`,
    `    echo "only $have of $expected ${what} after ${timeout}s" >&2`,
    "    k3s kubectl get nodes >&2 || true",
    "    exit 1",
    "  fi",
    "  sleep 5",
    "  waited=$((waited + 5))",
    "done",
    `echo "$have of $expected ${what}"`,
  ]);
}

/** k3s's cluster CA (runtime.ServerCA = <data-dir>/server/tls/server-ca.crt; research/k3s-and-clouds.md §4). */
export const K3S_SERVER_CA_PATH = "/var/lib/rancher/k3s/server/tls/server-ca.crt";

/**
 * Runs on the first server once it is up: reads the server and agent passwords from stdin (one a line), and prints the
 * CA-pinned join tokens `K10<sha256 of server-ca.crt>::server:<password>` and `K10<hash>::node:<agent password>`, one
 * a line. The hash is SHA-256 over the raw PEM bytes of server-ca.crt as stored on disk (a single self-signed CA;
 * k3s-io/docs cli/token.md "Token Format", pkg/clientaccess/token.go hashCA; research §4). The tokens only ever reach
 * stdout, which the Command marks secret; nothing is logged.
 */
export function renderSecureTokensScript(caPath: string = K3S_SERVER_CA_PATH): string {
  return script([
    'server_password=""',
    'agent_password=""',
    "IFS= read -r server_password || true",
    "IFS= read -r agent_password || true",
    'if [ -z "$server_password" ] || [ -z "$agent_password" ]; then echo "missing a password on stdin" >&2; exit 1; fi',
    `[ -s ${shq(caPath)} ] || { echo "no cluster CA at ${caPath}: is the first server up?" >&2; exit 1; }`,
    `ca_hash=$(sha256sum ${shq(caPath)} | cut -d " " -f 1)`,
    "case \"$ca_hash\" in",
    `  *[!0-9a-f]*|'') echo "could not hash ${caPath}" >&2; exit 1 ;;`,
    "esac",
    `[ "\${#ca_hash}" -eq 64 ] || { echo "could not hash ${caPath}" >&2; exit 1; }`,
    `printf 'K10%s::server:%s\\n' "$ca_hash" "$server_password"`,
    `printf 'K10%s::node:%s\\n' "$ca_hash" "$agent_password"`,
  ]);
}

export interface EndpointWaitOptions {
  /** `https://host:6443`: waits until it answers TLS (any HTTP status). */
  readonly url: string;
  /** @default 300 */
  readonly timeoutSeconds?: number;
}

/**
 * Waits, bounded, until an API endpoint answers (e.g. the API load balancer's private address, once its health check
 * has marked a target healthy). Used only where a client goes through the load balancer.
 */
export function renderWaitForEndpointScript(opts: EndpointWaitOptions): string {
  const timeout = opts.timeoutSeconds ?? 300;
  return script([
    `url=${shq(opts.url)}`,
    "waited=0",
    'until curl -sk --max-time 5 -o /dev/null "$url"; do',
    `  if [ "$waited" -ge ${timeout} ]; then`,
    `    echo "$url did not answer within ${timeout}s" >&2`,
    "    exit 1",
    "  fi",
    "  sleep 5",
    "  waited=$((waited + 5))",
    "done",
    'echo "$url answers"',
  ]);
}

/** Prints the admin kubeconfig (the command's stdout is a secret output and is not logged). */
export function renderReadKubeconfigScript(): string {
  return script([`cat ${shq(K3S_KUBECONFIG_PATH)}`]);
}

export interface DrainOptions {
  readonly nodeName: string;
  /** @default 300 */
  readonly timeoutSeconds?: number;
}

/** Runs on the first server when an agent goes away: drain it, then delete its Node object. A missing node is fine. */
export function renderDrainNodeScript(opts: DrainOptions): string {
  const timeout = opts.timeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS;
  return script([
    `node=${shq(opts.nodeName)}`,
    'if ! k3s kubectl get node "$node" >/dev/null 2>&1; then',
    '  echo "node $node is not in the cluster; nothing to drain"',
    "  exit 0",
    "fi",
    `k3s kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=${timeout}s`,
    'k3s kubectl delete node "$node" --ignore-not-found',
  ]);
}
