/**
 * Values for cert-manager v1.21.1 (deploy/charts/cert-manager/values.yaml at the tag): CRDs from the chart with
 * `crds.enabled` (replaces the deprecated `installCRDs`), kept on uninstall; and, with `gatewayApi`, the controller's
 * Gateway API support through `config` (a ControllerConfiguration). `config.gatewayAPI.enabled` is the v1.21 form (the
 * chart's own example, values.yaml L298-299; pkg/apis/config/controller/v1alpha1/types.go), the flat
 * `enableGatewayAPI` being deprecated. The Gateway API CRDs must exist before cert-manager starts: "some of the
 * cert-manager components only perform the Gateway API check on startup" (cert-manager docs, usage/gateway), so the
 * release waits for layer 2, which installs them.
 */
import { Values, sortedValues } from "../../kernel/serialise";

export const CERT_MANAGER_CONFIG_API = "controller.config.cert-manager.io/v1alpha1";

export function certManagerValues(options: { gatewayApi?: boolean } = {}): Values {
  return sortedValues({
    crds: { enabled: true, keep: true },
    ...(options.gatewayApi
      ? { config: { apiVersion: CERT_MANAGER_CONFIG_API, kind: "ControllerConfiguration", gatewayAPI: { enabled: true } } }
      : {}),
  });
}
