/**
 * The gitops block -> GitOpsEngine and hand-off args. Pure: creates no resources; reads secrets only through
 * stacks/config/credentials.ts (the deploy key or token, when the auth type needs one).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgoCdHandoffArgs, FluxHandoffArgs, GitAuth, GitOpsEngineArgs } from "@k3s-gitops/components";
import type { InstalledEngine } from "@k3s-gitops/components";
import type { PlatformLayers } from "@k3s-gitops/components";
import type * as k8s from "@pulumi/kubernetes";
import { GIT_HTTPS_TOKEN, GIT_SSH_PRIVATE_KEY, resolveCredential } from "../config/credentials";
import type { GitAuthConfig } from "../config/blocks/gitops";
import type { StackConfig } from "../config/schema";

export type GitOpsConfig = NonNullable<StackConfig["gitops"]>;

/** The cluster's stage directory in the repo: gitops/clusters/<stack> unless gitops.path says otherwise. */
export function gitopsPath(config: GitOpsConfig, stack: string): string {
  return config.path ?? `gitops/clusters/${stack}`;
}

/**
 * Layer 4: what the engine truly needs before its pods can run (issue 15), and nothing more:
 * - the scheduling gates of layer 2 (the CNI release, the cloud controller where it routes pods): the engine tolerates
 *   the cloud controller's `uninitialized` taint (components/gitops/values/scheduling.ts), so it does not wait for the
 *   cloud controller to come up;
 * - its namespace with the SOPS age key, which the platform creates (layer 3);
 * - prod's HA Argo CD: every node joined (the node-count wait), since redis-ha spreads its three pods over three
 *   nodes with hard anti-affinity (argo-cd chart values.yaml, `redis-ha.hardAntiAffinity: true`).
 * Destroy still removes the application tier before the cloud controller: the destroy guard depends on both.
 */
export function gitOpsEngineArgs(
  config: StackConfig,
  cluster: { provider: k8s.Provider; nodesReady?: pulumi.Resource },
  platform: PlatformLayers,
): GitOpsEngineArgs | undefined {
  const g = config.gitops;
  if (!g) return undefined;
  const highAvailability = config.profile === "prod";
  const everyNode = highAvailability && g.engine === "argocd" && cluster.nodesReady !== undefined ? [cluster.nodesReady] : [];
  return {
    engine: g.engine,
    provider: cluster.provider,
    dependsOn: [...platform.schedulingGates, platform.sopsAgeKey.resource, ...everyNode],
    highAvailability,
    ...(g.engine === "argocd" && g.sso ? { sso: g.sso } : {}),
    // Argo CD reads known hosts from its engine's ConfigMap, not from the repository Secret (Flux reads the Secret).
    ...(g.auth?.type === "ssh" && g.auth.knownHosts !== undefined ? { knownHosts: g.auth.knownHosts } : {}),
  };
}

/** gitops.auth -> GitAuth, resolving the secret the auth type needs (gitSshPrivateKey or gitHttpsToken). */
export function gitAuthArgs(auth: GitAuthConfig | undefined): GitAuth {
  if (auth === undefined || auth.type === "none") return { type: "none" };
  if (auth.type === "https") {
    return { type: "https", token: resolveCredential(GIT_HTTPS_TOKEN), ...(auth.username !== undefined ? { username: auth.username } : {}) };
  }
  return {
    type: "ssh",
    key: auth.key === "given" ? { source: "given", privateKey: resolveCredential(GIT_SSH_PRIVATE_KEY) } : { source: "generate", ...(auth.algorithm ? { algorithm: auth.algorithm } : {}) },
    ...(auth.knownHosts !== undefined ? { knownHosts: auth.knownHosts } : {}),
  };
}

export type HandoffArgsFor = { readonly engine: "argocd"; readonly args: ArgoCdHandoffArgs } | { readonly engine: "flux"; readonly args: FluxHandoffArgs };

/**
 * Layer 5: the hand-off for the installed engine. It waits for the engine and depends on the platform's
 * cloud-resource owners, so destroy removes the application tier first.
 */
export function handoffArgs(
  config: GitOpsConfig,
  stack: string,
  engine: InstalledEngine,
  cluster: { provider: k8s.Provider; kubeconfig?: pulumi.Input<string> },
  platform: PlatformLayers,
): HandoffArgsFor {
  const common = {
    engine,
    provider: cluster.provider,
    // The destroy guard (issue 12): destroy order without holding up creation (issue 15).
    ...(cluster.kubeconfig !== undefined ? { kubeconfig: cluster.kubeconfig } : {}),
    platform,
    repoUrl: config.repoUrl,
    path: gitopsPath(config, stack),
    ...(config.branch !== undefined ? { branch: config.branch } : {}),
    ...(config.stages !== undefined ? { stages: config.stages } : {}),
    ...(config.sync !== undefined ? { sync: config.sync } : {}),
    auth: gitAuthArgs(config.auth),
  };
  return config.engine === "argocd"
    ? { engine: "argocd", args: { ...common, ...(config.selfManage !== undefined ? { selfManage: config.selfManage } : {}) } }
    : { engine: "flux", args: common };
}
