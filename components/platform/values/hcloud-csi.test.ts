import { strict as assert } from "node:assert";
import { HCLOUD_STORAGE_CLASS, hcloudCsiValues } from "./hcloud-csi";

describe("hcloudCsiValues", () => {
  it("creates one StorageClass, default only when chosen, and labels every volume with the cluster", () => {
    assert.deepEqual(hcloudCsiValues({ isDefault: true, clusterName: "k3s-prod" }), {
      controller: { volumeExtraLabels: { cluster: "k3s-prod" } },
      storageClasses: [{ defaultStorageClass: true, name: HCLOUD_STORAGE_CLASS, reclaimPolicy: "Delete" }],
    });
    assert.equal((hcloudCsiValues({ isDefault: false, clusterName: "a" }) as any).storageClasses[0].defaultStorageClass, false);
    assert.equal(HCLOUD_STORAGE_CLASS, "hcloud-volumes");
  });
});
