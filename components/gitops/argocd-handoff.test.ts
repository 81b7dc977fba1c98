/**
 * ArgoCdHandoff under the mock engine, from literal args: a fake cluster provider, a fake engine release and fake
 * platform layers. Dependency edges (install and destroy order), secrecy of credentials, outputs, refused args.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { catalogEntry } from "../kernel/catalog";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram, RunResult } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { RecordedResource, containsSecret, plainInputs } from "../testing/recorder";
import { ArgoCdHandoff, ArgoCdHandoffArgs, argoHandoffSpec, validateArgoCdHandoffArgs } from "./argocd-handoff";
import type { InstalledEngine } from "./engine";
import { DEFAULT_STAGES } from "./handoff-args";
import type { GitAuth } from "./repo-credentials";
import { buildArgoCdValues } from "./values/argocd";

const SSH_URL = "ssh://git@github.com/acme/k3s-gitops.git";
const HTTPS_URL = "https://github.com/acme/k3s-gitops.git";

/** Upstream handles as literals: what GitOpsEngine and Platform would hand over. */
function upstream() {
  const provider = new k8s.Provider("cluster", { kubeconfig: pulumi.secret(FAKE_KUBECONFIG) });
  const dummy = (n: string) => new k8s.core.v1.ConfigMap(n, { metadata: { name: n, namespace: "kube-system" } }, { provider });
  const engine: InstalledEngine = { engine: "argocd", release: dummy("fake-engine"), namespace: "argocd", entry: catalogEntry("argo-cd"), values: buildArgoCdValues() };
  return { provider, engine, platform: { cloudResourceOwners: [dummy("fake-ccm"), dummy("fake-csi")] } };
}

async function run(auth: GitAuth, extra: Partial<ArgoCdHandoffArgs> = {}): Promise<RunResult> {
  const r = await runProgram(
    () => {
      const h = new ArgoCdHandoff("t-handoff", {
        ...upstream(),
        repoUrl: auth.type === "ssh" ? SSH_URL : HTTPS_URL,
        path: "gitops/clusters/dev",
        stages: ["01-platform-services", "02-sample-app"],
        auth,
        ...extra,
      });
      return h.deployPublicKey ? { gitDeployPublicKey: h.deployPublicKey } : {};
    },
    { stack: "dev", preview: false, config: {} },
  );
  if (r.error) throw r.error;
  return r;
}

const byName = (r: RunResult, name: string): RecordedResource => {
  const found = r.resources.find((x) => x.name === name);
  assert.ok(found, `no resource ${name}; have ${r.resources.map((x) => x.name).join(", ")}`);
  return found;
};
const directlyDependsOn = (from: RecordedResource, to: RecordedResource) => from.dependencies.includes(to.urn);
const handoffChildren = (r: RunResult) => {
  const parent = r.resources.find((x) => x.type === "k3s-gitops:gitops:ArgoCdHandoff")!;
  return r.resources.filter((x) => x.parent === parent.urn && x.custom);
};

describe("ArgoCdHandoff", () => {
  let r: RunResult;
  before(async () => {
    r = await run({ type: "ssh" }, { selfManage: true });
  });

  it("every hand-off object depends on the engine release (one pulumi up from empty works)", () => {
    const release = byName(r, "fake-engine");
    const k8sChildren = handoffChildren(r).filter((x) => x.type.startsWith("kubernetes:"));
    assert.ok(k8sChildren.length >= 3);
    for (const c of k8sChildren) assert.ok(directlyDependsOn(c, release), `${c.name} does not wait for the engine`);
  });

  it("destroy order: every hand-off object depends on the cloud controller and the CSI driver", () => {
    for (const c of handoffChildren(r).filter((x) => x.type.startsWith("kubernetes:"))) {
      for (const owner of ["fake-ccm", "fake-csi"]) assert.ok(directlyDependsOn(c, byName(r, owner)), `${c.name} -> ${owner}`);
    }
  });

  it("the deploy key is generated, its private half secret, its public half an output", () => {
    const key = r.resources.find((x) => x.type === "tls:index/privateKey:PrivateKey")!;
    assert.equal(plainInputs(key).algorithm, "ED25519");
    assert.ok(key.options.additionalSecretOutputs.includes("privateKeyOpenssh"));
    const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.ok(containsSecret(secret.rawInputs.stringData), "credentials Secret data is not secret");
    assert.ok(secret.options.additionalSecretOutputs.includes("stringData"));
    assert.match(String(r.outputs.gitDeployPublicKey!.value), /^ssh-ed25519 /);
  });

  it("creates the platform AppProject, the labelled repository Secret and the root Application after both", () => {
    const project = r.resources.find((x) => plainInputs(x).kind === "AppProject")!;
    assert.equal(plainInputs(project).metadata.name, "platform");
    const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.equal(plainInputs(secret).metadata.labels["argocd.argoproj.io/secret-type"], "repository");
    const root = r.resources.find((x) => plainInputs(x).kind === "Application")!;
    const inputs = plainInputs(root);
    assert.deepEqual(inputs.metadata.finalizers, ["resources-finalizer.argocd.argoproj.io"]);
    assert.ok(directlyDependsOn(root, project) && directlyDependsOn(root, secret));
    const names = inputs.spec.source.helm.valuesObject.applications.map((a: any) => a.metadata.name);
    assert.deepEqual(names, ["appstage-00-argocd", "appstage-01-platform-services", "appstage-02-sample-app"]);
    assert.ok(!containsSecret(root.rawInputs), "the root Application must carry no credentials");
  });

  it("an HTTPS token stays secret in the Secret", async () => {
    const r2 = await run({ type: "https", token: pulumi.secret("ghp_mocktoken") });
    const secret = r2.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.ok(containsSecret(secret.rawInputs.stringData));
    assert.equal(plainInputs(secret).stringData.password, "ghp_mocktoken");
    assert.equal(plainInputs(secret).stringData.username, "git");
    for (const other of r2.resources.filter((x) => x !== secret)) assert.doesNotMatch(JSON.stringify(plainInputs(other)), /ghp_mocktoken/);
  });

  it("a given deploy key goes into the Secret, secret, and nothing is generated", async () => {
    const r2 = await run({ type: "ssh", key: { source: "given", privateKey: pulumi.secret("mock-openssh-private-key:mock") } });
    assert.equal(r2.resources.filter((x) => x.type.startsWith("tls:")).length, 0);
    const secret = r2.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.ok(containsSecret(secret.rawInputs.stringData));
    assert.deepEqual(plainInputs(secret).stringData, { type: "git", url: SSH_URL, sshPrivateKey: "mock-openssh-private-key:mock" });
    assert.equal(r2.outputs.gitDeployPublicKey, undefined);
  });

  it("applies the defaults: branch main, the shipped stages, prune and selfHeal, no self-management", () => {
    const spec = argoHandoffSpec({ provider: {} as k8s.Provider, engine: upstreamEngineLiteral(), platform: { cloudResourceOwners: [] }, repoUrl: HTTPS_URL, path: "gitops/clusters/dev", sync: { prune: false } });
    assert.equal(spec.branch, "main");
    assert.deepEqual(spec.stages, [...DEFAULT_STAGES]);
    assert.deepEqual(spec.sync, { prune: false, selfHeal: true }, "an explicit false is kept (?? not ||)");
    assert.equal(spec.selfManage, undefined);
    assert.deepEqual(spec.extraSourceRepos, []);
  });

  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const args = {
      provider: {} as k8s.Provider,
      engine: { engine: "flux", release: {} as pulumi.Resource, namespace: "flux-system", entry: catalogEntry("flux-operator"), values: {} },
      platform: { cloudResourceOwners: [] },
      repoUrl: HTTPS_URL,
      path: "../x",
      stages: ["02-b", "01-a", "3-c"],
      auth: { type: "ssh" },
      selfManage: "yes",
    } as unknown as ArgoCdHandoffArgs;
    assert.throws(() => validateArgoCdHandoffArgs(args), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.equal(err.component, "ArgoCdHandoff");
      assert.deepEqual(err.problems.map((p) => p.path), ["engine.engine", "path", "stages[2]", "stages[1]", "repoUrl", "selfManage"]);
      assert.match(err.message, /stages\[1\] is "01-a": must have a higher number than the stage before it \(02\)/);
      assert.match(err.message, /repoUrl is "https:\/\/github.com\/acme\/k3s-gitops.git": must be an ssh:\/\/ URL when auth.type is ssh/);
      return true;
    });
    const r2 = await runProgram(() => {
      new ArgoCdHandoff("t", args);
      return {};
    }, { stack: "dev", config: {}, preview: false });
    assert.ok(r2.error instanceof InputPropertiesError);
    assert.equal(r2.resources.length, 0);
  });

  it("never prints a token, and refuses an empty one that arrives as an Output when it resolves", async () => {
    const args = (token: pulumi.Input<string>) => ({ ...upstream(), repoUrl: HTTPS_URL, path: "gitops/clusters/dev", auth: { type: "https" as const, token } });
    const r2 = await runProgram(() => {
      new ArgoCdHandoff("t", args(pulumi.secret("")));
      return {};
    }, { stack: "dev", config: {}, preview: false });
    assert.ok(r2.error instanceof InputPropertiesError, String(r2.error));
    assert.match(r2.error.message, /auth\.token is \[secret\]: must be a non-empty secret string/);
    assert.equal(r2.resources.filter((x) => x.type === "kubernetes:core/v1:Secret").length, 0, "a Secret with an empty token is never registered");
    assert.throws(() => validateArgoCdHandoffArgs({ ...args(""), provider: {} as k8s.Provider, engine: upstreamEngineLiteral(), platform: { cloudResourceOwners: [] } }), /auth\.token is \[secret\]/);
  });
});

function upstreamEngineLiteral(): InstalledEngine {
  return { engine: "argocd", release: {} as pulumi.Resource, namespace: "argocd", entry: catalogEntry("argo-cd"), values: {} };
}
