/**
 * Argo CD sign-in through an OIDC provider (the application tier's Dex, stage 02), as argo-cd chart values. Keys
 * checked against argo-helm tag argo-cd-10.1.1 (the newest tag in the local mirror; the catalog pins 10.3.3),
 * charts/argo-cd/values.yaml and templates/_helpers.tpl:
 * - `configs.cm.<key>` is written verbatim into argocd-cm (`argo-cd.config.cm`, merged over the chart's presets, whose
 *   `url` is `https://<global.domain>`; an explicit `configs.cm.url` wins);
 * - `configs.params.<key>` goes into argocd-cmd-params-cm (`argo-cd.config.params`).
 * Argo CD v3.4.4 and v3.5.1 (10.1.1's and the catalog's appVersion) say the same: argocd-cm `url` is the "externally facing base URL ... Required when
 * configuring SSO" and `oidc.config` holds name, issuer, clientID, clientSecret (docs/operator-manual/argocd-cm.yaml);
 * a value `$<secret>:<key>` is read from that Secret in Argo CD's namespace, which "must have label
 * `app.kubernetes.io/part-of: argocd`" (docs/operator-manual/user-management/index.md, "Alternative");
 * argocd-cmd-params-cm `server.insecure` runs the API server without TLS (docs/operator-manual/argocd-cmd-params-cm.yaml),
 * which a route that terminates TLS at the Gateway and speaks HTTP to the server's port 80 needs.
 */
import { Problems } from "../../kernel/errors";

/** The label Argo CD requires on a Secret that a `$<secret>:<key>` reference reads. */
export const ARGOCD_SECRET_LABEL = { "app.kubernetes.io/part-of": "argocd" } as const;

/** The client Argo CD signs in as (Dex's static client of that id) and the Secret holding its client secret. */
export const ARGOCD_SSO_DEFAULTS = {
  clientId: "argocd",
  clientSecret: { name: "argocd-oidc", key: "clientSecret" },
  providerName: "Dex",
} as const;

export interface ArgoCdSsoArgs {
  /** Argo CD's external URL, e.g. `https://argocd.example.com` (the application tier's argocd-ui route). */
  readonly url: string;
  /** The OIDC issuer, e.g. `https://dex.example.com` (Dex's `config.issuer`, exactly). */
  readonly issuer: string;
  /** @default ARGOCD_SSO_DEFAULTS.clientId ("argocd") */
  readonly clientId?: string;
  /**
   * The Secret (in Argo CD's namespace, labelled ARGOCD_SECRET_LABEL) and key holding the client secret; it arrives
   * from git as a SopsSecret. @default ARGOCD_SSO_DEFAULTS.clientSecret (argocd-oidc / clientSecret)
   */
  readonly clientSecret?: { readonly name: string; readonly key: string };
  /** The login button's label. @default ARGOCD_SSO_DEFAULTS.providerName ("Dex") */
  readonly providerName?: string;
}

const HTTPS_URL = /^https:\/\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?(\/[^\s]*)?$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The problems of `sso`, under `path`, on `problems`. Pure. */
export function argoCdSsoProblems(sso: ArgoCdSsoArgs, problems: Problems, path = "sso"): void {
  problems.check(typeof sso.url === "string" && HTTPS_URL.test(sso.url) && !sso.url.endsWith("/"), `${path}.url`, sso.url, "must be an https:// URL without a trailing slash, such as https://argocd.example.com");
  problems.check(typeof sso.issuer === "string" && HTTPS_URL.test(sso.issuer), `${path}.issuer`, sso.issuer, "must be the issuer's https:// URL, such as https://dex.example.com");
  if (sso.clientId !== undefined) problems.check(typeof sso.clientId === "string" && /^\S+$/.test(sso.clientId), `${path}.clientId`, sso.clientId, "must be a client id without spaces, such as argocd");
  if (sso.clientSecret !== undefined) {
    problems.check(K8S_NAME.test(sso.clientSecret.name ?? "") && sso.clientSecret.name.length <= 253, `${path}.clientSecret.name`, sso.clientSecret.name, "must be a Secret name such as argocd-oidc");
    problems.check(SECRET_KEY.test(sso.clientSecret.key ?? ""), `${path}.clientSecret.key`, sso.clientSecret.key, "must be a Secret key (letters, digits, '-', '_', '.') such as clientSecret");
  }
}

/** The `oidc.config` text: one `key: value` per line, each value a JSON string (valid YAML, deterministic). Pure. */
export function renderOidcConfig(sso: ArgoCdSsoArgs): string {
  const secret = sso.clientSecret ?? ARGOCD_SSO_DEFAULTS.clientSecret;
  const fields: [string, string][] = [
    ["name", sso.providerName ?? ARGOCD_SSO_DEFAULTS.providerName],
    ["issuer", sso.issuer],
    ["clientID", sso.clientId ?? ARGOCD_SSO_DEFAULTS.clientId],
    ["clientSecret", `$${secret.name}:${secret.key}`],
  ];
  return fields.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n") + "\n";
}

/** The argo-cd values that turn on SSO: argocd-cm `url` and `oidc.config`, and `server.insecure` behind the Gateway. Pure. */
export function buildArgoCdSsoValues(sso: ArgoCdSsoArgs): Record<string, unknown> {
  return {
    configs: {
      cm: { url: sso.url, "oidc.config": renderOidcConfig(sso) },
      params: { "server.insecure": true },
    },
  };
}

/** `values` with the SSO values merged in (objects key by key; nothing of `values` is lost). Pure. */
export function withArgoCdSso(values: Record<string, unknown>, sso: ArgoCdSsoArgs | undefined): Record<string, unknown> {
  return sso ? mergeValues(values, buildArgoCdSsoValues(sso)) : values;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function mergeValues(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isPlain(out[k]) && isPlain(v) ? mergeValues(out[k] as Record<string, unknown>, v) : v;
  return out;
}
