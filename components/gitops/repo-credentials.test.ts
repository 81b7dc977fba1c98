/** Repository credentials: the Secret data each engine reads, the auth checks, and the Secret under the mock engine. */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { Problems } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { containsSecret, plainInputs } from "../testing/recorder";
import {
  ARGO_SECRET_TYPE_LABEL,
  GITHUB_KNOWN_HOSTS,
  GitAuth,
  argoRepositorySecretData,
  checkGitAuth,
  createRepoCredentials,
  fluxGitSecretData,
  repoSecretName,
  requiredUrlScheme,
} from "./repo-credentials";

describe("repository credential Secret data", () => {
  it("uses the keys each engine reads", () => {
    assert.deepEqual(Object.keys(argoRepositorySecretData("ssh://git@h/x.git", { kind: "ssh", privateKey: "k", knownHosts: "h" })).sort(), ["sshPrivateKey", "type", "url"]);
    assert.deepEqual(Object.keys(fluxGitSecretData({ kind: "ssh", privateKey: "k", knownHosts: "h" })).sort(), ["identity", "known_hosts"]);
    assert.deepEqual(Object.keys(fluxGitSecretData({ kind: "https", username: "git", token: "t" })).sort(), ["password", "username"]);
  });

  it("names the Secret per engine", () => {
    assert.equal(repoSecretName("argocd"), "repo-k3s-gitops");
    assert.equal(repoSecretName("flux"), "k3s-gitops-git");
  });
});

describe("checkGitAuth", () => {
  const problems = (auth: GitAuth | undefined, url: string) => {
    const p = new Problems();
    checkGitAuth(p, auth, url);
    return p.all;
  };

  it("asks https auth for an https:// URL and ssh auth for an ssh:// URL", () => {
    assert.equal(requiredUrlScheme("ssh"), "ssh://");
    assert.equal(requiredUrlScheme("https"), "https://");
    assert.equal(requiredUrlScheme("none"), undefined);
    assert.deepEqual(problems({ type: "ssh" }, "https://h/x.git").map((p) => p.path), ["repoUrl"]);
    assert.deepEqual(problems({ type: "https", token: "t" }, "ssh://git@h/x.git").map((p) => p.path), ["repoUrl"]);
    assert.deepEqual(problems({ type: "none" }, "ssh://git@h/x.git"), []);
    assert.deepEqual(problems(undefined, "ssh://git@h/x.git"), []);
  });

  it("reports every bad field, and never prints a secret", () => {
    const found = problems({ type: "ssh", key: { source: "given", privateKey: "" }, knownHosts: " " }, "ssh://git@h/x.git");
    assert.deepEqual(found.map((p) => [p.path, p.secret]), [["auth.key.privateKey", true], ["auth.knownHosts", false]]);
    const https = problems({ type: "https", token: undefined as unknown as string, username: "" }, "https://h/x.git");
    assert.deepEqual(https.map((p) => p.path), ["auth.token", "auth.username"]);
    assert.deepEqual(problems({ type: "ssh", key: { source: "generate", algorithm: "RSA" as never } }, "ssh://git@github.com/x.git").map((p) => p.path), ["auth.key.algorithm"]);
    assert.deepEqual(problems({ type: "ssh", key: { source: "copy" } as never }, "ssh://git@github.com/x.git").map((p) => p.path), ["auth.key.source"]);
    assert.deepEqual(problems({ type: "token" } as never, "https://h/x.git").map((p) => p.path), ["auth.type"]);
    assert.deepEqual(problems({ type: "https", token: pulumi.secret("") }, "https://h/x.git"), [], "an Output is checked when it resolves");
  });
});

describe("checkGitAuth: known hosts for ssh hosts other than github.com", () => {
  const paths = (auth: GitAuth, url: string) => {
    const p = new Problems();
    checkGitAuth(p, auth, url);
    return p.all.map((x) => `${x.path}: ${x.accepted}`);
  };
  const cases: readonly [string, string, GitAuth, RegExp | undefined][] = [
    ["gitlab without known hosts", "ssh://git@gitlab.example.com/acme/x.git", { type: "ssh" }, /^auth\.knownHosts: is required for ssh host gitlab\.example\.com/],
    ["a port and no user", "ssh://git.example.org:2222/x.git", { type: "ssh" }, /ssh host git\.example\.org:/],
    ["gitlab with known hosts", "ssh://git@gitlab.example.com/acme/x.git", { type: "ssh", knownHosts: "gitlab.example.com ssh-ed25519 AAAA" }, undefined],
    ["github.com without known hosts (the default holds its key)", "ssh://git@github.com/acme/x.git", { type: "ssh" }, undefined],
    ["https auth needs no known hosts", "https://gitlab.example.com/acme/x.git", { type: "https", token: "t" }, undefined],
  ];
  for (const [title, url, auth, expected] of cases) {
    it(title, () => {
      const out = paths(auth, url);
      if (expected) {
        assert.equal(out.length, 1, out.join("; "));
        assert.match(out[0]!, expected);
      } else assert.deepEqual(out, []);
    });
  }
});

describe("createRepoCredentials under the mock engine", () => {
  async function create(engine: "argocd" | "flux", auth: GitAuth) {
    const r = await runProgram(
      () => {
        const provider = new k8s.Provider("cluster", { kubeconfig: "mock" });
        const parent = new k8s.core.v1.ConfigMap("parent", { metadata: { name: "p" } }, { provider });
        const ns = engine === "argocd" ? "argocd" : "flux-system";
        const c = createRepoCredentials("t", { engine, repoUrl: "ssh://git@github.com/acme/x.git", auth, namespace: ns }, { parent, provider, dependsOn: [parent] });
        return { name: c.secretName ?? "none" };
      },
      { stack: "dev", config: {}, preview: false },
    );
    if (r.error) throw r.error;
    return r;
  }

  it("Flux: identity and the pinned github.com known_hosts, secret, no Argo CD label", async () => {
    const r = await create("flux", { type: "ssh" });
    const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.ok(containsSecret(secret.rawInputs.stringData));
    const inputs = plainInputs(secret);
    assert.equal(inputs.metadata.name, "k3s-gitops-git");
    assert.equal(inputs.metadata.namespace, "flux-system");
    assert.deepEqual(inputs.metadata.labels, {});
    assert.equal(inputs.stringData.known_hosts, GITHUB_KNOWN_HOSTS);
    assert.ok(secret.dependencies.includes(r.resources.find((x) => x.name === "parent")!.urn));
  });

  it("Argo CD: the labelled repository Secret; a public repository gets nothing", async () => {
    const r = await create("argocd", { type: "https", token: pulumi.secret("tok"), username: "oauth2" });
    const inputs = plainInputs(r.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!);
    assert.equal(inputs.metadata.labels[ARGO_SECRET_TYPE_LABEL], "repository");
    assert.deepEqual(inputs.stringData, { type: "git", url: "ssh://git@github.com/acme/x.git", username: "oauth2", password: "tok" });
    const none = await create("argocd", { type: "none" });
    assert.equal(none.outputs.name!.value, "none");
    assert.equal(none.resources.filter((x) => x.type === "kubernetes:core/v1:Secret").length, 0);
  });
});
