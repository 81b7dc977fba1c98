/** `k3s-gitops:access`: who may reach SSH and the Kubernetes API. Never the whole internet, whole or in pieces. */
import { z } from "zod";
import { MIN_ADMIN_PREFIX, isWorldCidr, tooBroadForAdmin, worldCoverage } from "@k3s-gitops/components/kernel";
import { OPENSSH_PUBLIC_KEY } from "@k3s-gitops/components";
import { cidr } from "./common";

// The kernel's worldCoverage and tooBroadForAdmin decide, the same functions the firewall builder
// (components/nodes/firewall-rules.ts) and the no-public-admin-ports policy call.
const restrictedCidr = cidr
  .refine(
    (v) => !isWorldCidr(v),
    "opens an admin port to the whole internet, which the no-public-admin-ports policy forbids; list your own addresses, such as 203.0.113.7/32",
  )
  .refine(
    (v) => isWorldCidr(v) || tooBroadForAdmin([v]).length === 0,
    `is too broad for an admin port: a public range needs a prefix of at least /${MIN_ADMIN_PREFIX[4]} (IPv6 /${MIN_ADMIN_PREFIX[6]}); list your own addresses, such as 203.0.113.7/32`,
  );

function allowlist(port: string) {
  return z
    .array(restrictedCidr)
    .min(1, `must list at least one CIDR that may reach ${port}`)
    .superRefine((list, ctx) => {
      // A single world CIDR is reported on its own entry; this catches the pieces (two /1 halves, 2000::/3...).
      if (list.some(isWorldCidr)) return;
      const covered = worldCoverage(list);
      if (covered.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `together cover ${covered.join(" and ")}, the whole ${covered.map((c) => (c.includes(":") ? "IPv6" : "IPv4")).join(" and ")} internet, which the no-public-admin-ports policy forbids; list your own addresses, such as 203.0.113.7/32`,
        });
      }
    });
}

export const access = z.strictObject({
  sshAllowedCidrs: allowlist("SSH (port 22)"),
  apiAllowedCidrs: allowlist("the Kubernetes API (port 6443)"),
  /** An OpenSSH public key. When absent, an ed25519 key pair is generated and its private key is a secret output. */
  sshPublicKey: z
    .string()
    .regex(OPENSSH_PUBLIC_KEY, "must be an OpenSSH public key (ssh-ed25519 AAAA...)")
    .optional(),
});

export type AccessConfig = z.infer<typeof access>;
