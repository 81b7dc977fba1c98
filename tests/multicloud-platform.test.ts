/**
 * The platform side of multicloud: DigitalOcean's cloud controller and CSI driver from the catalog's pinned release
 * manifests with the token in a secret Secret; existing hosts with MetalLB and NodePort ingress and no cloud
 * controller; exactly one default StorageClass on every cloud and profile; cloud-aware profile storage defaults.
 */
import { strict as assert } from "node:assert";
import { catalogEntry } from "@k3s-gitops/components/kernel";
import { DIGITALOCEAN_SECRET } from "@k3s-gitops/components";
import { DEFAULT_CLASS_ANNOTATION, DO_STORAGE_CLASS } from "@k3s-gitops/components";
import { defaultStorageClassOf } from "@k3s-gitops/components";
import { buildConfig } from "../stacks/config/load";
import { PROFILE_NAMES, STORAGE_BY_CLOUD } from "../stacks/config/profiles";
import { rawNodeCount } from "../stacks/config/blocks/platform";
import { ConfigError } from "../stacks/config/errors";
import { containsSecret, redactedInputs, runStack, StackRun } from "./mocks";
import { HOME_HOSTS, SECRETS, doConfig, existingConfig, stackFileConfig } from "./multicloud-fixtures";

const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const SECRET = "kubernetes:core/v1:Secret";

const files = (run: StackRun) => run.ofType(CONFIG_FILE).map((r) => run.inputs(r).file as string);
const charts = (run: StackRun) => run.ofType(RELEASE).map((r) => run.inputs(r).chart as string);

describe("multicloud platform: DigitalOcean", function () {
  this.timeout(20000);
  let dev: StackRun;
  let prod: StackRun;
  before(async () => {
    dev = (await runStack(stackFileConfig("do-dev"), { stack: "do-dev", secrets: SECRETS.digitalocean })).ok();
    prod = (await runStack(doConfig({ profile: "prod", servers: { count: 3, size: "s-2vcpu-4gb", locations: ["fra1"] } }), { stack: "do-prod", secrets: SECRETS.digitalocean })).ok();
  });

  for (const [label, get] of [["Pulumi.do-dev.yaml", () => dev], ["prod profile", () => prod]] as const) {
    it(`${label}: installs the DigitalOcean cloud controller from the catalog, after its token Secret`, () => {
      const run = get();
      const ccmFiles = catalogEntry("digitalocean-ccm").manifests!;
      const ccm = run.ofType(CONFIG_FILE).filter((r) => ccmFiles.includes(run.inputs(r).file));
      assert.equal(ccm.length, 1);
      const secrets = run.ofType(SECRET).filter((r) => run.inputs(r).metadata?.name === DIGITALOCEAN_SECRET.name);
      assert.equal(secrets.length, 1);
      const secret = secrets[0]!;
      assert.equal(run.inputs(secret).metadata.namespace, "kube-system");
      assert.ok(containsSecret(secret.rawInputs.stringData), "access-token must be a secret value");
      assert.ok(!JSON.stringify(redactedInputs(secret)).includes(SECRETS.digitalocean.digitaloceanToken));
      assert.ok(secret.options.additionalSecretOutputs.includes("stringData"));
      assert.equal(run.inputs(secret).stringData[DIGITALOCEAN_SECRET.tokenKey], SECRETS.digitalocean.digitaloceanToken);
      assert.ok(run.dependsOn(ccm[0]!, secret), "the CCM manifest waits for its Secret");
    });

    it(`${label}: has no Hetzner pieces`, () => {
      const run = get();
      for (const chart of charts(run)) assert.ok(!chart.startsWith("hcloud"), chart);
      assert.ok(!run.ofType(SECRET).some((r) => run.inputs(r).metadata?.name === "hcloud"));
      assert.ok(!run.resources.some((r) => r.type.startsWith("hcloud:")));
    });

    it(`${label}: sets DigitalOcean load-balancer annotations on the ingress Service`, () => {
      const run = get();
      const traefik = run.ofType(RELEASE).find((r) => run.inputs(r).chart === "traefik")!;
      const ann = run.inputs(traefik).values.service.annotations;
      assert.equal(ann["service.beta.kubernetes.io/do-loadbalancer-protocol"], "tcp");
      assert.match(ann["service.beta.kubernetes.io/do-loadbalancer-name"], /^k3s-do-(dev|prod)-ingress$/);
    });
  }

  it("dev (local-path default) installs no CSI driver", () => {
    assert.deepEqual(files(dev).filter((f) => f.includes("csi-digitalocean")), []);
  });

  it("prod installs the CSI manifests from the catalog, CRDs first, after layer 2 and the token Secret", () => {
    const csiFiles = catalogEntry("do-csi").manifests!;
    const csi = csiFiles.map((f) => prod.ofType(CONFIG_FILE).find((r) => prod.inputs(r).file === f)!);
    assert.ok(csi.every(Boolean), "every do-csi manifest is applied");
    const secret = prod.ofType(SECRET).find((r) => prod.inputs(r).metadata?.name === DIGITALOCEAN_SECRET.name)!;
    const ccm = prod.ofType(CONFIG_FILE).find((r) => prod.inputs(r).file === catalogEntry("digitalocean-ccm").manifests![0])!;
    for (const f of csi) {
      assert.ok(prod.dependsOn(f, secret), `${prod.inputs(f).file} waits for the Secret`);
      assert.ok(prod.dependsOn(f, ccm), `${prod.inputs(f).file} waits for layer 2`);
    }
    assert.ok(prod.dependsOn(csi[1]!, csi[0]!) && prod.dependsOn(csi[2]!, csi[0]!), "driver and snapshot controller wait for the CRDs");
    assert.ok(!prod.dependsOn(ccm, csi[0]!), "layer 2 never waits for layer 3");
  });

  it("prod keeps Longhorn the one default: do-block-storage's default annotation is patched off", () => {
    const patch = prod.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch");
    assert.equal(patch.length, 1);
    const meta = prod.inputs(patch[0]!).metadata;
    assert.equal(meta.name, DO_STORAGE_CLASS);
    assert.equal(meta.annotations[DEFAULT_CLASS_ANNOTATION], "false");
    const driver = prod.ofType(CONFIG_FILE).find((r) => prod.inputs(r).file.endsWith("/driver.yaml"))!;
    assert.ok(prod.dependsOn(patch[0]!, driver));
    const longhorn = prod.ofType(RELEASE).find((r) => prod.inputs(r).chart === "longhorn")!;
    assert.equal(prod.inputs(longhorn).values.persistence.defaultClass, true);
  });

  it("nothing registered carries the DigitalOcean token in plain text", () => {
    for (const run of [dev, prod]) {
      for (const r of run.resources) {
        assert.ok(!JSON.stringify(redactedInputs(r)).includes(SECRETS.digitalocean.digitaloceanToken), `${r.name} holds the token outside a secret`);
      }
    }
  });
});

describe("multicloud platform: existing hosts (Pulumi.home.yaml)", function () {
  this.timeout(20000);
  let home: StackRun;
  before(async () => {
    home = (await runStack(stackFileConfig("home"), { stack: "home", secrets: SECRETS.existing })).ok();
  });

  it("installs MetalLB with the configured pool", () => {
    assert.ok(charts(home).includes("metallb"));
    const pool = home.ofType("kubernetes:metallb.io/v1beta1:IPAddressPool");
    assert.equal(pool.length, 1);
    assert.deepEqual(home.inputs(pool[0]!).spec.addresses, ["192.168.86.240-192.168.86.250"]);
  });

  it("runs the ingress on NodePorts 30080/30443", () => {
    const traefik = home.ofType(RELEASE).find((r) => home.inputs(r).chart === "traefik")!;
    const ports = home.inputs(traefik).values.ports;
    assert.equal(ports.web.nodePort, 30080);
    assert.equal(ports.websecure.nodePort, 30443);
    assert.deepEqual(home.inputs(traefik).values.service.annotations, {});
  });

  it("has no cloud controller and no cloud CSI driver", () => {
    for (const chart of charts(home)) assert.ok(!/cloud-controller|hcloud|csi-digitalocean/.test(chart), chart);
    assert.deepEqual(files(home).filter((f) => f.includes("digitalocean")), []);
    assert.ok(!home.ofType(SECRET).some((r) => ["hcloud", "digitalocean"].includes(home.inputs(r).metadata?.name)));
  });
});

describe("profiles: storage per cloud", () => {
  const fixture: Record<string, () => Record<string, unknown>> = {
    hetzner: () => ({ cloud: "hetzner", access: doConfig().access, platform: { certManager: { email: "ops@example.com" } }, gitops: doConfig().gitops }),
    digitalocean: () => doConfig({ servers: { count: 3, size: "s-2vcpu-4gb", locations: ["fra1"] } }),
    existing: () => existingConfig(),
  };
  /** Prod on machines you own: 3 servers (an HA control plane), and Longhorn's disks listed (prod enables it there). */
  const prodHosts = [
    ...[1, 3, 4].map((n) => ({ ...HOME_HOSTS[0], name: `k3s${n}`, address: `192.168.86.7${n}`, privateAddress: `192.168.86.7${n}` })),
    HOME_HOSTS[1],
  ];
  const extra = (profile: string, cloud: string) =>
    profile === "prod" && cloud === "existing" ? { existing: { ...(existingConfig().existing as object), hosts: prodHosts, storage: { longhornDiskPaths: ["/mnt/disk1"] } } } : {};

  for (const profile of PROFILE_NAMES) {
    for (const cloud of Object.keys(fixture)) {
      it(`${profile} on ${cloud}: validates with exactly one default StorageClass and only its own cloud's CSI`, () => {
        const raw = { ...fixture[cloud]!(), ...extra(profile, cloud), profile };
        const config = buildConfig(raw, "any");
        const storage = config.platform.storage as Record<string, { enabled: boolean; default?: boolean } | undefined>;
        const defaults = Object.entries(storage).filter(([, b]) => b?.enabled && b.default === true);
        assert.equal(defaults.length, 1, JSON.stringify(storage));
        assert.doesNotThrow(() => defaultStorageClassOf(config.platform.storage));
        assert.equal(storage.hcloudCsi?.enabled ?? false, cloud === "hetzner" && profile === "prod");
        assert.equal(storage.doCsi?.enabled ?? false, cloud === "digitalocean" && profile === "prod");
      });
    }
  }

  it("has a storage table entry for every profile and cloud", () => {
    for (const profile of PROFILE_NAMES) assert.deepEqual(Object.keys(STORAGE_BY_CLOUD[profile]).sort(), ["digitalocean", "existing", "hetzner"]);
  });

  it("refuses the DigitalOcean CSI driver off DigitalOcean", () => {
    const raw = { ...fixture.hetzner!(), profile: "dev", platform: { certManager: { email: "ops@example.com" }, storage: { doCsi: { enabled: true, default: false } } } };
    assert.throws(() => buildConfig(raw, "any"), (e: unknown) => e instanceof ConfigError && /platform\.storage\.doCsi\.enabled[\s\S]*needs cloud digitalocean/.test(e.message));
  });

  it("counts existing.hosts as the node count (Longhorn replicas check)", () => {
    const raw = existingConfig();
    assert.equal(rawNodeCount(raw), 2);
    const tooMany = existingConfig({ platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: true, default: false }, longhorn: { enabled: true, default: true, replicas: 3 } } } });
    assert.throws(() => buildConfig(tooMany, "any"), /longhorn\.replicas[\s\S]*exceeds the node count \(2\)/);
    const ok = existingConfig({ platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: true, default: false }, longhorn: { enabled: true, default: true, replicas: 2 } } } });
    assert.doesNotThrow(() => buildConfig(ok, "any"));
  });
});
