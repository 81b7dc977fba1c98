/**
 * Helm values for the argo-cd chart (argo-helm 10.1.1, Argo CD v3.4.4). Keys checked against the chart's values.yaml
 * at tag argo-cd-10.1.1: `configs.cm` entries are written verbatim into argocd-cm and merge with the chart's own.
 */

import { APPLICATION_HEALTH_LUA } from "./application-health";
import { ENGINE_TOLERATIONS } from "./scheduling";

export { APPLICATION_HEALTH_LUA } from "./application-health";

export const APPLICATION_HEALTH_KEY = "resource.customizations.health.argoproj.io_Application";
export const TRACKING_METHOD_KEY = "application.resourceTrackingMethod";

export interface ArgoCdValuesOptions {
  /** Run two replicas of the server and repo server and the HA Redis. @default false */
  readonly highAvailability?: boolean;
}

/**
 * The values Pulumi installs Argo CD with, and that a self-managed Argo CD syncs itself with. No repository
 * credentials here (they are a labelled Secret), so self-management never copies them into git or an Application.
 */
export function buildArgoCdValues(options: ArgoCdValuesOptions = {}): Record<string, unknown> {
  const ha = options.highAvailability ?? false;
  return {
    configs: {
      cm: {
        [TRACKING_METHOD_KEY]: "annotation",
        [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
      },
    },
    // No SSO is configured; the local admin and `argocd login --port-forward` are the way in.
    dex: { enabled: false },
    // Every component defaults to `global.tolerations` (values.yaml: "Default tolerations for all components"; each
    // component's `tolerations` says "defaults to global.tolerations"). The redis-ha subchart reads its own keys.
    global: { tolerations: [...ENGINE_TOLERATIONS] },
    ...(ha
      ? {
          "redis-ha": { enabled: true, tolerations: [...ENGINE_TOLERATIONS], haproxy: { tolerations: [...ENGINE_TOLERATIONS] } },
          server: { replicas: 2 },
          repoServer: { replicas: 2 },
        }
      : {}),
  };
}
