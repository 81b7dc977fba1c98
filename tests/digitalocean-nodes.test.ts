import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { DigitalOceanNodes, DO_PRIVATE_INTERFACE, dropletTags } from "../components/nodes/digitalocean-nodes";
import { ALL_PORTS, buildDoFirewallRules, buildDoLbAllows } from "../components/nodes/do-firewall-rules";
import { buildFirewallRules } from "../components/nodes/firewall-rules";
import { HetznerNodes } from "../components/nodes/hetzner-nodes";
import { runProgram } from "../components/testing/harness";
import { plainInputs } from "../components/testing/recorder";
import { DO_DROPLET_SIZES } from "../stacks/config/blocks/digitalocean";
import { ACCESS, SECRETS, doConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

const args = (extra: Record<string, unknown> = {}) => ({
  clusterName: "k3s-do",
  servers: { count: 3, size: "s-2vcpu-4gb", labels: { tier: "cp" } },
  agentPools: [{ name: "workers", count: 2, size: "s-4vcpu-8gb", taints: ["dedicated=ci:NoSchedule"] }],
  access: ACCESS,
  digitalocean: { region: "fra1", vpcCidr: "10.20.0.0/20", apiLoadBalancer: { enabled: true } },
  token: pulumi.secret("mock-do-token"),
  ...extra,
});

async function runDo(extra: Record<string, unknown> = {}) {
  let nodes: DigitalOceanNodes | undefined;
  const result = await runProgram(
    () => {
      nodes = new DigitalOceanNodes("k3s-do", args(extra) as never);
      return { api: nodes.nodes.apiEndpoint, key: nodes.nodes.generatedSshPrivateKey };
    },
    { stack: "do-test", config: {}, preview: false },
  );
  if (result.error) throw result.error;
  const of = (t: string) => result.resources.filter((r) => r.type === t);
  return { result, nodes: nodes!, of };
}

describe("DigitalOcean firewall rules (pure)", () => {
  it("opens exactly the shared public rules (SSH, API from the allowlists), like Hetzner", () => {
    const shared = buildFirewallRules(ACCESS).map((r) => ({ protocol: r.protocol, portRange: r.port, sourceAddresses: [...r.sourceIps] }));
    const rules = buildDoFirewallRules(ACCESS, "10.20.0.0/20");
    const publicRules = rules.inbound.filter((r) => !(r.sourceAddresses as string[]).includes("10.20.0.0/20"));
    assert.deepStrictEqual(publicRules, shared);
  });
  it("allows node-to-node only from the VPC range and never opens inbound to the world", () => {
    const rules = buildDoFirewallRules(ACCESS, "10.20.0.0/20");
    const vpc = rules.inbound.filter((r) => (r.sourceAddresses as string[]).includes("10.20.0.0/20"));
    assert.deepStrictEqual(vpc.map((r) => r.protocol).sort(), ["icmp", "tcp", "udp"]);
    assert.ok(vpc.every((r) => (r.sourceAddresses as string[]).length === 1));
    for (const r of rules.inbound) for (const s of r.sourceAddresses as string[]) assert.ok(!s.endsWith("/0"), `inbound ${s} is world-open`);
    assert.ok(rules.outbound.some((r) => r.protocol === "tcp" && r.portRange === ALL_PORTS), "outbound must be allowed explicitly on DigitalOcean");
  });
  it("refuses a world-open allowlist even if the schema were bypassed", () => {
    assert.throws(() => buildDoFirewallRules({ ...ACCESS, sshAllowedCidrs: ["0.0.0.0/0"] }, "10.20.0.0/20"), /whole internet/);
  });
  it("renders the load balancer allow-list in cidr: form, sorted", () => {
    assert.deepStrictEqual(buildDoLbAllows(["203.0.113.10/32", "198.51.100.0/24"]), ["cidr:198.51.100.0/24", "cidr:203.0.113.10/32"]);
  });
  it("accepts only current droplet slugs", () => {
    assert.ok(DO_DROPLET_SIZES.includes("s-2vcpu-4gb"));
    assert.ok(!DO_DROPLET_SIZES.includes("512mb"));
  });
});

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
    assert.deepStrictEqual(i.firewall.allows, buildDoLbAllows(ACCESS.apiAllowedCidrs));
    assert.deepStrictEqual(i.forwardingRules, [{ entryPort: 6443, entryProtocol: "tcp", targetPort: 6443, targetProtocol: "tcp" }]);
    const lbIp = result.outputs.api!.value;
    assert.match(String(lbIp), /^203\.0\.113\.\d+$/);
    assert.strictEqual(nodes.nodes.cloud.kind, "digitalocean");
  });

  it("hands k3s eth1, the droplets' private address and a secret key; no load balancer when disabled", async () => {
    const { of, nodes, result } = await runDo({ digitalocean: { region: "fra1" } });
    assert.strictEqual(of("digitalocean:index/loadBalancer:LoadBalancer").length, 0);
    assert.ok([...nodes.nodes.servers, ...nodes.nodes.agents].every((n) => n.privateInterface === DO_PRIVATE_INTERFACE));
    assert.strictEqual(nodes.nodes.externalCloudProvider, true);
    assert.strictEqual(result.outputs.key!.secret, true);
    assert.strictEqual(nodes.nodes.networkCidr, "10.10.0.0/20");
  });

  it("DigitalOcean and Hetzner open the same public ports to the same sources", async () => {
    const hz = await runProgram(
      () => {
        const h = new HetznerNodes("k3s-hz", {
          clusterName: "k3s-hz",
          servers: { count: 1, size: "cx23", locations: ["fsn1"] },
          agentPools: [],
          access: ACCESS,
          hetzner: { networkZone: "eu-central" },
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

describe("k3s-gitops:digitalocean config", () => {
  const cases: { title: string; config: Record<string, unknown>; expect: string[] }[] = [
    { title: "missing block", config: doConfig({ digitalocean: undefined }), expect: ["k3s-gitops:digitalocean is missing", "region"] },
    { title: "unknown region", config: doConfig({ digitalocean: { region: "mars1" } }), expect: ["k3s-gitops:digitalocean.region is \"mars1\"", "fra1"] },
    { title: "Hetzner size on DigitalOcean", config: doConfig({ servers: { count: 1, size: "cx23", locations: ["fra1"] } }), expect: ["k3s-gitops:servers.size is \"cx23\"", "droplet size"] },
    { title: "second region", config: doConfig({ agentPools: [{ name: "w", count: 1, size: "s-2vcpu-4gb", locations: ["ams3"] }] }), expect: ["k3s-gitops:agentPools[0].locations[0] is \"ams3\"", "must be fra1", "regional"] },
    { title: "public VPC range", config: doConfig({ digitalocean: { region: "fra1", vpcCidr: "203.0.113.0/24" } }), expect: ["k3s-gitops:digitalocean.vpcCidr is \"203.0.113.0/24\"", "RFC 1918"] },
    { title: "load balancer size units", config: doConfig({ digitalocean: { region: "fra1", apiLoadBalancer: { enabled: true, sizeUnit: 0 } } }), expect: ["k3s-gitops:digitalocean.apiLoadBalancer.sizeUnit is 0", "at least 1"] },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} before registering anything`, async () => {
      const run = await runStack(c.config, { stack: "do-dev", secrets: SECRETS.digitalocean });
      assert.ok(run.error, "expected a config error");
      assert.strictEqual(run.resources.length, 0);
      const line = run.error!.message.split("\n").find((l) => c.expect.every((e) => l.includes(e)));
      assert.ok(line, `no problem line with ${JSON.stringify(c.expect)} in:\n${run.error!.message}`);
    });
  }
});
