/**
 * The nodes' cloud-init user data. Pure and deterministic: the same input always renders the same bytes (sorted keys,
 * sorted package list, no timestamps, no random values, no `package_upgrade`), so a re-run never sees a change.
 * The servers also ignore later userData changes (ignoreChanges), so editing this never replaces a live node.
 *
 * It holds only what must be on the host before k3s: the packages Longhorn needs, SSH hardening, and a check that
 * the private interface k3s will use carries the node's planned address.
 */
import { stringify } from "yaml";

/**
 * Host packages Longhorn needs (longhorn.io/docs, "Installation Requirements"): open-iscsi with iscsid running
 * (Longhorn attaches volumes through iscsiadm), an NFSv4 client for RWX volumes (nfs-common), and cryptsetup and
 * dmsetup for encrypted volumes (the longhornctl preflight check installs the same set on Debian/Ubuntu).
 */
export const LONGHORN_PACKAGES = ["cryptsetup", "dmsetup", "nfs-common", "open-iscsi"] as const;

/** Kernel modules loaded at boot for Longhorn: iSCSI over TCP, and dm-crypt for encrypted volumes. */
export const LONGHORN_MODULES = ["dm_crypt", "iscsi_tcp"] as const;

/**
 * sshd drop-in. Ubuntu 24.04's sshd_config includes /etc/ssh/sshd_config.d/*.conf first and sshd keeps the first
 * value it reads, so a `10-` file wins over cloud-init's own `50-cloud-init.conf`.
 */
export const SSHD_HARDENING_PATH = "/etc/ssh/sshd_config.d/10-k3s-gitops-hardening.conf";
export const SSHD_HARDENING = [
  "# Written by k3s-gitops cloud-init: keys only, root by key only.",
  "PasswordAuthentication no",
  "KbdInteractiveAuthentication no",
  "PermitEmptyPasswords no",
  "PermitRootLogin prohibit-password",
  "PubkeyAuthentication yes",
  "X11Forwarding no",
  "",
].join("\n");

export const MODULES_LOAD_PATH = "/etc/modules-load.d/k3s-gitops-longhorn.conf";
export const PRIVATE_NET_CHECK_PATH = "/usr/local/sbin/k3s-gitops-check-private-net";

/** How long the private-network check waits for the address to appear (attempts x 2 s). */
export const PRIVATE_NET_CHECK_ATTEMPTS = 60;

export interface CloudInitInput {
  /**
   * The private interface and the node's planned address on it. When given, cloud-init fails (status "error") unless
   * that interface carries that address, so a wrong `flannel-iface` stops the install instead of wiring flannel to
   * the wrong network. Omit for hosts without a private network.
   */
  readonly privateNetwork?: { readonly interface: string; readonly ip: string };
}

const SAFE_IFACE = /^[a-zA-Z0-9_.-]{1,15}$/;
const SAFE_IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** True for a Linux interface name the private-network check accepts (1 to 15 of a-z A-Z 0-9 _ . -). */
export function isInterfaceName(value: unknown): value is string {
  return typeof value === "string" && SAFE_IFACE.test(value);
}

/** The POSIX sh script that checks the private interface carries the planned address, with a bounded wait. */
export function renderPrivateNetCheck(iface: string, ip: string): string {
  if (!isInterfaceName(iface)) throw new Error(`${JSON.stringify(iface)} is not an interface name`);
  if (!SAFE_IPV4.test(ip)) throw new Error(`${JSON.stringify(ip)} is not an IPv4 address`);
  return [
    "#!/bin/sh",
    "# Written by k3s-gitops cloud-init: k3s uses this interface as node-ip and flannel-iface.",
    "set -eu",
    `iface='${iface}'`,
    `want='${ip}'`,
    "i=0",
    `while [ "$i" -lt ${PRIVATE_NET_CHECK_ATTEMPTS} ]; do`,
    '  if ip -4 -o addr show dev "$iface" 2>/dev/null | grep -qF " $want/"; then',
    '    echo "k3s-gitops: $want is on $iface"',
    "    exit 0",
    "  fi",
    "  i=$((i + 1))",
    "  sleep 2",
    "done",
    'echo "k3s-gitops: $want is not on $iface; the private network is not where k3s expects it. Addresses:" >&2',
    "ip -4 -o addr show >&2 || true",
    "exit 1",
    "",
  ].join("\n");
}

/** Sorts object keys recursively so the YAML is byte-for-byte stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Renders the `#cloud-config` user data. */
export function renderCloudInit(input: CloudInitInput = {}): string {
  const writeFiles: Record<string, string>[] = [
    { path: SSHD_HARDENING_PATH, owner: "root:root", permissions: "0644", content: SSHD_HARDENING },
    { path: MODULES_LOAD_PATH, owner: "root:root", permissions: "0644", content: `${LONGHORN_MODULES.join("\n")}\n` },
  ];
  const runcmd: string[][] = [
    ["modprobe", "-a", ...LONGHORN_MODULES],
    ["systemctl", "enable", "--now", "iscsid.service"],
    ["systemctl", "try-reload-or-restart", "ssh.service"],
  ];
  if (input.privateNetwork) {
    writeFiles.push({
      path: PRIVATE_NET_CHECK_PATH,
      owner: "root:root",
      permissions: "0755",
      content: renderPrivateNetCheck(input.privateNetwork.interface, input.privateNetwork.ip),
    });
    // Last, so its exit status is the runcmd script's: a failure marks cloud-init as errored.
    runcmd.push([PRIVATE_NET_CHECK_PATH]);
  }
  const doc = {
    // Root logs in with the key Hetzner injects; cloud-init must not replace root's authorized_keys with a notice.
    disable_root: false,
    ssh_pwauth: false,
    package_update: true,
    packages: [...LONGHORN_PACKAGES].sort(),
    write_files: writeFiles,
    runcmd,
  };
  return `#cloud-config\n${stringify(sortKeys(doc), { lineWidth: 0 })}`;
}
