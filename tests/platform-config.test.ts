/**
 * The platform config through the program's schema. The pure functions' own tests (values builders, age keys, the
 * uncordon script) live beside them in components/platform/.
 */
import { strict as assert } from "node:assert";
import { defaultStorageClassOf } from "@k3s-gitops/components";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { ingressArgs } from "../stacks/args/platform";
import { baseConfig } from "./mocks";

const EMAIL = { certManager: { email: "ops@example.com" } };
const config = (overrides: Record<string, unknown> = {}, stack = "dev") =>
  buildConfig(baseConfig({ platform: EMAIL, ...overrides }), stack);

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail("expected a ConfigError");
}

describe("platform config", () => {
  it("dev and prod profiles validate, each with exactly one default StorageClass", () => {
    assert.equal(defaultStorageClassOf(config().platform.storage), "local-path");
    assert.equal(defaultStorageClassOf(config({}, "prod").platform.storage), "longhorn");
    assert.equal(config().platform.certManager.defaultIssuer, "letsencrypt-staging");
    assert.equal(config({}, "prod").platform.certManager.defaultIssuer, "letsencrypt-production");
    assert.equal(config({}, "prod").platform.storage.hcloudCsi?.default, false);
  });

  it("takes Traefik plugins by name into the ingress args, and names an unknown, repeated or non-Traefik one", () => {
    const ok = config({ platform: { ...EMAIL, ingress: { plugins: ["sablier"] } } });
    assert.deepEqual(ingressArgs(ok, undefined), { controller: "traefik", replicas: undefined, plugins: ["sablier"] });
    assert.equal(ingressArgs(config(), undefined).controller === "traefik" && (ingressArgs(config(), undefined) as { plugins?: unknown }).plugins, undefined);
    assert.match(problems(() => config({ platform: { ...EMAIL, ingress: { plugins: ["crowdsec"] } } })), /k3s-gitops:platform\.ingress\.plugins\[0\] is "crowdsec": must be one of sablier/);
    assert.match(problems(() => config({ platform: { ...EMAIL, ingress: { plugins: ["sablier", "sablier"] } } })), /platform\.ingress\.plugins.*lists a plugin twice/);
    assert.match(
      problems(() => config({ platform: { ...EMAIL, ingress: { controller: "ingress-nginx", plugins: ["sablier"] } } })),
      /platform\.ingress\.plugins.*sablier.*Traefik middleware plugins, but platform\.ingress\.controller is "ingress-nginx"/,
    );
  });

  it("rejects a missing issuer email", () => {
    const msg = problems(() => buildConfig(baseConfig({ platform: {} }), "dev"));
    assert.match(msg, /k3s-gitops:platform\.certManager\.email is missing/);
  });

  it("rejects two default storage classes", () => {
    const msg = problems(() => config({ platform: { ...EMAIL, storage: { hcloudCsi: { enabled: true, default: true } } } }, "prod"));
    assert.match(msg, /k3s-gitops:platform\.storage is "longhorn, hcloudCsi"\W+(it )?marks 2 default StorageClasses/);
  });

  it("rejects no default storage class and a default on a disabled backend", () => {
    assert.match(problems(() => config({ platform: { ...EMAIL, storage: { localPath: { enabled: true, default: false } } } })), /has no default StorageClass/);
    assert.match(problems(() => config({ platform: { ...EMAIL, storage: { localPath: { enabled: false, default: true } } } })), /makes a disabled backend the default/);
  });

  it("rejects MetalLB without a pool", () => {
    assert.match(problems(() => config({ platform: { ...EMAIL, metallb: { enabled: true } } })), /platform\.metallb\.addresses is missing/);
  });

  it("rejects Longhorn replicas above the node count", () => {
    const msg = problems(() => config({ platform: { ...EMAIL, storage: { longhorn: { enabled: true, default: true, replicas: 2 }, localPath: { enabled: false, default: false } } } }));
    assert.match(msg, /platform\.storage\.longhorn\.replicas is 2\W+(it )?exceeds the node count \(1\)/);
  });

  it("rejects cilium with flannel settings", () => {
    const msg = problems(() => config({ k3s: { version: "v1.36.4+k3s1", cni: "cilium", extraArgs: ["--flannel-ipv6-masq"] } }));
    assert.match(msg, /k3s-gitops:k3s\.extraArgs\[0\] is "--flannel-ipv6-masq"\W+(it )?is a flannel setting/);
  });

  it("accepts Route53 DNS-01 settings and rejects a bad region", () => {
    const r53 = { region: "eu-central-1", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    assert.equal(config({ platform: { certManager: { email: "ops@example.com", route53: r53 } } }).platform.certManager.route53?.region, "eu-central-1");
    assert.match(problems(() => config({ platform: { certManager: { email: "ops@example.com", route53: { ...r53, region: "Frankfurt" } } } })), /route53\.region/);
  });
});
