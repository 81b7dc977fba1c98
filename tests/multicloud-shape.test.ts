/**
 * The same k3s-facing assertions over the ClusterNodes of every cloud: if one of these needs a cloud-specific branch,
 * the contract is wrong, not the test.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { DigitalOceanNodes } from "../components/nodes/digitalocean-nodes";
import { ExistingNodes } from "../components/nodes/existing-nodes";
import { HetznerNodes } from "../components/nodes/hetzner-nodes";
import type { ClusterNode, ClusterNodes } from "../components/nodes/types";
import { runProgram } from "../components/testing/harness";
import { isCidr } from "../components/kernel/cidr";
import { ACCESS, HOME_HOSTS, SECRETS, stackFileConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

const servers = { count: 3, size: "", locations: [] as string[] };
const FACTORIES: Record<string, () => ClusterNodes> = {
  hetzner: () =>
    new HetznerNodes("shape", {
      clusterName: "shape",
      servers: { ...servers, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] },
      agentPools: [{ name: "workers", count: 2, size: "cpx32" }],
      access: ACCESS,
      hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true } },
      token: pulumi.secret("mock"),
    }).nodes,
  digitalocean: () =>
    new DigitalOceanNodes("shape", {
      clusterName: "shape",
      servers: { ...servers, size: "s-2vcpu-4gb", locations: ["fra1"] },
      agentPools: [{ name: "workers", count: 2, size: "s-2vcpu-4gb" }],
      access: ACCESS,
      digitalocean: { region: "fra1", apiLoadBalancer: { enabled: true } },
      token: pulumi.secret("mock"),
    }).nodes,
  existing: () =>
    new ExistingNodes("shape", {
      existing: {
        networkCidr: "192.168.86.0/24",
        hosts: [
          ...HOME_HOSTS,
          { name: "k3s3", address: "192.168.86.73", privateAddress: "192.168.86.73", role: "server" },
          { name: "k3s4", address: "192.168.86.74", privateAddress: "192.168.86.74", role: "server" },
        ] as never,
      },
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

describe("each cloud's example stack evaluates end to end", () => {
  const STACKS: [string, Record<string, string>][] = [
    ["prod", SECRETS.hetzner],
    ["do-dev", SECRETS.digitalocean],
    ["home", SECRETS.existing],
  ];
  for (const [stack, secrets] of STACKS) {
    it(`Pulumi.${stack}.yaml`, async () => {
      const run = await runStack(stackFileConfig(stack), { stack, secrets });
      assert.ifError(run.error);
      assert.strictEqual(run.ofType("k3s-gitops:k3s:K3sCluster").length, 1);
      const nodeComponents = run.resources.filter((r) => r.type.startsWith("k3s-gitops:nodes:"));
      assert.strictEqual(nodeComponents.length, 1);
    });
  }
});
