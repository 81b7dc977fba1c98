/**
 * The convergence check (issue 12): can every stage the stack syncs become healthy on the platform Pulumi builds?
 *
 * It renders the stages the way the stack's engine will (Flux: each stage Kustomization's path; Argo CD: each stage
 * Application's path with its kustomize patches, then every child Application's sources in this repository, Helm
 * values files included; charts themselves are never rendered), and resolves every reference across the Pulumi tier
 * and those stages: Secrets and ConfigMaps of workloads, HelmRelease valuesFrom, Helm values keys that name a Secret
 * (tables.ts), namespaces, Storage/Ingress/GatewayClasses, (Cluster)Issuers, ExternalSecret stores, and the API group
 * of every custom kind (installed by the infrastructure tier or by that stage or an earlier one). A reference resolves
 * only against what exists by its own stage; each one that does not is a mandatory violation of the plan.
 *
 *   checkConvergence({ resources, outputs, repoRoot }) -> ConvergenceReport
 *
 * `resources` are the plan's recorded resources (PlanReport.resources or anything with type/name/inputs).
 */
import { CLUSTER_SCOPED, ConvergenceInput, ConvergenceReport, Provided, Ref, StageRender, UnresolvedReference, isObj, str } from "./model";
import { pulumiTier } from "./pulumi-tier";
import { objectRefs, sopsSecretNames, valuesSecretRefs } from "./references";
import { KubectlMissingError, kubectlKustomize } from "./render";
import { fluxReleases, renderArgoStage, renderFluxStage } from "./stages";
import { BUILTIN_GROUPS, BUILTIN_NAMESPACES, CHART_CRD_GROUPS, GENERATED_SECRETS, GitObject, dig, groupOf } from "./tables";

export { KubectlMissingError, kubectlKustomize } from "./render";
export type { Kustomize } from "./render";
export * from "./tables";
export type { ConvergenceInput, ConvergenceReport, ConvergenceStage, PlanResourceLike, ReferenceKind, UnresolvedReference } from "./model";
export { SOPS_SECRET_NAMES_ANNOTATION, sopsSecretNames, valuesSecretRefs } from "./references";

function describe(o: GitObject, ns: string | undefined): string {
  return `${o.kind} ${CLUSTER_SCOPED.has(o.kind) ? "" : `${ns ?? "default"}/`}${o.metadata?.name}`;
}

/** The check. Pure apart from reading the repository and running kustomize. */
export function checkConvergence(input: ConvergenceInput): ConvergenceReport {
  const kustomize = input.kustomize ?? kubectlKustomize;
  const provided = new Provided();
  for (const ns of BUILTIN_NAMESPACES) provided.add("Namespace", ns, 0);
  const tier = pulumiTier(input, provided);
  if (!tier.engine || (tier.argoStages.length === 0 && tier.fluxStages.length === 0)) {
    return { status: "none", engine: tier.engine, message: "no GitOps hand-off in this stack: nothing to converge", stages: [], checked: 0, unresolved: [] };
  }
  let renders: StageRender[];
  try {
    renders =
      tier.engine === "argocd"
        ? tier.argoStages.map((s, i) => renderArgoStage(s, i + 1, input, tier.repoUrl, kustomize))
        : tier.fluxStages.map((s, i) => renderFluxStage(s, i + 1, input, kustomize));
  } catch (err) {
    if (err instanceof KubectlMissingError) {
      return { status: "unchecked", engine: tier.engine, message: err.message, stages: [], checked: 0, unresolved: [] };
    }
    throw err;
  }

  // Everything git provides, by stage.
  const all = renders.flatMap((r) => r.objects.map((x) => ({ ...x, stage: r.index })));
  const plaintextSecrets: { stage: number; from: string }[] = [];
  for (const r of renders) {
    if (tier.engine === "flux") fluxReleases(r, all);
    for (const ns of r.createdNamespaces) provided.add("Namespace", ns, r.index);
  }
  for (const { object: o, namespace, stage, from } of all) {
    const ns = namespace ?? "default";
    const group = groupOf(o.apiVersion);
    const id = CLUSTER_SCOPED.has(o.kind) ? o.metadata.name : `${ns}/${o.metadata.name}`;
    if (o.kind === "Secret" && group === "") {
      // Counts only SOPS-encrypted, and only where the engine decrypts it (Flux: the stage Kustomizations decrypt).
      if (isObj(o.sops) && tier.engine === "flux") provided.add("Secret", id, stage);
      else if (!isObj(o.sops)) plaintextSecrets.push({ stage, from: `Secret ${id} (${from})` });
      continue;
    }
    if (o.kind === "SopsSecret" && group === "isindir.github.com") {
      if (tier.sopsOperator) for (const s of sopsSecretNames(o)) provided.add("Secret", `${ns}/${s}`, stage);
      continue;
    }
    if (o.kind === "CustomResourceDefinition") provided.add("Group", str(dig(o, "spec.group")) ?? "", stage);
    provided.add(o.kind, id, stage);
    const gen = GENERATED_SECRETS[`${group}/${o.kind}`];
    if (gen) for (const s of gen(o)) provided.add("Secret", `${ns}/${s}`, stage);
    if (o.kind === "StorageClass" && dig(o, "metadata.annotations")?.toString() && o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true") {
      provided.add("DefaultStorageClass", "", stage);
    }
  }
  for (const r of renders) {
    for (const rel of r.releases) for (const g of CHART_CRD_GROUPS[rel.chart] ?? []) provided.add("Group", g, r.index);
  }

  // Every reference, resolved against what exists by its stage.
  const unresolved: UnresolvedReference[] = [];
  let checked = 0;
  const resolve = (stage: StageRender, ref: Ref) => {
    checked++;
    let ok: boolean;
    if (ref.kind === "StorageClass" && ref.target === "(the default StorageClass)") ok = provided.has("DefaultStorageClass", "", stage.index);
    else if (ref.kind === "IngressClass" && ref.target === "(the default IngressClass)") ok = provided.has("IngressClass", "traefik", 0) || provided.has("IngressClass", "nginx", 0);
    else if (ref.kind === "CustomResourceDefinition") ok = provided.has("Group", ref.target.split(" ")[0]!, stage.index);
    else if (ref.kind === "Path") ok = false;
    else ok = provided.has(ref.kind, ref.target, stage.index);
    if (!ok) unresolved.push({ stage: stage.name, ...ref });
  };
  for (const r of renders) {
    for (const ref of r.refs) resolve(r, ref);
    for (const { object: o, namespace } of r.objects) {
      const from = describe(o, namespace);
      const group = groupOf(o.apiVersion);
      if (!BUILTIN_GROUPS.includes(group)) resolve(r, { kind: "CustomResourceDefinition", target: `${group} ${o.kind}`, from });
      if (!CLUSTER_SCOPED.has(o.kind) && o.kind !== "Namespace") resolve(r, { kind: "Namespace", target: namespace ?? "default", from });
      for (const ref of objectRefs(o, namespace, from)) resolve(r, ref);
    }
    for (const rel of r.releases) {
      for (const values of rel.values) {
        for (const s of valuesSecretRefs(rel.chart, values)) resolve(r, { kind: "Secret", target: `${rel.namespace}/${s.name}`, from: `${rel.from} values ${s.key}` });
      }
    }
  }
  for (const p of plaintextSecrets) {
    const stage = renders.find((r) => r.index === p.stage)!;
    unresolved.push({ stage: stage.name, kind: "Secret", target: p.from, from: "git holds a Secret that is not SOPS-encrypted for this engine (Flux decrypts Secrets; Argo CD needs a SopsSecret)" });
  }
  const stages = renders.map((r) => ({ name: r.name, paths: r.paths, objects: r.objects.length }));
  const status = unresolved.length === 0 ? "converges" : "unresolved";
  const message =
    status === "converges"
      ? `every reference of ${stages.length} stage(s) resolves (${checked} checked)`
      : `${unresolved.length} unresolved reference(s) of ${checked} checked: the stage cannot become healthy`;
  return { status, engine: tier.engine, message, stages, checked, unresolved };
}

/** The printed section of the plan summary. */
export function renderConvergence(report: ConvergenceReport): string {
  const out = [`Convergence (${report.engine ?? "no engine"}): ${report.status}: ${report.message}`];
  for (const s of report.stages) out.push(`  stage ${s.name}: ${s.objects} object(s) from ${s.paths.join(", ")}`);
  for (const u of report.unresolved) out.push(`  [mandatory] convergence: stage ${u.stage}: ${u.kind} ${u.target} is not provided (referenced by ${u.from})`);
  return `${out.join("\n")}\n`;
}

/**
 * Whether the plan fails on this report: any unresolved reference is a mandatory violation; an unchecked run (kubectl
 * missing) fails under CI=true, where kubectl is required, and is only reported elsewhere.
 */
export function convergenceFails(report: ConvergenceReport, env: NodeJS.ProcessEnv = process.env): boolean {
  return report.status === "unresolved" || (report.status === "unchecked" && env.CI === "true");
}
