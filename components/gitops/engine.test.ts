/** GitOpsEngine under the mock engine: the pinned catalog chart, after layer 2; its args refused before anything registers. */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram, RunResult } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { plainInputs } from "../testing/recorder";
import { DEFAULT_ENGINE_TIMEOUT, EngineKind, GitOpsEngine, GitOpsEngineArgs, resolveEngine, validateGitOpsEngineArgs } from "./engine";

async function runEngine(engine: EngineKind, extra: Partial<GitOpsEngineArgs> = {}): Promise<RunResult> {
  return runProgram(
    () => {
      const provider = new k8s.Provider("cluster", { kubeconfig: pulumi.secret(FAKE_KUBECONFIG) });
      const ccm = new k8s.core.v1.ConfigMap("fake-ccm", { metadata: { name: "fake-ccm", namespace: "kube-system" } }, { provider });
      const cni = new k8s.core.v1.ConfigMap("fake-cni", { metadata: { name: "fake-cni", namespace: "kube-system" } }, { provider });
      const e = new GitOpsEngine("t-gitops", { engine, provider, dependsOn: [ccm, cni], ...extra });
      return { namespace: e.namespace };
    },
    { stack: "dev", config: {}, preview: false },
  );
}

const byName = (r: RunResult, name: string) => r.resources.find((x) => x.name === name)!;

describe("GitOpsEngine", () => {
  it("installs the pinned catalog chart after layer 2", async () => {
    const r = await runEngine("argocd");
    if (r.error) throw r.error;
    const release = r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!;
    const inputs = plainInputs(release);
    assert.equal(inputs.chart, "argo-cd");
    assert.equal(inputs.version, "10.3.3");
    assert.equal(inputs.namespace, "argocd");
    assert.equal(inputs.values.configs.cm["application.resourceTrackingMethod"], "annotation");
    for (const dep of ["fake-ccm", "fake-cni"]) assert.ok(release.dependencies.includes(byName(r, dep).urn), `release waits for ${dep}`);
    assert.equal(inputs.timeout, DEFAULT_ENGINE_TIMEOUT);
    assert.equal(inputs.atomic, false, "a failed engine install is kept for inspection");
    assert.equal(r.outputs.namespace!.value, "argocd");
  });

  it("installs the Flux Operator and a FluxInstance for the flux engine, and no flux2 chart", async () => {
    const r = await runEngine("flux");
    if (r.error) throw r.error;
    const releases = r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release");
    assert.equal(releases.length, 1);
    const inputs = plainInputs(releases[0]!);
    assert.deepEqual([inputs.chart, inputs.version, inputs.namespace], ["oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator", "0.58.1", "flux-system"]);
    assert.equal(inputs.repositoryOpts, undefined, "an OCI chart has no repository index");
    assert.ok(!r.resources.some((x) => JSON.stringify(plainInputs(x)).includes("flux2")), "no flux2 chart anywhere");
    const instance = r.resources.find((x) => x.type === "kubernetes:fluxcd.controlplane.io/v1:FluxInstance")!;
    assert.ok(instance, "a FluxInstance");
    const fi = plainInputs(instance);
    assert.deepEqual([fi.metadata.name, fi.metadata.namespace, fi.spec.distribution.version], ["flux", "flux-system", "2.9.4"]);
    assert.ok(instance.dependencies.includes(releases[0]!.urn), "the instance waits for the operator (its CRD)");
  });

  it("runs Argo CD's HA layout only when asked", async () => {
    const r = await runEngine("argocd", { highAvailability: true });
    if (r.error) throw r.error;
    const values = plainInputs(r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!).values;
    assert.deepEqual([values["redis-ha"].enabled, values.server, values.repoServer], [true, { replicas: 2 }, { replicas: 2 }]);
    assert.equal(resolveEngine("argocd").values["redis-ha"], undefined);
  });

  it("installs Argo CD with SSO values only when asked, and refuses SSO on Flux or with a bad URL", async () => {
    const sso = { url: "https://argocd.example.com", issuer: "https://dex.example.com" };
    const r = await runEngine("argocd", { sso });
    if (r.error) throw r.error;
    const values = plainInputs(r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!).values;
    assert.equal(values.configs.cm.url, sso.url);
    assert.match(values.configs.cm["oidc.config"], /clientSecret: "\$argocd-oidc:clientSecret"/);
    assert.equal(values.configs.params["server.insecure"], true);
    assert.equal((resolveEngine("argocd").values as any).configs.params, undefined);
    const bad = (args: Partial<GitOpsEngineArgs>) => () => validateGitOpsEngineArgs({ engine: "argocd", provider: {} as never, dependsOn: [], ...args } as GitOpsEngineArgs);
    assert.throws(bad({ engine: "flux", sso }), /sso is "https:\/\/argocd.example.com": is Argo CD's sign-in; leave it unset with engine flux/);
    assert.throws(bad({ sso: { ...sso, issuer: "dex" } }), /sso\.issuer is "dex": must be the issuer's https:\/\/ URL/);
  });

  it("gives Argo CD the known hosts (argocd-ssh-known-hosts-cm through the chart's configs.ssh.knownHosts); Flux ignores them", async () => {
    const lines = "git.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J";
    const r = await runEngine("argocd", { knownHosts: lines });
    if (r.error) throw r.error;
    const values = plainInputs(r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!).values;
    assert.deepEqual(values.configs.ssh, { knownHosts: `${lines}\n` });
    assert.ok(values.configs.cm, "the chart's other configs stay");
    assert.equal(resolveEngine("argocd").values.configs && (resolveEngine("argocd").values.configs as Record<string, unknown>).ssh, undefined, "none given: the chart's own list");
    assert.equal((resolveEngine("flux", { knownHosts: lines }).values as Record<string, unknown>).configs, undefined, "Flux reads them from the hand-off's Secret");
    assert.throws(() => validateGitOpsEngineArgs({ engine: "argocd", provider: {} as never, dependsOn: [], knownHosts: " " }), /knownHosts is " ": must be known_hosts lines/);
  });

  it("resolveEngine maps each engine to its catalog entry and values", () => {
    assert.equal(resolveEngine("argocd").entry.chart, "argo-cd");
    assert.equal(resolveEngine("flux").entry.chart, "flux-operator");
    assert.deepEqual(Object.keys(resolveEngine("flux").values), ["tolerations"]);
  });

  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const bad = { engine: "jenkins", provider: {}, dependsOn: "ccm", highAvailability: "yes" } as unknown as GitOpsEngineArgs;
    assert.throws(() => validateGitOpsEngineArgs(bad), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.equal(err.component, "GitOpsEngine");
      assert.deepEqual(err.problems.map((p) => p.path), ["engine", "dependsOn", "highAvailability"]);
      assert.match(err.message, /engine is "jenkins": must be one of argocd, flux/);
      return true;
    });
    const r = await runProgram(() => {
      new GitOpsEngine("t", bad);
      return {};
    }, { stack: "dev", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.equal(r.resources.length, 0);
  });
});
