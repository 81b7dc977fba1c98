import { strict as assert } from "assert";
import { InputPropertiesError } from "../kernel/errors";
import { HetznerNodesArgs, validateHetznerNodesArgs } from "./hetzner-nodes";
import { devArgs, prodArgs, run } from "./hetzner-nodes.fixtures";

// HetznerNodes' argument checks and the Hetzner limits they enforce. The component's resources are tested in
// hetzner-nodes.test.ts; the shared fixtures are in hetzner-nodes.fixtures.ts.
describe("validateHetznerNodesArgs", () => {
  const valid = (): HetznerNodesArgs => ({ ...prodArgs(), token: "t" });

  it("accepts the prod-like and dev-like args", () => {
    validateHetznerNodesArgs(valid());
    validateHetznerNodesArgs({ ...devArgs(), token: "t" });
  });

  it("lists every problem at once, each with its property path and value, and what is accepted", () => {
    const bad: HetznerNodesArgs = {
      ...valid(),
      clusterName: "K3s Prod",
      servers: { count: 2, size: "", locations: ["fsn1", "ash"] },
      agentPools: [
        { name: "workers", count: 1, size: "cpx32" },
        { name: "workers", count: -1, size: "cpx32" },
        { name: "servers", count: 1, size: "cpx32" },
        { name: "Bad_Name", count: 1, size: "cpx32" },
      ],
      access: { sshAllowedCidrs: ["0.0.0.0/0"], apiAllowedCidrs: ["not-a-cidr"] },
      networkCidr: "10.0.0.0/16",
      subnetCidr: "10.1.0.0/24",
      apiLoadBalancer: { enabled: true, location: "sin" },
      sshPrivateKey: "orphan",
    };
    let error: unknown;
    try {
      validateHetznerNodesArgs(bad);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof InputPropertiesError, String(error));
    assert.equal(error.component, "HetznerNodes");
    const lines = error.message.split("\n");
    const has = (...parts: string[]) => assert.ok(lines.some((l) => parts.every((p) => l.includes(p))), `no line with ${JSON.stringify(parts)} in:\n${error!.toString()}`);
    has("clusterName is \"K3s Prod\"", "lowercase");
    has("servers.count is 2", "odd");
    has("servers.size is \"\"", "non-empty");
    has("servers.locations[1] is \"ash\"", "fsn1, nbg1, hel1");
    has("agentPools[1].name is \"workers\"", "duplicates agentPools[0].name");
    has("agentPools[1].count is -1", "0 or more");
    has("agentPools[2].name is \"servers\"", "reserved");
    has("agentPools[3].name is \"Bad_Name\"", "DNS label");
    has("access.sshAllowedCidrs[0] is \"0.0.0.0/0\"", "whole internet");
    has("access.apiAllowedCidrs[0] is \"not-a-cidr\"", "must be a CIDR");
    has("subnetCidr is \"10.1.0.0/24\"", "inside networkCidr 10.0.0.0/16");
    has("apiLoadBalancer.location is \"sin\"", "network zone eu-central");
    has("sshPrivateKey is [secret]", "without access.sshPublicKey");
    assert.ok(!error.message.includes("orphan"), "a secret value is never printed");
    assert.ok(!error.message.includes("k3s-gitops:"), "a component names its own paths, not stack keys");
    assert.equal(error.problems.length, 13);
  });

  it("refuses an unknown network zone, a subnet too small for the plan, and a missing token", () => {
    const err = (args: HetznerNodesArgs) => {
      try {
        validateHetznerNodesArgs(args);
      } catch (e) {
        return String(e);
      }
      return "";
    };
    assert.match(err({ ...valid(), networkZone: "mars" as never }), /networkZone is "mars": must be one of eu-central, us-east, us-west, ap-southeast/);
    assert.equal(err({ ...valid(), subnetCidr: "10.0.1.0/28" }), "", "5 nodes fit a /28 (5 node addresses)");
    assert.match(err({ ...valid(), subnetCidr: "10.0.1.0/29" }), /subnetCidr is "10\.0\.1\.0\/29": holds 0 node addresses but servers and agentPools ask for 5/);
    assert.match(err({ ...valid(), networkCidr: "fd00::/64" }), /networkCidr is "fd00::\/64": must be an IPv4 CIDR/);
    assert.match(err({ ...valid(), token: undefined as never }), /token is missing/);
  });

  it("refuses more than 100 servers on one network, naming the limit and the keys", () => {
    const many = (workers: number): HetznerNodesArgs => ({ ...valid(), subnetCidr: "10.0.0.0/20", agentPools: [{ name: "workers", count: workers, size: "cpx32" }] });
    assert.doesNotThrow(() => validateHetznerNodesArgs(many(97)), "3 + 97 = 100 is allowed");
    assert.throws(
      () => validateHetznerNodesArgs(many(98)),
      /servers\.count \+ agentPools\[\*\]\.count is 101: puts 101 servers on one network; Hetzner allows at most 100 servers per network \(HETZNER_MAX_SERVERS_PER_NETWORK\)/,
    );
  });

  it("refuses more than 500 effective firewall rules, counting each distinct source CIDR", () => {
    const cidrs = (n: number, third: number) => Array.from({ length: n }, (_, i) => `198.51.${third + Math.floor(i / 256)}.${i % 256}/32`);
    const access = (ssh: number, api: number) => ({ ...valid(), access: { sshAllowedCidrs: cidrs(ssh, 0), apiAllowedCidrs: cidrs(api, 10) } });
    assert.doesNotThrow(() => validateHetznerNodesArgs(access(250, 250)));
    assert.throws(() => validateHetznerNodesArgs(access(250, 251)), /access\.sshAllowedCidrs \+ access\.apiAllowedCidrs is "501 CIDRs": make 501 effective firewall rules .* at most 500/);
    const dup = { ...valid(), access: { sshAllowedCidrs: [...cidrs(250, 0), ...cidrs(250, 0)], apiAllowedCidrs: cidrs(250, 10) } };
    assert.doesNotThrow(() => validateHetznerNodesArgs(dup), "duplicates collapse into one source");
  });

  it("refuses server types where they are not sold: cx and cax are EU-only, also at a pool's default location", () => {
    const us = (size: string, locations?: string[]): HetznerNodesArgs => ({
      ...valid(), networkZone: "us-east", servers: { count: 1, size, ...(locations ? { locations } : {}) }, agentPools: [], apiLoadBalancer: undefined,
    });
    assert.doesNotThrow(() => validateHetznerNodesArgs(us("cpx32", ["ash"])));
    assert.doesNotThrow(() => validateHetznerNodesArgs(us("ccx13")), "ccx: no source either way, not refused");
    assert.throws(() => validateHetznerNodesArgs(us("cx23", ["ash"])), /servers\.size is "cx23": is not sold in ash; that type line is sold in fsn1, nbg1, hel1 only/);
    assert.throws(() => validateHetznerNodesArgs(us("cax11")), /servers\.size is "cax11": is not sold in ash \(the pool's default location\)/);
    assert.doesNotThrow(() => validateHetznerNodesArgs({ ...valid(), servers: { count: 3, size: "cax21", locations: ["fsn1", "nbg1", "hel1"] } }));
  });

  it("registers nothing when the constructor's validation fails", async () => {
    const r = await run({ ...devArgs(), servers: { count: 4, size: "cx23" } });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.match(r.error!.message, /servers\.count is 4/);
    assert.equal(r.resources.length, 0);
  });
});
