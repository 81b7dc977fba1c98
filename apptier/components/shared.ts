/**
 * What the application tier's component definitions share: the shared Gateway and its HTTPRoutes, host names, the Helm
 * repositories the tier installs from, and Dex's static clients.
 */
import { ARGOCD_SSO_DEFAULTS } from "@k3s-gitops/components";
import type { ClusterContext, HelmRepo, KubeObject } from "../model";

/** The shared Gateway (CONTRACTS.md "Shared Gateway", issue 13 creates it in layer 3). */
export const GATEWAY_PARENT = { name: "shared", namespace: "traefik", sectionName: "https" } as const;

/** An HTTPRoute on the shared Gateway's https listener to one Service port. */
export function httpRoute(name: string, namespace: string, host: string, service: string, port: number, filters?: readonly object[]): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ ...GATEWAY_PARENT }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], ...(filters ? { filters } : {}), backendRefs: [{ name: service, port }] }],
    },
  };
}

export const host = (ctx: ClusterContext, service: string) => `${service}.${ctx.cluster.domain}`;

export const REPOS = {
  cnpg: { name: "cloudnative-pg", url: "https://cloudnative-pg.github.io/charts" },
  otk: { name: "ot-container-kit", url: "https://ot-container-kit.github.io/helm-charts/" },
  crossplane: { name: "crossplane-stable", url: "https://charts.crossplane.io/stable" },
  externalDns: { name: "external-dns", url: "https://kubernetes-sigs.github.io/external-dns/" },
  vmware: { name: "vmware-tanzu", url: "https://vmware-tanzu.github.io/helm-charts" },
  dex: { name: "dex", url: "https://charts.dexidp.io" },
  oauth2Proxy: { name: "oauth2-proxy", url: "https://oauth2-proxy.github.io/manifests" },
  prometheus: { name: "prometheus-community", url: "https://prometheus-community.github.io/helm-charts" },
  stevehipwell: { name: "stevehipwell", url: "https://stevehipwell.github.io/helm-charts/" },
  grafanaCommunity: { name: "grafana-community", url: "https://grafana-community.github.io/helm-charts" },
  grafana: { name: "grafana", url: "https://grafana.github.io/helm-charts" },
  sablier: { name: "sablier", url: "https://sablierapp.github.io/helm-charts" },
  tailscale: { name: "tailscale", url: "https://pkgs.tailscale.com/helmcharts" },
} as const satisfies Record<string, HelmRepo>;

/** Every Helm repository the tier installs from (the Argo CD `platform` project's sourceRepos must allow them). */
export const HELM_REPOS: readonly HelmRepo[] = Object.values(REPOS);

/** Dex's static clients: id, the env var holding its secret in Secret identity/dex-env, and its redirect. */
export const DEX_CLIENTS = [
  { id: "grafana", env: "GRAFANA_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "grafana")}/login/generic_oauth` },
  { id: ARGOCD_SSO_DEFAULTS.clientId, env: "ARGOCD_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "argocd")}/auth/callback` },
  { id: "oauth2-proxy", env: "OAUTH2_PROXY_CLIENT_SECRET", redirect: (ctx: ClusterContext) => `https://${host(ctx, "auth")}/oauth2/callback` },
] as const;

export const issuerUrl = (ctx: ClusterContext) => `https://${host(ctx, "dex")}`;
