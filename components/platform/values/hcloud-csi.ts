/**
 * Values for hcloud-csi 2.22.1 (hetznercloud/csi-driver tag v2.22.1, chart/values.yaml): one StorageClass
 * `hcloud-volumes`, default only when chosen, and the cluster's label on every volume the driver creates.
 *
 * `controller.volumeExtraLabels` ("default labels to apply to all newly created volumes", a key: value map) becomes
 * the controller's `HCLOUD_VOLUME_EXTRA_LABELS` as `k=v` pairs joined by commas (chart/templates/controller/
 * deployment.yaml; read by cmd/main.go). The driver adds its own `managed-by=csi-driver` and `pvc-*` labels; ours is
 * `cluster=<clusterName>`, the label HetznerNodes puts on the servers, so `hcloud volume list -l cluster=<name>` finds
 * a cluster's volumes after a destroy.
 */
import { CLOUD_CLUSTER_LABEL } from "../../kernel/cloud-labels";
import { Values, sortedValues } from "../../kernel/serialise";

export const HCLOUD_STORAGE_CLASS = "hcloud-volumes";

export interface HcloudCsiValuesArgs {
  /** Whether `hcloud-volumes` is the cluster's default StorageClass. */
  readonly isDefault: boolean;
  /** The cluster's name: the value of the `cluster` label on every volume. */
  readonly clusterName: string;
}

export function hcloudCsiValues(args: HcloudCsiValuesArgs): Values {
  return sortedValues({
    controller: { volumeExtraLabels: { [CLOUD_CLUSTER_LABEL]: args.clusterName } },
    storageClasses: [{ name: HCLOUD_STORAGE_CLASS, defaultStorageClass: args.isDefault, reclaimPolicy: "Delete" }],
  });
}
