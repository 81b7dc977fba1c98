import { strict as assert } from "node:assert";
import { CATALOG, catalogEntry } from "./catalog";
import { ENGINE_CATALOG_ENTRIES, ENGINE_CATALOG_KEYS } from "./engine-catalog";

describe("kernel engine catalog", () => {
  it("pins Argo CD 3.5 and the Flux Operator from its OCI registry", () => {
    assert.deepEqual([catalogEntry("argo-cd").version, catalogEntry("argo-cd").appVersion], ["10.3.3", "v3.5.1"]);
    const fo = catalogEntry("flux-operator");
    assert.deepEqual([fo.repo, fo.chart, fo.namespace, fo.layer], ["oci://ghcr.io/controlplaneio-fluxcd/charts", "flux-operator", "flux-system", 4]);
  });

  it("maps each GitOps engine to a layer-4 gitops-engine entry", () => {
    assert.deepEqual(ENGINE_CATALOG_KEYS, { argocd: "argo-cd", flux: "flux-operator" });
    assert.ok(!("flux2" in CATALOG), "the community flux2 chart is gone");
    for (const key of Object.values(ENGINE_CATALOG_KEYS)) {
      assert.equal(catalogEntry(key).layer, 4, key);
      assert.equal(catalogEntry(key).role, "gitops-engine", key);
    }
  });

  it("is the catalog's last entries, the same objects", () => {
    assert.deepEqual(Object.keys(CATALOG).slice(-2), ["argo-cd", "flux-operator"]);
    for (const [key, entry] of Object.entries(ENGINE_CATALOG_ENTRIES)) assert.equal(catalogEntry(key), entry, key);
  });
});
