/** Values for MetalLB 0.16.1 (charts/metallb/values.yaml): CRDs from the chart, both pods tolerate `uninitialized`. */
import { Values, sortedValues } from "../../kernel/serialise";
import { UNINITIALIZED_TOLERATION } from "./common";

export function metallbValues(): Values {
  return sortedValues({
    crds: { enabled: true },
    controller: { tolerations: [UNINITIALIZED_TOLERATION] },
    speaker: { tolerations: [UNINITIALIZED_TOLERATION] },
  });
}
