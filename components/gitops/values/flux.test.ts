import { strict as assert } from "assert";
import { FLUX_DISTRIBUTION } from "../../kernel/catalog";
import { parse } from "yaml";
import { FLUX_COMPONENTS, buildFluxInstance, buildFluxValues } from "./flux";

const UNINITIALIZED = { key: "node.cloudprovider.kubernetes.io/uninitialized", operator: "Equal", value: "true", effect: "NoSchedule" };

describe("Flux Operator values and FluxInstance", () => {
  it("keeps the operator chart's defaults, with the engine's tolerations", () => {
    assert.deepEqual(buildFluxValues(), { tolerations: [UNINITIALIZED] });
  });

  it("patches every Flux controller Deployment to tolerate the uninitialized taint (a JSON patch the API docs show)", () => {
    const fi = buildFluxInstance("flux-system") as any;
    assert.equal(fi.spec.kustomize.patches.length, 1);
    const [p] = fi.spec.kustomize.patches;
    assert.deepEqual(p.target, { kind: "Deployment" });
    assert.deepEqual(parse(p.patch), [{ op: "add", path: "/spec/template/spec/tolerations", value: [UNINITIALIZED] }]);
  });

  it("pins the distribution exactly and names the instance flux in the engine's namespace", () => {
    const fi = buildFluxInstance("flux-system") as any;
    assert.equal(fi.apiVersion, "fluxcd.controlplane.io/v1");
    assert.equal(fi.kind, "FluxInstance");
    assert.deepEqual([fi.metadata.name, fi.metadata.namespace], ["flux", "flux-system"]);
    assert.deepEqual(fi.spec.distribution, { registry: "ghcr.io/fluxcd", version: "2.9.4" });
    assert.match(FLUX_DISTRIBUTION.version, /^2\.9\.\d+$/, "an exact 2.9.x release, never a range");
    assert.equal(fi.metadata.annotations["pulumi.com/waitFor"], "condition=Ready");
    assert.equal(fi.spec.sync, undefined, "the hand-off owns the GitRepository and Kustomizations");
  });

  it("installs the controllers the hand-off uses and no image automation", () => {
    const fi = buildFluxInstance("flux-system") as any;
    assert.deepEqual(fi.spec.components, [...FLUX_COMPONENTS]);
    for (const c of ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]) assert.ok(fi.spec.components.includes(c), c);
    assert.ok(!fi.spec.components.some((c: string) => c.startsWith("image-")));
  });
});
