/**
 * Every existing host and the bastion need a pinned SSH host key (`hostKey`): without one, @pulumi/command ignores
 * the host key ("If not provided, the host key will be ignored", its ConnectionArgs.hostKey), and whoever intercepts
 * the first session receives the k3s token. Nodes the clouds create get generated, pinned keys instead
 * (components/nodes/host-keys.ts). The message names the ssh-keyscan line for the host's own address.
 */
import { EXISTING_HOST_DEFAULTS, keyscanCommand } from "@k3s-gitops/components";
import type { ConfigProblem } from "./errors";

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

const why = (address: unknown, port: unknown) =>
  `is required: the SSH host key every connection pins. Read it over a path you trust with \`${keyscanCommand(address, port)}\`, ` +
  "keep the part after the address (ssh-ed25519 AAAA...), and check its fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)";

export function hostKeyCrossCheck(raw: Record<string, any>): ConfigProblem[] {
  const e = raw.existing;
  if (raw.cloud !== "existing" || !isObject(e)) return [];
  const problems: ConfigProblem[] = [];
  (Array.isArray(e.hosts) ? e.hosts : []).forEach((h: unknown, i: number) => {
    if (isObject(h) && h.hostKey === undefined) {
      problems.push({ path: ["existing", "hosts", i, "hostKey"], missing: true, message: why(h.address, h.sshPort ?? EXISTING_HOST_DEFAULTS.sshPort) });
    }
  });
  if (isObject(e.bastion) && e.bastion.hostKey === undefined) {
    problems.push({ path: ["existing", "bastion", "hostKey"], missing: true, message: why(e.bastion.host, e.bastion.port ?? EXISTING_HOST_DEFAULTS.sshPort) });
  }
  return problems;
}
