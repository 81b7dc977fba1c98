/**
 * ClusterNodes, the contract every node component returns: the same k3s-facing assertions over the ClusterNodes of
 * every cloud. If one of these needs a cloud-specific branch, the contract is wrong, not the test.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { isCidr } from "../kernel/cidr";
import { runProgram } from "../testing/harness";
import { DigitalOceanNodes } from "./digitalocean-nodes";
import { ExistingNodes } from "./existing-nodes";
import { HetznerNodes } from "./hetzner-nodes";
import type { ClusterNode, ClusterNodes } from "./types";

const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["198.51.100.0/24", "203.0.113.10/32"] };
const servers = { count: 3, size: "", locations: [] as string[] };
const FACTORIES: Record<string, () => ClusterNodes> = {
  hetzner: () =>
    new HetznerNodes("shape", {
      clusterName: "shape",
      servers: { ...servers, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] },
      agentPools: [{ name: "workers", count: 2, size: "cpx32" }],
      access: ACCESS,
      networkZone: "eu-central",
      apiLoadBalancer: { enabled: true },
      token: pulumi.secret("mock"),
    }).nodes,
  digitalocean: () =>
    new DigitalOceanNodes("shape", {
      clusterName: "shape",
      servers: { ...servers, size: "s-2vcpu-4gb", locations: ["fra1"] },
      agentPools: [{ name: "workers", count: 2, size: "s-2vcpu-4gb" }],
      access: ACCESS,
      region: "fra1",
      apiLoadBalancer: { enabled: true },
      token: pulumi.secret("mock"),
    }).nodes,
  existing: () =>
    new ExistingNodes("shape", {
      networkCidr: "192.168.86.0/24",
      hosts: [
        { name: "k3s1", address: "192.168.86.71", privateAddress: "192.168.86.71", role: "server", sshUser: "ubuntu", privateInterface: "enp1s0", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J" },
        { name: "k3s2", address: "192.168.86.72", privateAddress: "192.168.86.72", role: "agent", labels: { "node.example.com/disk": "ssd" }, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOXlZMoWwtABcIGAS0ioAk9C7QWIdi642wiv9w7YfVF" },
        { name: "k3s3", address: "192.168.86.73", privateAddress: "192.168.86.73", role: "server", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ1IM2e5h3Pa9oG0NrXQ4izcNg7Z0cVv1aU5Ibu6WBlj" },
        { name: "k3s4", address: "192.168.86.74", privateAddress: "192.168.86.74", role: "server", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPFxOz1OPPq9WOcQidRGfwTaEQXtEFTXxrWFLOY+ljXu" },
      ],
      sshPrivateKey: pulumi.secret("mock"),
    }).nodes,
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const RFC1918 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

async function settle(nodes: ClusterNodes) {
  const one = async (n: ClusterNode) => ({
    node: n,
    publicIp: await new Promise<string>((r) => n.publicIp.apply(r)),
    privateIp: await new Promise<string>((r) => n.privateIp.apply(r)),
    keySecret: await pulumi.isSecret(pulumi.output(n.connection).apply((c) => c.privateKey)),
    host: await new Promise<string>((r) => pulumi.output(n.connection.host).apply(r)),
  });
  return {
    servers: await Promise.all(nodes.servers.map(one)),
    agents: await Promise.all(nodes.agents.map(one)),
    api: await new Promise<string>((r) => nodes.apiEndpoint.apply(r)),
    sans: await new Promise<string[]>((r) => nodes.tlsSans.apply(r)),
  };
}

describe("ClusterNodes has the same shape on every cloud", () => {
  for (const [cloud, make] of Object.entries(FACTORIES)) {
    it(`${cloud}: what k3s needs is there, typed and consistent`, async () => {
      let nodes: ClusterNodes | undefined;
      let settled: Awaited<ReturnType<typeof settle>> | undefined;
      const result = await runProgram(
        () => {
          nodes = make();
          return { done: pulumi.output(settle(nodes).then((s) => { settled = s; return true; })) };
        },
        { stack: `shape-${cloud}`, config: {}, preview: false },
      );
      if (result.error) throw result.error;
      const n = nodes!;
      const s = settled!;
      assert.strictEqual(s.servers.length, 3, "an odd HA control plane");
      assert.ok(s.agents.length >= 1);
      assert.ok(isCidr(n.networkCidr));
      assert.strictEqual(n.externalCloudProvider, n.cloud.kind !== "none", "a cloud controller exactly when there is a cloud");
      const names = new Set<string>();
      for (const x of [...s.servers, ...s.agents]) {
        assert.match(x.node.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        assert.ok(!names.has(x.node.name), `duplicate ${x.node.name}`);
        names.add(x.node.name);
        assert.ok(["server", "agent"].includes(x.node.role));
        assert.strictEqual(x.node.role === "server", x.node.pool === "servers");
        assert.match(x.publicIp, IPV4);
        assert.match(x.privateIp, RFC1918);
        assert.strictEqual(x.host, x.publicIp, "SSH reaches the address k3s reports as public");
        assert.ok(x.keySecret, "the SSH private key is a secret");
        assert.match(x.node.privateInterface, /^[a-z][a-z0-9]+$/);
        assert.ok(x.node.dependsOn.length > 0, "k3s waits for something that proves the host is ready");
        assert.ok(Array.isArray(x.node.taints));
        assert.strictEqual(typeof x.node.labels, "object");
      }
      assert.ok(s.servers.every((x) => x.node.role === "server") && s.agents.every((x) => x.node.role === "agent"));
      assert.ok(s.api.length > 0);
      assert.ok(s.sans.includes(s.api), "the API endpoint is in the certificate SANs");
      if (n.cloud.kind !== "none") assert.ok(await pulumi.isSecret(n.cloud.token), "the cloud token is secret");
    });
  }
});

