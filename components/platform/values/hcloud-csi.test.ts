import { strict as assert } from "node:assert";
import { HCLOUD_STORAGE_CLASS, hcloudCsiValues } from "./hcloud-csi";

describe("hcloudCsiValues", () => {
  it("creates one StorageClass, default only when chosen", () => {
    assert.deepEqual(hcloudCsiValues({ isDefault: true }), {
      storageClasses: [{ defaultStorageClass: true, name: HCLOUD_STORAGE_CLASS, reclaimPolicy: "Delete" }],
    });
    assert.equal((hcloudCsiValues({ isDefault: false }) as any).storageClasses[0].defaultStorageClass, false);
    assert.equal(HCLOUD_STORAGE_CLASS, "hcloud-volumes");
  });
});
