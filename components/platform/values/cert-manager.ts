/** Values for cert-manager v1.21.1: CRDs from the chart with `crds.enabled` (replaces the deprecated `installCRDs`), kept on uninstall. */
import { Values, sortedValues } from "../../kernel/serialise";

export function certManagerValues(): Values {
  return sortedValues({ crds: { enabled: true, keep: true } });
}
