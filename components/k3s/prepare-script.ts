/**
 * The node's files before k3s starts, in two SSH sessions instead of four (issue 15: fewer sessions per node, and
 * fewer resources for the plan and the engine to register):
 *
 *   renderPrepareNodeScript()      `<node>-prepare`: wait for cloud-init, then write config.yaml from stdin. Not
 *                                  secret (it names the token files, never a token), so plans and diffs show it.
 *   tokenFileLines(paths)          the first lines of `<node>-install` (scripts.ts renderInstallScript): the token
 *                                  files from stdin. The tokens travel on stdin only, to the step that needs them: a
 *                                  joining node's tokens exist only once the first server is up, so the node's
 *                                  cloud-init wait must not be in the step that carries them.
 *   renderWaitForCloudInitScript, renderWriteSecretFilesScript, renderWriteConfigScript
 *                                  each part on its own (tested one by one under sh).
 *
 * Pure; scripts.ts re-exports this file.
 */
import { posix } from "path";
import { K3S_AGENT_TOKEN_PATH, K3S_CONFIG_PATH, K3S_TOKEN_PATH } from "./render-config";
import { script, shq } from "./shell";

export const DEFAULT_CLOUD_INIT_TIMEOUT_SECONDS = 600;
export const DEFAULT_CLOUD_INIT_ATTEMPTS = 3;

export interface CloudInitWaitOptions {
  /** @default 600 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly attempts?: number;
}

/** The cloud-init wait's lines; they `exit`, so a composed script runs them in a subshell. */
function cloudInitWaitLines(opts: CloudInitWaitOptions): string[] {
  const timeout = opts.timeoutSeconds ?? DEFAULT_CLOUD_INIT_TIMEOUT_SECONDS;
  const attempts = opts.attempts ?? DEFAULT_CLOUD_INIT_ATTEMPTS;
  return [
    "if ! command -v cloud-init >/dev/null 2>&1; then",
    "  echo 'cloud-init not installed; nothing to wait for'",
    "  exit 0",
    "fi",
    "attempt=1",
    "while :; do",
    "  rc=0",
    `  timeout ${timeout} cloud-init status --wait >/dev/null || rc=$?`,
    '  case "$rc" in',
    "    0) echo 'cloud-init finished'; exit 0 ;;",
    "    2) echo 'cloud-init finished with recoverable errors' >&2; exit 0 ;;",
    "  esac",
    `  if [ "$attempt" -ge ${attempts} ]; then`,
    `    echo "cloud-init did not finish after ${attempts} tries (last exit $rc)" >&2`,
    "    exit 1",
    "  fi",
    "  attempt=$((attempt + 1))",
    "  sleep 10",
    "done",
  ];
}

/**
 * Waits for cloud-init to finish, each try bounded by `timeout`. Exit 2 from `cloud-init status` means it finished
 * with recoverable errors: warn and go on. Hosts without cloud-init (existing machines) pass at once.
 */
export function renderWaitForCloudInitScript(opts: CloudInitWaitOptions = {}): string {
  return script(cloudInitWaitLines(opts));
}

/**
 * Writes one file per stdin line (see renderWriteSecretFilesScript); the lines of a larger script. With `onlyChanged`,
 * a file whose content already is its line is left alone, and `changed=1` is set when any file is written.
 */
export function tokenFileLines(paths: readonly string[], onlyChanged = false): string[] {
  if (paths.length === 0) throw new Error("the token writer needs at least one path");
  const dirs = [...new Set(paths.map((p) => posix.dirname(p)))].sort();
  const lines = [...dirs.map((d) => `install -d -m 0700 ${shq(d)}`), "umask 077"];
  paths.forEach((path, i) => {
    const write = [`printf '%s\\n' "$value${i}" > ${shq(`${path}.tmp`)}`, `mv -f ${shq(`${path}.tmp`)} ${shq(path)}`];
    lines.push(
      `value${i}=""`,
      `IFS= read -r value${i} || true`,
      `[ -n "$value${i}" ] || { echo 'missing secret line ${i + 1} on stdin' >&2; exit 1; }`,
      ...(onlyChanged
        ? [`if [ ! -f ${shq(path)} ] || [ "$(cat ${shq(path)})" != "$value${i}" ]; then`, ...write.map((l) => `  ${l}`), "  changed=1", "fi"]
        : write),
    );
  });
  return lines;
}

/**
 * Writes one file per stdin line, mode 0600, atomically. Used for the tokens: the values arrive on stdin only, are
 * held in shell variables and written with the `printf` builtin, so they never show in a process list or a log.
 */
export function renderWriteSecretFilesScript(paths: readonly string[]): string {
  return script(tokenFileLines(paths));
}

export interface RefreshTokensOptions {
  /** The token files, in stdin line order (tokenPathsFor(role)). */
  readonly tokenPaths: readonly string[];
  /** The k3s service to restart when a file changed (`k3s` or `k3s-agent`). */
  readonly service: string;
}

/**
 * The `update` of `<node>-install`, run when only its stdin (the tokens) changed: rewrites each token file whose
 * content differs from its stdin line and restarts the service only if one did (and the service exists). So tokens
 * that really change (a restore onto a replaced first server, docs/restore.md) take effect, and an update that brings
 * the same tokens (a stack created before the install carried them) restarts nothing. Config changes never come here:
 * they replace the install (its triggers), which runs `create`.
 */
export function renderRefreshTokensScript(opts: RefreshTokensOptions): string {
  const lines = ["changed=0", "old_umask=$(umask)", ...tokenFileLines(opts.tokenPaths, true)];
  lines.push(
    'umask "$old_umask"',
    "exec </dev/null",
    'if [ "$changed" = 0 ]; then',
    `  echo "token files unchanged; ${opts.service} not restarted"`,
    `elif systemctl cat ${opts.service} >/dev/null 2>&1; then`,
    `  systemctl restart ${opts.service}`,
    `  echo "token files changed; restarted ${opts.service}"`,
    "else",
    `  echo "token files changed; ${opts.service} is not installed yet"`,
    "fi",
  );
  return script(lines);
}

/** The token files each role holds. */
export function tokenPathsFor(role: "server" | "agent"): readonly string[] {
  return role === "server" ? [K3S_TOKEN_PATH, K3S_AGENT_TOKEN_PATH] : [K3S_TOKEN_PATH];
}

function configLines(path: string): string[] {
  return [
    `install -d -m 0700 ${shq(posix.dirname(path))}`,
    "umask 077",
    `cat > ${shq(`${path}.tmp`)}`,
    `mv -f ${shq(`${path}.tmp`)} ${shq(path)}`,
    `echo "wrote ${path} ($(wc -c < ${shq(path)}) bytes)"`,
  ];
}

/** Writes config.yaml from stdin (mode 0600, atomically). */
export function renderWriteConfigScript(path: string = K3S_CONFIG_PATH): string {
  return script(configLines(path));
}

export interface PrepareNodeOptions {
  /** @default K3S_CONFIG_PATH */
  readonly configPath?: string;
  readonly cloudInit?: CloudInitWaitOptions;
}

/**
 * `<node>-prepare`: the cloud-init wait, in a subshell with stdin from /dev/null (its `exit`s end only the wait, and
 * it cannot eat config.yaml), then config.yaml from stdin. Any failure stops the script non-zero (`set -eu`), so the
 * Command's create fails and the next `pulumi up` runs it again; both parts are idempotent.
 */
export function renderPrepareNodeScript(opts: PrepareNodeOptions = {}): string {
  return script([
    "(",
    ...cloudInitWaitLines(opts.cloudInit ?? {}).map((l) => `  ${l}`),
    ") </dev/null",
    ...configLines(opts.configPath ?? K3S_CONFIG_PATH),
  ]);
}
