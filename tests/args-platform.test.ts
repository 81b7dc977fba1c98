/**
 * The program's mapping of the stack config onto ClusterCore's and Platform's args (stacks/args/platform.ts), and the
 * optional `ageKey` arriving through the credential table.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAccess } from "@k3s-gitops/components";
import type { ClusterNode, CloudIntegration } from "@k3s-gitops/components";
import { validateClusterCoreArgs } from "@k3s-gitops/components";
import { validatePlatformArgs } from "@k3s-gitops/components";
import { clusterCoreArgs, ingressNodePorts, platformArgs, storageArgs } from "../stacks/args/platform";
import { AGE_KEY } from "../stacks/config/credentials";
import { buildConfig } from "../stacks/config/load";
import { baseConfig, runStack } from "./mocks";
import { existingConfig, stackFileConfig } from "./multicloud-fixtures";

/** Mapping creates nothing, so stand-ins are enough for the layers below. */
const ACCESS = { provider: {}, ready: [] } as unknown as ClusterAccess;
const CLOUD: CloudIntegration = { kind: "none" };
const nodes = (servers: number, agents: number) => ({
  cloud: CLOUD,
  networkCidr: "192.168.86.0/24",
  servers: Array.from({ length: servers }, () => ({}) as ClusterNode),
  agents: Array.from({ length: agents }, () => ({}) as ClusterNode),
});
const CORE = { resources: [], cloudResourceOwners: [], anchors: [], schedulingGates: [] };

/** TEST-ONLY key pair made with Debian's age-keygen (age 1.1.1) for the tests; never used for anything else. */
const TEST_AGE = {
  identity: "AGE-SECRET-KEY-190XNCW50EKFZ3ZZU0RVPR5HFJF9LW9SL42XS46SHD0QNWA2TWJ4SLF3LW9",
  recipient: "age160s3a8qh9c855a8mq3j8ak30s2vz73r3kfrlflm63j3n8s3wguuqynrw2g",
};

describe("stacks/args/platform", () => {
  it("leaves the CNI to ClusterCore's one default unless k3s.cni is set, and maps MetalLB only when enabled", () => {
    const dev = buildConfig(baseConfig(), "dev");
    const plain = clusterCoreArgs({ ...dev, k3s: { ...dev.k3s, cni: undefined } }, nodes(1, 0), ACCESS);
    assert.equal(plain.cni, undefined);
    assert.equal(plain.metallbAddresses, undefined);
    const cilium = buildConfig(baseConfig({ k3s: { version: "v1.36.4+k3s1", cni: "cilium" } }), "dev");
    assert.equal(clusterCoreArgs(cilium, nodes(1, 0), ACCESS).cni, "cilium");
    const home = buildConfig(stackFileConfig("home"), "home");
    assert.deepEqual(clusterCoreArgs(home, nodes(2, 0), ACCESS).metallbAddresses, ["192.168.86.240-192.168.86.250"]);
    validateClusterCoreArgs(clusterCoreArgs(home, nodes(2, 0), { ...ACCESS, provider: {} } as ClusterAccess));
  });

  it("gives ClusterCore the pod range k3s gets, the nodes' network and how the nodes route pods", () => {
    const cfg = buildConfig(baseConfig({ k3s: { version: "v1.36.4+k3s1", cni: "cilium", clusterCidr: "10.44.0.0/16" } }), "dev");
    const args = clusterCoreArgs(cfg, { ...nodes(1, 0), networkCidr: "10.0.0.0/8", podNetwork: { routing: "cloud-routes", mtu: 1450 } }, ACCESS);
    assert.deepEqual([args.clusterCidr, args.networkCidr, args.podNetwork], ["10.44.0.0/16", "10.0.0.0/8", { routing: "cloud-routes", mtu: 1450 }]);
  });

  it("maps the platform block, k3s.version, the node count and the engine's namespace onto valid Platform args", () => {
    const prod = buildConfig(baseConfig(), "prod");
    const args = platformArgs("k3s-prod", prod, nodes(3, 2), ACCESS, CORE, {});
    validatePlatformArgs(args);
    assert.equal(args.clusterName, "k3s-prod");
    assert.equal(args.nodeCount, 5);
    assert.deepEqual(args.ingress, { controller: prod.platform.ingress.controller, replicas: prod.platform.ingress.replicas });
    assert.equal(args.storage, prod.platform.storage);
    assert.deepEqual(args.upgrades, prod.platform.upgrades ? { enabled: prod.platform.upgrades.enabled, k3sVersion: prod.k3s.version } : undefined);
    assert.equal(args.sopsNamespace, "flux-system", "no gitops block: Flux's namespace");
    assert.equal(args.externalIssuers, false);
    assert.equal(args.ageKey, undefined);
    const argo = buildConfig(baseConfig({ gitops: { engine: "argocd", repoUrl: "https://github.com/example/cluster.git" } }), "dev");
    assert.equal(platformArgs("k3s-dev", argo, nodes(1, 0), ACCESS, CORE, {}).sopsNamespace, "argocd");
  });

  it("pins the ingress NodePorts existing hosts ask for, with their defaults", () => {
    const home = buildConfig(stackFileConfig("home"), "home");
    assert.deepEqual(ingressNodePorts(home), { http: 30080, https: 30443 });
    const pinned = buildConfig(existingConfig({ existing: { ...(existingConfig().existing as object), ingress: { httpNodePort: 31080 } } }), "home");
    assert.deepEqual(ingressNodePorts(pinned), { http: 31080, https: 30443 });
    assert.deepEqual(platformArgs("home", pinned, nodes(2, 0), ACCESS, CORE, {}).ingress.nodePorts, { http: 31080, https: 30443 });
    assert.equal(ingressNodePorts(buildConfig(baseConfig(), "dev")), undefined);
  });

  it("gives Longhorn existing.storage.longhornDiskPaths as its data path (the chart's defaultSettings.defaultDataPath)", () => {
    const home = buildConfig(stackFileConfig("home"), "home");
    assert.equal(storageArgs(home).longhorn?.dataPath, "/mnt/longhorn/sdf1");
    const args = platformArgs("home", home, nodes(1, 1), ACCESS, CORE, {});
    assert.equal(args.storage.longhorn?.dataPath, "/mnt/longhorn/sdf1");
    assert.doesNotThrow(() => validatePlatformArgs(args));
    assert.equal(storageArgs(buildConfig(existingConfig(), "home")).longhorn?.dataPath, undefined, "no path: Longhorn's own");
  });

  it("reads the optional age key through the credential table: absent is undefined, present is a secret", async () => {
    assert.equal(AGE_KEY.key, "ageKey");
    const absent = await runStack(baseConfig());
    assert.match(String(absent.ok().result.outputs.sopsAgeRecipient?.value), /^age1/);
    assert.ok(absent.resources.some((r) => r.type === "random:index/randomBytes:RandomBytes"), "generated without ageKey");
    const given = (await runStack(baseConfig(), { secrets: { hcloudToken: "mock-hcloud-token-0123456789", ageKey: TEST_AGE.identity } })).ok();
    assert.equal(given.result.outputs.sopsAgeRecipient?.value, TEST_AGE.recipient);
    assert.ok(!given.resources.some((r) => r.type === "random:index/randomBytes:RandomBytes"), "nothing generated with ageKey");
    assert.ok(pulumi.Output.isInstance(platformArgs("x", buildConfig(baseConfig(), "dev"), nodes(1, 0), ACCESS, CORE, { ageKey: pulumi.secret("k") }).ageKey));
  });
});
