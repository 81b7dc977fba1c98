import { strict as assert } from "node:assert";
import { CATALOG, CatalogEntry, catalogEntry, entriesForChart } from "./catalog";
import { BOOTSTRAP_ROLES, bootstrapEntriesForPath } from "./bootstrap";

const entries = Object.entries(CATALOG as Record<string, CatalogEntry>);
const semver = (v: string) => v.replace(/^v/, "").split(".").map(Number);

describe("kernel catalog", () => {
  it("pins every component to an exact version with its source", () => {
    for (const [key, e] of entries) {
      assert.match(e.version, /^v?\d+\.\d+\.\d+$/, `${key}.version ${e.version} is not exact`);
      assert.match(e.repo, /^(https|oci):\/\//, `${key}.repo`);
      assert.ok(e.source.length > 10, `${key}.source`);
      assert.ok(e.namespace && e.releaseName && e.chart, key);
      for (const need of e.needs) assert.ok(need in CATALOG, `${key} needs unknown ${need}`);
    }
  });

  it("has the Hetzner cloud controller at v1.30.1 or newer", () => {
    const [major, minor, patch] = semver(catalogEntry("hcloud-ccm").version);
    assert.ok(major! > 1 || minor! > 30 || (minor === 30 && patch! >= 1), catalogEntry("hcloud-ccm").version);
  });

  it("puts cluster-core in layer 2 and the platform in layer 3", () => {
    for (const key of ["hcloud-ccm", "cilium", "metallb", "gateway-api"]) assert.equal(catalogEntry(key).layer, 2, key);
    for (const key of ["traefik", "ingress-nginx", "cert-manager", "longhorn", "hcloud-csi", "csi-driver-smb", "external-secrets", "system-upgrade-controller", "metrics-server"]) {
      assert.equal(catalogEntry(key).layer, 3, key);
    }
  });

  it("lists the CRDs the custom resources need", () => {
    assert.ok(catalogEntry("cert-manager").crds.includes("clusterissuers.cert-manager.io"));
    assert.ok(catalogEntry("metallb").crds.includes("ipaddresspools.metallb.io"));
    assert.ok(catalogEntry("external-secrets").crds.includes("clustersecretstores.external-secrets.io"));
    assert.ok(catalogEntry("system-upgrade-controller").crds.includes("plans.upgrade.cattle.io"));
  });

  it("marks only chart-less components as manifests, pinned to the same version", () => {
    const withManifests = entries.filter(([, e]) => e.manifests).map(([k]) => k).sort();
    assert.deepEqual(withManifests, ["digitalocean-ccm", "do-csi", "gateway-api", "system-upgrade-controller"]);
    for (const [, e] of entries) {
      for (const m of e.manifests ?? []) {
        assert.ok(m.startsWith(`${e.repo}/`), m);
        assert.ok(m.includes(`/${e.version}/`), `${m} is not pinned to ${e.version}`);
        assert.ok(!/\/(master|main|latest)\//.test(m), `${m} follows a branch`);
      }
    }
  });

  it("pins DigitalOcean's cloud controller and CSI driver to their exact release files", () => {
    const ccm = catalogEntry("digitalocean-ccm");
    assert.equal(ccm.layer, 2);
    assert.equal(ccm.role, "cloud-controller");
    assert.deepEqual(ccm.manifests, [
      "https://raw.githubusercontent.com/digitalocean/digitalocean-cloud-controller-manager/v0.1.71/releases/digitalocean-cloud-controller-manager/v0.1.71.yml",
    ]);
    const csi = catalogEntry("do-csi");
    assert.equal(csi.layer, 3);
    assert.equal(csi.role, "storage");
    const dir = "https://raw.githubusercontent.com/digitalocean/csi-digitalocean/v4.19.0/deploy/kubernetes/releases/csi-digitalocean-v4.19.0";
    assert.deepEqual(csi.manifests, [`${dir}/crds.yaml`, `${dir}/driver.yaml`, `${dir}/snapshot-controller.yaml`]);
    assert.ok(csi.crds.includes("volumesnapshotclasses.snapshot.storage.k8s.io"));
  });

  it("pins the Gateway API standard channel release manifest, with the standard CRDs", () => {
    const g = catalogEntry("gateway-api");
    assert.deepEqual(g.manifests, ["https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml"]);
    for (const crd of ["gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants", "tlsroutes", "listenersets"]) {
      assert.ok(g.crds.includes(`${crd}.gateway.networking.k8s.io`), crd);
    }
    assert.ok(!g.manifests!.some((m) => m.includes("experimental")), "the standard channel only");
  });

  it("finds entries by chart and refuses unknown keys", () => {
    assert.deepEqual(entriesForChart("cert-manager").map(([k]) => k), ["cert-manager"]);
    assert.deepEqual(entriesForChart("no-such-chart"), []);
    assert.throws(() => catalogEntry("no-such-key"), /no-such-key is not in the catalog \(components\/kernel\/catalog.ts\)/);
  });
});

describe("kernel bootstrapEntriesForPath", () => {
  const keys = (path: string) => bootstrapEntriesForPath(path).map(([k]) => k);
  it("names each bootstrap entry a path segment equals (key, chart or release name), case-insensitively", () => {
    assert.deepEqual(keys("./gitops/clusters/cilium/flux/01-platform-services"), ["cilium"]);
    assert.deepEqual(keys("gitops/Longhorn/dev/argocd/01-x"), ["longhorn", "argo-cd"]);
    assert.deepEqual(keys("infra/hccm"), ["hcloud-ccm"], "the release name");
    assert.deepEqual(keys("infra/flux-operator"), ["flux-operator"]);
  });
  it("ignores segments that only contain a term, and entries outside the bootstrap roles", () => {
    assert.deepEqual(keys("gitops/clusters/dev/flux/02-longhorn-backups"), []);
    assert.deepEqual(keys("gitops/clusters/cilium-lab"), []);
    const others = Object.entries(CATALOG as Record<string, CatalogEntry>).filter(([, e]) => !(BOOTSTRAP_ROLES as readonly string[]).includes(e.role));
    assert.ok(others.length > 0);
    for (const [key] of others) assert.deepEqual(keys(`gitops/${key}`), [], key);
  });
});
