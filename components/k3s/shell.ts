/**
 * The sh framing every k3s step script shares: quoting a value (shq), the script frame (shebang and `set -eu`), and
 * `privileged`, which runs a whole script through `sudo -n` for an SSH user other than root. Pure. scripts.ts
 * re-exports shq, privileged, DEFAULT_SSH_USER and PRIVILEGED_PATH.
 */

/** Single-quotes a value for sh. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** A POSIX sh script: the shebang, `set -eu`, then the lines. */
export function script(lines: readonly string[]): string {
  return ["#!/bin/sh", "set -eu", ...lines, ""].join("\n");
}

/** The SSH user the command provider logs in as when a connection names none. */
export const DEFAULT_SSH_USER = "root";
/** sudo's environment is reset (secure_path may lack /usr/local/bin, where k3s lives): the wrapped script's PATH. */
export const PRIVILEGED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The script as the given SSH user must run it. root (or no user): unchanged, byte for byte. Anyone else: a wrapper
 * that checks for passwordless sudo, then `exec`s `sudo -n` running the whole script with `sh -c`; stdin (the tokens,
 * config.yaml) and stdout (the kubeconfig) pass straight through, and the script text, which holds no secret, is the
 * only argument. Pure.
 */
export function privileged(scriptText: string, user: string | undefined): string {
  if ((user ?? DEFAULT_SSH_USER) === DEFAULT_SSH_USER) return scriptText;
  return script([
    "if ! sudo -n true 2>/dev/null; then",
    `  echo "user $(id -un) needs passwordless sudo (sudo -n failed): the k3s steps run as root" >&2`,
    "  exit 1",
    "fi",
    `exec sudo -n -- env PATH=${PRIVILEGED_PATH} /bin/sh -c ${shq(scriptText)}`,
  ]);
}
