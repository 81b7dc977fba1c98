/**
 * The convergence check's stage rendering: an Argo CD stage with the Applications it follows into this repository
 * (Helm values files included), a Flux stage with its nested Kustomizations, and a Flux stage's HelmReleases.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { CLUSTER_SCOPED, ConvergenceInput, StageRender, isObj, list, str } from "./model";
import { Kustomize, renderDir } from "./render";
import { GitObject, dig, groupOf } from "./tables";

function loadValuesFile(file: string): Record<string, unknown> {
  const v = parseYaml(fs.readFileSync(file, "utf8")) as unknown;
  return isObj(v) ? v : {};
}

/** Renders an Argo CD stage and follows its Applications into this repository. */
export function renderArgoStage(
  stage: { name: string; path: string; patches: unknown[] },
  index: number,
  input: ConvergenceInput,
  repoUrl: string | undefined,
  kustomize: Kustomize,
): StageRender {
  const r: StageRender = { name: stage.name, index, paths: [stage.path], objects: [], releases: [], createdNamespaces: [], refs: [] };
  const stageObjects = renderDir(path.join(input.repoRoot, stage.path), kustomize, stage.patches);
  for (const o of stageObjects) r.objects.push({ object: o, namespace: o.metadata?.namespace, from: stage.path });
  for (const app of stageObjects.filter((o) => o.kind === "Application" && groupOf(o.apiVersion) === "argoproj.io")) {
    const from = `Application ${app.metadata.name}`;
    const dest = str(dig(app, "spec.destination.namespace"));
    const syncOptions = list(dig(app, "spec.syncPolicy.syncOptions"));
    if (dest && syncOptions.includes("CreateNamespace=true")) r.createdNamespaces.push(dest);
    if (dest) r.refs.push({ kind: "Namespace", target: dest, from });
    const sources = [dig(app, "spec.source"), ...list(dig(app, "spec.sources"))].filter(isObj);
    const refs = new Map<string, string>(); // ref name -> repoURL
    for (const s of sources) if (str(s.ref)) refs.set(str(s.ref)!, str(s.repoURL) ?? "");
    for (const s of sources) {
      const chart = str(s.chart);
      if (chart) {
        const values: Record<string, unknown>[] = [];
        for (const f of list(dig(s, "helm.valueFiles"))) {
          const m = /^\$([A-Za-z0-9_-]+)\/(.+)$/.exec(String(f));
          if (!m) continue;
          if (refs.get(m[1]!) !== repoUrl) continue; // another repository's file: not ours to check
          const file = path.join(input.repoRoot, m[2]!);
          if (!fs.existsSync(file)) r.refs.push({ kind: "Path", target: m[2]!, from: `${from} valueFiles` });
          else values.push(loadValuesFile(file));
        }
        if (isObj(dig(s, "helm.valuesObject"))) values.push(dig(s, "helm.valuesObject") as Record<string, unknown>);
        if (str(dig(s, "helm.values"))) values.push((parseYaml(str(dig(s, "helm.values"))!) as Record<string, unknown>) ?? {});
        r.releases.push({ chart, namespace: dest ?? "default", values, from });
      } else if (str(s.path) && str(s.repoURL) === repoUrl) {
        const p = str(s.path)!;
        const dir = path.join(input.repoRoot, p);
        if (!fs.existsSync(dir)) {
          r.refs.push({ kind: "Path", target: p, from });
          continue;
        }
        r.paths.push(p);
        for (const o of renderDir(dir, kustomize, list(dig(s, "kustomize.patches")))) {
          r.objects.push({ object: o, namespace: CLUSTER_SCOPED.has(o.kind) ? undefined : (o.metadata?.namespace ?? dest), from: p });
        }
      }
    }
  }
  return r;
}

/** Renders a Flux stage (and any Flux Kustomization it holds that points into this repository). */
export function renderFluxStage(stage: { name: string; path: string }, index: number, input: ConvergenceInput, kustomize: Kustomize): StageRender {
  const r: StageRender = { name: stage.name, index, paths: [], objects: [], releases: [], createdNamespaces: [], refs: [] };
  const queue = [stage.path];
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (r.paths.includes(p)) continue;
    r.paths.push(p);
    for (const o of renderDir(path.join(input.repoRoot, p), kustomize)) {
      r.objects.push({ object: o, namespace: o.metadata?.namespace, from: p });
      if (o.kind === "Kustomization" && groupOf(o.apiVersion) === "kustomize.toolkit.fluxcd.io" && str(dig(o, "spec.path"))) {
        queue.push(str(dig(o, "spec.path"))!.replace(/^\.\//, ""));
      }
    }
  }
  return r;
}

/** Flux HelmReleases of a rendered stage: their values (valuesFrom resolved against the objects) and refs. */
export function fluxReleases(r: StageRender, allObjects: { object: GitObject; namespace: string | undefined; stage: number }[]): void {
  for (const { object: o } of r.objects.filter((x) => x.object.kind === "HelmRelease" && groupOf(x.object.apiVersion) === "helm.toolkit.fluxcd.io")) {
    const ns = o.metadata.namespace ?? "flux-system";
    const target = str(dig(o, "spec.targetNamespace")) ?? ns;
    const from = `HelmRelease ${ns}/${o.metadata.name}`;
    if (dig(o, "spec.install.createNamespace") === true) r.createdNamespaces.push(target);
    r.refs.push({ kind: "Namespace", target, from });
    const values: Record<string, unknown>[] = [];
    for (const vf of list(dig(o, "spec.valuesFrom"))) {
      if (!isObj(vf)) continue;
      const kind = vf.kind === "Secret" ? "Secret" : "ConfigMap";
      const name = str(vf.name);
      if (!name) continue;
      if (vf.optional !== true) r.refs.push({ kind, target: `${ns}/${name}`, from: `${from} valuesFrom` });
      const source = allObjects.find((x) => x.stage <= r.index && x.object.kind === kind && x.object.metadata.name === name && (x.namespace ?? "default") === ns);
      const data = source && isObj(source.object.data) ? source.object.data : {};
      const text = data[str(vf.valuesKey) ?? "values.yaml"];
      if (typeof text === "string") {
        const parsed = parseYaml(text) as unknown;
        if (isObj(parsed)) values.push(parsed);
      }
    }
    if (isObj(dig(o, "spec.values"))) values.push(dig(o, "spec.values") as Record<string, unknown>);
    const chart = str(dig(o, "spec.chart.spec.chart")) ?? str(dig(o, "spec.chartRef.name")) ?? o.metadata.name;
    r.releases.push({ chart, namespace: target, values, from });
  }
}
