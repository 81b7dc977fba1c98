/** Values for external-secrets 2.9.0 (deploy/charts/external-secrets/values.yaml): CRDs from the chart. */
import { Values, sortedValues } from "../../kernel/serialise";

export function externalSecretsValues(): Values {
  return sortedValues({ installCRDs: true });
}
