import * as assert from "assert";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { baseConfig, runStack } from "./mocks";

/** A valid config for the given profile, before a case mutates it. */
function valid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" }, ...extra });
}

interface BadCase {
  readonly title: string;
  readonly config: Record<string, unknown>;
  readonly stack?: string;
  /** Substrings that must all appear in one problem line. */
  readonly expect: readonly string[];
}

const prodPools = (pools: unknown) => valid({ agentPools: pools });

export const BAD_CASES: readonly BadCase[] = [
  { title: "even server count", config: valid({ servers: { count: 2, size: "cx23" } }), expect: ["k3s-gitops:servers.count is 2", "odd count (1, 3, 5, 7)"] },
  { title: "negative server count", config: valid({ servers: { count: -1, size: "cx23" } }), expect: ["k3s-gitops:servers.count is -1", "at least 1"] },
  { title: "zero servers", config: valid({ servers: { count: 0, size: "cx23" } }), expect: ["k3s-gitops:servers.count is 0"] },
  { title: "fractional server count", config: valid({ servers: { count: 1.5, size: "cx23" } }), expect: ["k3s-gitops:servers.count is 1.5", "whole number"] },
  { title: "server count as a string", config: valid({ servers: { count: "three", size: "cx23" } }), expect: ["k3s-gitops:servers.count is \"three\"", "whole number"] },
  { title: "negative agent count", config: prodPools([{ name: "workers", count: -2, size: "cx23" }]), expect: ["k3s-gitops:agentPools[0].count is -2", "0 or more"] },
  { title: "unknown cloud", config: valid({ cloud: "aws" }), expect: ["k3s-gitops:cloud is \"aws\"", "hetzner, digitalocean, existing"] },
  { title: "unknown profile", config: valid({ profile: "staging" }), expect: ["k3s-gitops:profile is \"staging\"", "dev, prod"] },
  { title: "stack not named after a profile", stack: "feature-x", config: valid(), expect: ["k3s-gitops:profile is missing", "feature-x"] },
  { title: "malformed ssh CIDR", config: valid({ access: { sshAllowedCidrs: ["10.0.0.300/32"], apiAllowedCidrs: ["203.0.113.1/32"] } }), expect: ["k3s-gitops:access.sshAllowedCidrs[0] is \"10.0.0.300/32\"", "CIDR"] },
  { title: "CIDR without prefix", config: valid({ access: { sshAllowedCidrs: ["203.0.113.1"], apiAllowedCidrs: ["203.0.113.1/32"] } }), expect: ["k3s-gitops:access.sshAllowedCidrs[0] is \"203.0.113.1\"", "CIDR"] },
  { title: "prefix too long", config: valid({ access: { sshAllowedCidrs: ["203.0.113.1/33"], apiAllowedCidrs: ["203.0.113.1/32"] } }), expect: ["sshAllowedCidrs[0] is \"203.0.113.1/33\""] },
  { title: "SSH open to the world", config: valid({ access: { sshAllowedCidrs: ["0.0.0.0/0"], apiAllowedCidrs: ["203.0.113.1/32"] } }), expect: ["k3s-gitops:access.sshAllowedCidrs[0] is \"0.0.0.0/0\"", "no-public-admin-ports"] },
  { title: "API open to the IPv6 world", config: valid({ access: { sshAllowedCidrs: ["203.0.113.1/32"], apiAllowedCidrs: ["::/0"] } }), expect: ["k3s-gitops:access.apiAllowedCidrs[0] is \"::/0\"", "whole internet"] },
  { title: "empty SSH allowlist", config: valid({ access: { sshAllowedCidrs: [], apiAllowedCidrs: ["203.0.113.1/32"] } }), expect: ["k3s-gitops:access.sshAllowedCidrs is []", "at least one CIDR"] },
  { title: "missing access block", config: { cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" } }, expect: ["k3s-gitops:access is missing", "required"] },
  { title: "duplicate pool name", config: prodPools([{ name: "workers", count: 1, size: "cx23" }, { name: "workers", count: 2, size: "cx33" }]), expect: ["k3s-gitops:agentPools[1].name is \"workers\"", "duplicates agentPools[0].name"] },
  { title: "pool name not a DNS label", config: prodPools([{ name: "Big_Workers", count: 1, size: "cx23" }]), expect: ["k3s-gitops:agentPools[0].name is \"Big_Workers\"", "DNS label"] },
  { title: "reserved pool name", config: prodPools([{ name: "server", count: 1, size: "cx23" }]), expect: ["k3s-gitops:agentPools[0].name is \"server\"", "reserved"] },
  { title: "unknown size format", config: valid({ servers: { count: 1, size: "huge-box" } }), expect: ["k3s-gitops:servers.size is \"huge-box\"", "current Hetzner server type", "cx23"] },
  { title: "previous-generation size", config: prodPools([{ name: "workers", count: 1, size: "cpx21" }]), expect: ["k3s-gitops:agentPools[0].size is \"cpx21\"", "current Hetzner server type"] },
  { title: "invalid k3s version string", config: valid({ k3s: { version: "1.34" } }), expect: ["k3s-gitops:k3s.version is \"1.34\"", "exact k3s release such as v1.36.4+k3s1"] },
  { title: "k3s release outside the supported-release table", config: valid({ k3s: { version: "v1.35.2+k3s1" } }), expect: ["k3s-gitops:k3s.version is \"v1.35.2+k3s1\"", "must be a supported k3s release", "v1.36.4+k3s1"] },
  { title: "etcd snapshot schedule not a cron expression", config: valid({ k3s: { version: "v1.36.4+k3s1", etcdSnapshots: { schedule: "hourly" } } }), expect: ["k3s-gitops:k3s.etcdSnapshots.schedule is \"hourly\"", "five-field cron"] },
  { title: "etcd S3 key in plain config", config: valid({ k3s: { version: "v1.36.4+k3s1", etcdSnapshots: { s3: { endpoint: "s3.eu-central-1.amazonaws.com", bucket: "etcd", accessKey: "AKID" } } } }), expect: ["k3s-gitops:k3s.etcdSnapshots.s3", "accessKey"] },
  { title: "k3s channel instead of version", config: valid({ k3s: { version: "stable" } }), expect: ["k3s-gitops:k3s.version is \"stable\"", "no channel"] },
  { title: "unknown CNI", config: valid({ k3s: { version: "v1.36.4+k3s1", cni: "calico" } }), expect: ["k3s-gitops:k3s.cni is \"calico\"", "flannel or cilium"] },
  { title: "unknown disable entry", config: valid({ k3s: { version: "v1.36.4+k3s1", disable: ["kube-proxy"] } }), expect: ["k3s-gitops:k3s.disable[0] is \"kube-proxy\"", "coredns, servicelb, traefik"] },
  { title: "reserved k3s flag in extraArgs", config: valid({ k3s: { version: "v1.36.4+k3s1", extraArgs: ["--token=abc"] } }), expect: ["k3s-gitops:k3s.extraArgs[0] is \"(hidden)\"", "manages itself"] },
  { title: "location outside the network zone", config: valid({ servers: { count: 1, size: "cx23", locations: ["ash"] } }), expect: ["k3s-gitops:servers.locations[0] is \"ash\"", "fsn1, nbg1, hel1"] },
  { title: "unknown network zone", config: valid({ hetzner: { networkZone: "mars-1" } }), expect: ["k3s-gitops:hetzner.networkZone is \"mars-1\"", "eu-central"] },
  { title: "subnet outside the network", config: valid({ hetzner: { networkZone: "eu-central", networkCidr: "10.0.0.0/16", subnetCidr: "10.9.0.0/24" } }), expect: ["k3s-gitops:hetzner.subnetCidr is \"10.9.0.0/24\"", "inside hetzner.networkCidr 10.0.0.0/16"] },
  { title: "unknown load balancer type", config: valid({ hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true, type: "lb99" } } }), expect: ["k3s-gitops:hetzner.apiLoadBalancer.type is \"lb99\"", "lb11, lb21, lb31"] },
  { title: "load balancer flag of the wrong type", config: valid({ hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: "yes" } } }), expect: ["k3s-gitops:hetzner.apiLoadBalancer.enabled is \"yes\"", "true or false"] },
  { title: "misspelt top-level key", config: valid({ sever: { count: 3 } }), expect: ["k3s-gitops:sever is \"(hidden)\"", "not a known key", "did you mean `servers`?"] },
  { title: "misspelt nested key", config: valid({ servers: { count: 1, size: "cx23", cont: 3 } }), expect: ["k3s-gitops:servers.cont is \"(hidden)\"", "not a known key", "did you mean `count`?"] },
  { title: "agent pools not a list", config: valid({ agentPools: { name: "workers" } }), expect: ["k3s-gitops:agentPools is {\"name\":\"workers\"}", "expected array"] },
  { title: "malformed taint", config: prodPools([{ name: "gpu", count: 1, size: "cx23", taints: ["gpu:Sometimes"] }]), expect: ["k3s-gitops:agentPools[0].taints[0] is \"gpu:Sometimes\"", "NoSchedule"] },
  { title: "malformed SSH public key", config: valid({ access: { sshAllowedCidrs: ["203.0.113.1/32"], apiAllowedCidrs: ["203.0.113.1/32"], sshPublicKey: "not-a-key" } }), expect: ["k3s-gitops:access.sshPublicKey is \"not-a-key\"", "OpenSSH public key"] },
];

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n").slice(1);
    throw err;
  }
  return [];
}

describe("stack config validation", () => {
  it("accepts the minimal dev and prod configs", () => {
    assert.strictEqual(buildConfig(valid(), "dev").servers.count, 1);
    const prod = buildConfig(valid(), "prod");
    assert.strictEqual(prod.servers.count, 3);
    assert.ok(prod.agentPools.length >= 1 && prod.agentPools.reduce((n, p) => n + p.count, 0) >= 2);
    assert.strictEqual(prod.hetzner?.apiLoadBalancer?.enabled, true);
  });

  it("has at least 25 distinct bad configs", () => {
    assert.ok(BAD_CASES.length >= 25, `only ${BAD_CASES.length}`);
    assert.strictEqual(new Set(BAD_CASES.map((c) => c.title)).size, BAD_CASES.length);
  });

  for (const c of BAD_CASES) {
    it(`rejects ${c.title}, naming key, value and what is accepted`, () => {
      const lines = problemsOf(() => buildConfig(c.config, c.stack ?? "dev"));
      assert.ok(lines.length > 0, "expected a ConfigError");
      assert.ok(
        lines.some((l) => c.expect.every((e) => l.includes(e))),
        `no problem line contains all of ${JSON.stringify(c.expect)}:\n${lines.join("\n")}`,
      );
    });
  }

  it("reports every problem at once", () => {
    const lines = problemsOf(() =>
      buildConfig(valid({ cloud: "hetzner", servers: { count: 2, size: "huge" }, k3s: { version: "latest" } }), "dev"),
    );
    assert.ok(lines.some((l) => l.includes("servers.count is 2")));
    assert.ok(lines.some((l) => l.includes("servers.size is \"huge\"")));
    assert.ok(lines.some((l) => l.includes("k3s.version is \"latest\"")));
  });

  it("lets the stack file override profile defaults, replacing lists", () => {
    const cfg = buildConfig(valid({ servers: { count: 5 }, agentPools: [{ name: "edge", count: 4, size: "cax11" }] }), "prod");
    assert.strictEqual(cfg.servers.count, 5);
    assert.strictEqual(cfg.servers.size, "cpx32", "size still comes from the prod profile");
    assert.deepStrictEqual(cfg.agentPools.map((p) => p.name), ["edge"]);
  });
});

describe("bad config registers nothing", function () {
  for (const c of BAD_CASES) {
    it(`${c.title}: program fails before any resource`, async () => {
      const run = await runStack(c.config, { stack: c.stack ?? "dev" });
      assert.ok(run.error instanceof ConfigError, `expected ConfigError, got ${run.error}`);
      assert.strictEqual(run.resources.length, 0, `registered: ${run.resources.map((r) => r.type).join(", ")}`);
    });
  }

  it("rejects a credential set in plain config", async () => {
    const run = await runStack({ ...valid(), hcloudToken: "plain-text-token" }, { secrets: {} });
    assert.ok(run.error instanceof ConfigError);
    assert.match(run.error!.message, /k3s-gitops:hcloudToken .*plain text.*pulumi config set --secret hcloudToken/);
    assert.ok(!run.error!.message.includes("plain-text-token"), "the credential itself is never echoed");
    assert.strictEqual(run.resources.length, 0);
  });
});
