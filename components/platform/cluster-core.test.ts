import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterAccess } from "../k3s/types";
import type { CloudIntegration } from "../nodes/types";
import { catalogEntry } from "../kernel/catalog";
import { InputPropertiesError } from "../kernel/errors";
import { validateManifest } from "../kernel/validate";
import { runProgram } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { isSecretValue, plainInputs, redactedInputs } from "../testing/recorder";
import { CLOUD_CONTROLLERS, ClusterCore, ClusterCoreArgs, DIGITALOCEAN_SECRET, HCLOUD_SECRET, isMetallbPoolEntry, validateClusterCoreArgs } from "./cluster-core";

const TOKEN = "test-cloud-token-not-real";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** A stand-in for K3sCluster's readiness resource. */
class Ready extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Ready", name, {});
  }
}

/** The cluster access a K3sCluster would hand over, built from literals. */
function access(): ClusterAccess {
  return {
    provider: new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG }),
    ready: [new Ready("k3s-ready")],
    kubeconfig: pulumi.secret(FAKE_KUBECONFIG),
    apiServerUrl: pulumi.output("https://203.0.113.1:6443"),
  };
}

const HETZNER = (): CloudIntegration => ({ kind: "hetzner", token: pulumi.secret(TOKEN), networkId: pulumi.output("4711"), networkZone: "eu-central", location: "fsn1" });
const DIGITALOCEAN = (): CloudIntegration => ({ kind: "digitalocean", token: pulumi.secret(TOKEN), vpcId: pulumi.output("vpc-1"), region: "fra1" });

async function run(args: (a: ClusterAccess) => ClusterCoreArgs) {
  let names: pulumi.Output<string[]> | undefined;
  const r = await runProgram(() => {
    const core = new ClusterCore("core", args(access()));
    names = core.releaseNames;
    return { releaseNames: names, owners: core.cloudResourceOwners.length, resources: core.resources.length };
  }, { stack: "dev", config: {}, preview: false });
  if (r.error) throw r.error;
  const named = (n: string) => r.resources.find((x) => x.name === n)!;
  return { r, named, releases: r.resources.filter((x) => x.type === RELEASE), out: (k: string) => r.outputs[k]!.value };
}

describe("ClusterCore", function () {
  this.timeout(20000);

  it("on Hetzner with flannel (the default CNI): the CCM after its secret Secret, no routes, k3s's pod range", async () => {
    const { named, releases, out } = await run((access) => ({ access, cloud: HETZNER() }));
    const ready = named("k3s-ready");
    const secret = named("core-hcloud-secret");
    assert.deepEqual(plainInputs(secret).metadata, { ...HCLOUD_SECRET });
    assert.deepEqual(plainInputs(secret).stringData, { network: "4711", token: TOKEN });
    assert.ok(isSecretValue((secret.rawInputs.stringData as Record<string, unknown>).token) || isSecretValue(secret.rawInputs.stringData));
    assert.ok(!JSON.stringify(redactedInputs(secret)).includes(TOKEN));
    assert.deepEqual(releases.map((x) => x.name), ["core-hcloud-ccm"]);
    const ccm = plainInputs(releases[0]!);
    assert.equal(ccm.chart, catalogEntry("hcloud-ccm").chart);
    assert.equal(ccm.values.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "false");
    assert.equal(ccm.values.env.HCLOUD_LOAD_BALANCERS_LOCATION.value, "fsn1");
    assert.equal(ccm.values.networking.clusterCIDR, "10.42.0.0/16");
    assert.deepEqual([...releases[0]!.dependencies].sort(), [ready.urn, secret.urn].sort());
    assert.deepEqual(out("releaseNames"), ["hcloud-ccm", "gateway-api"]);
    assert.equal(out("owners"), 1);
    assert.equal(out("resources"), 3);
    const crds = named("core-gateway-api-0");
    assert.equal(plainInputs(crds).file, catalogEntry("gateway-api").manifests![0]);
    assert.deepEqual(crds.dependencies, [ready.urn], "the Gateway API CRDs wait for k3s only");
  });

  it("with cilium on Hetzner: native routing over the whole network (the pod range inside it), and the CCM creates the routes", async () => {
    const { named, releases, out } = await run((access) => ({
      access, cloud: HETZNER(), cni: "cilium", clusterCidr: "10.100.0.0/16", networkCidr: "10.0.0.0/8", podNetwork: { routing: "cloud-routes", mtu: 1450 },
    }));
    const cilium = plainInputs(named("core-cilium"));
    // The old values set the pod range here: the cloud's gateway routes only the network's range (issue 10).
    assert.equal(cilium.values.ipv4NativeRoutingCIDR, "10.0.0.0/8");
    assert.equal(cilium.values.routingMode, "native");
    assert.equal(cilium.values.autoDirectNodeRoutes, false);
    assert.equal(cilium.values.MTU, 1450);
    assert.deepEqual(named("core-cilium").dependencies, [named("k3s-ready").urn], "Cilium waits for k3s, not for the CCM");
    const ccm = plainInputs(releases.find((x) => x.name === "core-hcloud-ccm")!);
    assert.equal(ccm.values.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "true");
    assert.equal(ccm.values.networking.clusterCIDR, "10.100.0.0/16");
    assert.deepEqual(out("releaseNames"), ["hcloud-ccm", "cilium", "gateway-api"]);
    assert.equal(out("owners"), 1, "Cilium owns no cloud resources");
  });

  it("with cilium and no pod routes (DigitalOcean, routed hosts): VXLAN tunnel, never native routing", async () => {
    const { named } = await run((access) => ({ access, cloud: DIGITALOCEAN(), cni: "cilium", networkCidr: "10.10.0.0/20" }));
    const cilium = plainInputs(named("core-cilium"));
    assert.deepEqual([cilium.values.routingMode, cilium.values.tunnelProtocol, cilium.values.ipv4NativeRoutingCIDR], ["tunnel", "vxlan", undefined]);
  });

  it("refuses a pod range outside the network when Cilium relies on the cloud's routes", () => {
    assert.throws(
      () => validateClusterCoreArgs({
        access: { provider: {} } as unknown as ClusterAccess, cloud: HETZNER(), cni: "cilium", clusterCidr: "10.42.0.0/16", networkCidr: "10.0.0.0/16", podNetwork: { routing: "cloud-routes" },
      }),
      (e: unknown) => e instanceof InputPropertiesError && /clusterCidr is "10\.42\.0\.0\/16": must lie inside the nodes' private network 10\.0\.0\.0\/16/.test(e.message),
    );
  });

  it("on DigitalOcean: the token Secret (secret outputs), then the CCM's pinned manifests", async () => {
    const { r, named, releases, out } = await run((access) => ({ access, cloud: DIGITALOCEAN() }));
    const secret = named("core-digitalocean-secret");
    assert.deepEqual(plainInputs(secret).metadata, { name: DIGITALOCEAN_SECRET.name, namespace: DIGITALOCEAN_SECRET.namespace });
    assert.equal(plainInputs(secret).stringData[DIGITALOCEAN_SECRET.tokenKey], TOKEN);
    assert.ok(secret.options.additionalSecretOutputs.includes("stringData") && secret.options.additionalSecretOutputs.includes("data"));
    const files = r.resources.filter((x) => x.type === "kubernetes:yaml/v2:ConfigFile" && x.name.startsWith("core-digitalocean-ccm"));
    assert.deepEqual(files.map((f) => plainInputs(f).file), catalogEntry("digitalocean-ccm").manifests);
    for (const f of files) assert.ok(f.dependencies.includes(secret.urn));
    assert.deepEqual(releases, []);
    assert.deepEqual(out("releaseNames"), ["digitalocean-ccm", "gateway-api"]);
    assert.equal(out("owners"), files.length);
  });

  it("on existing hosts: no cloud controller; MetalLB with its pool, which waits for the release with its CRDs", async () => {
    const { r, named, out } = await run((access) => ({ access, cloud: { kind: "none" }, metallbAddresses: ["192.0.2.240-192.0.2.250"] }));
    const metallb = named("core-metallb");
    assert.equal(plainInputs(metallb).chart, "metallb");
    const pool = [named("core-metallb-ipaddresspool"), named("core-metallb-l2advertisement")];
    for (const p of pool) {
      await validateManifest(plainInputs(p) as any);
      assert.deepEqual(p.dependencies, [metallb.urn]);
      assert.equal(plainInputs(p).metadata.namespace, catalogEntry("metallb").namespace);
    }
    assert.deepEqual(plainInputs(pool[0]!).spec.addresses, ["192.0.2.240-192.0.2.250"]);
    assert.ok(!r.resources.some((x) => x.type === "kubernetes:core/v1:Secret"));
    assert.deepEqual(out("releaseNames"), ["gateway-api", "metallb"]);
    assert.equal(out("owners"), 0);
  });

  it("installs only the Gateway API CRDs on existing hosts without a pool, and nothing when they are off", async () => {
    const { r, out } = await run((access) => ({ access, cloud: { kind: "none" }, metallbAddresses: [] }));
    assert.deepEqual(r.resources.filter((x) => x.type.startsWith("kubernetes:") && x.type !== "pulumi:providers:kubernetes").map((x) => x.name), ["core-gateway-api-0"]);
    assert.deepEqual(out("releaseNames"), ["gateway-api"]);
    const off = await run((access) => ({ access, cloud: { kind: "none" }, metallbAddresses: [], gatewayApiCrds: false }));
    assert.deepEqual(off.r.resources.filter((x) => x.type.startsWith("kubernetes:") && x.type !== "pulumi:providers:kubernetes"), []);
    assert.deepEqual(off.out("releaseNames"), []);
  });

  it("names what the engine must wait for (scheduling gates) and what layer-3 data may order after (anchors)", async () => {
    const cases: [string, () => Omit<ClusterCoreArgs, "access">, string[], string[]][] = [
      // flannel on Hetzner: the CCM creates no routes, the engine tolerates its taint: nothing gates it.
      ["hetzner flannel", () => ({ cloud: HETZNER() }), [], ["core-hcloud-secret"]],
      // Cilium's native routing on Hetzner: no pod network without Cilium, no cross-node pod traffic without the routes.
      ["hetzner cilium", () => ({ cloud: HETZNER(), cni: "cilium", networkCidr: "10.0.0.0/8", podNetwork: { routing: "cloud-routes" } }), ["core-cilium", "core-hcloud-ccm"], ["core-hcloud-secret"]],
      ["digitalocean cilium", () => ({ cloud: DIGITALOCEAN(), cni: "cilium", networkCidr: "10.10.0.0/20" }), ["core-cilium"], ["core-digitalocean-secret"]],
      // No credentials Secret: the Gateway API CRDs are the anchor, not MetalLB's release; without them, everything.
      ["existing hosts", () => ({ cloud: { kind: "none" }, metallbAddresses: ["192.0.2.0/28"] }), [], ["core-gateway-api-0"]],
      ["existing hosts, no CRDs", () => ({ cloud: { kind: "none" }, metallbAddresses: ["192.0.2.0/28"], gatewayApiCrds: false }), [], ["core-metallb", "core-metallb-ipaddresspool", "core-metallb-l2advertisement"]],
    ];
    for (const [label, args, gates, anchors] of cases) {
      const r = await runProgram(() => {
        const core = new ClusterCore("core", { access: access(), ...args() });
        return { gates: pulumi.all(core.schedulingGates.map((g) => g.urn)), anchors: pulumi.all(core.anchors.map((g) => g.urn)) };
      }, { stack: "dev", config: {}, preview: false });
      if (r.error) throw r.error;
      const nameOf = (urn: string) => urn.split("::").pop()!;
      assert.deepEqual((r.outputs.gates!.value as string[]).map(nameOf).sort(), gates, `${label}: gates`);
      assert.deepEqual((r.outputs.anchors!.value as string[]).map(nameOf).sort(), anchors, `${label}: anchors`);
    }
  });

  it("has one cloud-controller installer per cloud kind", () => {
    assert.deepEqual(Object.keys(CLOUD_CONTROLLERS).sort(), ["digitalocean", "hetzner", "none"]);
  });
});

describe("validateClusterCoreArgs", function () {
  this.timeout(20000);

  it("accepts CIDRs and ascending IPv4 ranges as pool entries", () => {
    for (const ok of ["192.0.2.0/28", "192.0.2.10-192.0.2.20", "192.0.2.10-192.0.2.10", "2001:db8::/120"]) assert.ok(isMetallbPoolEntry(ok), ok);
    for (const bad of ["192.0.2.20-192.0.2.10", "192.0.2.0/33", "192.0.2.1", "192.0.2.1-192.0.2.300", "a-b", "1.1.1.1-2.2.2.2-3.3.3.3", ""]) assert.ok(!isMetallbPoolEntry(bad), bad);
  });

  it("lists every problem with its path, and registers nothing", async () => {
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
      const args = {
        access: { provider, ready: [], kubeconfig: pulumi.secret(""), apiServerUrl: pulumi.output("") },
        cloud: { kind: "hetzner", token: pulumi.secret(TOKEN), networkId: pulumi.output("1"), networkZone: "eu-central", location: "" },
        cni: "calico",
        clusterCidr: "10.42.0.0/99",
        metallbAddresses: ["192.0.2.0/28", "192.0.2.20-192.0.2.10"],
      } as unknown as ClusterCoreArgs;
      new ClusterCore("core", args);
      return {};
    }, { stack: "dev", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.equal(r.error.component, "ClusterCore");
    assert.deepEqual(r.error.problems.map((p) => p.path), ["cloud.location", "cni", "clusterCidr", "metallbAddresses[1]"]);
    assert.match(r.error.message, /cni is "calico": must be one of flannel, cilium/);
    assert.match(r.error.message, /metallbAddresses\[1\] is "192\.0\.2\.20-192\.0\.2\.10": must be a CIDR/);
    assert.ok(!r.error.message.includes(TOKEN));
    assert.deepEqual(r.resources.filter((x) => x.type.startsWith("k3s-gitops:") || x.type === RELEASE), [], "nothing registered");
  });

  it("refuses an unknown cloud kind and a missing provider", () => {
    assert.throws(
      () => validateClusterCoreArgs({ access: {} as ClusterAccess, cloud: { kind: "aws" } as unknown as CloudIntegration }),
      (e: unknown) => e instanceof InputPropertiesError && e.problems.map((p) => p.path).join() === "access.provider,cloud.kind",
    );
  });
});
