/** The program's mappers: the gitops and dns blocks -> component args (stacks/args/gitops.ts, stacks/args/dns.ts). */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "@k3s-gitops/components/testing";
import { validateArgoCdHandoffArgs, validateFluxHandoffArgs } from "@k3s-gitops/components";
import { validateRoute53DnsArgs } from "@k3s-gitops/components";
import { gitAuthArgs, gitOpsEngineArgs, gitopsPath, handoffArgs } from "../stacks/args/gitops";
import { ConfigError } from "../stacks/config/errors";
import { EXTERNAL_DNS_NAMESPACE, route53DnsArgs } from "../stacks/args/dns";
import { buildConfig } from "../stacks/config/load";

const base = { access: { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32"] }, platform: { certManager: { email: "ops@example.com" } } };

/** Runs `f` where the stack config holds the given secrets, and returns what it returns, settled. */
async function withSecrets(secrets: Record<string, string>, f: () => Record<string, unknown>) {
  const r = await runProgram(f, { stack: "dev", config: secrets, secretKeys: Object.keys(secrets), preview: false });
  if (r.error) throw r.error;
  return r.outputs;
}

describe("stacks/args/gitops", () => {
  it("maps each auth type onto the GitAuth union, reading the secret it needs", async () => {
    const out = await withSecrets({ "k3s-gitops:gitHttpsToken": "tok", "k3s-gitops:gitSshPrivateKey": "key" }, () => {
      const https = gitAuthArgs({ type: "https", username: "oauth2" });
      const given = gitAuthArgs({ type: "ssh", key: "given", knownHosts: "h ssh-ed25519 AAAA" });
      assert.equal(https.type, "https");
      assert.equal(given.type, "ssh");
      return {
        token: https.type === "https" ? https.token : "",
        username: https.type === "https" ? https.username : "",
        key: given.type === "ssh" && given.key?.source === "given" ? given.key.privateKey : "",
        knownHosts: given.type === "ssh" ? given.knownHosts : "",
      };
    });
    assert.deepEqual([out.token!.value, out.token!.secret, out.username!.value, out.key!.value, out.key!.secret, out.knownHosts!.value], ["tok", true, "oauth2", "key", true, "h ssh-ed25519 AAAA"]);
    assert.deepEqual(gitAuthArgs(undefined), { type: "none" });
    assert.deepEqual(gitAuthArgs({ type: "ssh" }), { type: "ssh", key: { source: "generate" } });
    assert.deepEqual(gitAuthArgs({ type: "ssh", algorithm: "ECDSA" }), { type: "ssh", key: { source: "generate", algorithm: "ECDSA" } });
  });

  it("maps the block onto hand-off args the component accepts, defaulting the path to gitops/clusters/<stack>", () => {
    const config = buildConfig({ ...base, gitops: { engine: "argocd", repoUrl: "ssh://git@github.com/a/b.git", auth: { type: "ssh" }, selfManage: true, sync: { prune: false } } }, "dev");
    assert.equal(gitopsPath(config.gitops!, "dev"), "gitops/clusters/dev");
    const fake = { provider: {} as never };
    const platform = { clusterCore: [], schedulingGates: [], platform: [], cloudResourceOwners: [], sopsAgeKey: { secretName: "sops-age", namespace: "argocd", publicKey: pulumi.output("age1"), resource: {} as pulumi.Resource }, defaultStorageClass: "x", ingressClass: "traefik", clusterIssuer: "y" };
    const engine = { engine: "argocd" as const, release: {} as pulumi.Resource, namespace: "argocd", entry: {} as never, values: {} };
    const mapped = handoffArgs(config.gitops!, "dev", engine, fake, platform);
    assert.equal(mapped.engine, "argocd");
    if (mapped.engine !== "argocd") return;
    assert.deepEqual([mapped.args.path, mapped.args.selfManage, mapped.args.sync, mapped.args.branch, mapped.args.stages], ["gitops/clusters/dev", true, { prune: false }, undefined, undefined]);
    validateArgoCdHandoffArgs(mapped.args);
    const flux = buildConfig({ ...base, gitops: { engine: "flux", repoUrl: "https://github.com/a/b.git", path: "gitops/clusters/x", branch: "release" } }, "dev");
    const fluxMapped = handoffArgs(flux.gitops!, "dev", { ...engine, engine: "flux", namespace: "flux-system" }, fake, { ...platform, sopsAgeKey: { ...platform.sopsAgeKey, namespace: "flux-system" } });
    assert.equal(fluxMapped.engine, "flux");
    if (fluxMapped.engine === "flux") {
      assert.deepEqual([fluxMapped.args.path, fluxMapped.args.branch], ["gitops/clusters/x", "release"]);
      validateFluxHandoffArgs(fluxMapped.args);
    }
  });

  it("hands gitops.auth.knownHosts to the engine too (Argo CD reads them from its ConfigMap, not the repository Secret)", () => {
    const lines = "git.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J";
    const platform = { clusterCore: [], schedulingGates: [], sopsAgeKey: { resource: {} as pulumi.Resource } } as never;
    for (const engine of ["argocd", "flux"] as const) {
      const config = buildConfig({ ...base, gitops: { engine, repoUrl: "ssh://git@git.example.org/a/b.git", auth: { type: "ssh", knownHosts: lines } } }, "dev");
      assert.equal(gitOpsEngineArgs(config, { provider: {} as never }, platform)!.knownHosts, lines, engine);
    }
    const github = buildConfig({ ...base, gitops: { engine: "argocd", repoUrl: "ssh://git@github.com/a/b.git", auth: { type: "ssh" } } }, "dev");
    assert.equal(gitOpsEngineArgs(github, { provider: {} as never }, platform)!.knownHosts, undefined, "none given: the chart's list");
  });
});

describe("stacks/args/dns", () => {
  it("passes only the dns keys that are set, and dns.ingressAddress wins over the read address", async () => {
    const out = await withSecrets({ "k3s-gitops:awsAccessKeyId": "AKIA", "k3s-gitops:awsSecretAccessKey": "s" }, () => {
      const release = {} as pulumi.Resource;
      const plain = route53DnsArgs("k3s-dev", { provider: "route53", domain: "example.com" }, pulumi.output("203.0.113.9"), release);
      assert.deepEqual(Object.keys(plain).sort(), ["accessKeyId", "clusterName", "domain", "ingressAddress", "recordsDependOn", "secretAccessKey"]);
      validateRoute53DnsArgs(plain);
      const given = route53DnsArgs("k3s-dev", { provider: "route53", domain: "example.com", ingressAddress: "198.51.100.7", ttl: 60 }, pulumi.output("203.0.113.9"), release);
      assert.equal(given.ingressAddress, "198.51.100.7");
      assert.equal(given.ttl, 60);
      return { secret: plain.secretAccessKey };
    });
    assert.deepEqual([out.secret!.value, out.secret!.secret], ["s", true]);
    assert.equal(EXTERNAL_DNS_NAMESPACE, "external-dns");
  });

  it("hands gitops.sso to the Argo CD engine, and names a bad URL or SSO on Flux", () => {
    const argo = { engine: "argocd", repoUrl: "https://github.com/a/b.git" };
    const sso = { url: "https://argocd.example.com", issuer: "https://dex.example.com" };
    const platform = { clusterCore: [], schedulingGates: [], sopsAgeKey: { resource: {} } } as never;
    const args = gitOpsEngineArgs(buildConfig({ ...base, gitops: { ...argo, sso } }, "dev"), { provider: {} as never }, platform)!;
    assert.deepEqual(args.sso, sso);
    assert.equal(gitOpsEngineArgs(buildConfig({ ...base, gitops: argo }, "dev"), { provider: {} as never }, platform)!.sso, undefined);
    const refused = (gitops: Record<string, unknown>) => {
      try {
        buildConfig({ ...base, gitops }, "dev");
      } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.message;
      }
      return assert.fail("expected a ConfigError");
    };
    assert.match(refused({ ...argo, sso: { ...sso, url: "http://argocd.example.com" } }), /k3s-gitops:gitops\.sso\.url is "http:\/\/argocd\.example\.com": must be an https:\/\/ URL such as https:\/\/argocd\.example\.com/);
    assert.match(refused({ ...argo, sso: { ...sso, issuer: "https://dex.example.com/" } }), /gitops\.sso\.issuer.*must not end with a slash/);
    assert.match(refused({ ...argo, sso: { url: sso.url } }), /gitops\.sso\.issuer/);
    assert.match(refused({ engine: "flux", repoUrl: argo.repoUrl, sso }), /gitops\.sso is "https:\/\/argocd\.example\.com": is Argo CD.s sign-in through Dex and Flux has no UI/);
  });
});
