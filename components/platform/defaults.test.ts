import { strict as assert } from "node:assert";
import { ENGINE_CATALOG_KEYS, catalogEntry } from "../kernel/catalog";
import {
  CLUSTER_ISSUERS,
  DEFAULT_CLUSTER_ISSUER,
  DEFAULT_INGRESS_REPLICAS,
  DEFAULT_SOPS_NAMESPACE,
  INGRESS_CONTROLLERS,
  INGRESS_NODE_PORT_RANGE,
  STORAGE_CLASS_NAMES,
} from "./defaults";
import { INGRESS } from "./platform";
import { ACME_SERVERS } from "./resources/cluster-issuers";
import { HCLOUD_STORAGE_CLASS } from "./values/hcloud-csi";

describe("platform defaults", () => {
  it("names each backend's StorageClass once (hcloud-volumes is the CSI chart's own)", () => {
    assert.deepEqual(STORAGE_CLASS_NAMES, { localPath: "local-path", longhorn: "longhorn", hcloudCsi: "hcloud-volumes", doCsi: "do-block-storage" });
    assert.equal(STORAGE_CLASS_NAMES.hcloudCsi, HCLOUD_STORAGE_CLASS);
  });

  it("offers exactly the ingress controllers and issuers the component installs", () => {
    assert.deepEqual([...INGRESS_CONTROLLERS].sort(), Object.keys(INGRESS).sort());
    assert.deepEqual(CLUSTER_ISSUERS, ["letsencrypt-staging", "letsencrypt-production"]);
    assert.deepEqual([...CLUSTER_ISSUERS].sort(), Object.keys(ACME_SERVERS).sort());
    for (const c of INGRESS_CONTROLLERS) assert.equal(catalogEntry(INGRESS[c].key).layer, 3, `${c} is a layer-3 catalog entry`);
  });

  it("defaults to the staging issuer, two ingress replicas, Kubernetes' NodePort range and Flux's namespace", () => {
    assert.equal(DEFAULT_CLUSTER_ISSUER, "letsencrypt-staging");
    assert.equal(DEFAULT_INGRESS_REPLICAS, 2);
    assert.deepEqual(INGRESS_NODE_PORT_RANGE, { min: 30000, max: 32767 });
    assert.equal(DEFAULT_SOPS_NAMESPACE, catalogEntry(ENGINE_CATALOG_KEYS.flux).namespace);
    assert.equal(DEFAULT_SOPS_NAMESPACE, "flux-system");
  });
});
