/**
 * Synthetic PolicyResource fixtures for the policy tests: a happy-path stack builder, then one mutation per test.
 * Props go through `unknownCheckingProxy` (and the secrets-visible proxy the offline runner uses), so the policies see
 * what the engine hands them. No PolicyPack is constructed.
 */
import type { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Secret, unknownCheckingProxy } from "@pulumi/policy";
import type { CatalogEntry } from "@k3s-gitops/components/kernel";
import type { RuleContext } from "../policy/rules/common";
import { secretsVisibleProxy } from "../plan/policy-runner";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export { Secret };

function entry(e: Partial<CatalogEntry> & Pick<CatalogEntry, "chart" | "version" | "namespace" | "layer" | "role">): CatalogEntry {
  return { title: e.chart, repo: "https://charts.example.org", appVersion: "1.0.0", releaseName: e.chart, crds: [], needs: [], source: "test", ...e };
}

/** A synthetic catalog: tests do not depend on the real one's progress. */
export const TEST_CTX: RuleContext = {
  catalog: {
    "hcloud-ccm": entry({ chart: "hcloud-cloud-controller-manager", version: "1.20.0", namespace: "kube-system", layer: 2, role: "cloud-controller" }),
    cilium: entry({ chart: "cilium", version: "1.16.5", namespace: "kube-system", layer: 2, role: "cni" }),
    "ingress-nginx": entry({ chart: "ingress-nginx", version: "4.11.3", namespace: "ingress-nginx", layer: 3, role: "ingress" }),
    longhorn: entry({ chart: "longhorn", version: "1.7.2", namespace: "longhorn-system", layer: 3, role: "storage" }),
    "argo-cd": entry({ chart: "argo-cd", version: "7.7.11", namespace: "argocd", layer: 4, role: "gitops-engine" }),
  },
};

const COMPONENTS: Record<string, string> = {
  0: "k3s-gitops:nodes:HetznerNodes",
  1: "k3s-gitops:k3s:K3sCluster",
  2: "k3s-gitops:platform:ClusterCore",
  3: "k3s-gitops:platform:Platform",
  4: "k3s-gitops:gitops:GitOpsEngine",
  5: "k3s-gitops:gitops:ArgoCdHandoff",
};

export interface Spec {
  name: string;
  type: string;
  /** Layer component the resource is a child of, or null (providers, top level). */
  layer: number | null;
  props?: Record<string, unknown>;
  deps?: string[];
  propDeps?: Record<string, string[]>;
  provider?: string;
  additionalSecretOutputs?: string[];
  stack?: string;
}

export function urnOf(s: Pick<Spec, "name" | "type" | "layer" | "stack">): string {
  const chain = s.layer === null ? s.type : `${COMPONENTS[s.layer]}$${s.type}`;
  return `urn:pulumi:${s.stack ?? "prod"}::k3s-gitops::${chain}::${s.name}`;
}

export function props(raw: Record<string, unknown>): Record<string, any> {
  return unknownCheckingProxy(secretsVisibleProxy(raw));
}

/** Links specs into PolicyResources the way the engine does (dependencies resolve to objects). */
export function build(specs: Spec[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const out = specs.map((s) => {
    const r: PolicyResource = {
      type: s.type,
      props: props(s.props ?? {}),
      urn: urnOf(s),
      name: s.name,
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: s.additionalSecretOutputs ?? [] },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byName.set(s.name, r);
    return r;
  });
  specs.forEach((s, i) => {
    const r = out[i]!;
    r.dependencies = (s.deps ?? []).map((d) => byName.get(d)!);
    for (const [k, list] of Object.entries(s.propDeps ?? {})) r.propertyDependencies[k] = list.map((d) => byName.get(d)!);
    if (s.provider) {
      const p = byName.get(s.provider)!;
      r.provider = { type: p.type, props: p.props, urn: p.urn, name: p.name };
    }
  });
  return out;
}

class NotApplicable extends Error {}

/** Runs a stack policy; returns the messages, or ["N/A: reason"] when it declared itself not applicable. */
export async function runStackPolicy(p: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<string[]> {
  const out: string[] = [];
  const report: ReportViolation = (m) => void out.push(m);
  try {
    await p.validateStack(
      { resources, stackTags: new Map(), getConfig: <T,>() => config as T, notApplicable: (r?: string) => { throw new NotApplicable(r); } },
      report,
    );
  } catch (err) {
    if (err instanceof NotApplicable) return [`N/A: ${err.message}`];
    throw err;
  }
  return out;
}

/** Runs a resource policy on one resource. */
export async function runResourcePolicy(p: ResourceValidationPolicy, r: PolicyResource, config: Record<string, unknown> = {}): Promise<string[]> {
  const out: string[] = [];
  const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
  for (const v of validations) {
    await v(
      {
        type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, stackTags: new Map(), provider: r.provider,
        isType: () => false, asType: () => undefined, getConfig: <T,>() => config as T,
        notApplicable: (reason?: string) => { throw new NotApplicable(reason); },
      },
      (m) => void out.push(m),
    );
  }
  return out;
}

/** The happy-path stack: one resource per layer, each depending on the layer below, a Helm release per catalog role. */
export function happyStack(): Spec[] {
  return [
    { name: "k8s", type: "pulumi:providers:kubernetes", layer: null, props: { kubeconfig: new Secret("apiVersion: v1") }, deps: ["kubeconfig"] },
    { name: "net", type: "hcloud:index/network:Network", layer: 0, props: { ipRange: "10.0.0.0/16" } },
    { name: "fw", type: "hcloud:index/firewall:Firewall", layer: 0, props: { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["203.0.113.10/32"] }] } },
    { name: "k3s-prod-server-1", type: "hcloud:index/server:Server", layer: 0, deps: ["net"] },
    { name: "install", type: "command:remote:Command", layer: 1, deps: ["k3s-prod-server-1"], props: { create: "curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION='v1.34.3+k3s3' sh -s - server" } },
    { name: "kubeconfig", type: "command:remote:Command", layer: 1, deps: ["install"], props: { create: "cat /etc/rancher/k3s/k3s.yaml" }, additionalSecretOutputs: ["stdout"] },
    { name: "ccm", type: "kubernetes:helm.sh/v3:Release", layer: 2, deps: ["kubeconfig"], provider: "k8s", props: { chart: "hcloud-cloud-controller-manager", version: "1.20.0", namespace: "kube-system" } },
    { name: "ingress", type: "kubernetes:helm.sh/v3:Release", layer: 3, deps: ["ccm"], provider: "k8s", props: { chart: "ingress-nginx", version: "4.11.3", namespace: "ingress-nginx" } },
    { name: "argocd", type: "kubernetes:helm.sh/v3:Release", layer: 4, deps: ["ingress"], provider: "k8s", props: { chart: "argo-cd", version: "7.7.11", namespace: "argocd" } },
    { name: "project", type: "kubernetes:argoproj.io/v1alpha1:AppProject", layer: 5, deps: ["argocd"], provider: "k8s", props: { metadata: { name: "platform", namespace: "argocd" } } },
    {
      name: "root", type: "kubernetes:argoproj.io/v1alpha1:Application", layer: 5, deps: ["argocd", "project"], provider: "k8s",
      props: { metadata: { name: "root", namespace: "argocd", finalizers: ["resources-finalizer.argocd.argoproj.io"] }, spec: { project: "platform", source: { repoURL: "https://git.example.org/x.git", path: "gitops/stages" } } },
    },
    ...[0, 1].map((i) => ({
      name: `stage-0${i}`, type: "kubernetes:argoproj.io/v1alpha1:Application", layer: 5, deps: ["argocd", "project"], provider: "k8s",
      props: { metadata: { name: `appstage-0${i}`, namespace: "argocd", annotations: { "argocd.argoproj.io/sync-wave": String(i) } }, spec: { project: "platform", source: { repoURL: "https://git.example.org/x.git", path: `gitops/stages/0${i}` } } },
    })),
  ];
}

/** Applies `change` to the spec named `name` in a fresh happy stack. */
export function mutate(name: string, change: (s: Spec) => void, specs: Spec[] = happyStack()): Spec[] {
  const s = specs.find((x) => x.name === name);
  if (!s) throw new Error(`no spec ${name}`);
  change(s);
  return specs;
}

export function named(resources: PolicyResource[], name: string): PolicyResource {
  return resources.find((r) => r.name === name)!;
}
