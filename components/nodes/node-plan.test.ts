import { strict as assert } from "assert";
import fc from "fast-check";
import { FIRST_NODE_HOST, SERVER_POOL, chunk, nodeCapacity, planNodes } from "./node-plan";
import { cidrContains, hostAddress } from "../kernel/cidr";

const base = {
  clusterName: "k3s-prod",
  servers: { count: 3, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] },
  agentPools: [
    { name: "workers", count: 4, size: "cpx32", locations: ["fsn1", "nbg1"], labels: { tier: "web", "example.com/a": "b" }, taints: ["dedicated=web:NoSchedule"] },
    { name: "arm", count: 1, size: "cax21" },
  ],
  subnetCidr: "10.0.1.0/24",
  defaultLocations: ["hel1"],
};

describe("planNodes", () => {
  it("lists the servers first, then each pool in config order, with 1-based names", () => {
    const plan = planNodes(base);
    assert.deepEqual(
      plan.map((n) => [n.name, n.role, n.pool, n.index]),
      [
        ["k3s-prod-server-1", "server", SERVER_POOL, 0],
        ["k3s-prod-server-2", "server", SERVER_POOL, 1],
        ["k3s-prod-server-3", "server", SERVER_POOL, 2],
        ["k3s-prod-workers-1", "agent", "workers", 0],
        ["k3s-prod-workers-2", "agent", "workers", 1],
        ["k3s-prod-workers-3", "agent", "workers", 2],
        ["k3s-prod-workers-4", "agent", "workers", 3],
        ["k3s-prod-arm-1", "agent", "arm", 0],
      ],
    );
  });

  it("spreads each pool round-robin over its locations, falling back to the default locations", () => {
    const plan = planNodes(base);
    assert.deepEqual(plan.map((n) => n.location), ["fsn1", "nbg1", "hel1", "fsn1", "nbg1", "fsn1", "nbg1", "hel1"]);
  });

  it("carries size, sorted labels and taints per pool", () => {
    const plan = planNodes(base);
    const worker = plan.find((n) => n.name === "k3s-prod-workers-2")!;
    assert.equal(worker.size, "cpx32");
    assert.deepEqual(Object.keys(worker.labels), ["example.com/a", "tier"]);
    assert.deepEqual(worker.taints, ["dedicated=web:NoSchedule"]);
    const server = plan[0]!;
    assert.deepEqual(server.labels, {});
    assert.deepEqual(server.taints, []);
    assert.equal(plan.at(-1)!.size, "cax21");
  });

  it("addresses nodes in plan order from FIRST_NODE_HOST", () => {
    const plan = planNodes(base);
    assert.equal(FIRST_NODE_HOST, 10);
    assert.deepEqual(plan.map((n) => n.privateIp).slice(0, 4), ["10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13"]);
  });

  it("rejects a plan that does not fit the subnet, and one with no location at all", () => {
    assert.equal(nodeCapacity("10.0.1.0/28"), 5);
    assert.throws(() => planNodes({ ...base, subnetCidr: "10.0.1.0/28" }), /8 nodes do not fit in subnet 10\.0\.1\.0\/28/);
    assert.throws(
      () => planNodes({ ...base, agentPools: [{ name: "x", count: 1, size: "cx23" }], defaultLocations: [] }),
      /pool x has no locations/,
    );
  });

  it("gives unique, in-subnet, deterministic addresses for any pool layout (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }).map((n) => (n === 0 ? 1 : 2 * n + 1)),
        fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }),
        fc.integer({ min: 20, max: 24 }),
        fc.integer({ min: 0, max: 255 }),
        (servers, poolCounts, prefix, octet) => {
          const subnet = `10.${octet}.0.0/${prefix}`;
          const input = {
            clusterName: "c",
            servers: { count: servers, size: "cx23" },
            agentPools: poolCounts.map((count, i) => ({ name: `p${i}`, count, size: "cx23" })),
            subnetCidr: subnet,
            defaultLocations: ["fsn1", "nbg1"],
          };
          const plan = planNodes(input);
          const ips = plan.map((n) => n.privateIp);
          assert.equal(plan.length, servers + poolCounts.reduce((a, b) => a + b, 0));
          assert.equal(new Set(ips).size, ips.length, "addresses are unique");
          assert.equal(new Set(plan.map((n) => n.name)).size, plan.length, "names are unique");
          for (const ip of ips) {
            assert.ok(cidrContains(subnet, `${ip}/32`), `${ip} lies in ${subnet}`);
            assert.notEqual(ip, hostAddress(subnet, 0), "never the network address");
          }
          assert.deepEqual(planNodes(input), plan, "deterministic");
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("chunk", () => {
  it("splits in order into groups of at most n", () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([], 10), []);
    assert.throws(() => chunk([1], 0), /positive integer/);
  });
});
