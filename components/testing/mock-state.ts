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

/** The sha256 a mocked first server reports for its cluster CA (server-ca.crt). */
export const MOCK_CA_HASH = createHash("sha256").update("mock server-ca.crt\n").digest("hex");

/** What a mocked remote command prints: the kubeconfig for the k3s.yaml read, CA-pinned tokens for the token step. */
function mockRemoteStdout(inputs: Record<string, any>): string {
  const create = typeof inputs.create === "string" ? inputs.create : "";
  if (create.includes("k3s.yaml")) return FAKE_KUBECONFIG;
  if (create.includes("server-ca.crt") && create.includes("K10")) {
    // stdin is secret: mocks may see it wrapped in its signature object.
    const raw = inputs.stdin !== null && typeof inputs.stdin === "object" ? inputs.stdin.value : inputs.stdin;
    const [server, agent] = (typeof raw === "string" ? raw : "mock-server\nmock-agent\n").split("\n");
    return `K10${MOCK_CA_HASH}::server:${server}\nK10${MOCK_CA_HASH}::node:${agent}\n`;
  }
  return "";
}

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
  "command:remote:Command": (a) => ({ stdout: mockRemoteStdout(a.inputs), stderr: "" }),
  "command:local:Command": () => ({ stdout: "", stderr: "" }),
  "random:index/randomBytes:RandomBytes": (a) => {
    const bytes = createHash("sha256").update(`bytes:${a.name}`).digest().subarray(0, Number(a.inputs.length ?? 32));
    return { base64: bytes.toString("base64"), hex: bytes.toString("hex") };
  },
};

/** The load-balancer IP a mocked Service read reports (composeDns points the DNS records at it). */
export const MOCK_INGRESS_LB_IP = "203.0.113.80";

// Kubernetes reads (`Service.get`): a LoadBalancer Service with its address, as after the cloud (or MetalLB) assigned it.
Object.assign(STATE_HANDLERS, {
  "kubernetes:core/v1:Service": (a: pulumi.runtime.MockResourceArgs) =>
    a.id ? { status: { loadBalancer: { ingress: [{ ip: MOCK_INGRESS_LB_IP }] } } } : {},
});

// DigitalOcean, AWS (Route53, IAM, S3): what the providers report after create.
Object.assign(STATE_HANDLERS, {
  "digitalocean:index/sshKey:SshKey": (a: pulumi.runtime.MockResourceArgs) => ({
    fingerprint: createHash("md5").update(String(a.name)).digest("hex").match(/../g)!.join(":"),
  }),
  "digitalocean:index/vpc:Vpc": (a: pulumi.runtime.MockResourceArgs) => ({ urn: `do:vpc:${a.name}`, default: false }),
  "digitalocean:index/firewall:Firewall": () => ({ status: "succeeded" }),
  "aws:route53/record:Record": (a: pulumi.runtime.MockResourceArgs) => ({ fqdn: a.inputs.name }),
  "aws:iam/user:User": (a: pulumi.runtime.MockResourceArgs) => ({ arn: `arn:aws:iam::123456789012:user${a.inputs.path ?? "/"}${a.inputs.name}` }),
  "aws:iam/policy:Policy": (a: pulumi.runtime.MockResourceArgs) => ({ arn: `arn:aws:iam::123456789012:policy${a.inputs.path ?? "/"}${a.inputs.name}` }),
  "aws:iam/accessKey:AccessKey": (a: pulumi.runtime.MockResourceArgs) => ({
    secret: `mock-secret-access-key-${createHash("sha256").update(a.name).digest("hex").slice(0, 24)}`,
    status: "Active",
  }),
  "aws:s3/bucket:Bucket": (a: pulumi.runtime.MockResourceArgs) => ({
    bucket: a.inputs.bucket ?? a.name,
    arn: `arn:aws:s3:::${a.inputs.bucket ?? a.name}`,
  }),
} satisfies Record<string, StateHandler>);

/** Hosted zones the Route53 lookups know, by id; a lookup by name answers for any name. */
export const MOCK_ZONES: Record<string, string> = { Z0MOCKEXAMPLE0COM: "example.com" };

export const CALL_HANDLERS: Record<string, CallHandler> = {
  "aws:route53/getZone:getZone": (a) => {
    const byId = typeof a.inputs.zoneId === "string" ? a.inputs.zoneId : undefined;
    const name = byId !== undefined ? MOCK_ZONES[byId] : a.inputs.name;
    if (typeof name !== "string") throw new Error(`no hosted zone ${byId ?? ""} (mock: add it to MOCK_ZONES)`);
    const zoneId = byId ?? `Z${createHash("sha256").update(name).digest("hex").slice(0, 18).toUpperCase()}`;
    return { id: zoneId, zoneId, name, privateZone: false, nameServers: ["ns-1.awsdns-00.org"] };
  },
};

/**
 * Provider packages whose resource ids are integers (Hetzner Cloud: network, firewall, server, ...). Their ids are
 * fed to other resources as numbers (`network.id.apply(Number)`), so a mock id must parse as one.
 */
export const NUMERIC_ID_PACKAGES = ["hcloud:"] as const;

/** The id a mocked resource reports: a stable integer for numeric-id providers, else `<name>-id`. */
export function mockId(args: pulumi.runtime.MockResourceArgs): string {
  if (NUMERIC_ID_PACKAGES.some((p) => args.type.startsWith(p)) && args.type !== "hcloud:index/networkSubnet:NetworkSubnet") {
    return String(1 + stableNumber(`id:${args.type}:${args.name}`, 99_999_999));
  }
  return `${args.name}-id`;
}

/** The Mocks object both the tests and the plan install. */
export function mocks(): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const handler = STATE_HANDLERS[args.type];
      const extra = handler ? handler(args) : {};
      return { id: mockId(args), state: { ...args.inputs, ...extra } };
    },
    call(args) {
      const handler = CALL_HANDLERS[args.token];
      if (!handler) throw new Error(`Mock not implemented: ${args.token}`);
      return handler(args);
    },
  };
}
