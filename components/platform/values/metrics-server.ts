/** Values for metrics-server 3.13.1: chart defaults (installed only when k3s's packaged metrics-server is disabled). */
import { Values, sortedValues } from "../../kernel/serialise";

export function metricsServerValues(): Values {
  return sortedValues({});
}
