/** The Argo CD hand-off objects (pure builders): schema-valid, ordered as a domino, wired for destroy. */
import { strict as assert } from "assert";
import { buildArgoCdValues } from "../values/argocd";
import { SchemaError, validateObject } from "../../kernel/validate";
import {
  APPLICATION_TIER_HELM_REPOS,
  ArgoHandoffSpec,
  PLATFORM_PROJECT,
  RESOURCES_FINALIZER,
  SYNC_WAVE_ANNOTATION,
  THIS_REPO_LABEL,
  argoStagePath,
  buildAppProject,
  buildRootApplication,
  buildStageApplications,
  stageApplicationName,
  stageWave,
  thisRepoPatches,
} from "./argocd";

const argoSpec = (over: Partial<ArgoHandoffSpec> = {}): ArgoHandoffSpec => ({
  namespace: "argocd",
  repoUrl: "https://github.com/acme/k3s-gitops.git",
  branch: "main",
  path: "gitops/clusters/dev",
  stages: ["01-platform-services", "02-sample-app", "05-tenants"],
  sync: { prune: true, selfHeal: true },
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
      assert.match(p.target.labelSelector, new RegExp(`^${THIS_REPO_LABEL}=`));
    }
  });

  it("the project may read only the repository, the application tier's Helm repos and extra repos, sorted", () => {
    const repos = buildAppProject(argoSpec({ extraSourceRepos: ["https://argoproj.github.io/argo-helm"] })).spec.sourceRepos!;
    assert.deepEqual(repos, [...new Set(["https://github.com/acme/k3s-gitops.git", ...APPLICATION_TIER_HELM_REPOS, "https://argoproj.github.io/argo-helm"])].sort());
  });

  it("names, waves and paths of a stage", () => {
    assert.equal(stageApplicationName("01-platform-services"), "appstage-01-platform-services");
    assert.equal(stageWave("05-tenants"), 5);
    assert.equal(argoStagePath({ path: "gitops/clusters/dev" }, "02-sample-app"), "gitops/clusters/dev/argocd/02-sample-app");
  });
});
