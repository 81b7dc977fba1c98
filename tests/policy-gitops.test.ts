import { strict as assert } from "assert";
import { argocdAppsSafe, bootstrapBeforeGitops, gitopsEngineBootstrapped } from "../policy/rules/gitops";
import { TEST_CTX, UNKNOWN, build, happyStack, mutate, named, runResourcePolicy, runStackPolicy } from "./policy-fixtures";

describe("policy gitops-engine-bootstrapped", () => {
  const p = gitopsEngineBootstrapped(TEST_CTX);
  it("passes the happy-path stack", async () => assert.deepEqual(await runStackPolicy(p, build(happyStack())), []));
  it("reports a cluster without an engine", async () => {
    const stack = happyStack().filter((s) => s.layer !== 5 && s.name !== "argocd");
    const [m] = await runStackPolicy(p, build(stack));
    assert.match(m!, /provider "k8s" has no GitOps engine release/);
  });
  it("reports a second engine release for the same cluster", async () => {
    const stack = happyStack();
    stack.push({ name: "argocd-2", type: "kubernetes:helm.sh/v3:Release", layer: 4, deps: ["ingress"], provider: "k8s", props: { chart: "argo-cd", version: "7.7.11", namespace: "argocd" } });
    const out = await runStackPolicy(p, build(stack));
    assert.deepEqual(out.length, 1);
    assert.match(out[0]!, /"argocd-2" is a second GitOps engine release/);
  });
  it("reports a hand-off object that does not depend on the engine", async () => {
    const out = await runStackPolicy(p, build(mutate("stage-01", (s) => (s.deps = ["ingress"]))));
    assert.equal(out.length, 1);
    assert.match(out[0]!, /"stage-01" is a hand-off object but does not depend on the GitOps engine release "argocd"/);
  });
  it("accepts a transitive dependency on the engine", async () => {
    assert.deepEqual(await runStackPolicy(p, build(mutate("stage-01", (s) => (s.deps = ["project"])))), []);
  });
  it("is not applicable to a stack without a cluster", async () => {
    assert.deepEqual(await runStackPolicy(p, build(happyStack().filter((s) => s.layer === 0))), ["N/A: no Kubernetes cluster in this stack"]);
  });
});

describe("policy bootstrap-before-gitops", () => {
  const p = bootstrapBeforeGitops(TEST_CTX);
  const app = (spec: Record<string, unknown>, type = "kubernetes:argoproj.io/v1alpha1:Application") =>
    build([{ name: "a", type, layer: 5, props: { metadata: { name: "a" }, spec } }])[0]!;
  it("passes the happy-path stage apps", async () => {
    for (const r of build(happyStack()).filter((x) => x.type.includes("Application"))) assert.deepEqual(await runResourcePolicy(p, r), []);
  });
  it("reports a stage whose path points at the storage operator", async () => {
    const [m] = await runResourcePolicy(p, app({ source: { path: "gitops/infra/longhorn" } }));
    assert.match(m!, /source path "gitops\/infra\/longhorn" points at longhorn \(storage\)/);
  });
  it("reports a source chart that is the CNI", async () => {
    const [m] = await runResourcePolicy(p, app({ sources: [{ chart: "cilium", repoURL: "https://helm.cilium.io" }] }));
    assert.match(m!, /points at cilium \(cni\)/);
  });
  it("reports a Flux Kustomization pointing at the cloud controller", async () => {
    const r = build([{ name: "k", type: "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization", layer: 5, props: { spec: { path: "./infra/hcloud-ccm" } } }])[0]!;
    const [m] = await runResourcePolicy(p, r);
    assert.match(m!, /points at hcloud-ccm \(cloud-controller\)/);
  });
  it("allows the Argo CD self-management app when enabled, and reports it when disabled", async () => {
    const self = app({ source: { chart: "argo-cd", repoURL: "https://argoproj.github.io/argo-helm" } });
    assert.deepEqual(await runResourcePolicy(p, self, { allowArgoCdSelfManagement: true }), []);
    const [m] = await runResourcePolicy(p, self, { allowArgoCdSelfManagement: false });
    assert.match(m!, /points at argo-cd \(gitops-engine\).*self-management is disabled/);
  });
  it("reports a Flux HelmRelease of the engine itself", async () => {
    const r = build([{ name: "h", type: "kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease", layer: 5, props: { spec: { chart: { spec: { chart: "argo-cd" } } } } }])[0]!;
    assert.equal((await runResourcePolicy(p, r)).length, 1);
  });
  it("reports every entry a path names: an Argo CD path through argocd (self-management) does not hide longhorn", async () => {
    const out = await runResourcePolicy(p, app({ source: { path: "gitops/longhorn/dev/argocd/01-platform-services" } }));
    assert.equal(out.length, 1, out.join("; "));
    assert.match(out[0]!, /points at longhorn \(storage\)/);
  });
  it("treats an unknown source as not yet known", async () => {
    assert.deepEqual(await runResourcePolicy(p, app({ source: UNKNOWN })), []);
  });
});

describe("policy argocd-apps-safe", () => {
  const p = argocdAppsSafe(TEST_CTX);
  it("passes the happy-path apps", async () => assert.deepEqual(await runStackPolicy(p, build(happyStack())), []));
  it("reports an app in the default project", async () => {
    const out = await runStackPolicy(p, build(mutate("stage-00", (s) => ((s.props!.spec as any).project = "default"))));
    assert.deepEqual(out.length, 1);
    assert.match(out[0]!, /"appstage-00" is in the default project/);
  });
  it("reports an app with no project", async () => {
    const [m] = await runStackPolicy(p, build(mutate("stage-00", (s) => delete (s.props!.spec as any).project)));
    assert.match(m!, /sets no spec.project/);
  });
  it("reports a root app without the cascade finalizer", async () => {
    const [m] = await runStackPolicy(p, build(mutate("root", (s) => ((s.props!.metadata as any).finalizers = []))));
    assert.match(m!, /root Application "root" has no cascade finalizer/);
  });
  it("accepts the background cascade finalizer", async () => {
    const stack = mutate("root", (s) => ((s.props!.metadata as any).finalizers = ["resources-finalizer.argocd.argoproj.io/background"]));
    assert.deepEqual(await runStackPolicy(p, build(stack)), []);
  });
  it("reports stage waves that do not increase", async () => {
    const [m] = await runStackPolicy(p, build(mutate("stage-01", (s) => ((s.props!.metadata as any).annotations["argocd.argoproj.io/sync-wave"] = "0"))));
    assert.match(m!, /"appstage-01" has sync wave 0, not greater than "appstage-00" \(0\)/);
  });
  it("reports a stage without a wave", async () => {
    const [m] = await runStackPolicy(p, build(mutate("stage-01", (s) => delete (s.props!.metadata as any).annotations)));
    assert.match(m!, /"appstage-01" carries no integer argocd.argoproj.io\/sync-wave/);
  });
  it("treats an unknown project or wave as not yet known", async () => {
    const stack = mutate("stage-00", (s) => ((s.props!.spec as any).project = UNKNOWN));
    mutate("stage-01", (s) => ((s.props!.metadata as any).annotations = UNKNOWN), stack);
    assert.deepEqual(await runStackPolicy(p, build(stack)), []);
  });
});
