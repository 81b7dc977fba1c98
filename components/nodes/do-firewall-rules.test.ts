import * as assert from "assert";
import { ALL_PORTS, buildDoFirewallRules, buildDoLbAllows } from "./do-firewall-rules";
import { buildFirewallRules } from "./firewall-rules";

const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["198.51.100.0/24", "203.0.113.10/32"] };

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
  it("allows all outbound TCP, UDP and ICMP to IPv4 and IPv6", () => {
    const { outbound } = buildDoFirewallRules(ACCESS, "10.20.0.0/20");
    assert.deepStrictEqual(outbound.map((r) => [r.protocol, r.portRange, r.destinationAddresses]), [
      ["tcp", ALL_PORTS, ["0.0.0.0/0", "::/0"]],
      ["udp", ALL_PORTS, ["0.0.0.0/0", "::/0"]],
      ["icmp", undefined, ["0.0.0.0/0", "::/0"]],
    ]);
  });
  it("refuses a world-open allowlist even if the schema were bypassed", () => {
    assert.throws(() => buildDoFirewallRules({ ...ACCESS, sshAllowedCidrs: ["0.0.0.0/0"] }, "10.20.0.0/20"), /whole internet/);
  });
  it("renders the load balancer allow-list in cidr: form, sorted", () => {
    assert.deepStrictEqual(buildDoLbAllows(["203.0.113.10/32", "198.51.100.0/24"]), ["cidr:198.51.100.0/24", "cidr:203.0.113.10/32"]);
    assert.deepStrictEqual(buildDoLbAllows(["203.0.113.10/32", "203.0.113.10/32"]), ["cidr:203.0.113.10/32"], "de-duplicated");
  });
});
