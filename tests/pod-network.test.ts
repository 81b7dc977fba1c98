/**
 * Pod routing (issue 10): the pod and service ranges are first-class config, reach k3s, the Hetzner cloud controller
 * and Cilium alike, and Cilium routes the way each cloud can carry pod traffic. The Cilium variants of prod and
 * do-dev (test configs in tests/fixtures/cilium/, not stacks) plan with no mandatory violation.
 */
import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { plainInputs } from "@k3s-gitops/components/testing";
import type { RecordedResource } from "@k3s-gitops/components/testing";
import { PROJECT, planStack } from "../plan/cli";
import { loadStackFile } from "../plan/stack-file";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { baseConfig } from "./mocks";
import { doConfig, existingConfig } from "./multicloud-fixtures";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n").slice(1);
    throw err;
  }
  return [];
}

const hetzner = (k3s: Record<string, unknown>, h: Record<string, unknown> = {}) =>
  baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1", ...k3s }, hetzner: { networkZone: "eu-central", ...h } });

describe("pod and service ranges in config", () => {
  it("accepts the defaults with cilium on Hetzner: the default network 10.0.0.0/8 holds the pod range 10.42.0.0/16", () => {
    assert.deepEqual(problemsOf(() => buildConfig(hetzner({ cni: "cilium" }), "prod")), []);
  });

  it("refuses, with cilium on Hetzner, a pod range outside the network (the old default network 10.0.0.0/16)", () => {
    const lines = problemsOf(() => buildConfig(hetzner({ cni: "cilium" }, { networkCidr: "10.0.0.0/16" }), "prod"));
    assert.ok(lines.some((l) => l.includes('k3s-gitops:k3s.clusterCidr is "10.42.0.0/16"') && l.includes("must lie inside hetzner.networkCidr 10.0.0.0/16")), lines.join("\n"));
  });

  it("accepts a pod range moved inside an existing 10.0.0.0/16 network, off its subnet (the no-replacement migration)", () => {
    assert.deepEqual(problemsOf(() => buildConfig(hetzner({ cni: "cilium", clusterCidr: "10.0.128.0/17", serviceCidr: "10.43.0.0/16" }, { networkCidr: "10.0.0.0/16" }), "prod")), []);
  });

  it("refuses a pod or service range overlapping the nodes' subnet, on every cloud", () => {
    const h = problemsOf(() => buildConfig(hetzner({ clusterCidr: "10.0.0.0/16" }), "dev"));
    assert.ok(h.some((l) => l.includes("k3s.clusterCidr is \"10.0.0.0/16\"") && l.includes("overlaps the nodes' range hetzner.subnetCidr 10.0.1.0/24")), h.join("\n"));
    const d = problemsOf(() => buildConfig(doConfig({ k3s: { version: "v1.36.4+k3s1", serviceCidr: "10.10.0.0/16" } }), "dev"));
    assert.ok(d.some((l) => l.includes("k3s.serviceCidr is \"10.10.0.0/16\"") && l.includes("digitalocean.vpcCidr 10.10.0.0/20")), d.join("\n"));
    const e = problemsOf(() => buildConfig(existingConfig({ k3s: { version: "v1.36.4+k3s1", clusterCidr: "192.168.0.0/16" } }), "dev"));
    assert.ok(e.some((l) => l.includes("k3s.clusterCidr") && l.includes("existing.networkCidr 192.168.86.0/24")), e.join("\n"));
  });

  it("refuses overlapping pod and service ranges, and IPv6 ranges", () => {
    const lines = problemsOf(() => buildConfig(hetzner({ clusterCidr: "10.42.0.0/15" }), "dev"));
    assert.ok(lines.some((l) => l.includes("k3s.serviceCidr is \"10.43.0.0/16\"") && l.includes("overlaps the pod range")), lines.join("\n"));
    const v6 = problemsOf(() => buildConfig(hetzner({ clusterCidr: "fd00::/48" }), "dev"));
    assert.ok(v6.some((l) => l.includes("k3s.clusterCidr is \"fd00::/48\"") && l.includes("IPv4")), v6.join("\n"));
  });

  it("refuses --cluster-cidr and --service-cidr in extraArgs: they are config keys now", () => {
    const lines = problemsOf(() => buildConfig(hetzner({ extraArgs: ["--cluster-cidr=10.44.0.0/16"] }), "dev"));
    assert.ok(lines.some((l) => l.includes("k3s.extraArgs[0]") && l.includes("manages itself")), lines.join("\n"));
  });

  it("accepts existing.sharedL2 only as a boolean", () => {
    const e = existingConfig() as { existing: Record<string, unknown> };
    assert.deepEqual(problemsOf(() => buildConfig({ ...e, existing: { ...e.existing, sharedL2: true } }, "dev")), []);
    const lines = problemsOf(() => buildConfig({ ...e, existing: { ...e.existing, sharedL2: "yes" } }, "dev"));
    assert.ok(lines.some((l) => l.includes("existing.sharedL2")), lines.join("\n"));
  });
});

const releaseValues = (rs: readonly RecordedResource[], chart: string) => {
  const r = rs.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && plainInputs(x).chart === chart);
  assert.ok(r, `a ${chart} release`);
  return plainInputs(r!).values;
};

async function planVariant(stack: string, overlay?: string, mutate?: (config: Record<string, unknown>) => void) {
  const stackFile = loadStackFile(`Pulumi.${stack}.yaml`, PROJECT);
  if (overlay) Object.assign(stackFile.config, loadStackFile(overlay, PROJECT).config);
  mutate?.(stackFile.config);
  const { run, policy } = await planStack({ stack, stackFile });
  if (run.error) throw run.error;
  const mandatory = policy.violations.filter((v) => v.enforcement === "mandatory").map((v) => `${v.policy}: ${v.message}`);
  return { rs: run.resources, mandatory };
}

function serverConfigs(rs: readonly RecordedResource[]): Record<string, unknown>[] {
  return rs
    .filter((r) => r.type === "command:remote:Command" && /server-\d+-prepare$|k3s\d-prepare$/.test(r.name))
    .map((r) => String(plainInputs(r).stdin ?? ""))
    .map((text) => {
      const m = /cluster-cidr: (\S+)/.exec(text);
      const s = /service-cidr: (\S+)/.exec(text);
      return { clusterCidr: m?.[1], serviceCidr: s?.[1] };
    });
}

describe("Cilium variants of the shipped stacks plan cleanly, with routes that work", function () {
  this.timeout(120000);

  it("prod with Cilium: native routing over the 10.0.0.0/8 network, the CCM's routes on, k3s on the same pod range", async () => {
    const { rs, mandatory } = await planVariant("prod", "tests/fixtures/cilium/prod-cilium.yaml");
    assert.deepEqual(mandatory, []);
    const network = rs.find((r) => r.type === "hcloud:index/network:Network")!;
    assert.equal(plainInputs(network).ipRange, "10.0.0.0/8");
    const cilium = releaseValues(rs, "cilium");
    assert.deepEqual(
      [cilium.routingMode, cilium.ipv4NativeRoutingCIDR, cilium.autoDirectNodeRoutes, cilium.MTU, cilium.ipam.mode],
      ["native", "10.0.0.0/8", false, 1450, "kubernetes"],
    );
    const ccm = releaseValues(rs, "hcloud-cloud-controller-manager");
    assert.deepEqual([ccm.networking.enabled, ccm.networking.clusterCIDR, ccm.env.HCLOUD_NETWORK_ROUTES_ENABLED.value], [true, "10.42.0.0/16", "true"]);
    const configs = serverConfigs(rs);
    assert.equal(configs.length, 3);
    for (const c of configs) assert.deepEqual(c, { clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" });
  });

  it("do-dev with Cilium: a VXLAN tunnel, since nothing routes pod ranges in a DigitalOcean VPC", async () => {
    const { rs, mandatory } = await planVariant("do-dev", "tests/fixtures/cilium/do-dev-cilium.yaml");
    assert.deepEqual(mandatory, []);
    const cilium = releaseValues(rs, "cilium");
    assert.deepEqual([cilium.routingMode, cilium.tunnelProtocol, cilium.ipv4NativeRoutingCIDR, cilium.autoDirectNodeRoutes], ["tunnel", "vxlan", undefined, undefined]);
  });

  it("home with Cilium: tunnel by default, direct node routes only when the hosts share layer 2", async () => {
    const cni = (c: Record<string, unknown>) => { c["k3s-gitops:k3s"] = { version: "v1.36.4+k3s1", cni: "cilium" }; };
    const routed = await planVariant("home", undefined, cni);
    assert.deepEqual(routed.mandatory, []);
    assert.equal(releaseValues(routed.rs, "cilium").routingMode, "tunnel");
    const l2 = await planVariant("home", undefined, (c) => {
      cni(c);
      const existing = c["k3s-gitops:existing"];
      const e = (typeof existing === "string" ? parse(existing) : existing) as Record<string, unknown>;
      c["k3s-gitops:existing"] = { ...e, sharedL2: true };
    });
    assert.deepEqual(l2.mandatory, []);
    const v = releaseValues(l2.rs, "cilium");
    assert.deepEqual([v.routingMode, v.ipv4NativeRoutingCIDR, v.autoDirectNodeRoutes], ["native", "10.42.0.0/16", true]);
  });
});
