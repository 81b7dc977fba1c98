/**
 * FluxHandoff under the mock engine, from literal args: a fake cluster provider, a fake engine release, fake platform
 * layers with the SOPS age key. Dependency edges, the stage chain, credentials variants, refused args.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { catalogEntry } from "../kernel/catalog";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram, RunResult } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { RecordedResource, containsSecret, plainInputs } from "../testing/recorder";
import type { InstalledEngine } from "./engine";
import { FluxHandoff, FluxHandoffArgs, fluxHandoffSpec, validateFluxHandoffArgs } from "./flux-handoff";
import type { GitAuth } from "./repo-credentials";

const SSH_URL = "ssh://git@github.com/acme/k3s-gitops.git";
const HTTPS_URL = "https://github.com/acme/k3s-gitops.git";

/** Upstream handles as literals: what GitOpsEngine and Platform would hand over. */
function upstream(ageNamespace = "flux-system") {
  const provider = new k8s.Provider("cluster", { kubeconfig: pulumi.secret(FAKE_KUBECONFIG) });
  const dummy = (n: string) => new k8s.core.v1.ConfigMap(n, { metadata: { name: n, namespace: "kube-system" } }, { provider });
  const engine: InstalledEngine = { engine: "flux", release: dummy("fake-engine"), namespace: "flux-system", entry: catalogEntry("flux-operator"), values: {} };
  const platform = {
    cloudResourceOwners: [dummy("fake-ccm"), dummy("fake-csi")],
    sopsAgeKey: { secretName: "sops-age", namespace: ageNamespace, publicKey: pulumi.output("age1mock"), resource: dummy("fake-age") },
  };
  return { provider, engine, platform };
}

async function run(auth: GitAuth): Promise<RunResult> {
  const r = await runProgram(
    () => {
      const h = new FluxHandoff("t-handoff", {
        ...upstream(),
        repoUrl: auth.type === "ssh" ? SSH_URL : HTTPS_URL,
        branch: "main",
        path: "gitops/clusters/dev",
        stages: ["01-platform-services", "02-sample-app"],
        sync: { prune: true, selfHeal: true },
        auth,
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
  const parent = r.resources.find((x) => x.type === "k3s-gitops:gitops:FluxHandoff")!;
  return r.resources.filter((x) => x.parent === parent.urn && x.custom);
};

describe("FluxHandoff", () => {
  let r: RunResult;
  before(async () => {
    r = await run({ type: "ssh" });
  });

  it("every hand-off object depends on the engine release (one pulumi up from empty works)", () => {
    const release = byName(r, "fake-engine");
    const k8sChildren = handoffChildren(r).filter((x) => x.type.startsWith("kubernetes:"));
    assert.ok(k8sChildren.length >= 4);
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

  it("chains the stage Kustomizations in Pulumi as in Flux, after the SOPS key and the GitRepository", () => {
    const ks = r.resources.filter((x) => plainInputs(x).kind === "Kustomization");
    assert.equal(ks.length, 2);
    const source = r.resources.find((x) => plainInputs(x).kind === "GitRepository")!;
    assert.deepEqual(plainInputs(source).spec.secretRef, { name: "k3s-gitops-git" });
    for (const k of ks) {
      assert.ok(directlyDependsOn(k, source) && directlyDependsOn(k, byName(r, "fake-age")));
    }
    assert.ok(directlyDependsOn(ks[1]!, ks[0]!), "stage 02 must depend on stage 01 (destroy removes the apps first)");
    assert.deepEqual(plainInputs(ks[1]!).spec.dependsOn, [{ name: "appstage-01-platform-services" }]);
  });

  it("a public repository gets no Secret and no key", async () => {
    const r2 = await run({ type: "none" });
    assert.equal(r2.resources.filter((x) => x.type === "kubernetes:core/v1:Secret" || x.type.startsWith("tls:")).length, 0);
    assert.equal(r2.outputs.gitDeployPublicKey, undefined);
    assert.equal(plainInputs(r2.resources.find((x) => plainInputs(x).kind === "GitRepository")!).spec.secretRef, undefined);
  });

  it("ECDSA deploy keys use P256", async () => {
    const r2 = await run({ type: "ssh", key: { source: "generate", algorithm: "ECDSA" } });
    const key = plainInputs(r2.resources.find((x) => x.type === "tls:index/privateKey:PrivateKey")!);
    assert.deepEqual([key.algorithm, key.ecdsaCurve], ["ECDSA", "P256"]);
  });

  it("the spec names the credentials Secret only when there are credentials", () => {
    const args = (auth: GitAuth | undefined): FluxHandoffArgs => ({
      provider: {} as k8s.Provider,
      engine: { engine: "flux", release: {} as pulumi.Resource, namespace: "flux-system", entry: catalogEntry("flux-operator"), values: {} },
      platform: { cloudResourceOwners: [], sopsAgeKey: { secretName: "sops-age", namespace: "flux-system", publicKey: pulumi.output("age1"), resource: {} as pulumi.Resource } },
      repoUrl: HTTPS_URL,
      path: "gitops/clusters/dev",
      ...(auth ? { auth } : {}),
    });
    assert.equal(fluxHandoffSpec(args(undefined)).credentialsSecret, undefined);
    assert.equal(fluxHandoffSpec(args({ type: "https", token: "t" })).credentialsSecret, "k3s-gitops-git");
    assert.equal(fluxHandoffSpec(args(undefined)).sopsSecret, "sops-age");
    assert.equal(fluxHandoffSpec(args(undefined)).branch, "main");
  });

  it("refuses bad args (wrong engine, age key elsewhere, scp URL, bad sync) with one error, and registers nothing", async () => {
    const args = {
      provider: {} as k8s.Provider,
      engine: { engine: "argocd", release: {} as pulumi.Resource, namespace: "flux-system", entry: catalogEntry("flux-operator"), values: {} },
      platform: { cloudResourceOwners: [], sopsAgeKey: { secretName: "sops-age", namespace: "kube-system", publicKey: pulumi.output("age1"), resource: {} as pulumi.Resource } },
      repoUrl: "git@github.com:a/b.git",
      branch: "main branch",
      path: "/abs",
      stages: [],
      sync: { prune: "no" },
      auth: { type: "https", token: "" },
    } as unknown as FluxHandoffArgs;
    assert.throws(() => validateFluxHandoffArgs(args), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.equal(err.component, "FluxHandoff");
      assert.deepEqual(err.problems.map((p) => p.path), ["engine.engine", "platform.sopsAgeKey.namespace", "repoUrl", "branch", "path", "stages", "sync.prune", "repoUrl", "auth.token"]);
      assert.match(err.message, /platform\.sopsAgeKey\.namespace is "kube-system": must be the engine's namespace \(flux-system\)/);
      assert.match(err.message, /auth\.token is \[secret\]/);
      return true;
    });
    const r2 = await runProgram(() => {
      new FluxHandoff("t", { ...args, ...upstream("kube-system") } as FluxHandoffArgs);
      return {};
    }, { stack: "dev", config: {}, preview: false });
    assert.ok(r2.error instanceof InputPropertiesError);
    // Only the literal upstream handles registered; nothing of the hand-off.
    assert.deepEqual(r2.resources.map((x) => x.name).sort(), ["cluster", "fake-age", "fake-ccm", "fake-csi", "fake-engine"]);
  });
});
