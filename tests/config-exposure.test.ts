/**
 * World exposure in pieces: the schema, the firewall builder and the no-public-admin-ports policy call the same
 * kernel functions (worldCoverage, tooBroadForAdmin), so each refuses the same allowlists.
 */
import { strict as assert } from "assert";
import { buildDoFirewallRules, buildFirewallRules } from "@k3s-gitops/components";
import { noPublicAdminPorts } from "../policy/rules/network";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { baseConfig } from "./mocks";
import { build, runResourcePolicy } from "./policy-fixtures";

const OWN = ["203.0.113.10/32"];
const WORLD_IN_PIECES: readonly (readonly string[])[] = [
  ["0.0.0.0/1", "128.0.0.0/1"],
  ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
  ["2000::/3"],
  ["2000::/4", "3000::/4"],
  ["0:0:0:0:0:0:0:0/0"],
  ["::/1"],
];
const TOO_BROAD = ["100.0.0.0/8", "198.0.0.0/15", "2001::/16"];

function problems(raw: Record<string, unknown>, stack = "dev"): string {
  try {
    buildConfig(raw, stack);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return "";
}

describe("world exposure in pieces", () => {
  const hfw = (sourceIps: string[]) =>
    build([{ name: "fw", layer: 0, type: "hcloud:index/firewall:Firewall", props: { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps }] } }])[0]!;

  for (const cidrs of WORLD_IN_PIECES) {
    it(`${cidrs.join(" + ")}: refused by the schema, the firewall builder and the policy`, async () => {
      const msg = problems(baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, access: { sshAllowedCidrs: [...cidrs], apiAllowedCidrs: OWN } }));
      assert.match(msg, /k3s-gitops:access\.sshAllowedCidrs(\[0\])? is .*(whole|together cover)/);
      assert.throws(() => buildFirewallRules({ sshAllowedCidrs: cidrs, apiAllowedCidrs: OWN }), /whole internet/);
      assert.throws(() => buildDoFirewallRules({ sshAllowedCidrs: OWN, apiAllowedCidrs: cidrs }, "10.20.0.0/20"), /whole internet/);
      const out = await runResourcePolicy(noPublicAdminPorts(), hfw([...cidrs]));
      assert.ok(out.some((m) => m.includes("opens port 22 (SSH)")), out.join("\n"));
    });
  }

  for (const c of TOO_BROAD) {
    it(`${c} is too broad for an admin port everywhere`, async () => {
      assert.match(problems(baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, access: { sshAllowedCidrs: OWN, apiAllowedCidrs: [c] } })), /k3s-gitops:access\.apiAllowedCidrs\[0\] is .*too broad for an admin port/);
      assert.throws(() => buildFirewallRules({ sshAllowedCidrs: OWN, apiAllowedCidrs: [c] }), /too broad/);
      const out = await runResourcePolicy(noPublicAdminPorts(), hfw([c]));
      assert.ok(out.some((m) => m.includes("too broad")), out.join("\n"));
    });
  }

  it("the policy adds up pieces spread over several rules, each harmless alone", async function () {
    this.timeout(60000);
    // Every /16 of IPv4: each rule's list is long prefixes only and covers half the space.
    const all16 = Array.from({ length: 65536 }, (_, i) => `${i >> 8}.${i & 255}.0.0/16`);
    const fw = build([{ name: "fw", layer: 0, type: "hcloud:index/firewall:Firewall", props: { rules: [
      { direction: "in", protocol: "tcp", port: "6443", sourceIps: all16.slice(0, 32768) },
      { direction: "in", protocol: "tcp", port: "6443", sourceIps: all16.slice(32768) },
    ] } }])[0]!;
    const out = await runResourcePolicy(noPublicAdminPorts(), fw);
    assert.equal(out.length, 1, out.join("\n"));
    assert.match(out[0]!, /rules\[0\], rules\[1\] together open port 6443 \(the Kubernetes API\) to 0\.0\.0\.0\/0/);
  });

  it("private ranges and own addresses pass everywhere", async () => {
    const ok = ["10.0.0.0/8", "192.168.86.0/24", "203.0.113.0/24", "2001:db8::/48"];
    assert.equal(problems(baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, access: { sshAllowedCidrs: ok, apiAllowedCidrs: ok } })), "");
    assert.doesNotThrow(() => buildFirewallRules({ sshAllowedCidrs: ok, apiAllowedCidrs: ok }));
    assert.deepEqual(await runResourcePolicy(noPublicAdminPorts(), hfw(ok)), []);
  });

  it("a public Hetzner API load balancer is refused in prod", () => {
    const raw = baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true, public: true } } });
    assert.match(problems(raw, "prod"), /k3s-gitops:hetzner\.apiLoadBalancer\.public is true: must be false in prod/);
    assert.equal(problems(raw, "dev"), "");
  });
});
