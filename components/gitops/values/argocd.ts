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

/**
 * Argo CD reads the SSH known hosts of its repositories from the ConfigMap `argocd-ssh-known-hosts-cm`, key
 * `ssh_known_hosts` (repository credentials carry none). The argo-cd chart writes that ConfigMap from
 * `configs.ssh.knownHosts` (plus `configs.ssh.extraHosts`): read at argo-helm tag argo-cd-10.1.1,
 * charts/argo-cd/values.yaml `configs.ssh` and templates/argocd-configs/argocd-ssh-known-hosts-cm.yaml, the newest
 * tag in the local mirror; the catalog pins 10.3.3, whose files were not available to read here.
 *
 * `values` with `configs.ssh.knownHosts` set to `knownHosts`, which replaces the chart's default list (GitHub,
 * GitLab, Bitbucket, Azure DevOps): the repo server then trusts exactly the hosts the caller pinned, as Flux does with
 * its Secret's known_hosts. Undefined leaves `values` as they are (the chart's list, which has github.com's keys).
 * Known hosts are public keys: self-management may copy them into its Application. Pure.
 */
export function withArgoCdKnownHosts(values: Record<string, unknown>, knownHosts: string | undefined): Record<string, unknown> {
  if (knownHosts === undefined) return values;
  const configs = (values.configs ?? {}) as Record<string, unknown>;
  const ssh = (configs.ssh ?? {}) as Record<string, unknown>;
  const lines = knownHosts.endsWith("\n") ? knownHosts : `${knownHosts}\n`;
  return { ...values, configs: { ...configs, ssh: { ...ssh, knownHosts: lines } } };
}
