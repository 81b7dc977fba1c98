/** Values for csi-driver-smb 1.20.3: the chart's defaults (it creates no StorageClass; ours is in resources/). */
import { Values, sortedValues } from "../../kernel/serialise";

export function csiDriverSmbValues(): Values {
  return sortedValues({ controller: { replicas: 1 } });
}
