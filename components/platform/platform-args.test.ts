import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAccess } from "../k3s/types";
import { InputPropertiesError } from "../kernel/errors";
import { PlatformArgs, defaultStorageClassOf, validatePlatformArgs } from "./platform-args";

/** Args are checked before anything is registered, so no provider is needed here: a stand-in is enough. */
const ACCESS = { provider: {}, ready: [], kubeconfig: pulumi.secret("k"), apiServerUrl: pulumi.output("https://192.0.2.1:6443") } as unknown as ClusterAccess;

const GOOD: PlatformArgs = {
  access: ACCESS,
  cloud: { kind: "none" },
  clusterName: "k3s-home",
  nodeCount: 3,
  ingress: { controller: "traefik", replicas: 2, nodePorts: { http: 30080, https: 30443 } },
  certManager: { email: "ops@example.com", defaultIssuer: "letsencrypt-production" },
  storage: { localPath: { enabled: true, default: false }, longhorn: { enabled: true, default: true, replicas: 3 } },
  externalSecrets: { enabled: true, clusterSecretStore: { name: "aws", provider: { aws: {} } } },
  upgrades: { enabled: true, k3sVersion: "v1.34.3+k3s3" },
  sopsNamespace: "argocd",
};

/** The InputPropertiesError validatePlatformArgs throws for `args`. */
function refused(args: unknown): InputPropertiesError {
  try {
    validatePlatformArgs(args as PlatformArgs);
  } catch (e) {
    assert.ok(e instanceof InputPropertiesError, String(e));
    return e;
  }
  assert.fail("expected an InputPropertiesError");
}

describe("defaultStorageClassOf", () => {
  it("names the one default backend's StorageClass", () => {
    assert.equal(defaultStorageClassOf({ localPath: { enabled: true, default: true } }), "local-path");
    assert.equal(defaultStorageClassOf({ localPath: { enabled: true }, longhorn: { enabled: true, default: true } }), "longhorn");
    assert.equal(defaultStorageClassOf({ hcloudCsi: { enabled: true, default: true } }), "hcloud-volumes");
    assert.equal(defaultStorageClassOf({ doCsi: { enabled: true, default: true } }), "do-block-storage");
  });

  it("refuses none, two, or a default on a disabled backend", () => {
    assert.throws(() => defaultStorageClassOf({ localPath: { enabled: true } }), /exactly one StorageClass default; found 0/);
    assert.throws(() => defaultStorageClassOf({ localPath: { enabled: true, default: true }, longhorn: { enabled: true, default: true } }), /found 2/);
    assert.throws(() => defaultStorageClassOf({ longhorn: { enabled: false, default: true } }), /found 0/);
  });
});

describe("validatePlatformArgs", () => {
  it("accepts good args, and the smallest ones", () => {
    validatePlatformArgs(GOOD);
    validatePlatformArgs({
      access: ACCESS,
      cloud: { kind: "none" },
      clusterName: "c",
      nodeCount: 1,
      ingress: { controller: "ingress-nginx" },
      certManager: {},
      storage: { localPath: { enabled: true, default: true } },
    });
  });

  it("accepts Traefik's known plugins and names an unknown or repeated one", () => {
    validatePlatformArgs({ ...GOOD, ingress: { controller: "traefik", plugins: ["sablier"] } });
    const e = refused({ ...GOOD, ingress: { controller: "traefik", plugins: ["sablier", "crowdsec", "sablier"] } });
    assert.deepEqual(
      e.problems.map((p) => [p.path, p.value, p.accepted]),
      [
        ["ingress.plugins[1]", "crowdsec", "must be one of sablier"],
        ["ingress.plugins[2]", "sablier", "is listed twice; list each plugin once"],
      ],
    );
  });

  it("lists every problem at once, each with its property path, value and what is accepted", () => {
    const e = refused({
      ...GOOD,
      clusterName: "",
      nodeCount: 0,
      ingress: { controller: "haproxy", replicas: 1.5, nodePorts: { http: 80, https: 80 } },
      certManager: { email: "ops-at-example", defaultIssuer: "letsencrypt" },
      storage: { localPath: { enabled: false, default: true }, longhorn: { enabled: true, default: true, replicas: 0 }, smb: { enabled: true, source: "smb://host/share" } },
      externalSecrets: { enabled: true, clusterSecretStore: { name: "AWS!", provider: { aws: {}, vault: {} } } },
      upgrades: { enabled: true, k3sVersion: "latest" },
      sopsNamespace: "Flux System",
    });
    assert.equal(e.component, "Platform");
    const paths = e.problems.map((p) => p.path);
    assert.deepEqual(paths, [
      "clusterName",
      "nodeCount",
      "ingress.controller",
      "ingress.replicas",
      "ingress.nodePorts.http",
      "ingress.nodePorts.https",
      "ingress.nodePorts.https",
      "certManager.email",
      "certManager.defaultIssuer",
      "storage.localPath.default",
      "storage.longhorn.replicas",
      "storage.smb.source",
      "externalSecrets.clusterSecretStore.name",
      "externalSecrets.clusterSecretStore.provider",
      "upgrades.k3sVersion",
      "sopsNamespace",
    ]);
    assert.match(e.message, /^Invalid arguments to Platform \(16 problems\)/);
    assert.match(e.message, /ingress\.controller is "haproxy": must be one of traefik, ingress-nginx/);
    assert.match(e.message, /ingress\.nodePorts\.http is 80: must be a NodePort in 30000-32767/);
    assert.match(e.message, /certManager\.email is "ops-at-example": must be an email address/);
    assert.match(e.message, /certManager\.defaultIssuer is "letsencrypt": must be one of letsencrypt-staging, letsencrypt-production/);
    assert.match(e.message, /storage\.localPath\.default is true: makes a disabled backend the default StorageClass/);
    assert.match(e.message, /upgrades\.k3sVersion is "latest": must be a k3s release such as v1\.34\.3\+k3s3/);
    assert.ok(!e.message.includes("k3s-gitops:"), "names the component's own paths, not stack keys");
  });

  it("wants exactly one default StorageClass", () => {
    const none = refused({ ...GOOD, storage: { localPath: { enabled: true } } });
    assert.deepEqual(none.problems.map((p) => [p.path, p.value]), [["storage", "no default"]]);
    const two = refused({ ...GOOD, storage: { localPath: { enabled: true, default: true }, hcloudCsi: { enabled: true, default: true } } });
    assert.deepEqual(two.problems.map((p) => [p.path, p.value]), [["storage", "localPath, hcloudCsi"]]);
    assert.match(two.message, /must make exactly one StorageClass default/);
  });

  it("keeps Longhorn's replicas within the node count", () => {
    const e = refused({ ...GOOD, nodeCount: 2 });
    assert.deepEqual(e.problems.map((p) => p.path), ["storage.longhorn.replicas"]);
    assert.match(e.message, /storage\.longhorn\.replicas is 3: must be at most nodeCount \(2\)/);
  });

  it("checks what only matters when enabled only when enabled", () => {
    validatePlatformArgs({ ...GOOD, upgrades: { enabled: false, k3sVersion: "" }, externalSecrets: { enabled: false, clusterSecretStore: { name: "X", provider: {} } } });
  });

  it("checks a plain-string age key without printing it", () => {
    const e = refused({ ...GOOD, ageKey: "AGE-SECRET-KEY-1NOTAKEY" });
    assert.deepEqual(e.problems.map((p) => [p.path, p.secret]), [["ageKey", true]]);
    assert.match(e.message, /ageKey is \[secret\]: is not valid bech32/);
    assert.ok(!e.message.includes("NOTAKEY"));
    // An Output is checked when the component reads it (inside apply), not here.
    validatePlatformArgs({ ...GOOD, ageKey: pulumi.secret("AGE-SECRET-KEY-1NOTAKEY") });
  });
});
