import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runProgram } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { Platform } from "./platform";
import type { PlatformLayers, SopsAgeKey } from "./types";

/** Every key of the contracts, checked by the compiler to be complete (a missing or extra key does not compile). */
const LAYER_KEYS: Record<keyof PlatformLayers, true> = {
  clusterCore: true,
  schedulingGates: true,
  platform: true,
  cloudResourceOwners: true,
  sopsAgeKey: true,
  defaultStorageClass: true,
  ingressClass: true,
  clusterIssuer: true,
  ingress: true,
  gateway: true,
  certManager: true,
};
const SOPS_KEYS: Record<keyof SopsAgeKey, true> = { secretName: true, namespace: true, publicKey: true, resource: true };

describe("PlatformLayers: what Platform hands to the GitOps layers", function () {
  this.timeout(20000);

  it("is filled in completely by Platform, with resources where resources are due", async () => {
    let layers: PlatformLayers | undefined;
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
      layers = new Platform("p", {
        access: { provider, ready: [], kubeconfig: pulumi.secret(FAKE_KUBECONFIG), apiServerUrl: pulumi.output("https://203.0.113.1:6443") },
        cloud: { kind: "none" },
        clusterName: "c",
        nodeCount: 1,
        ingress: { controller: "traefik" },
        certManager: {},
        storage: { localPath: { enabled: true, default: true } },
      }).layers;
      return {};
    }, { stack: "dev", config: {}, preview: false });
    if (r.error) throw r.error;
    const l = layers!;
    assert.deepEqual(Object.keys(l).sort(), Object.keys(LAYER_KEYS).sort());
    assert.deepEqual(Object.keys(l.sopsAgeKey).sort(), Object.keys(SOPS_KEYS).sort());
    for (const list of [l.platform, l.clusterCore, l.cloudResourceOwners]) for (const x of list) assert.ok(pulumi.Resource.isInstance(x));
    assert.ok(l.platform.length > 0);
    assert.ok(pulumi.Resource.isInstance(l.sopsAgeKey.resource));
    assert.ok(pulumi.Output.isInstance(l.sopsAgeKey.publicKey));
    assert.ok(pulumi.Resource.isInstance(l.ingress!.release) && pulumi.Resource.isInstance(l.certManager!));
    assert.ok(l.platform.includes(l.sopsAgeKey.resource) && l.platform.includes(l.ingress!.release));
    assert.deepEqual([l.gateway!.name, l.gateway!.namespace], ["shared", "traefik"]);
    assert.ok(l.platform.includes(l.gateway!.resource));
  });
});
