/**
 * The engine and the hand-off under Pulumi's mock runtime, against a fake ClusterAccess provider and fake
 * PlatformLayers: dependency edges (install order and destroy order), secrecy of credentials, outputs.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runProgram, RunResult } from "../components/testing/harness";
import { FAKE_KUBECONFIG } from "../components/testing/mock-state";
import { RecordedResource, containsSecret, plainInputs } from "../components/testing/recorder";
import { ArgoCdHandoff, FluxHandoff, GitOpsEngine } from "../components/gitops";
import type { PlatformLayers } from "../components/platform/types";
import type { GitAuthConfig } from "../stacks/config/blocks/gitops";
import { buildConfig } from "../stacks/config/load";
import { ConfigError } from "../stacks/config/errors";

interface Scenario {
  readonly engine: "argocd" | "flux";
  readonly auth: GitAuthConfig;
  readonly selfManage?: boolean;
  readonly token?: string;
}

function program(s: Scenario) {
  return () => {
    const provider = new k8s.Provider("cluster", { kubeconfig: pulumi.secret(FAKE_KUBECONFIG) });
    const dummy = (n: string) => new k8s.core.v1.ConfigMap(n, { metadata: { name: n, namespace: "kube-system" } }, { provider });
    const ccm = dummy("fake-ccm");
    const cni = dummy("fake-cni");
    const csi = dummy("fake-csi");
    const ingress = dummy("fake-ingress");
    const age = dummy("fake-age");
    const namespace = s.engine === "argocd" ? "argocd" : "flux-system";
    const platform: PlatformLayers = {
      clusterCore: [ccm, cni],
      platform: [csi, ingress, age],
      cloudResourceOwners: [ccm, csi],
      sopsAgeKey: { secretName: "sops-age", namespace, publicKey: pulumi.output("age1mock"), resource: age },
      defaultStorageClass: "hcloud-volumes",
      ingressClass: "nginx",
      clusterIssuer: "letsencrypt-staging",
    };
    const engine = new GitOpsEngine("t-gitops", { engine: s.engine, provider, dependsOn: platform.clusterCore });
    const common = {
      engine,
      provider,
      platform,
      repoUrl: s.auth.type === "ssh" ? "ssh://git@github.com/acme/k3s-gitops.git" : "https://github.com/acme/k3s-gitops.git",
      branch: "main",
      path: "gitops/clusters/dev",
      stages: ["01-platform-services", "02-sample-app"],
      sync: { prune: true, selfHeal: true },
      auth: s.auth,
      httpsToken: s.token ? pulumi.secret(s.token) : undefined,
    };
    const handoff = s.engine === "argocd" ? new ArgoCdHandoff("t-handoff", { ...common, selfManage: s.selfManage }) : new FluxHandoff("t-handoff", common);
    return handoff.deployPublicKey ? { gitDeployPublicKey: handoff.deployPublicKey } : {};
  };
}

async function run(s: Scenario): Promise<RunResult> {
  const r = await runProgram(program(s), { stack: "dev", preview: false, config: {} });
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
  const parent = r.resources.find((x) => x.type.startsWith("k3s-gitops:gitops:") && x.type.endsWith("Handoff"))!;
  return r.resources.filter((x) => x.parent === parent.urn && x.custom);
};

describe("GitOpsEngine", () => {
  it("installs the pinned catalog chart after layer 2", async () => {
    const r = await run({ engine: "argocd", auth: { type: "none" } });
    const release = r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!;
    const inputs = plainInputs(release);
    assert.equal(inputs.chart, "argo-cd");
    assert.equal(inputs.version, "10.1.1");
    assert.equal(inputs.namespace, "argocd");
    assert.equal(inputs.values.configs.cm["application.resourceTrackingMethod"], "annotation");
    assert.ok(directlyDependsOn(release, byName(r, "fake-ccm")) && directlyDependsOn(release, byName(r, "fake-cni")));
  });

  it("installs flux2 for the flux engine", async () => {
    const r = await run({ engine: "flux", auth: { type: "none" } });
    const release = r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!;
    assert.deepEqual([plainInputs(release).chart, plainInputs(release).version, plainInputs(release).namespace], ["flux2", "2.18.3", "flux-system"]);
  });
});

for (const engine of ["argocd", "flux"] as const) {
  describe(`${engine} hand-off`, () => {
    let r: RunResult;
    before(async () => {
      r = await run({ engine, auth: { type: "ssh" }, selfManage: engine === "argocd" });
    });

    it("every hand-off object depends on the engine release (one pulumi up from empty works)", () => {
      const release = r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release")!;
      const k8sChildren = handoffChildren(r).filter((x) => x.type.startsWith("kubernetes:"));
      assert.ok(k8sChildren.length >= (engine === "argocd" ? 3 : 4));
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

    if (engine === "argocd") {
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
    } else {
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
    }
  });
}

describe("hand-off credentials variants", () => {
  it("a public repository gets no Secret and no key", async () => {
    const r = await run({ engine: "flux", auth: { type: "none" } });
    assert.equal(r.resources.filter((x) => x.type === "kubernetes:core/v1:Secret" || x.type.startsWith("tls:")).length, 0);
    assert.equal(r.outputs.gitDeployPublicKey, undefined);
  });

  it("an HTTPS token stays secret in the Secret", async () => {
    const r = await run({ engine: "argocd", auth: { type: "https" }, token: "ghp_mocktoken" });
    const secret = r.resources.find((x) => x.type === "kubernetes:core/v1:Secret")!;
    assert.ok(containsSecret(secret.rawInputs.stringData));
    assert.equal(plainInputs(secret).stringData.password, "ghp_mocktoken");
    for (const other of r.resources.filter((x) => x !== secret)) assert.doesNotMatch(JSON.stringify(plainInputs(other)), /ghp_mocktoken/);
  });

  it("ECDSA deploy keys use P256", async () => {
    const r = await run({ engine: "flux", auth: { type: "ssh", algorithm: "ECDSA" } });
    const key = plainInputs(r.resources.find((x) => x.type === "tls:index/privateKey:PrivateKey")!);
    assert.deepEqual([key.algorithm, key.ecdsaCurve], ["ECDSA", "P256"]);
  });
});

describe("k3s-gitops:gitops config", () => {
  const base = { access: { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32"] } };
  const attempt = (gitops: unknown) => {
    try {
      buildConfig({ ...base, gitops } as Record<string, unknown>, "dev");
      return [] as string[];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.message.split("\n").filter((l) => l.includes("k3s-gitops:gitops"));
    }
  };

  it("rejects an unknown engine, naming the path and what is accepted", () => {
    const msgs = attempt({ engine: "jenkins", repoUrl: "https://github.com/a/b.git" });
    assert.ok(msgs.some((m) => m.includes("k3s-gitops:gitops.engine") && m.includes("argocd or flux")), msgs.join("\n"));
  });

  it("rejects selfManage with flux", () => {
    const msgs = attempt({ engine: "flux", repoUrl: "https://github.com/a/b.git", selfManage: true });
    assert.ok(msgs.some((m) => m.includes("gitops.selfManage")), msgs.join("\n"));
  });

  it("rejects stages out of order and an ssh auth on an https URL", () => {
    const msgs = attempt({ engine: "argocd", repoUrl: "https://github.com/a/b.git", auth: { type: "ssh" }, stages: ["02-b", "01-a"] });
    assert.ok(msgs.some((m) => m.includes("gitops.stages[1]") && m.includes("higher number")), msgs.join("\n"));
    assert.ok(msgs.some((m) => m.includes("gitops.repoUrl") && m.includes("ssh://")), msgs.join("\n"));
  });

  it("rejects an scp-style URL and a path escaping the repo", () => {
    const msgs = attempt({ engine: "flux", repoUrl: "git@github.com:a/b.git", path: "../x" });
    assert.ok(msgs.some((m) => m.includes("gitops.repoUrl")), msgs.join("\n"));
    assert.ok(msgs.some((m) => m.includes("gitops.path")), msgs.join("\n"));
  });

  it("accepts a full Argo CD block without gitops problems", () => {
    assert.deepEqual(attempt({ engine: "argocd", repoUrl: "ssh://git@github.com/a/b.git", branch: "main", auth: { type: "ssh", key: "generate" }, selfManage: true, sync: { prune: false } }), []);
  });
});
