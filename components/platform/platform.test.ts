import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterAccess } from "../k3s/types";
import type { CloudIntegration } from "../nodes/types";
import { catalogEntry } from "../kernel/catalog";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { RecordedResource, plainInputs, redactedInputs } from "../testing/recorder";
import { renderAgeKeyFile } from "./age-key";
import { DEFAULT_CLASS_ANNOTATION, DO_STORAGE_CLASS, INGRESS, Platform, SOPS_SECRET_KEY, SOPS_SECRET_NAME } from "./platform";
import type { PlatformArgs } from "./platform-args";

import { AGE_KEYGEN_VECTOR } from "../../tests/fixtures/age-test-vector";

const RELEASE = "kubernetes:helm.sh/v3:Release";

const TEST_AGE = AGE_KEYGEN_VECTOR;

/** Stand-ins for K3sCluster's readiness resource and a layer-2 release. */
class Stub extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Stub", name, {});
  }
}

type Rest = Omit<PlatformArgs, "access" | "clusterCore" | "clusterCoreCloudOwners">;

/** Runs a Platform built from literal args with a literal cluster access and one stand-in layer-2 resource. */
async function run(args: () => Rest) {
  const r = await runProgram(() => {
    const access: ClusterAccess = {
      provider: new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG }),
      ready: [new Stub("k3s-ready")],
      kubeconfig: pulumi.secret(FAKE_KUBECONFIG),
      apiServerUrl: pulumi.output("https://203.0.113.1:6443"),
    };
    const core = new Stub("layer2");
    const p = new Platform("p", { ...args(), access, clusterCore: [core], clusterCoreCloudOwners: [core] });
    const l = p.layers;
    return {
      sopsPublicKey: p.sopsPublicKey,
      layers: { defaultStorageClass: l.defaultStorageClass, ingressClass: l.ingressClass, clusterIssuer: l.clusterIssuer, ingress: { namespace: l.ingress!.namespace, serviceName: l.ingress!.serviceName }, sops: { secretName: l.sopsAgeKey.secretName, namespace: l.sopsAgeKey.namespace } },
      owners: l.cloudResourceOwners.length,
      platform: l.platform.length,
    };
  }, { stack: "dev", config: {}, preview: false });
  const named = (n: string) => r.resources.find((x) => x.name === n);
  const releases = r.resources.filter((x) => x.type === RELEASE);
  const chart = (c: string) => releases.find((x) => plainInputs(x).chart === c);
  // A CustomResource registers as `kubernetes:<apiVersion>:<kind>`.
  const kind = (k: string) => r.resources.filter((x) => x.type.startsWith("kubernetes:") && x.type.endsWith(`:${k}`));
  return { r, named, releases, chart, kind, out: (k: string) => r.outputs[k]! };
}

const HETZNER = (): CloudIntegration => ({ kind: "hetzner", token: pulumi.secret("t"), networkId: pulumi.output("1"), networkZone: "eu-central", location: "fsn1" });

describe("Platform", function () {
  this.timeout(20000);
  let full: Awaited<ReturnType<typeof run>>;
  before(async () => {
    full = await run(() => ({
      cloud: HETZNER(),
      clusterName: "k3s-lab",
      nodeCount: 3,
      ingress: { controller: "ingress-nginx" },
      certManager: { email: "ops@example.com", defaultIssuer: "letsencrypt-production", route53: { region: "eu-central-1", hostedZoneId: "Z0123" } },
      storage: {
        localPath: { enabled: false, default: false },
        longhorn: { enabled: true, default: true },
        hcloudCsi: { enabled: true },
        smb: { enabled: true, source: "//u1.your-storagebox.de/backup" },
      },
      externalSecrets: { enabled: true, clusterSecretStore: { name: "aws", provider: { aws: { service: "SecretsManager" } } } },
      upgrades: { enabled: true, k3sVersion: "v1.34.3+k3s3" },
      sopsNamespace: "argocd",
      ageKey: pulumi.secret(TEST_AGE.identity),
      installMetricsServer: true,
    }));
    if (full.r.error) throw full.r.error;
  });

  it("installs each chosen add-on from the catalog, every release after readiness and layer 2 and nothing in its own layer", () => {
    assert.deepEqual(full.releases.map((x) => plainInputs(x).chart).sort(), ["cert-manager", "csi-driver-smb", "external-secrets", "hcloud-csi", "ingress-nginx", "longhorn", "metrics-server", "sops-secrets-operator"]);
    const after = [full.named("k3s-ready")!.urn, full.named("layer2")!.urn].sort();
    for (const x of full.releases) {
      // The one exception: the SOPS operator (Argo CD stacks) mounts the age key Secret, so it waits for it.
      const own = plainInputs(x).chart === "sops-secrets-operator" ? [full.kind("Secret").find((s) => plainInputs(s).metadata.name === SOPS_SECRET_NAME)!.urn] : [];
      assert.deepEqual([...x.dependencies].sort(), [...after, ...own].sort(), x.name);
      assert.equal(catalogEntry(plainInputs(x).chart === "ingress-nginx" ? "ingress-nginx" : x.name.slice(2)).layer, 3, x.name);
    }
  });

  it("runs min(2, nodes) ingress-nginx replicas behind a Hetzner load balancer named after the cluster", () => {
    const v = plainInputs(full.chart("ingress-nginx")!).values;
    assert.equal(v.controller.replicaCount, 2);
    assert.equal(v.controller.service.annotations["load-balancer.hetzner.cloud/name"], "k3s-lab-ingress");
    assert.equal(v.controller.service.nodePorts, undefined);
    assert.deepEqual(full.out("layers").value, {
      defaultStorageClass: "longhorn",
      ingressClass: "nginx",
      clusterIssuer: "letsencrypt-production",
      ingress: { namespace: catalogEntry("ingress-nginx").namespace, serviceName: INGRESS["ingress-nginx"].service },
      sops: { secretName: SOPS_SECRET_NAME, namespace: "argocd" },
    });
  });

  it("creates both ClusterIssuers, with the Route53 solver, after the cert-manager release", () => {
    const issuers = full.kind("ClusterIssuer");
    assert.deepEqual(issuers.map((i) => plainInputs(i).metadata.name).sort(), ["letsencrypt-production", "letsencrypt-staging"]);
    for (const i of issuers) {
      assert.deepEqual(i.dependencies, [full.chart("cert-manager")!.urn]);
      const solvers = plainInputs(i).spec.acme.solvers;
      assert.equal(solvers[0].http01.ingress.ingressClassName, "nginx");
      assert.deepEqual(solvers[1].dns01.route53, { region: "eu-central-1", hostedZoneID: "Z0123" });
    }
  });

  it("sets up storage: Longhorn default with min(3, nodes) replicas, hcloud-volumes not default, the SMB class after its driver", () => {
    const lh = plainInputs(full.chart("longhorn")!).values;
    assert.deepEqual(lh.persistence, { defaultClass: true, defaultClassReplicaCount: 3 });
    assert.equal(plainInputs(full.chart("hcloud-csi")!).values.storageClasses[0].defaultStorageClass, false);
    // Every Hetzner volume carries the cluster's label, the one HetznerNodes puts on the servers.
    assert.deepEqual(plainInputs(full.chart("hcloud-csi")!).values.controller.volumeExtraLabels, { cluster: "k3s-lab" });
    const smb = full.named("p-smb")!;
    assert.equal(plainInputs(smb).parameters["csi.storage.k8s.io/node-stage-secret-name"], "smb-creds");
    assert.equal(plainInputs(smb).parameters["csi.storage.k8s.io/node-stage-secret-namespace"], catalogEntry("csi-driver-smb").namespace);
    assert.deepEqual(smb.dependencies, [full.chart("csi-driver-smb")!.urn]);
    assert.equal(full.out("owners").value, 4, "layer 2's owner, Longhorn, hcloud-csi and the SMB driver own cloud resources");
  });

  it("adds the ClusterSecretStore after External Secrets, and the upgrade Plans after the controller's CRD file", () => {
    const [store] = full.kind("ClusterSecretStore");
    assert.deepEqual(plainInputs(store!).spec.provider, { aws: { service: "SecretsManager" } });
    assert.deepEqual(store!.dependencies, [full.chart("external-secrets")!.urn]);
    const files = full.r.resources.filter((x) => x.type === "kubernetes:yaml/v2:ConfigFile");
    assert.deepEqual(files.map((f) => plainInputs(f).file), catalogEntry("system-upgrade-controller").manifests);
    const plans = full.kind("Plan");
    assert.deepEqual(plans.map((x) => plainInputs(x).spec.version), ["v1.34.3+k3s3", "v1.34.3+k3s3"]);
    for (const p of plans) assert.ok(p.dependencies.includes(files[0]!.urn));
    const cron = full.r.resources.find((x) => x.type === "kubernetes:batch/v1:CronJob")!;
    assert.equal(plainInputs(cron).metadata.namespace, "kube-system");
  });

  it("stores the provided age identity in the engine's namespace and exports only its recipient", () => {
    const ns = full.named("p-sops-namespace")!;
    assert.deepEqual(plainInputs(ns).metadata, { name: "argocd" });
    const secret = full.named("p-sops-age")!;
    assert.deepEqual(plainInputs(secret).metadata, { name: SOPS_SECRET_NAME, namespace: "argocd" });
    assert.equal(plainInputs(secret).stringData[SOPS_SECRET_KEY], renderAgeKeyFile(TEST_AGE));
    assert.deepEqual(secret.dependencies, [ns.urn]);
    assert.equal(full.named("p-sops-age-bytes"), undefined, "nothing is generated when a key is given");
    for (const x of full.r.resources) assert.ok(!JSON.stringify(redactedInputs(x)).includes("AGE-SECRET-KEY"), `${x.name} shows the identity`);
    assert.deepEqual([full.out("sopsPublicKey").value, full.out("sopsPublicKey").secret], [TEST_AGE.recipient, false]);
  });
});

describe("Platform: the smallest cluster and its defaults", function () {
  this.timeout(20000);

  it("one node behind a router: Traefik on pinned NodePorts, local-path, no issuers without an email, a generated age key in flux-system", async () => {
    const { r, named, releases, chart, kind, out } = await run(() => ({
      cloud: { kind: "none" },
      clusterName: "home",
      nodeCount: 1,
      ingress: { controller: "traefik", nodePorts: { http: 30080, https: 30443 } },
      certManager: {},
      storage: { localPath: { enabled: true, default: true } },
    }));
    if (r.error) throw r.error;
    assert.deepEqual(releases.map((x) => plainInputs(x).chart).sort(), ["cert-manager", "traefik"]);
    const v = plainInputs(chart("traefik")!).values;
    assert.equal(v.deployment.replicas, 1);
    assert.deepEqual(v.ports, { web: { nodePort: 30080 }, websecure: { nodePort: 30443 } });
    assert.deepEqual(v.service.annotations, {});
    assert.deepEqual(kind("ClusterIssuer"), []);
    assert.equal(named("p-sops-age-bytes")!.type, "random:index/randomBytes:RandomBytes");
    assert.deepEqual(plainInputs(named("p-sops-age-bytes")!), { length: 32 });
    assert.equal(plainInputs(named("p-sops-namespace")!).metadata.name, "flux-system");
    assert.match(String(out("sopsPublicKey").value), /^age1[a-z0-9]{58}$/);
    const layers = out("layers").value as Record<string, unknown>;
    assert.deepEqual([layers.defaultStorageClass, layers.ingressClass, layers.clusterIssuer], ["local-path", "traefik", "letsencrypt-staging"]);
    assert.equal(out("owners").value, 1, "only layer 2's owner");
  });

  it("leaves the ClusterIssuers to the caller when externalIssuers is set", async () => {
    const { r, kind } = await run(() => ({
      cloud: { kind: "none" },
      clusterName: "home",
      nodeCount: 1,
      ingress: { controller: "traefik" },
      certManager: { email: "ops@example.com" },
      storage: { localPath: { enabled: true, default: true } },
      externalIssuers: true,
    }));
    if (r.error) throw r.error;
    assert.deepEqual(kind("ClusterIssuer"), []);
  });

  it("on DigitalOcean keeps one default: do-block-storage's annotation is patched off after driver.yaml", async () => {
    const args = (isDefault: boolean): Rest => ({
      cloud: { kind: "digitalocean", token: pulumi.secret("t"), vpcId: pulumi.output("v"), region: "fra1" },
      clusterName: "k3s-do",
      nodeCount: 3,
      ingress: { controller: "traefik" },
      certManager: {},
      storage: { localPath: { enabled: true, default: !isDefault }, doCsi: { enabled: true, default: isDefault } },
    });
    const other = await run(() => args(false));
    if (other.r.error) throw other.r.error;
    const patch = other.r.resources.filter((x) => x.type === "kubernetes:storage.k8s.io/v1:StorageClassPatch");
    assert.equal(patch.length, 1);
    assert.equal(plainInputs(patch[0]!).metadata.name, DO_STORAGE_CLASS);
    assert.equal(plainInputs(patch[0]!).metadata.annotations[DEFAULT_CLASS_ANNOTATION], "false");
    const driver = other.r.resources.find((x) => x.type === "kubernetes:yaml/v2:ConfigFile" && String(plainInputs(x).file).endsWith("/driver.yaml"))!;
    assert.ok(patch[0]!.dependencies.includes(driver.urn));
    assert.equal((other.out("layers").value as Record<string, unknown>).defaultStorageClass, "local-path");
    const itself = await run(() => args(true));
    if (itself.r.error) throw itself.r.error;
    assert.equal(itself.r.resources.filter((x) => x.type === "kubernetes:storage.k8s.io/v1:StorageClassPatch").length, 0);
    assert.equal((itself.out("layers").value as Record<string, unknown>).defaultStorageClass, DO_STORAGE_CLASS);
  });
});

describe("Platform: refused arguments", function () {
  this.timeout(20000);
  const componentsAndReleases = (rs: readonly RecordedResource[]) => rs.filter((x) => x.type.startsWith("k3s-gitops:") || x.type === RELEASE);

  it("validates before registering anything, listing every problem", async () => {
    const { r } = await run(() => ({
      cloud: { kind: "none" },
      clusterName: "home",
      nodeCount: 1,
      ingress: { controller: "traefik", nodePorts: { http: 8080, https: 30443 } },
      certManager: { email: "nobody" },
      storage: { localPath: { enabled: true } },
    }));
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.deepEqual(r.error.problems.map((p) => p.path), ["ingress.nodePorts.http", "certManager.email", "storage"]);
    assert.deepEqual(componentsAndReleases(r.resources), []);
  });

  it("refuses a provided age key that is not an identity, inside apply, without printing it", async () => {
    const { r } = await run(() => ({
      cloud: { kind: "none" },
      clusterName: "home",
      nodeCount: 1,
      ingress: { controller: "traefik" },
      certManager: {},
      storage: { localPath: { enabled: true, default: true } },
      ageKey: pulumi.secret(TEST_AGE.recipient),
    }));
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.match(r.error.message, /ageKey is \[secret\]: is not an age identity/);
    assert.ok(!r.error.message.includes(TEST_AGE.recipient.slice(4)));
  });
});
