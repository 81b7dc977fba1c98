import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { Problems } from "../../kernel/errors";
import { buildArgoCdValues } from "./argocd";
import { ARGOCD_SECRET_LABEL, ARGOCD_SSO_DEFAULTS, argoCdSsoProblems, buildArgoCdSsoValues, renderOidcConfig, withArgoCdSso } from "./argocd-sso";

const SSO = { url: "https://argocd.example.com", issuer: "https://dex.example.com" };

describe("Argo CD SSO values", () => {
  it("sets argocd-cm url and an oidc.config whose client secret is a $<secret>:<key> reference, and server.insecure", () => {
    const v = buildArgoCdSsoValues(SSO) as any;
    assert.equal(v.configs.cm.url, "https://argocd.example.com");
    assert.deepEqual(parse(v.configs.cm["oidc.config"]), { name: "Dex", issuer: "https://dex.example.com", clientID: "argocd", clientSecret: "$argocd-oidc:clientSecret" });
    assert.deepEqual(v.configs.params, { "server.insecure": true });
    assert.deepEqual(ARGOCD_SECRET_LABEL, { "app.kubernetes.io/part-of": "argocd" });
  });

  it("takes another client and Secret, and renders the same text every time", () => {
    const custom = { ...SSO, clientId: "argo", clientSecret: { name: "oidc", key: "secret" }, providerName: "Company SSO" };
    assert.deepEqual(parse(renderOidcConfig(custom)), { name: "Company SSO", issuer: "https://dex.example.com", clientID: "argo", clientSecret: "$oidc:secret" });
    assert.equal(renderOidcConfig(custom), renderOidcConfig({ ...custom }));
  });

  it("merges into the engine's values without losing a key of either", () => {
    const base = buildArgoCdValues() as any;
    const merged = withArgoCdSso(base, SSO) as any;
    for (const k of Object.keys(base.configs.cm)) assert.equal(merged.configs.cm[k], base.configs.cm[k]);
    assert.equal(merged.configs.cm.url, SSO.url);
    assert.deepEqual(merged.dex, base.dex);
    assert.equal(withArgoCdSso(base, undefined), base);
  });

  it("names every bad field with its value and what is accepted", () => {
    const p = new Problems();
    argoCdSsoProblems({ url: "http://argocd.example.com/", issuer: "dex.example.com", clientId: "a b", clientSecret: { name: "Bad_Name", key: "k/y" } }, p);
    assert.deepEqual(p.all.map((x) => [x.path, x.value]), [
      ["sso.url", "http://argocd.example.com/"],
      ["sso.issuer", "dex.example.com"],
      ["sso.clientId", "a b"],
      ["sso.clientSecret.name", "Bad_Name"],
      ["sso.clientSecret.key", "k/y"],
    ]);
    const ok = new Problems();
    argoCdSsoProblems({ ...SSO, clientSecret: { ...ARGOCD_SSO_DEFAULTS.clientSecret } }, ok);
    assert.equal(ok.count, 0);
  });
});
