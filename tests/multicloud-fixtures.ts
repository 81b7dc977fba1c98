/** Shared fixtures for the multicloud tests: stack files as short-key config, and per-cloud secrets. */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** The `k3s-gitops:*` config of a stack file, with short keys. */
export function stackFileConfig(stack: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.config)) if (k.startsWith("k3s-gitops:")) out[k.slice("k3s-gitops:".length)] = v;
  return out;
}

/**
 * TEST-ONLY: the shape of an OpenSSH private key (BEGIN/END lines around base64) with no key inside: the body is
 * base64 of "TEST-ONLY: not a key". It passes the load-time format check (stacks/config/credentials.ts).
 */
export const TEST_SSH_PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nVEVTVC1PTkxZOiBub3QgYSBrZXk=\n-----END OPENSSH PRIVATE KEY-----\n";

export const SECRETS = {
  hetzner: { hcloudToken: "mock-hcloud-token-0123456789" },
  digitalocean: { digitaloceanToken: "mock-do-token-0123456789", awsAccessKeyId: "AKIAMOCK0123456789", awsSecretAccessKey: "mock-aws-secret" },
  existing: { sshPrivateKey: TEST_SSH_PRIVATE_KEY },
} as const;

export const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["198.51.100.0/24", "203.0.113.10/32"] };

/** TEST-ONLY host keys (public halves of throwaway keys, private halves discarded), the same as Pulumi.home.yaml's examples. */
export const HOST_KEYS = {
  k3s1: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J",
  k3s2: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOXlZMoWwtABcIGAS0ioAk9C7QWIdi642wiv9w7YfVF",
  bastion: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIILYoufnbL/WNHceAzk66ABs6+XoGbZVySY755TbFe1F",
} as const;

export const HOME_HOSTS = [
  { name: "k3s1", address: "192.168.86.71", privateAddress: "192.168.86.71", role: "server", sshUser: "ubuntu", privateInterface: "enp1s0", hostKey: HOST_KEYS.k3s1 },
  { name: "k3s2", address: "192.168.86.72", privateAddress: "192.168.86.72", role: "agent", labels: { "node.example.com/disk": "ssd" }, hostKey: HOST_KEYS.k3s2 },
] as const;

/** A valid existing-hosts config before a case mutates it. */
export function existingConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profile: "dev",
    cloud: "existing",
    access: ACCESS,
    k3s: { version: "v1.36.4+k3s1" },
    platform: { certManager: { email: "ops@example.com" } },
    gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git" },
    existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS },
    ...extra,
  };
}

/** A valid DigitalOcean config before a case mutates it. */
export function doConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profile: "dev",
    cloud: "digitalocean",
    access: ACCESS,
    k3s: { version: "v1.36.4+k3s1" },
    platform: { certManager: { email: "ops@example.com" } },
    digitalocean: { region: "fra1" },
    gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git" },
    servers: { count: 1, size: "s-2vcpu-4gb", locations: ["fra1"] },
    agentPools: [],
    ...extra,
  };
}
