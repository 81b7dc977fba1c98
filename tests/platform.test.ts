import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { catalogEntry, entriesForChart } from "@k3s-gitops/components/kernel";
import { ClusterCore } from "@k3s-gitops/components";
import { Platform } from "@k3s-gitops/components";
import { validateManifest } from "@k3s-gitops/components/kernel";
import { buildUncordonCronJob } from "@k3s-gitops/components";
import type { ClusterNode, CloudIntegration } from "@k3s-gitops/components";
import { runProgram } from "@k3s-gitops/components/testing";
import { FAKE_KUBECONFIG } from "@k3s-gitops/components/testing";
import { RecordedResource, plainInputs, redactedInputs, isSecretValue } from "@k3s-gitops/components/testing";
import { clusterCoreArgs, platformArgs } from "../stacks/args/platform";
import { buildConfig } from "../stacks/config/load";
import type { StackConfig } from "../stacks/config/schema";
import { baseConfig } from "./mocks";

const TOKEN = "mock-hcloud-token-DO-NOT-LEAK";

/** A stand-in for K3sCluster's readiness resource. */
class Ready extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Ready", name, {});
  }
}
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CR_CRDS: Record<string, string> = {
  ClusterIssuer: "clusterissuers.cert-manager.io",
  IPAddressPool: "ipaddresspools.metallb.io",
  L2Advertisement: "l2advertisements.metallb.io",
  Plan: "plans.upgrade.cattle.io",
  ClusterSecretStore: "clustersecretstores.external-secrets.io",
};

function cfg(stack: string, platform: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): StackConfig {
  return buildConfig(baseConfig({ platform: { certManager: { email: "ops@example.com" }, ...platform }, ...extra }), stack);
}

async function run(config: StackConfig, cloudKind: "hetzner" | "none" = "hetzner") {
  const result = await runProgram(() => {
    const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
    const ready = new Ready("k3s-ready");
    const access = { provider, ready: [ready], kubeconfig: pulumi.secret(FAKE_KUBECONFIG), apiServerUrl: pulumi.output("https://203.0.113.1:6443") };
    const cloud: CloudIntegration =
      cloudKind === "hetzner"
        ? { kind: "hetzner", token: pulumi.secret(TOKEN), networkId: pulumi.output("4711"), networkZone: "eu-central", location: "fsn1" }
        : { kind: "none" };
    // The program's mapping from the stack config, with as many (placeholder) nodes as the config asks for.
    const placeholders = (n: number) => Array.from({ length: n }, () => ({}) as ClusterNode);
    const nodes = { cloud, networkCidr: "10.0.0.0/8", servers: placeholders(config.servers.count), agents: placeholders(config.agentPools.reduce((n, p) => n + p.count, 0)) };
    const core = new ClusterCore("core", clusterCoreArgs(config, nodes, access));
    const platform = new Platform("platform", platformArgs("k3s-test", config, nodes, access, core, {}));
    return { publicKey: platform.layers.sopsAgeKey.publicKey, defaultStorageClass: platform.layers.defaultStorageClass, owners: platform.layers.cloudResourceOwners.length };
  }, { stack: "test", preview: false, config: {} });
  if (result.error) throw result.error;
  const rs = result.resources;
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const component = (r: RecordedResource) => byUrn.get(r.parent ?? "")?.type ?? "";
  return { result, rs, byUrn, component, ofType: (t: string) => rs.filter((r) => r.type === t), named: (n: string) => rs.find((r) => r.name === n)! };
}

describe("ClusterCore and Platform under mocks", function () {
  this.timeout(20000);
  let dev: Awaited<ReturnType<typeof run>>;
  let prod: Awaited<ReturnType<typeof run>>;
  before(async () => {
    dev = await run(cfg("dev"));
    prod = await run(cfg("prod", { storage: { smb: { enabled: true, source: "//u1.your-storagebox.de/backup" } }, externalSecrets: { enabled: true, clusterSecretStore: { name: "aws", provider: { aws: { service: "SecretsManager", region: "eu-central-1" } } } } }, { k3s: { version: "v1.36.4+k3s1", cni: "cilium" } }));
  });

  it("takes every release's chart, version, repo and namespace from the catalog, in its layer", () => {
    for (const run of [dev, prod]) {
      const releases = run.ofType(RELEASE);
      assert.ok(releases.length >= 4);
      for (const r of releases) {
        const i = plainInputs(r);
        const matches = entriesForChart(i.chart);
        assert.equal(matches.length, 1, i.chart);
        const [, e] = matches[0]!;
        assert.deepEqual([i.version, i.namespace, i.name, i.repositoryOpts.repo, i.createNamespace, i.atomic], [e.version, e.namespace, e.releaseName, e.repo, true, true]);
        const layer = run.component(r) === "k3s-gitops:platform:ClusterCore" ? 2 : run.component(r) === "k3s-gitops:platform:Platform" ? 3 : -1;
        assert.equal(layer, e.layer, `${i.chart} sits in layer ${layer}`);
      }
    }
  });

  it("layer 2 waits for k3s readiness; layer 3 waits for every layer-2 release", () => {
    const ready = prod.named("k3s-ready");
    const core = prod.ofType(RELEASE).filter((r) => prod.component(r) === "k3s-gitops:platform:ClusterCore");
    const platform = prod.ofType(RELEASE).filter((r) => prod.component(r) === "k3s-gitops:platform:Platform");
    assert.deepEqual(core.map((r) => plainInputs(r).chart).sort(), ["cilium", "hcloud-cloud-controller-manager"]);
    for (const r of core) assert.ok(r.dependencies.includes(ready.urn), r.name);
    for (const r of platform) for (const c of core) assert.ok(r.dependencies.includes(c.urn), `${r.name} -> ${c.name}`);
  });

  it("adds no edge between releases of the same layer", () => {
    for (const run of [dev, prod]) {
      for (const r of run.ofType(RELEASE)) {
        for (const d of r.dependencies) {
          const dep = run.byUrn.get(d)!;
          if (dep.type === RELEASE) assert.notEqual(run.component(dep), run.component(r), `${r.name} waits for ${dep.name} in its own layer`);
        }
      }
    }
  });

  it("custom resources validate and depend on the release (or manifest) that installs their CRDs", async () => {
    const crs = prod.ofType("kubernetes:apiextensions.k8s.io:CustomResource").concat(
      prod.rs.filter((r) => /^kubernetes:(cert-manager\.io|metallb\.io|upgrade\.cattle\.io|external-secrets\.io)\//.test(r.type)),
    );
    const kinds = new Set<string>();
    for (const r of crs) {
      const obj = plainInputs(r) as any;
      kinds.add(obj.kind);
      await validateManifest(obj);
      const crd = CR_CRDS[obj.kind]!;
      const installers = r.dependencies.map((d) => prod.byUrn.get(d)!).filter((d) => {
        if (d.type === RELEASE) return entriesForChart(plainInputs(d).chart).some(([, e]) => e.crds.includes(crd));
        return d.type === "kubernetes:yaml/v2:ConfigFile" && plainInputs(d).file === catalogEntry("system-upgrade-controller").manifests![0];
      });
      assert.ok(installers.length > 0, `${obj.kind} ${r.name} does not depend on what installs ${crd}`);
    }
    assert.deepEqual([...kinds].sort(), ["ClusterIssuer", "ClusterSecretStore", "Plan"]);
  });

  it("issues the staging and production ClusterIssuers over HTTP-01 through the chosen ingress class", () => {
    const issuers = dev.rs.filter((r) => plainInputs(r).kind === "ClusterIssuer").map((r) => plainInputs(r) as any);
    assert.deepEqual(issuers.map((i) => i.metadata.name).sort(), ["letsencrypt-production", "letsencrypt-staging"]);
    for (const i of issuers) assert.equal(i.spec.acme.solvers[0].http01.ingress.ingressClassName, "traefik");
  });

  it("upgrades servers one at a time, then agents after the server plan, to k3s.version", () => {
    const plans = prod.rs.filter((r) => plainInputs(r).kind === "Plan").map((r) => plainInputs(r) as any);
    const server = plans.find((p) => p.metadata.name === "k3s-server");
    const agent = plans.find((p) => p.metadata.name === "k3s-agent");
    assert.equal(server.spec.concurrency, 1);
    assert.equal(server.spec.version, "v1.36.4+k3s1");
    assert.equal(agent.spec.version, "v1.36.4+k3s1");
    assert.deepEqual(agent.spec.prepare.args, ["prepare", "k3s-server"]);
  });

  it("gives ingress the Hetzner load balancer annotations and the CCM its Secret and routes per CNI", () => {
    const traefik = plainInputs(prod.ofType(RELEASE).find((r) => plainInputs(r).chart === "traefik")!);
    assert.deepEqual(traefik.values.service.annotations, {
      "load-balancer.hetzner.cloud/location": "fsn1",
      "load-balancer.hetzner.cloud/name": "k3s-test-ingress",
      "load-balancer.hetzner.cloud/use-private-ip": "true",
    });
    const ccm = (run: typeof dev) => plainInputs(run.ofType(RELEASE).find((r) => plainInputs(r).chart === "hcloud-cloud-controller-manager")!);
    assert.equal(ccm(dev).values.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "false");
    assert.equal(ccm(prod).values.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "true");
    assert.equal(ccm(prod).values.networking.clusterCIDR, "10.42.0.0/16");
    const secret = dev.named("core-hcloud-secret");
    assert.deepEqual(plainInputs(secret).metadata, { name: "hcloud", namespace: "kube-system" });
    assert.deepEqual(Object.keys(plainInputs(secret).stringData).sort(), ["network", "token"]);
  });

  it("has exactly one default StorageClass in each profile", async () => {
    const defaults = (run: typeof dev, localPathOn: boolean) => {
      const vals = run.ofType(RELEASE).map((r) => plainInputs(r));
      const lh = vals.filter((v) => v.chart === "longhorn" && v.values.persistence.defaultClass === true).length;
      const csi = vals.filter((v) => v.chart === "hcloud-csi").flatMap((v) => v.values.storageClasses).filter((s: any) => s.defaultStorageClass).length;
      const smb = run.ofType("kubernetes:storage.k8s.io/v1:StorageClass").filter((r) => plainInputs(r).metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true").length;
      return lh + csi + smb + (localPathOn ? 1 : 0);
    };
    assert.equal(defaults(dev, true), 1);
    assert.equal(defaults(prod, false), 1);
    assert.equal(dev.result.outputs.defaultStorageClass!.value, "local-path");
    assert.equal(prod.result.outputs.defaultStorageClass!.value, "longhorn");
    assert.equal(prod.result.outputs.owners!.value, 4, "ccm, longhorn, hcloud-csi, smb own cloud resources");
  });

  it("keeps the cloud token and the age identity secret everywhere", () => {
    for (const run of [dev, prod]) {
      for (const r of run.rs) {
        const shown = JSON.stringify(redactedInputs(r));
        assert.ok(!shown.includes(TOKEN), `${r.name} shows the token`);
        assert.ok(!shown.includes("AGE-SECRET-KEY"), `${r.name} shows the age identity`);
      }
      assert.ok(isSecretValue((run.named("core-hcloud-secret").rawInputs.stringData as any)?.token) || isSecretValue(run.named("core-hcloud-secret").rawInputs.stringData));
      const sops = run.named("platform-sops-age");
      assert.ok(JSON.stringify(plainInputs(sops)).includes("AGE-SECRET-KEY-1"), "the Secret does carry the identity");
      assert.deepEqual(plainInputs(sops).metadata, { name: "sops-age", namespace: "flux-system" });
      assert.ok(sops.options.additionalSecretOutputs.includes("stringData"));
      const pk = run.result.outputs.publicKey!;
      assert.match(String(pk.value), /^age1[a-z0-9]{58}$/);
      assert.equal(pk.secret, false, "the recipient is public");
    }
  });

  it("runs the auto-uncordon CronJob every 5 minutes with least privilege", async () => {
    const cron = plainInputs(dev.ofType("kubernetes:batch/v1:CronJob")[0]!);
    assert.equal(cron.spec.schedule, "*/5 * * * *");
    await validateManifest(buildUncordonCronJob("kube-system", "system-upgrade") as any);
    const role = plainInputs(dev.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")[0]!);
    assert.deepEqual(role.rules, [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch"] }]);
  });

  it("installs MetalLB with its pool where no cloud load balancer exists", async () => {
    const home = await run(cfg("dev", { metallb: { enabled: true, addresses: ["192.0.2.240-192.0.2.250"] } }), "none");
    const metallb = home.ofType(RELEASE).find((r) => plainInputs(r).chart === "metallb")!;
    const pool = home.rs.filter((r) => ["IPAddressPool", "L2Advertisement"].includes(plainInputs(r).kind));
    assert.equal(pool.length, 2);
    for (const p of pool) {
      await validateManifest(plainInputs(p) as any);
      assert.deepEqual(p.dependencies, [metallb.urn]);
    }
    assert.equal(home.ofType(RELEASE).filter((r) => plainInputs(r).chart === "hcloud-cloud-controller-manager").length, 0);
  });
});
