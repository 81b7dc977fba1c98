/**
 * The clouds' limits, refused by the program's config checks before anything is registered (issue 10). The node
 * components refuse the same limits with their own paths (components/nodes/*.test.ts).
 */
import { strict as assert } from "node:assert";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { baseConfig } from "./mocks";
import { doConfig } from "./multicloud-fixtures";

function problemsOf(config: Record<string, unknown>, stack = "dev"): string[] {
  try {
    buildConfig(config, stack);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n").slice(1);
    throw err;
  }
  return [];
}
const has = (lines: string[], ...parts: string[]) =>
  assert.ok(lines.some((l) => parts.every((p) => l.includes(p))), `no line with ${JSON.stringify(parts)} in:\n${lines.join("\n")}`);

const hetzner = (extra: Record<string, unknown> = {}, h: Record<string, unknown> = {}) =>
  baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, hetzner: { networkZone: "eu-central", ...h }, ...extra });

describe("cloud limits in the config checks", () => {
  it("Hetzner: at most 100 servers on one network, naming the limit and the keys", () => {
    const pools = (n: number) => ({ servers: { count: 3, size: "cpx32" }, agentPools: [{ name: "workers", count: n, size: "cpx32" }] });
    assert.deepEqual(problemsOf(hetzner(pools(97), { subnetCidr: "10.0.0.0/20" }), "prod"), []);
    has(problemsOf(hetzner(pools(98), { subnetCidr: "10.0.0.0/20" }), "prod"), "k3s-gitops:agentPools", "101 servers", "at most 100 servers per network");
  });

  it("Hetzner: at most 500 effective firewall rules, one per source CIDR", () => {
    const cidrs = (n: number, third: number) => Array.from({ length: n }, (_, i) => `198.51.${third + Math.floor(i / 256)}.${i % 256}/32`);
    const access = (ssh: number, api: number) => hetzner({ access: { sshAllowedCidrs: cidrs(ssh, 0), apiAllowedCidrs: cidrs(api, 10) } });
    assert.deepEqual(problemsOf(access(300, 200)), []);
    has(problemsOf(access(300, 201)), "k3s-gitops:access", "501 effective firewall rules", "at most 500");
  });

  it("Hetzner: cx and cax server types only where they are sold (EU), also at the default location", () => {
    const us = (size: string, locations?: string[]) => hetzner({ servers: { count: 1, size, ...(locations ? { locations } : {}) }, agentPools: [] }, { networkZone: "us-east" });
    assert.deepEqual(problemsOf(us("cpx22", ["ash"])), []);
    has(problemsOf(us("cx23", ["ash"])), "k3s-gitops:servers.size is \"cx23\"", "not sold in ash", "fsn1, nbg1, hel1 only");
    // An agent pool without locations lands on the servers' locations.
    const arm = hetzner({ servers: { count: 1, size: "cpx22", locations: ["ash"] }, agentPools: [{ name: "arm", count: 1, size: "cax11" }] }, { networkZone: "us-east" });
    has(problemsOf(arm), "k3s-gitops:agentPools[0].size is \"cax11\"", "not sold in ash (the pool's default location)");
  });

  it("Hetzner: the load balancer's location inside the network zone", () => {
    has(problemsOf(hetzner({}, { apiLoadBalancer: { enabled: true, location: "ash" } })), "k3s-gitops:hetzner.apiLoadBalancer.location is \"ash\"", "network zone eu-central");
  });

  it("DigitalOcean: regions open to new droplets, VPC prefixes /16 to /28, load balancer size units 1 to 200", () => {
    has(problemsOf(doConfig({ digitalocean: { region: "sfo1" }, servers: { count: 1, size: "s-2vcpu-4gb" } })), "k3s-gitops:digitalocean.region is \"sfo1\"", "fra1");
    has(problemsOf(doConfig({ digitalocean: { region: "fra1", vpcCidr: "10.10.0.0/29" } })), "k3s-gitops:digitalocean.vpcCidr is \"10.10.0.0/29\"", "/16 to /28");
    has(problemsOf(doConfig({ digitalocean: { region: "fra1", vpcCidr: "10.0.0.0/15" } })), "k3s-gitops:digitalocean.vpcCidr is \"10.0.0.0/15\"", "/16 to /28");
    assert.deepEqual(problemsOf(doConfig({ digitalocean: { region: "fra1", apiLoadBalancer: { enabled: true, sizeUnit: 200 } } })), []);
    has(problemsOf(doConfig({ digitalocean: { region: "fra1", apiLoadBalancer: { enabled: true, sizeUnit: 201 } } })), "sizeUnit is 201", "at most 200");
  });
});
