/** `k3s-gitops:access`: who may reach SSH and the Kubernetes API. Never the whole internet. */
import { z } from "zod";
import { isWorldCidr } from "@k3s-gitops/components/kernel";
import { OPENSSH_PUBLIC_KEY } from "@k3s-gitops/components";
import { cidr } from "./common";

const restrictedCidr = cidr.refine(
  (v) => !isWorldCidr(v),
  "opens an admin port to the whole internet, which the no-public-admin-ports policy forbids; list your own addresses, such as 203.0.113.7/32",
);

export const access = z.strictObject({
  sshAllowedCidrs: z.array(restrictedCidr).min(1, "must list at least one CIDR that may reach SSH (port 22)"),
  apiAllowedCidrs: z.array(restrictedCidr).min(1, "must list at least one CIDR that may reach the Kubernetes API (port 6443)"),
  /** An OpenSSH public key. When absent, an ed25519 key pair is generated and its private key is a secret output. */
  sshPublicKey: z
    .string()
    .regex(OPENSSH_PUBLIC_KEY, "must be an OpenSSH public key (ssh-ed25519 AAAA...)")
    .optional(),
});

export type AccessConfig = z.infer<typeof access>;
