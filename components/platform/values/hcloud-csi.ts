/** Values for hcloud-csi 2.22.1 (chart/values.yaml): one StorageClass `hcloud-volumes`, default only when chosen. */
import { Values, sortedValues } from "../../kernel/serialise";

export const HCLOUD_STORAGE_CLASS = "hcloud-volumes";

export function hcloudCsiValues(args: { readonly isDefault: boolean }): Values {
  return sortedValues({
    storageClasses: [{ name: HCLOUD_STORAGE_CLASS, defaultStorageClass: args.isDefault, reclaimPolicy: "Delete" }],
  });
}
