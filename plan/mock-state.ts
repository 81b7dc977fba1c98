/**
 * Realistic state for mocked resources, shared by the tests and the offline plan.
 *
 * Each cloud type returns what the real provider would report after create: ids, addresses, stdout. Values derive
 * from the resource name through a stable hash, so two runs return the same state. Addresses come from the
 * documentation ranges (RFC 5737 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) so a plan can never be mistaken for,
 * or point at, a real host.
 *
 * A component that adds a resource type the default handling cannot answer adds a handler to STATE_HANDLERS.
 * Provider function calls with no handler throw `Mock not implemented: <token>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export type StateHandler = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
export type CallHandler = (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;

/** A stable small number from a string. */
export function stableNumber(seed: string, modulo: number): number {
  const digest = createHash("sha256").update(seed).digest();
  return digest.readUInt32BE(0) % modulo;
}

/** A stable public documentation address (203.0.113.0/24) for a name. */
export function fakePublicIp(name: string): string {
  return `203.0.113.${1 + stableNumber(`pub:${name}`, 253)}`;
}

/** A stable private address in 10.254.0.0/16 for a name, when the resource gives none of its own. */
export function fakePrivateIp(name: string): string {
  const n = stableNumber(`priv:${name}`, 65000);
  return `10.254.${Math.floor(n / 250)}.${2 + (n % 250)}`;
}

/** Fake kubeconfig as k3s writes it to /etc/rancher/k3s/k3s.yaml; no real key material. */
export const FAKE_KUBECONFIG = [
  "apiVersion: v1",
  "clusters:",
  "- cluster:",
  "    certificate-authority-data: bW9jay1jYQ==",
  "    server: https://127.0.0.1:6443",
  "  name: default",
  "contexts:",
  "- context:",
  "    cluster: default",
  "    user: default",
  "  name: default",
  "current-context: default",
  "kind: Config",
  "preferences: {}",
  "users:",
  "- name: default",
  "  user:",
  "    client-certificate-data: bW9jay1jZXJ0",
  "    client-key-data: bW9jay1rZXk=",
  "",
].join("\n");

export const STATE_HANDLERS: Record<string, StateHandler> = {
  "hcloud:index/server:Server": (a) => ({
    ipv4Address: fakePublicIp(a.name),
    ipv6Address: `2001:db8::${stableNumber(a.name, 65535).toString(16)}`,
    status: "running",
  }),
  "hcloud:index/loadBalancer:LoadBalancer": (a) => ({ ipv4: fakePublicIp(a.name), ipv6: "2001:db8::1" }),
  "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork": (a) => ({ ip: a.inputs.ip ?? fakePrivateIp(a.name) }),
  "hcloud:index/serverNetwork:ServerNetwork": (a) => ({ ip: a.inputs.ip ?? fakePrivateIp(a.name) }),
  "digitalocean:index/droplet:Droplet": (a) => ({
    ipv4Address: fakePublicIp(a.name),
    ipv4AddressPrivate: fakePrivateIp(a.name),
    urn: `do:droplet:${stableNumber(a.name, 1e9)}`,
  }),
  "digitalocean:index/loadBalancer:LoadBalancer": (a) => ({ ip: fakePublicIp(a.name) }),
  "random:index/randomPassword:RandomPassword": (a) => ({
    result: `mock-${createHash("sha256").update(a.name).digest("hex").slice(0, Number(a.inputs.length ?? 32))}`,
  }),
  "tls:index/privateKey:PrivateKey": (a) => ({
    privateKeyOpenssh: `mock-openssh-private-key-${a.name}`,
    privateKeyPem: `mock-pem-private-key-${a.name}`,
    publicKeyOpenssh: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${createHash("sha256").update(a.name).digest("base64").slice(0, 42)} ${a.name}`,
    publicKeyFingerprintSha256: `SHA256:${createHash("sha256").update(a.name).digest("base64")}`,
  }),
  "command:remote:Command": (a) => ({
    stdout: typeof a.inputs.create === "string" && a.inputs.create.includes("k3s.yaml") ? FAKE_KUBECONFIG : "",
    stderr: "",
  }),
  "command:local:Command": () => ({ stdout: "", stderr: "" }),
};

export const CALL_HANDLERS: Record<string, CallHandler> = {};

/** The Mocks object both the tests and the plan install. */
export function mocks(): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const handler = STATE_HANDLERS[args.type];
      const extra = handler ? handler(args) : {};
      return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
    },
    call(args) {
      const handler = CALL_HANDLERS[args.token];
      if (!handler) throw new Error(`Mock not implemented: ${args.token}`);
      return handler(args);
    },
  };
}
