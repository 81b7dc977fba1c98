/**
 * The convergence check (plan/convergence, issue 12): fixtures that must fail (a missing Secret, a CRD from a later
 * stage, a plaintext Secret), their passing counterparts, kubectl missing, and every shipped stack converging.
 */
import { strict as assert } from "assert";
import * as path from "path";
import {
  KubectlMissingError,
  PlanResourceLike,
  checkConvergence,
  convergenceFails,
  renderConvergence,
  valuesSecretRefs,
} from "../plan/convergence";
import { planStack } from "../plan/cli";
import { requireTool } from "@k3s-gitops/components/testing";

const ROOT = path.join(__dirname, "..");
const FIXTURES = "plan/convergence/fixtures";

/** The Flux controllers the hand-off's FluxInstance runs (components/gitops/values/flux.ts FLUX_COMPONENTS). */
const FLUX_CONTROLLERS = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"];

/** A Flux hand-off (the operator's release and a FluxInstance) whose stages are the given repository paths, in order. */
function fluxPlan(paths: readonly string[], components: readonly string[] = FLUX_CONTROLLERS): PlanResourceLike[] {
  return [
    { type: "kubernetes:helm.sh/v3:Release", name: "flux-operator", inputs: { chart: "oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator", namespace: "flux-system" } },
    { type: "kubernetes:fluxcd.controlplane.io/v1:FluxInstance", name: "flux", inputs: { metadata: { name: "flux", namespace: "flux-system" }, spec: { components } } },
    ...paths.map((p, i) => ({
      type: "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization",
      name: `handoff-${i}`,
      inputs: { metadata: { name: `appstage-0${i + 1}-${path.basename(p).slice(3)}`, namespace: "flux-system" }, spec: { path: `./${p}` } },
    })),
  ];
}

const check = (paths: readonly string[], outputs: Record<string, unknown> = { defaultStorageClass: "local-path" }) =>
  checkConvergence({ resources: fluxPlan(paths.map((p) => `${FIXTURES}/${p}`)), outputs, repoRoot: ROOT });

describe("convergence check", () => {
  it("fails on a Secret that nothing provides, and names it, its stage and who reads it", () => {
    const r = check(["missing-secret/01-app"]);
    assert.equal(r.status, "unresolved");
    assert.equal(r.engine, "flux");
    assert.deepEqual(r.unresolved, [
      { stage: "01-app", kind: "Secret", target: "default/app-credentials", from: "Deployment default/app" },
    ]);
    assert.ok(convergenceFails(r, {}));
    assert.match(renderConvergence(r), /\[mandatory\] convergence: stage 01-app: Secret default\/app-credentials is not provided/);
  });

  it("accepts the Secret when git holds it SOPS-encrypted (Flux decrypts it); an optional reference never counts", () => {
    const r = check(["sops-secret/01-app"]);
    assert.equal(r.status, "converges", renderConvergence(r));
    assert.ok(!convergenceFails(r, { CI: "true" }));
  });

  it("does not accept a plaintext Secret in git", () => {
    const r = check(["plaintext-secret/01-app"]);
    assert.equal(r.status, "unresolved");
    assert.match(r.unresolved.map((u) => `${u.kind} ${u.target} ${u.from}`).join("\n"), /not SOPS-encrypted/);
  });

  it("fails on a custom kind whose CRD only a later stage installs; the same stages in the other order converge", () => {
    const late = check(["later-crd/01-database", "later-crd/02-operator"]);
    assert.equal(late.status, "unresolved");
    assert.deepEqual(
      late.unresolved.map((u) => [u.stage, u.kind, u.target]),
      [["01-database", "CustomResourceDefinition", "postgresql.cnpg.io Cluster"]],
    );
    const early = check(["later-crd/02-operator", "later-crd/01-database"]);
    assert.equal(early.status, "converges", renderConvergence(early));
  });

  it("resolves a Traefik plugin Middleware only against a plugin Pulumi's Traefik loads under that name", () => {
    const traefik = (plugins: Record<string, unknown> | undefined): PlanResourceLike => ({
      type: "kubernetes:helm.sh/v3:Release",
      name: "traefik",
      inputs: { chart: "traefik", namespace: "traefik", values: plugins ? { experimental: { plugins } } : {} },
    });
    const run = (plugins: Record<string, unknown> | undefined) =>
      checkConvergence({ resources: [traefik(plugins), ...fluxPlan([`${FIXTURES}/traefik-plugin/01-app`])], outputs: {}, repoRoot: ROOT });
    const none = run(undefined);
    assert.equal(none.status, "unresolved");
    assert.deepEqual(none.unresolved.map((u) => [u.kind, u.target, u.from]), [["TraefikPlugin", "sablier", "Middleware default/sablier"]]);
    const other = run({ crowdsec: { moduleName: "github.com/example/crowdsec", version: "v1.0.0" } });
    assert.equal(other.status, "unresolved", "a plugin of another name does not count");
    const loaded = run({ sablier: { moduleName: "github.com/sablierapp/sablier-traefik-plugin", version: "v1.3.0" } });
    assert.equal(loaded.status, "converges", renderConvergence(loaded));
  });

  it("needs a default StorageClass for a claim that names none", () => {
    const r = check(["later-crd/02-operator", "later-crd/01-database"], {});
    assert.deepEqual(r.unresolved.map((u) => [u.kind, u.target]), [["StorageClass", "(the default StorageClass)"]]);
  });

  it("says clearly that kubectl is missing, and fails only under CI=true", () => {
    const r = checkConvergence({
      resources: fluxPlan(["gitops/clusters/dev/flux/01-platform-services"]),
      repoRoot: ROOT,
      kustomize: () => {
        throw new KubectlMissingError();
      },
    });
    assert.equal(r.status, "unchecked");
    assert.match(r.message, /kubectl is not installed.*CI requires it/);
    assert.ok(!convergenceFails(r, {}));
    assert.ok(convergenceFails(r, { CI: "true" }));
  });

  it("reads Secret names from Helm values keys (the documented table), honouring a chart's switch", () => {
    assert.deepEqual(valuesSecretRefs("velero", { credentials: { useSecret: true, existingSecret: "s3" } }), [{ name: "s3", key: "credentials.existingSecret" }]);
    assert.deepEqual(valuesSecretRefs("velero", { credentials: { useSecret: false, existingSecret: "s3" } }), []);
    assert.deepEqual(
      valuesSecretRefs("external-dns", { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "r53", key: "k" } } }, { name: "B", valueFrom: { secretKeyRef: { name: "x", key: "k", optional: true } } }] }),
      [{ name: "r53", key: "env.0.valueFrom.secretKeyRef" }],
    );
    assert.deepEqual(valuesSecretRefs("anything", { auth: { existingSecret: "db" } }), [{ name: "db", key: "auth.existingSecret" }]);
  });

  it("counts a SopsSecret's Secrets only where the sops-secrets-operator runs", () => {
    const resources = fluxPlan([`${FIXTURES}/sopssecret/01-app`]);
    const without = checkConvergence({ resources, outputs: {}, repoRoot: ROOT });
    assert.deepEqual(without.unresolved.map((u) => u.target), ["default/app-credentials", "isindir.github.com SopsSecret"]);
    const operator = { type: "kubernetes:helm.sh/v3:Release", name: "sops", inputs: { chart: "sops-secrets-operator", namespace: "argocd" } };
    const withOperator = checkConvergence({ resources: [...resources, operator], outputs: {}, repoRoot: ROOT });
    assert.equal(withOperator.status, "converges", renderConvergence(withOperator));
  });

  it("takes the Flux CRD groups from the FluxInstance's controllers: without helm-controller a HelmRelease is unresolved", () => {
    const stages = ["later-crd/02-operator", "later-crd/01-database"].map((p) => `${FIXTURES}/${p}`);
    const full = checkConvergence({ resources: fluxPlan(stages), outputs: { defaultStorageClass: "local-path" }, repoRoot: ROOT });
    assert.equal(full.status, "converges", renderConvergence(full));
    const noHelm = checkConvergence({
      resources: fluxPlan(stages, FLUX_CONTROLLERS.filter((c) => c !== "helm-controller")),
      outputs: { defaultStorageClass: "local-path" },
      repoRoot: ROOT,
    });
    assert.equal(noHelm.status, "unresolved");
    assert.ok(noHelm.unresolved.some((u) => u.kind === "CustomResourceDefinition" && u.target.startsWith("helm.toolkit.fluxcd.io HelmRelease")), renderConvergence(noHelm));
  });

  it("reports no hand-off as nothing to converge", () => {
    assert.equal(checkConvergence({ resources: [], repoRoot: ROOT }).status, "none");
  });

  describe("shipped stacks", function () {
    this.timeout(120_000);
    for (const stack of ["dev", "prod", "home", "do-dev"]) {
      it(`${stack}: every stage converges (plan JSON section and exit status)`, async function () {
        requireTool(this, "kubectl");
        const { report } = await planStack({ stack, dir: ROOT });
        assert.ok(report.convergence, "the plan carries a convergence section");
        assert.equal(report.convergence!.status, "converges", renderConvergence(report.convergence!));
        assert.ok(report.convergence!.stages.length >= 2);
        assert.ok(report.convergence!.checked > 10);
      });
    }
  });
});
