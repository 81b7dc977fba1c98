/**
 * `k3s-gitops:existing`: machines you already own (the homelab of the seed designs), reached over SSH, optionally
 * through a bastion. The host list is authoritative: `servers` and `agentPools` (and their profile defaults) are not
 * used when `cloud` is `existing`. The SSH private key is the secret config value `sshPrivateKey`.
 *
 * The MetalLB pool and the storage choice are the platform's (`platform.metallb`, `platform.storage`); this block
 * holds what only the hosts know and the platform reads: the NodePorts a router forwards to (`ingress`) and the
 * disk paths (`storage`). Cross-checks keep platform.metallb.addresses on networkCidr and off the hosts.
 */
import { z } from "zod";
import { EXISTING_HOST_DEFAULTS, SSH_HOST_KEY } from "@k3s-gitops/components";
import { cidr, dnsLabel, labels, taint } from "./common";

/** An IPv4 address or a DNS name. */
export const hostAddress = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?)$/,
    "must be an IPv4 address such as 192.168.86.71 or a host name such as k3s1.lan",
  );

export const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "must be an IPv4 address such as 192.168.86.71");

const sshUser = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a Unix user name such as ubuntu");
const port = z.number("must be a port number").int("must be a port number").min(1, "must be 1 to 65535").max(65535, "must be 1 to 65535");
const nodePort = z.number("must be a NodePort").int("must be a NodePort").min(30000, "must be in the NodePort range 30000-32767").max(32767, "must be in the NodePort range 30000-32767");
const iface = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,14}$/, "must be a network interface name such as eth0 or enp1s0");
/**
 * An SSH host key line (`ssh-ed25519 AAAA...`), pinned on the connection. Required on every host and on the bastion;
 * optional here only so that the cross-check (stacks/config/host-key-checks.ts) can name the host's own
 * `ssh-keyscan -t ed25519 <address>` line when it is missing.
 */
export const sshHostKey = z.string().regex(SSH_HOST_KEY, "must be an SSH host key line such as ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... (the output of ssh-keyscan -t ed25519 <address>, without the address)");

const absPath = z.string().regex(/^\/[^\s]*$/, "must be an absolute path such as /mnt/longhorn/sdf1");

/**
 * @default SSH user, port and interface (ExistingNodes' own, EXISTING_HOST_DEFAULTS) and the ingress NodePorts (the
 * seed homelab's).
 */
export const EXISTING_DEFAULTS = {
  ...EXISTING_HOST_DEFAULTS,
  httpNodePort: 30080,
  httpsNodePort: 30443,
} as const;

export const existingHost = z.strictObject({
  /** The Kubernetes node name. */
  name: dnsLabel,
  /** Where SSH reaches the host (from here, or from the bastion when one is set). */
  address: hostAddress,
  /** The host's address on the cluster network: k3s node-ip. */
  privateAddress: ipv4,
  role: z.enum(["server", "agent"], "must be server or agent"),
  /** The host's SSH host key, pinned on every connection. Required (the cross-check names the ssh-keyscan line). */
  hostKey: sshHostKey.optional(),
  /** @default root */
  sshUser: sshUser.optional(),
  /** @default 22 */
  sshPort: port.optional(),
  /** The interface carrying privateAddress: k3s flannel-iface. @default eth0 */
  privateInterface: iface.optional(),
  /** The pool name agents are grouped under. @default "agents" for agents, "servers" for servers */
  pool: dnsLabel.optional(),
  labels: labels.optional(),
  taints: z.array(taint).optional(),
});

export const existing = z.strictObject({
  hosts: z.array(existingHost).min(1, "must list at least one host with role server"),
  /** The hosts' LAN, e.g. 192.168.86.0/24: node-to-node traffic and the MetalLB pool live here. */
  networkCidr: cidr,
  /** A jump host: every SSH connection is proxied through it (`@pulumi/command` proxy). Uses the same key. */
  bastion: z
    .strictObject({
      host: hostAddress,
      /** The bastion's SSH host key, pinned on the proxy connection. Required (the cross-check names the ssh-keyscan line). */
      hostKey: sshHostKey.optional(),
      /** @default the host's sshUser */
      user: sshUser.optional(),
      /** @default 22 */
      port: port.optional(),
    })
    .optional(),
  /** Address clients use for the API (a VIP or DNS name). @default the first server's address */
  apiAddress: hostAddress.optional(),
  /**
   * The hosts share one layer-2 segment (one LAN, no router between them). With Cilium, pods are then routed directly
   * (autoDirectNodeRoutes); otherwise Cilium tunnels (VXLAN). @default false
   */
  sharedL2: z.boolean("must be true or false").optional(),
  /** Ingress on NodePorts (the seed's 30080/30443), for a router that forwards 80/443 to them. */
  ingress: z
    .strictObject({
      /** @default 30080 */
      httpNodePort: nodePort.optional(),
      /** @default 30443 */
      httpsNodePort: nodePort.optional(),
    })
    .optional(),
  /** Host paths for the platform's storage, e.g. the seed's /mnt/longhorn/sdf1. */
  storage: z
    .strictObject({
      /**
       * Longhorn's disk path on every node: its `defaultDataPath` setting (stacks/args/platform.ts storageArgs). One
       * path: the setting takes one; further disks are added on Longhorn's Node objects. Only with
       * platform.storage.longhorn.enabled. @default Longhorn's own, /var/lib/longhorn/
       */
      longhornDiskPaths: z
        .array(absPath)
        .min(1, "must list one path")
        .max(1, "must list one path: Longhorn's defaultDataPath setting takes one, the disk it creates on every node; add further disks on Longhorn's Node objects")
        .optional(),
      /**
       * The k3s local-path provisioner's directory on every node: the server flag --default-local-storage-path
       * (stacks/args/k3s.ts localPathArgs). Only with platform.storage.localPath.enabled. @default k3s's own,
       * /var/lib/rancher/k3s/storage
       */
      localPathDir: absPath.optional(),
    })
    .optional(),
});

export type ExistingConfig = z.infer<typeof existing>;
export type ExistingHostConfig = z.infer<typeof existingHost>;
