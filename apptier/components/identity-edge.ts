/**
 * Stage 02, identity and edge: the identity namespace, Dex, OAuth2-Proxy, and Argo CD's UI route and sign-in.
 */
import { ARGOCD_SECRET_LABEL, ARGOCD_SSO_DEFAULTS } from "@k3s-gitops/components";
import type { Component } from "../model";
import { DEX_CLIENTS, GATEWAY_PARENT, REPOS, host, httpRoute, issuerUrl } from "./shared";

export const IDENTITY_EDGE: readonly Component[] = [
  // ---------------------------------------------------------------- 02 identity and edge
  {
    name: "identity",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "The identity namespace (Dex, OAuth2-Proxy); on everywhere so the stage converges without credentials",
    defaultOn: true,
    manifests: { objects: () => [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "identity", labels: { "app.kubernetes.io/part-of": "k3s-gitops" } } }] },
  },
  {
    name: "dex",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "Dex, the platform's OIDC provider (dex.<domain>); connectors from the cluster's values; static clients Grafana, Argo CD, OAuth2-Proxy",
    defaultOn: false,
    requires: ["identity"],
    secrets: [
      {
        name: "dex-env",
        namespace: "identity",
        keys: [
          ...DEX_CLIENTS.map((c) => ({ key: c.env, describe: `client secret of the static client ${c.id} (random, 32+ chars)` })),
          { key: "GITHUB_CLIENT_ID", describe: "example connector: the GitHub OAuth app's client id (any $VAR your connectors reference)" },
          { key: "GITHUB_CLIENT_SECRET", describe: "example connector: the GitHub OAuth app's client secret" },
        ],
      },
    ],
    // dexidp/helm-charts tag dex-0.24.0, charts/dex/values.yaml: `config` rendered verbatim as Dex's config; `envFrom`.
    // No HTTPRoute in the chart: the route is rendered here. Dex expands $VAR in config (pkg/featureflags expand_env) and
    // supports staticClients[].secretEnv (cmd/dex/serve.go).
    helm: {
      repo: REPOS.dex,
      chart: "dex",
      version: "0.24.0",
      clusterValues: (ctx) => ({
        config: {
          issuer: issuerUrl(ctx),
          staticClients: DEX_CLIENTS.filter((c) => c.id !== "argocd" || ctx.engine === "argocd").map((c) => ({
            id: c.id,
            name: c.id,
            secretEnv: c.env,
            redirectURIs: [c.redirect(ctx)],
          })),
        },
      }),
    },
    manifests: { objects: (ctx) => [httpRoute("dex", "identity", host(ctx, "dex"), "dex", 5556)] },
  },
  {
    name: "oauth2-proxy",
    stage: "02-identity-edge",
    namespace: "identity",
    description: "OAuth2-Proxy (auth.<domain>) as Traefik forward auth for apps without OIDC of their own",
    defaultOn: false,
    requires: ["dex"],
    after: ["dex"],
    secrets: [
      {
        name: "oauth2-proxy",
        namespace: "identity",
        keys: [
          { key: "client-id", describe: "oauth2-proxy (Dex static client id)" },
          { key: "client-secret", describe: "the same value as OAUTH2_PROXY_CLIENT_SECRET in identity/dex-env" },
          { key: "cookie-secret", describe: "32 random bytes, base64 (openssl rand -base64 32 | head -c 32)" },
        ],
      },
    ],
    // oauth2-proxy/manifests tag oauth2-proxy-10.7.0, helm/oauth2-proxy/values.yaml: config.existingSecret (keys
    // client-id/client-secret/cookie-secret), extraArgs map, gatewayApi.{enabled,gatewayRef,hostnames}.
    helm: {
      repo: REPOS.oauth2Proxy,
      chart: "oauth2-proxy",
      version: "10.7.0",
      clusterValues: (ctx) => ({
        gatewayApi: { enabled: true, gatewayRef: { ...GATEWAY_PARENT }, hostnames: [host(ctx, "auth")] },
        extraArgs: {
          "oidc-issuer-url": issuerUrl(ctx),
          "redirect-url": `https://${host(ctx, "auth")}/oauth2/callback`,
          "cookie-domain": `.${ctx.cluster.domain}`,
          "whitelist-domain": `.${ctx.cluster.domain}`,
        },
      }),
    },
  },
  {
    name: "argocd-ui",
    stage: "02-identity-edge",
    namespace: "argocd",
    engine: "argocd",
    description: "Argo CD's UI at argocd.<domain> through the shared Gateway (needs the stack's gitops.sso: server.insecure behind the Gateway)",
    defaultOn: false,
    // argo-helm argo-cd-10.1.1: Service <release>-server port 80 (http). The release is `argocd` (catalog.ts).
    manifests: { objects: (ctx) => [httpRoute("argocd-server", "argocd", host(ctx, "argocd"), "argocd-server", 80)] },
  },
  {
    name: "argocd-sso",
    stage: "02-identity-edge",
    namespace: "argocd",
    engine: "argocd",
    description: "Argo CD's sign-in through Dex: the client secret Argo CD's oidc.config reads (the stack sets gitops.sso)",
    defaultOn: false,
    requires: ["dex", "argocd-ui"],
    // Argo CD reads `$<secret>:<key>` from a Secret in its namespace labelled app.kubernetes.io/part-of: argocd
    // (argo-cd v3.4.4 docs/operator-manual/user-management/index.md); Pulumi's values name it (gitops.sso).
    secrets: [
      {
        name: ARGOCD_SSO_DEFAULTS.clientSecret.name,
        namespace: "argocd",
        labels: { ...ARGOCD_SECRET_LABEL },
        keys: [{ key: ARGOCD_SSO_DEFAULTS.clientSecret.key, describe: "the same value as ARGOCD_CLIENT_SECRET in identity/dex-env" }],
      },
    ],
  },
];
