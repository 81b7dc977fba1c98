/** The hand-off objects (pure builders): schema-valid, ordered as a domino, wired for destroy. */
import { strict as assert } from "assert";
import {
  APPLICATION_HEALTH_KEY,
  APPLICATION_HEALTH_LUA,
  ArgoHandoffSpec,
  FluxHandoffSpec,
  PLATFORM_PROJECT,
  RESOURCES_FINALIZER,
  SYNC_WAVE_ANNOTATION,
  TRACKING_METHOD_KEY,
  buildAppProject,
  buildArgoCdValues,
  buildGitRepository,
  buildRootApplication,
  buildStageApplications,
  buildStageKustomizations,
  thisRepoPatches,
  validateObject,
  SchemaError,
} from "../components/gitops";
import { argoRepositorySecretData, fluxGitSecretData } from "../components/gitops/repo-credentials";
import { DEFAULT_STAGES } from "../stacks/config/blocks/gitops";

const argoSpec = (over: Partial<ArgoHandoffSpec> = {}): ArgoHandoffSpec => ({
  namespace: "argocd",
  repoUrl: "https://github.com/acme/k3s-gitops.git",
  branch: "main",
  path: "gitops/clusters/dev",
  stages: ["01-platform-services", "02-sample-app", "05-tenants"],
  sync: { prune: true, selfHeal: true },
  ...over,
});

const fluxSpec = (over: Partial<FluxHandoffSpec> = {}): FluxHandoffSpec => ({
  namespace: "flux-system",
  repoUrl: "ssh://git@github.com/acme/k3s-gitops.git",
  branch: "main",
  path: "gitops/clusters/prod",
  stages: ["01-platform-services", "02-sample-app", "03-apps"],
  sync: { prune: true, selfHeal: true },
  credentialsSecret: "k3s-gitops-git",
  sopsSecret: "sops-age",
  ...over,
});

describe("Argo CD hand-off objects", () => {
  it("validate against the argo-cd schemas", async () => {
    const spec = argoSpec({ selfManage: { repo: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1", releaseName: "argocd", namespace: "argocd", values: buildArgoCdValues() } });
    const apps = buildStageApplications(spec);
    for (const o of [buildAppProject(spec), ...apps, buildRootApplication(spec, apps)]) {
      assert.equal(await validateObject(o), true, `${o.kind} ${o.metadata.name} was not checked by a model`);
    }
  });

  it("rejects an object that breaks the schema", async () => {
    const app = buildStageApplications(argoSpec())[0]!;
    const broken = { ...app, spec: { ...app.spec, project: 42 } } as unknown as typeof app;
    await assert.rejects(validateObject(broken), SchemaError);
  });

  it("names the stages appstage-NN-* with strictly increasing sync waves, all in project platform", () => {
    const apps = buildStageApplications(argoSpec());
    assert.deepEqual(apps.map((a) => a.metadata.name), ["appstage-01-platform-services", "appstage-02-sample-app", "appstage-05-tenants"]);
    const waves = apps.map((a) => Number(a.metadata.annotations![SYNC_WAVE_ANNOTATION]));
    waves.slice(1).forEach((w, i) => assert.ok(w > waves[i]!, `wave ${w} after ${waves[i]}`));
    for (const a of apps) {
      assert.equal(a.spec.project, PLATFORM_PROJECT);
      assert.notEqual(a.spec.project, "default");
      assert.deepEqual(a.metadata.finalizers, [RESOURCES_FINALIZER]);
      assert.match(a.spec.source!.path!, /^gitops\/clusters\/dev\/argocd\/\d\d-/);
    }
  });

  it("the root Application carries the finalizer and hands every stage to the stages chart", () => {
    const spec = argoSpec({ sync: { prune: false, selfHeal: true } });
    const apps = buildStageApplications(spec);
    const root = buildRootApplication(spec, apps);
    assert.deepEqual(root.metadata.finalizers, [RESOURCES_FINALIZER]);
    assert.equal(root.spec.source!.path, "gitops/argocd/stages");
    assert.deepEqual((root.spec.source!.helm!.valuesObject as { applications: unknown[] }).applications, apps);
    assert.deepEqual(root.spec.syncPolicy!.automated, { prune: false, selfHeal: true });
  });

  it("self-management adopts the release with the same chart, version, name, namespace and values, and never prunes or cascades", () => {
    const values = buildArgoCdValues();
    const spec = argoSpec({ selfManage: { repo: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1", releaseName: "argocd", namespace: "argocd", values } });
    const [self, first] = buildStageApplications(spec);
    assert.equal(self!.metadata.name, "appstage-00-argocd");
    assert.equal(self!.spec.source!.targetRevision, "10.1.1");
    assert.equal(self!.spec.source!.helm!.releaseName, "argocd");
    assert.deepEqual(self!.spec.source!.helm!.valuesObject, values);
    assert.equal(self!.metadata.finalizers, undefined);
    assert.equal(self!.spec.syncPolicy!.automated!.prune, false);
    assert.ok(Number(self!.metadata.annotations![SYNC_WAVE_ANNOTATION]) < Number(first!.metadata.annotations![SYNC_WAVE_ANNOTATION]));
    assert.ok(buildAppProject(spec).spec.sourceRepos!.includes("https://argoproj.github.io/argo-helm"));
  });

  it("patches the git-side child Applications to the configured repository and branch", () => {
    const patches = thisRepoPatches({ repoUrl: "ssh://git@github.com/a/b.git", branch: "release" });
    assert.equal(patches.length, 2);
    for (const p of patches) {
      const ops = JSON.parse(p.patch) as { path: string; value: string }[];
      assert.deepEqual(ops.map((o) => o.value), ["ssh://git@github.com/a/b.git", "release"]);
    }
  });

  it("engine values turn on annotation tracking and the Application health check, and carry no credentials", () => {
    const cm = (buildArgoCdValues() as { configs: { cm: Record<string, string> } }).configs.cm;
    assert.equal(cm[TRACKING_METHOD_KEY], "annotation");
    assert.equal(cm[APPLICATION_HEALTH_KEY], APPLICATION_HEALTH_LUA);
    assert.match(APPLICATION_HEALTH_LUA, /obj\.status\.health\.status/);
    assert.doesNotMatch(JSON.stringify(buildArgoCdValues({ highAvailability: true })), /repositories|sshPrivateKey|password/);
  });
});

describe("Flux hand-off objects", () => {
  it("validate against the flux-cd schemas", async () => {
    for (const o of [buildGitRepository(fluxSpec()), ...buildStageKustomizations(fluxSpec())]) {
      assert.equal(await validateObject(o), true);
    }
  });

  it("chain the stages with dependsOn, wait for health and decrypt SOPS with the age key", () => {
    const ks = buildStageKustomizations(fluxSpec()) as any[];
    assert.deepEqual(ks.map((k) => k.metadata.name), ["appstage-01-platform-services", "appstage-02-sample-app", "appstage-03-apps"]);
    assert.equal(ks[0]!.spec.dependsOn, undefined);
    ks.slice(1).forEach((k: any, i: number) => assert.deepEqual(k.spec.dependsOn, [{ name: ks[i]!.metadata.name }]));
    for (const k of ks) {
      assert.equal(k.spec.wait, true);
      assert.ok((k.spec.healthCheckExprs ?? []).length > 0);
      assert.deepEqual(k.spec.decryption, { provider: "sops", secretRef: { name: "sops-age" } });
      assert.equal(k.spec.deletionPolicy, "WaitForTermination");
      assert.match(k.spec.path!, /^\.\/gitops\/clusters\/prod\/flux\/\d\d-/);
    }
  });

  it("references the credentials Secret only when there is one", () => {
    assert.deepEqual((buildGitRepository(fluxSpec()) as any).spec.secretRef, { name: "k3s-gitops-git" });
    assert.equal((buildGitRepository(fluxSpec({ credentialsSecret: undefined })) as any).spec.secretRef, undefined);
  });
});

describe("repository credential Secret data", () => {
  it("uses the keys each engine reads", () => {
    assert.deepEqual(Object.keys(argoRepositorySecretData("ssh://git@h/x.git", { kind: "ssh", privateKey: "k", knownHosts: "h" })).sort(), ["sshPrivateKey", "type", "url"]);
    assert.deepEqual(Object.keys(fluxGitSecretData({ kind: "ssh", privateKey: "k", knownHosts: "h" })).sort(), ["identity", "known_hosts"]);
    assert.deepEqual(Object.keys(fluxGitSecretData({ kind: "https", username: "git", token: "t" })).sort(), ["password", "username"]);
  });
});

it("DEFAULT_STAGES are numbered in order", () => {
  const n = DEFAULT_STAGES.map((s) => Number(s.slice(0, 2)));
  assert.deepEqual([...n].sort((a, b) => a - b), n);
});
