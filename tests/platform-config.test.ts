import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ageKeyFromBytes, bech32Decode, bech32Encode, parseAgeIdentity, x25519PublicKey } from "../components/platform/age-key";
import { defaultStorageClassOf } from "../components/platform/platform";
import { renderUncordonScript } from "../components/platform/uncordon";
import { hcloudCcmValues, longhornReplicas, traefikValues } from "../components/platform/values";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
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
    const msg = problems(() => config({ k3s: { version: "v1.34.3+k3s3", cni: "cilium", extraArgs: ["--flannel-ipv6-masq"] } }));
    assert.match(msg, /k3s-gitops:k3s\.extraArgs\[0\] is "--flannel-ipv6-masq"\W+(it )?is a flannel setting/);
  });

  it("accepts Route53 DNS-01 settings and rejects a bad region", () => {
    const r53 = { region: "eu-central-1", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    assert.equal(config({ platform: { certManager: { email: "ops@example.com", route53: r53 } } }).platform.certManager.route53?.region, "eu-central-1");
    assert.match(problems(() => config({ platform: { certManager: { email: "ops@example.com", route53: { ...r53, region: "Frankfurt" } } } })), /route53\.region/);
  });
});

describe("values builders", () => {
  it("match the CCM's route handling to the CNI and pin the pod CIDR", () => {
    const flannel = hcloudCcmValues({ networkRoutes: false, loadBalancerLocation: "fsn1" }) as any;
    assert.deepEqual(flannel.networking, { clusterCIDR: "10.42.0.0/16", enabled: true });
    assert.equal(flannel.env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "false");
    assert.equal((hcloudCcmValues({ networkRoutes: true, loadBalancerLocation: "fsn1" }) as any).env.HCLOUD_NETWORK_ROUTES_ENABLED.value, "true");
  });

  it("serialise deterministically with sorted keys", () => {
    const a = traefikValues({ ingressClass: "traefik", replicas: 2, serviceAnnotations: { b: "2", a: "1" } });
    assert.deepEqual(Object.keys(a), ["deployment", "ingressClass", "service"]);
    assert.deepEqual(Object.keys((a as any).service.annotations), ["a", "b"]);
    assert.equal(JSON.stringify(a), JSON.stringify(traefikValues({ ingressClass: "traefik", replicas: 2, serviceAnnotations: { a: "1", b: "2" } })));
  });

  it("sets Longhorn replicas to min(3, nodes)", () => {
    assert.deepEqual([1, 2, 3, 5].map((n) => longhornReplicas(n)), [1, 2, 3, 3]);
    assert.equal(longhornReplicas(5, 2), 2);
  });
});

describe("age key", () => {
  it("bech32 matches the BIP-173 vectors", () => {
    assert.equal(bech32Encode("a", []), "a12uel5l");
    const words = Array.from({ length: 32 }, (_, i) => i);
    assert.equal(bech32Encode("abcdef", words), "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
    assert.deepEqual(bech32Decode("A12UEL5L"), { hrp: "a", words: [] });
    assert.throws(() => bech32Decode("a12uel5m"), /checksum/);
  });

  it("derives the X25519 public key node:crypto computes", () => {
    const { privateKey, publicKey } = generateKeyPairSync("x25519");
    const priv = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
    const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    assert.deepEqual(x25519PublicKey(Buffer.from(priv)), Buffer.from(pub));
  });

  it("formats age identities and recipients and round-trips a provided key", () => {
    const pair = ageKeyFromBytes(Buffer.alloc(32, 7));
    assert.match(pair.identity, /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/);
    assert.match(pair.recipient, /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/);
    assert.deepEqual(parseAgeIdentity(`# created: now\n${pair.identity}\n`), pair);
    assert.throws(() => parseAgeIdentity("age1notakey"), /checksum|identity|character/);
  });
});

describe("auto-uncordon script", () => {
  it("passes shellcheck", () => {
    const dir = mkdtempSync(join(tmpdir(), "uncordon-"));
    const file = join(dir, "uncordon.sh");
    writeFileSync(file, `#!/bin/sh\n${renderUncordonScript("system-upgrade")}`);
    execFileSync("shellcheck", ["-s", "sh", file]);
  });

  /** Runs the script with a fake kubectl on PATH; returns the nodes it uncordoned. */
  function runWithFakeKubectl(nodesOutput: string, activeJobs: string): string[] {
    const dir = mkdtempSync(join(tmpdir(), "uncordon-run-"));
    const log = join(dir, "uncordoned");
    writeFileSync(
      join(dir, "kubectl"),
      [
        "#!/bin/sh",
        'case "$1 $2" in',
        `  "get jobs") printf '%s' '${activeJobs}' ;;`,
        `  "get nodes") printf '%s' '${nodesOutput}' ;;`,
        `  "uncordon "*) echo "$2" >> '${log}' ;;`,
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    writeFileSync(join(dir, "run.sh"), renderUncordonScript("system-upgrade"));
    execFileSync("sh", [join(dir, "run.sh")], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    try {
      return require("node:fs").readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
    } catch {
      return [];
    }
  }

  it("uncordons Ready nodes without the opt-out annotation, even when the annotation is absent", () => {
    const nodes = "node-a True \nnode-b False \nnode-c True true\nnode-d True false\n";
    assert.deepEqual(runWithFakeKubectl(nodes, "\n\n"), ["node-a", "node-d"]);
  });

  it("leaves every node alone while an upgrade job is active", () => {
    assert.deepEqual(runWithFakeKubectl("node-a True \n", "\n1\n"), []);
  });
});
