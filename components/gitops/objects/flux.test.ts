/** The Flux hand-off objects (pure builders): schema-valid, chained, decrypting with the age key. */
import { strict as assert } from "assert";
import { validateObject } from "../../kernel/validate";
import { FluxHandoffSpec, GIT_REPOSITORY_NAME, buildGitRepository, buildStageKustomizations, fluxStagePath } from "./flux";

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
      assert.deepEqual(k.spec.sourceRef, { kind: "GitRepository", name: GIT_REPOSITORY_NAME });
    }
  });

  it("references the credentials Secret only when there is one", () => {
    assert.deepEqual((buildGitRepository(fluxSpec()) as any).spec.secretRef, { name: "k3s-gitops-git" });
    assert.equal((buildGitRepository(fluxSpec({ credentialsSecret: undefined })) as any).spec.secretRef, undefined);
  });

  it("prune follows the sync option; paths are ./-relative", () => {
    assert.equal((buildStageKustomizations(fluxSpec({ sync: { prune: false, selfHeal: true } }))[0] as any).spec.prune, false);
    assert.equal(fluxStagePath({ path: "gitops/clusters/dev" }, "01-a"), "./gitops/clusters/dev/flux/01-a");
  });
});
