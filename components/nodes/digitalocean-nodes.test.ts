import * as assert from "assert";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { isSecretValue, plainInputs } from "../testing/recorder";
import {
  DO_DEFAULT_IMAGE,
  DO_DEFAULT_LB_SIZE_UNIT,
  DO_DEFAULT_VPC_CIDR,
  DO_PRIVATE_INTERFACE,
  DigitalOceanNodes,
  DigitalOceanNodesArgs,
  dropletTags,
  isDoVpcRange,
  planDroplets,
  validateDigitalOceanNodesArgs,
} from "./digitalocean-nodes";
import { buildDoFirewallRules, buildDoLbAllows } from "./do-firewall-rules";
import { HetznerNodes } from "./hetzner-nodes";

const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["198.51.100.0/24", "203.0.113.10/32"] };

const args = (extra: Partial<DigitalOceanNodesArgs> = {}): DigitalOceanNodesArgs => ({
  clusterName: "k3s-do",
  servers: { count: 3, size: "s-2vcpu-4gb", labels: { tier: "cp" } },
  agentPools: [{ name: "workers", count: 2, size: "s-4vcpu-8gb", taints: ["dedicated=ci:NoSchedule"] }],
  access: ACCESS,
  region: "fra1",
  vpcCidr: "10.20.0.0/20",
  apiLoadBalancer: { enabled: true },
  token: pulumi.secret("mock-do-token"),
  ...extra,
});

async function runDo(extra: Partial<DigitalOceanNodesArgs> = {}) {
  let nodes: DigitalOceanNodes | undefined;
  const result = await runProgram(
    () => {
      nodes = new DigitalOceanNodes("k3s-do", args(extra));
      return {
        api: nodes.nodes.apiEndpoint,
        key: nodes.nodes.generatedSshPrivateKey,
        connectionKey: nodes.nodes.servers[0]!.connection.privateKey,
        hostKeys: pulumi.all([...nodes.nodes.servers, ...nodes.nodes.agents].map((n) => pulumi.output(n.connection.hostKey!))),
      };
    },
    { stack: "do-test", config: {}, preview: false },
  );
  if (result.error) throw result.error;
  const of = (t: string) => result.resources.filter((r) => r.type === t);
  return { result, nodes: nodes!, of };
}

describe("DigitalOceanNodes under mocks", () => {
  it("creates a VPC, tag-based firewall and one droplet per node in the VPC, all through its explicit provider", async () => {
    const { result, of } = await runDo();
    const provider = of("pulumi:providers:digitalocean");
    assert.strictEqual(provider.length, 1);
    const doResources = result.resources.filter((r) => r.type.startsWith("digitalocean:"));
    assert.ok(doResources.length > 0);
    for (const r of doResources) assert.ok(r.provider?.startsWith(provider[0]!.urn), `${r.name} must use the explicit provider`);
    const vpc = of("digitalocean:index/vpc:Vpc");
    assert.deepStrictEqual([plainInputs(vpc[0]!).region, plainInputs(vpc[0]!).ipRange], ["fra1", "10.20.0.0/20"]);
    const droplets = of("digitalocean:index/droplet:Droplet");
    assert.deepStrictEqual(droplets.map((d) => d.name), ["k3s-do-server-1", "k3s-do-server-2", "k3s-do-server-3", "k3s-do-workers-1", "k3s-do-workers-2"]);
    for (const d of droplets) {
      const i = plainInputs(d);
      assert.strictEqual(i.vpcUuid, "k3s-do-vpc-id");
      assert.strictEqual(i.region, "fra1");
      assert.strictEqual(i.image, DO_DEFAULT_IMAGE);
      assert.ok(i.tags.includes("k3s-do"));
      assert.deepStrictEqual(d.options.ignoreChanges.slice().sort(), ["image", "sshKeys", "userData"]);
    }
    assert.deepStrictEqual(plainInputs(droplets[4]!).tags, dropletTags("k3s-do", { role: "agent", pool: "workers" }));
    const fw = of("digitalocean:index/firewall:Firewall");
    assert.strictEqual(fw.length, 1);
    assert.deepStrictEqual(plainInputs(fw[0]!).tags, ["k3s-do"]);
    assert.deepStrictEqual(plainInputs(fw[0]!).inboundRules, JSON.parse(JSON.stringify(buildDoFirewallRules(ACCESS, "10.20.0.0/20").inbound)));
  });

  it("puts the API load balancer in the VPC in front of the servers' tag, allow-listed, and uses its address", async () => {
    const { result, of, nodes } = await runDo();
    const lb = of("digitalocean:index/loadBalancer:LoadBalancer");
    assert.strictEqual(lb.length, 1);
    const i = plainInputs(lb[0]!);
    assert.strictEqual(i.dropletTag, "k3s-do-server");
    assert.strictEqual(i.vpcUuid, "k3s-do-vpc-id");
    assert.strictEqual(i.sizeUnit, DO_DEFAULT_LB_SIZE_UNIT);
    assert.deepStrictEqual(i.firewall.allows, buildDoLbAllows(ACCESS.apiAllowedCidrs));
    assert.deepStrictEqual(i.forwardingRules, [{ entryPort: 6443, entryProtocol: "tcp", targetPort: 6443, targetProtocol: "tcp" }]);
    const lbIp = result.outputs.api!.value;
    assert.match(String(lbIp), /^203\.0\.113\.\d+$/);
    // It provisions while the droplets boot: it waits for the server tag only, never for a droplet (issue 15).
    const tag = result.resources.find((r) => r.type === "digitalocean:index/tag:Tag" && plainInputs(r).name === "k3s-do-server")!;
    assert.ok(lb[0]!.dependencies.includes(tag.urn), "the tag it targets");
    for (const d of of("digitalocean:index/droplet:Droplet")) assert.ok(!lb[0]!.dependencies.includes(d.urn), `not ${d.name}`);
    assert.strictEqual(nodes.nodes.cloud.kind, "digitalocean");
  });

  it("hands k3s eth1, the droplets' private address and a secret key; no load balancer when disabled", async () => {
    const { of, nodes, result } = await runDo({ vpcCidr: undefined, apiLoadBalancer: undefined });
    assert.strictEqual(of("digitalocean:index/loadBalancer:LoadBalancer").length, 0);
    assert.ok([...nodes.nodes.servers, ...nodes.nodes.agents].every((n) => n.privateInterface === DO_PRIVATE_INTERFACE));
    assert.strictEqual(nodes.nodes.externalCloudProvider, true);
    assert.strictEqual(result.outputs.key!.secret, true);
    assert.strictEqual(nodes.nodes.networkCidr, "10.10.0.0/20");
    assert.deepStrictEqual(nodes.nodes.podNetwork, { routing: "tunnel" }, "a VPC routes no pod ranges");
    assert.strictEqual(DO_DEFAULT_VPC_CIDR, "10.10.0.0/20");
  });

  it("gives each droplet its own ed25519 host key in secret user data, pinned on its connection", async () => {
    const { of, result } = await runDo();
    const droplets = of("digitalocean:index/droplet:Droplet");
    for (const d of droplets) {
      assert.ok(isSecretValue(d.rawInputs.userData), "user data holding a private key is secret");
      const doc = parse(plainInputs(d).userData);
      assert.equal(doc.ssh_keys.ed25519_private, `mock-openssh-private-key-${plainInputs(d).name}-host-key`);
      assert.equal(doc.ssh_deletekeys, true);
    }
    const pinned = result.outputs.hostKeys!.value as string[];
    assert.equal(new Set(pinned).size, droplets.length);
    for (const k of pinned) assert.match(k, /^ssh-ed25519 AAAA\S+ k3s-do-\S+-host-key$/);
  });

  it("uses a supplied key pair instead of generating one, the private key secret", async () => {
    const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample me@host";
    const { of, nodes, result } = await runDo({ access: { ...ACCESS, sshPublicKey: publicKey }, sshPrivateKey: "mock-openssh-private-key:do" });
    assert.strictEqual(of("tls:index/privateKey:PrivateKey").filter((k) => !k.name.endsWith("-host-key")).length, 0, "no login key generated (host keys always are)");
    assert.strictEqual(nodes.nodes.generatedSshPrivateKey, undefined);
    assert.strictEqual(plainInputs(of("digitalocean:index/sshKey:SshKey")[0]!).publicKey, publicKey);
    assert.strictEqual(result.outputs.connectionKey!.secret, true);
    assert.strictEqual(result.outputs.connectionKey!.value, "mock-openssh-private-key:do");
  });

  it("DigitalOcean and Hetzner open the same public ports to the same sources", async () => {
    const hz = await runProgram(
      () => {
        const h = new HetznerNodes("k3s-hz", {
          clusterName: "k3s-hz",
          servers: { count: 1, size: "cx23", locations: ["fsn1"] },
          agentPools: [],
          access: ACCESS,
          networkZone: "eu-central",
          token: pulumi.secret("mock"),
        });
        return { api: h.nodes.apiEndpoint };
      },
      { stack: "hz-test", config: {}, preview: false },
    );
    if (hz.error) throw hz.error;
    const hzRules = hz.resources
      .filter((r) => r.type === "hcloud:index/firewall:Firewall")
      .flatMap((r) => plainInputs(r).rules as { protocol: string; port: string; sourceIps: string[] }[])
      .map((r) => `${r.protocol}/${r.port} <- ${[...r.sourceIps].sort().join(",")}`)
      .sort();
    const { of } = await runDo();
    const doRules = (plainInputs(of("digitalocean:index/firewall:Firewall")[0]!).inboundRules as { protocol: string; portRange: string; sourceAddresses: string[] }[])
      .filter((r) => !r.sourceAddresses.includes("10.20.0.0/20"))
      .map((r) => `${r.protocol}/${r.portRange} <- ${[...r.sourceAddresses].sort().join(",")}`)
      .sort();
    assert.ok(hzRules.length > 0);
    assert.deepStrictEqual(doRules, hzRules);
  });
});

describe("planDroplets and isDoVpcRange (pure)", () => {
  it("places every droplet in the region, servers first", () => {
    const plan = planDroplets(args());
    assert.deepStrictEqual(plan.map((n) => [n.name, n.location]), [
      ["k3s-do-server-1", "fra1"],
      ["k3s-do-server-2", "fra1"],
      ["k3s-do-server-3", "fra1"],
      ["k3s-do-workers-1", "fra1"],
      ["k3s-do-workers-2", "fra1"],
    ]);
    assert.deepStrictEqual(plan[3]!.taints, ["dedicated=ci:NoSchedule"]);
  });
  it("accepts RFC 1918 IPv4 ranges from /16 to /28 only", () => {
    for (const ok of ["10.10.0.0/20", "172.16.0.0/16", "192.168.1.0/28"]) assert.ok(isDoVpcRange(ok), ok);
    for (const bad of ["10.0.0.0/8", "10.0.0.0/29", "203.0.113.0/24", "fd00::/64", "nope"]) assert.ok(!isDoVpcRange(bad), bad);
  });
});

describe("validateDigitalOceanNodesArgs", () => {
  it("accepts valid args", () => validateDigitalOceanNodesArgs(args()));

  it("refuses a region closed to new droplets, and accepts size units up to 200", () => {
    assert.throws(() => validateDigitalOceanNodesArgs(args({ region: "sfo1", servers: { count: 1, size: "s-2vcpu-4gb" }, agentPools: [] })), /region is "sfo1": must be a DigitalOcean region open to new droplets: ams3, atl1/);
    assert.doesNotThrow(() => validateDigitalOceanNodesArgs(args({ apiLoadBalancer: { enabled: true, sizeUnit: 200 } })));
    assert.throws(() => validateDigitalOceanNodesArgs(args({ apiLoadBalancer: { enabled: true, sizeUnit: 201 } })), /sizeUnit is 201: must be a whole number from 1 to 200/);
  });

  it("lists every problem at once with its path, and registers nothing", async () => {
    const bad = args({
      servers: { count: 0, size: "s-2vcpu-4gb", locations: ["ams3"] },
      agentPools: [{ name: "w", count: 1.5, size: "" }],
      vpcCidr: "203.0.113.0/24",
      apiLoadBalancer: { enabled: true, sizeUnit: 0 },
      access: { ...ACCESS, sshPublicKey: "ssh-ed25519 AAAA me" },
    });
    assert.throws(() => validateDigitalOceanNodesArgs(bad), (e: unknown) => {
      assert.ok(e instanceof InputPropertiesError);
      assert.strictEqual(e.component, "DigitalOceanNodes");
      const text = e.message;
      for (const part of [
        "servers.count is 0: must be 1 or an odd number",
        "servers.locations[0] is \"ams3\": must be one of fra1: DigitalOcean VPCs are regional",
        "agentPools[0].count is 1.5",
        "agentPools[0].size is \"\"",
        "vpcCidr is \"203.0.113.0/24\": must be an RFC 1918 IPv4 range from /16 to /28",
        "apiLoadBalancer.sizeUnit is 0: must be a whole number from 1 to 200 (DO_LB_MAX_SIZE_UNIT)",
        "sshPrivateKey is missing: is required because access.sshPublicKey is set",
      ]) assert.ok(text.includes(part), `missing ${JSON.stringify(part)} in:\n${text}`);
      assert.strictEqual(e.problems.length, 7);
      return true;
    });
    const r = await runProgram(() => {
      new DigitalOceanNodes("bad", bad);
      return {};
    }, { stack: "do-test", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.strictEqual(r.resources.length, 0);
  });
});
