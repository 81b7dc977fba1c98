import * as assert from "assert";
import { CATALOG, ENGINE_CATALOG_KEYS, catalogEntry } from "./catalog";
import { COMPONENT_FLOORS, K3S_RELEASES, compareVersions, k3sInstallerUrl, k3sMinor, k3sRelease } from "./k3s-releases";

describe("kernel/k3s-releases", () => {
  it("every release is an exact tag with an installer pinned at that tag and a sha256", () => {
    assert.ok(K3S_RELEASES.length > 0);
    for (const r of K3S_RELEASES) {
      assert.match(r.version, /^v1\.\d+\.\d+(-rc\d+)?\+k3s\d+$/);
      assert.strictEqual(r.prerelease, r.version.includes("-rc"));
      assert.strictEqual(r.installer.url, k3sInstallerUrl(r.version));
      assert.ok(r.installer.url.includes(`/${r.version.replace("+", "%2B")}/install.sh`), "the installer comes from the tag, never get.k3s.io");
      assert.ok(!r.installer.url.includes("get.k3s.io"));
      assert.match(r.installer.sha256, /^[0-9a-f]{64}$/);
      assert.ok(r.installer.source.length > 0);
    }
    assert.strictEqual(new Set(K3S_RELEASES.map((r) => r.version)).size, K3S_RELEASES.length, "no duplicate rows");
  });

  it("encodes the + of a tag in the raw URL", () => {
    assert.strictEqual(k3sInstallerUrl("v1.36.4+k3s1"), "https://raw.githubusercontent.com/k3s-io/k3s/v1.36.4%2Bk3s1/install.sh");
  });

  it("reads the minor of a tag and refuses what is not one", () => {
    assert.strictEqual(k3sMinor("v1.36.4+k3s1"), "1.36");
    assert.strictEqual(k3sMinor("v1.37.0-rc1+k3s1"), "1.37");
    assert.strictEqual(k3sMinor("stable"), undefined);
    assert.strictEqual(k3sMinor("v1.36"), undefined);
    assert.strictEqual(k3sRelease("v1.36.4+k3s1")?.version, "v1.36.4+k3s1");
    assert.strictEqual(k3sRelease("v9.9.9+k3s1"), undefined);
  });

  it("compares versions numerically, ignoring v and build suffixes", () => {
    assert.ok(compareVersions("1.35.0", "1.31.0") > 0);
    assert.ok(compareVersions("v1.21.1", "v1.21.0") > 0);
    assert.ok(compareVersions("1.9.0", "1.10.0") < 0, "numeric, not lexical");
    assert.strictEqual(compareVersions("v0.20.1", "0.20.1"), 0);
    assert.strictEqual(compareVersions("1.36.4+k3s1", "1.36.4"), 0);
  });

  it("every supported minor has floors, and every catalog pin meets them", () => {
    const minors = new Set(K3S_RELEASES.map((r) => k3sMinor(r.version)!));
    for (const minor of minors) {
      const floors = COMPONENT_FLOORS[minor];
      assert.ok(floors, `no component floors for Kubernetes ${minor}`);
      for (const [key, floor] of Object.entries(floors)) {
        assert.ok(key in CATALOG, `floor for unknown catalog key ${key}`);
        const pinned = catalogEntry(key as keyof typeof CATALOG).appVersion;
        assert.ok(compareVersions(pinned, floor.minimum) >= 0, `${key} ${pinned} is below the Kubernetes ${minor} floor ${floor.minimum} (${floor.source})`);
      }
    }
  });

  /**
   * The compatibility table covers every pin whose Kubernetes support is published: cloud controller, CNI, storage,
   * certificates, the Gateway API CRDs, the ingress and both GitOps engines. Entries without a published support
   * statement for the minor carry no floor (MetalLB, External Secrets, metrics-server, SMB CSI, system-upgrade-controller,
   * the DigitalOcean manifests); ingress-nginx has none because no release was ever tested on 1.36 (it is retired).
   */
  const FLOORED = ["hcloud-ccm", "hcloud-csi", "longhorn", "cilium", "cert-manager", "gateway-api", "traefik", ...Object.values(ENGINE_CATALOG_KEYS)];

  it("has a floor for every floored catalog entry in every supported minor, each with its source", () => {
    for (const minor of new Set(K3S_RELEASES.map((r) => k3sMinor(r.version)!))) {
      for (const key of FLOORED) {
        const floor = COMPONENT_FLOORS[minor]?.[key];
        assert.ok(floor, `Kubernetes ${minor} has no floor for ${key}`);
        assert.ok(floor.source.length > 10, `${key} floor has no source`);
        assert.ok(compareVersions(catalogEntry(key).appVersion, floor.minimum) >= 0, `${key} ${catalogEntry(key).appVersion} < ${floor.minimum}`);
      }
    }
    assert.ok(!FLOORED.includes("ingress-nginx"));
  });

  it("the floor check fails for a version below a floor", () => {
    assert.ok(compareVersions("1.30.0", COMPONENT_FLOORS["1.36"]!["hcloud-ccm"]!.minimum) < 0);
  });
});
