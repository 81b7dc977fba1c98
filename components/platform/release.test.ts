import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { catalogEntry } from "../kernel/catalog";
import { runProgram } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { plainInputs } from "../testing/recorder";
import { DEFAULT_RELEASE_TIMEOUT, RELEASE_MAX_HISTORY, RELEASE_TIMEOUTS, catalogManifests, catalogRelease, releaseArgs } from "./release";

/** A stand-in for the cluster's readiness resource. */
class Ready extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Ready", name, {});
  }
}

/** A stand-in parent component. */
class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Parent", name, {});
  }
}

describe("releaseArgs", () => {
  it("takes chart, version, repo, namespace and release name from the catalog; atomic, cleaned up, bounded history", () => {
    const e = catalogEntry("traefik");
    const a = releaseArgs("traefik", { b: 1, a: { d: 2, c: 3 } });
    assert.deepEqual(
      { name: a.name, chart: a.chart, version: a.version, repo: (a.repositoryOpts as { repo: string }).repo, namespace: a.namespace },
      { name: e.releaseName, chart: e.chart, version: e.version, repo: e.repo, namespace: e.namespace },
    );
    assert.deepEqual([a.createNamespace, a.atomic, a.cleanupOnFail, a.maxHistory, a.timeout], [true, true, true, RELEASE_MAX_HISTORY, DEFAULT_RELEASE_TIMEOUT]);
    assert.equal(JSON.stringify(a.values), '{"a":{"c":3,"d":2},"b":1}', "values are serialised with sorted keys");
  });

  it("gives charts that roll out on every node longer", () => {
    assert.equal(releaseArgs("longhorn", {}).timeout, RELEASE_TIMEOUTS.longhorn);
    assert.equal(releaseArgs("cilium", {}).timeout, 900);
    assert.ok(RELEASE_TIMEOUTS.longhorn! > DEFAULT_RELEASE_TIMEOUT);
  });

  it("refuses a catalog entry that publishes manifests, not a chart", () => {
    assert.throws(() => releaseArgs("do-csi", {}), /do-csi publishes no Helm chart/);
  });
});

describe("catalogRelease and catalogManifests under the mock engine", function () {
  this.timeout(20000);

  it("registers the release under its parent with the provider, after what it must wait for", async () => {
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
      const ready = new Ready("ready");
      const parent = new Parent("p");
      catalogRelease("p-metallb", "metallb", { crds: { enabled: true } }, { parent, provider, dependsOn: [ready] });
      catalogManifests("p-do-csi", "do-csi", { parent, provider, dependsOn: [ready] });
      return {};
    }, { stack: "dev", config: {}, preview: false });
    if (r.error) throw r.error;
    const byName = (n: string) => r.resources.find((x) => x.name === n)!;
    const ready = byName("ready");
    const parent = byName("p");
    const release = byName("p-metallb");
    assert.equal(release.type, "kubernetes:helm.sh/v3:Release");
    assert.equal(release.parent, parent.urn);
    assert.ok(release.provider?.startsWith(byName("k8s").urn), "uses the given provider");
    assert.deepEqual(release.dependencies, [ready.urn]);
    assert.equal(plainInputs(release).chart, "metallb");

    const files = catalogEntry("do-csi").manifests!;
    const registered = files.map((_, i) => byName(`p-do-csi-${i}`));
    assert.deepEqual(registered.map((f) => plainInputs(f).file), files);
    assert.deepEqual(registered[0]!.dependencies, [ready.urn], "the CRD file waits only for readiness");
    for (const f of registered.slice(1)) assert.deepEqual([...f.dependencies].sort(), [ready.urn, registered[0]!.urn].sort(), `${f.name} waits for the CRDs`);
  });

  it("applies the files of an entry without CRDs in parallel, and refuses a chart", async () => {
    const r = await runProgram(() => {
      const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
      const parent = new Parent("p");
      catalogManifests("p-ccm", "digitalocean-ccm", { parent, provider, dependsOn: [] });
      assert.throws(() => catalogManifests("p-x", "traefik", { parent, provider, dependsOn: [] }), /traefik is a Helm chart; use catalogRelease/);
      return {};
    }, { stack: "dev", config: {}, preview: false });
    if (r.error) throw r.error;
    const ccm = r.resources.filter((x) => x.name.startsWith("p-ccm-"));
    assert.equal(ccm.length, catalogEntry("digitalocean-ccm").manifests!.length);
    for (const f of ccm) assert.deepEqual(f.dependencies, []);
  });
});
