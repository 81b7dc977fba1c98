import { strict as assert } from "assert";
import { buildFirewallRules } from "./firewall-rules";

describe("buildFirewallRules", () => {
  it("opens exactly SSH and the Kubernetes API, each from its own CIDRs, sorted and de-duplicated", () => {
    const rules = buildFirewallRules({
      sshAllowedCidrs: ["203.0.113.10/32", "198.51.100.0/24", "203.0.113.10/32"],
      apiAllowedCidrs: ["2001:db8::/64", "192.0.2.0/24"],
    });
    assert.deepEqual(rules, [
      { direction: "in", protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24", "203.0.113.10/32"], description: "SSH for the k3s install steps" },
      { direction: "in", protocol: "tcp", port: "6443", sourceIps: ["192.0.2.0/24", "2001:db8::/64"], description: "Kubernetes API" },
    ]);
  });

  it("opens none of the node-to-node ports on the public interface", () => {
    const rules = buildFirewallRules({ sshAllowedCidrs: ["203.0.113.1/32"], apiAllowedCidrs: ["203.0.113.1/32"] });
    const ports = rules.map((r) => r.port);
    for (const internal of ["8472", "10250", "2379-2380", "51820", "51821", "9345", "5001"]) assert.ok(!ports.includes(internal), internal);
    assert.ok(rules.every((r) => r.direction === "in"), "no outbound rules: outbound stays allowed");
  });

  it("refuses world-open and empty source lists", () => {
    assert.throws(() => buildFirewallRules({ sshAllowedCidrs: ["0.0.0.0/0"], apiAllowedCidrs: ["203.0.113.1/32"] }), /sshAllowedCidrs includes 0\.0\.0\.0\/0/);
    assert.throws(() => buildFirewallRules({ sshAllowedCidrs: ["203.0.113.1/32"], apiAllowedCidrs: ["::/0"] }), /apiAllowedCidrs includes ::\/0/);
    assert.throws(() => buildFirewallRules({ sshAllowedCidrs: [], apiAllowedCidrs: ["203.0.113.1/32"] }), /lists no CIDRs/);
  });
});
