/**
 * The GitOps rules: gitops-engine-bootstrapped, bootstrap-before-gitops, argocd-apps-safe.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BOOTSTRAP_ROLES, CatalogEntry, bootstrapEntriesForPath, layerOfUrn } from "@k3s-gitops/components/kernel";
import {
  Catalog,
  DEFAULT_CONTEXT,
  HELM_RELEASE,
  K8S_PROVIDER,
  RuleContext,
  asString,
  chartMatches,
  dedupedReporter,
  dependencyUrns,
  describe,
  entriesWithRole,
  k8sName,
  known,
  peek,
} from "./common";
import { isComponentType, isLocalOnly } from "./layering";

const HANDOFF_GROUPS = [":argoproj.io/", ":source.toolkit.fluxcd.io/", ":kustomize.toolkit.fluxcd.io/", ":helm.toolkit.fluxcd.io/"];

/** Argo CD or Flux objects: what the hand-off (layer 5) registers. */
export function isHandoffType(type: string): boolean {
  return type.startsWith("kubernetes:") && HANDOFF_GROUPS.some((g) => type.includes(g));
}

/** Helm releases whose chart is a catalog entry with role gitops-engine. */
export function engineReleases(resources: readonly PolicyResource[], catalog: Catalog): PolicyResource[] {
  const engines = entriesWithRole(catalog, ["gitops-engine"]).map(([, e]) => e);
  return resources.filter((r) => {
    if (r.type !== HELM_RELEASE) return false;
    const chart = known(() => asString(r.props.chart));
    return chart !== undefined && engines.some((e) => chartMatches(chart, e));
  });
}

export function gitopsEngineBootstrapped(ctx: RuleContext = DEFAULT_CONTEXT): StackValidationPolicy {
  return {
    name: "gitops-engine-bootstrapped",
    description: "Exactly one GitOps engine release (a catalog gitops-engine entry) per cluster, and every hand-off object depends on it.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const report = dedupedReporter(reportViolation);
      const engines = engineReleases(args.resources, ctx.catalog);
      const clusters = args.resources.filter((r) => r.type === K8S_PROVIDER);
      const handoff = args.resources.filter(
        (r) =>
          !isComponentType(r.type) &&
          (isHandoffType(r.type) || (layerOfUrn(r.urn) === 5 && r.type !== K8S_PROVIDER && !isLocalOnly(r.type))),
      );
      if (clusters.length === 0 && engines.length === 0 && handoff.length === 0) {
        args.notApplicable("no Kubernetes cluster in this stack");
      }
      const clusterOf = (r: PolicyResource) => r.provider?.urn ?? "(default provider)";
      const perCluster = new Map<string, PolicyResource[]>();
      for (const c of clusters) perCluster.set(c.urn, []);
      for (const e of engines) {
        const key = clusterOf(e);
        perCluster.set(key, [...(perCluster.get(key) ?? []), e]);
      }
      for (const [cluster, list] of [...perCluster.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (list.length === 0 && engines.length === 0) {
          report(`the cluster of provider "${cluster.split("::").pop()}" has no GitOps engine release; install exactly one catalog gitops-engine entry (Argo CD or Flux) in layer 4`, cluster);
        }
        for (const extra of list.slice(1)) {
          report(`${describe(extra)} is a second GitOps engine release for the same cluster; exactly one is allowed (first: "${list[0]!.name}")`, extra.urn);
        }
      }
      if (engines.length === 0) {
        for (const h of handoff) report(`${describe(h)} is a hand-off object, but there is no GitOps engine release for it to depend on`, h.urn);
        return;
      }
      // Everything that (transitively) depends on an engine: one reverse walk from the engines, linear in the edges.
      const dependents = new Map<string, string[]>();
      for (const r of args.resources) {
        for (const d of dependencyUrns(r)) {
          const list = dependents.get(d);
          if (list) list.push(r.urn);
          else dependents.set(d, [r.urn]);
        }
      }
      const waits = new Set<string>();
      const queue = engines.map((e) => e.urn);
      while (queue.length > 0) {
        const urn = queue.pop()!;
        for (const d of dependents.get(urn) ?? []) {
          if (!waits.has(d)) {
            waits.add(d);
            queue.push(d);
          }
        }
      }
      for (const h of handoff) {
        if (!waits.has(h.urn)) {
          report(
            `${describe(h)} is a hand-off object but does not depend on the GitOps engine release "${engines[0]!.name}"; ` +
              `pass dependsOn: [engine] to it (a child does not inherit its parent's dependsOn)`,
            h.urn,
          );
        }
      }
    },
  };
}

/** What must exist before GitOps can work (the kernel's BOOTSTRAP_ROLES, which the config schema applies too). */
export { BOOTSTRAP_ROLES };

interface SourceRef {
  readonly what: string;
  readonly chart?: string;
  readonly path?: string;
}

function argoSources(spec: any): SourceRef[] {
  const list: any[] = [];
  const single = known(() => spec?.source);
  if (single) list.push(single);
  const many = known(() => spec?.sources);
  if (Array.isArray(many)) list.push(...many);
  const out: SourceRef[] = [];
  for (const s of list) {
    const chart = known(() => asString(s?.chart));
    const path = known(() => asString(s?.path));
    if (chart) out.push({ what: `source chart "${chart}"`, chart });
    if (path) out.push({ what: `source path "${path}"`, path });
  }
  return out;
}

/** The sources of an Argo CD Application/ApplicationSet, a Flux Kustomization or HelmRelease. */
export function gitopsSources(type: string, props: Record<string, any>): SourceRef[] {
  const kind = type.split(":")[2];
  if (type.includes(":argoproj.io/") && kind === "Application") return argoSources(known(() => props.spec));
  if (type.includes(":argoproj.io/") && kind === "ApplicationSet") return argoSources(known(() => props.spec?.template?.spec));
  if (type.includes(":kustomize.toolkit.fluxcd.io/") && kind === "Kustomization") {
    const path = known(() => asString(props.spec?.path));
    return path ? [{ what: `path "${path}"`, path }] : [];
  }
  if (type.includes(":helm.toolkit.fluxcd.io/") && kind === "HelmRelease") {
    const chart = known(() => asString(props.spec?.chart?.spec?.chart));
    return chart ? [{ what: `chart "${chart}"`, chart }] : [];
  }
  return [];
}

/**
 * Every bootstrap-only catalog entry a source points at: the entry its chart names, or each entry a path segment
 * names (the kernel's bootstrapEntriesForPath, which the config schema applies to gitops.path). Empty when none.
 */
export function bootstrapTargets(source: SourceRef, catalog: Catalog): [string, CatalogEntry][] {
  if (source.chart) {
    const hit = entriesWithRole(catalog, BOOTSTRAP_ROLES).find(([, e]) => chartMatches(source.chart!, e));
    if (hit) return [hit];
  }
  return source.path ? bootstrapEntriesForPath(source.path, catalog) : [];
}

/** The first bootstrap-only catalog entry a source points at, if any. */
export function bootstrapTarget(source: SourceRef, catalog: Catalog): [string, CatalogEntry] | undefined {
  return bootstrapTargets(source, catalog)[0];
}

export function bootstrapBeforeGitops(ctx: RuleContext = DEFAULT_CONTEXT): ResourceValidationPolicy {
  return {
    name: "bootstrap-before-gitops",
    description:
      "Hand-off stages and GitOps sources never point at a storage operator, the CNI, the cloud controller or the GitOps engine: Pulumi bootstraps those. The Argo CD self-management app is allowed when enabled.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        allowArgoCdSelfManagement: {
          type: "boolean",
          default: true,
          description: "Allow one Argo CD Application whose source is the catalog's Argo CD chart (Argo CD managing itself).",
        },
      },
    },
    validateResource: (args, reportViolation) => {
      if (!isHandoffType(args.type)) return;
      const { allowArgoCdSelfManagement = true } = args.getConfig<{ allowArgoCdSelfManagement?: boolean }>();
      const isArgoApp = args.type.includes(":argoproj.io/") && args.type.endsWith(":Application");
      // Every entry a source names, not only the first: an Argo CD path through .../argocd/... (self-management) must
      // not hide a longhorn segment beside it.
      for (const [source, [key, entry]] of gitopsSources(args.type, args.props).flatMap((s) => bootstrapTargets(s, ctx.catalog).map((hit) => [s, hit] as const))) {
        const selfManagement = isArgoApp && entry.role === "gitops-engine" && entry.chart === "argo-cd";
        if (selfManagement && allowArgoCdSelfManagement) continue;
        reportViolation(
          `${args.type.split(":")[2]} "${k8sName(args.props) ?? args.name}" ${source.what} points at ${key} (${entry.role}), ` +
            `which Pulumi bootstraps in layer ${entry.layer}; GitOps must not manage storage operators, the CNI, the cloud controller or the engine` +
            (selfManagement ? " (Argo CD self-management is disabled by allowArgoCdSelfManagement: false)" : ""),
        );
      }
    },
  };
}

export const ARGO_APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
export const CASCADE_FINALIZERS = [
  "resources-finalizer.argocd.argoproj.io",
  "resources-finalizer.argocd.argoproj.io/background",
  "resources-finalizer.argocd.argoproj.io/foreground",
];
export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";
export const DEFAULT_ROOT_APP_PATTERN = "root";

export function argocdAppsSafe(ctx: RuleContext = DEFAULT_CONTEXT): StackValidationPolicy {
  return {
    name: "argocd-apps-safe",
    description:
      "Argo CD Applications are not in the default project, the root app carries the cascade finalizer, and stage apps carry increasing sync waves.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        rootAppPattern: {
          type: "string",
          default: DEFAULT_ROOT_APP_PATTERN,
          description: "An Application whose name contains this string is the root (app of apps).",
        },
      },
    },
    validateStack: (args, reportViolation) => {
      const report = dedupedReporter(reportViolation);
      const apps = args.resources.filter((r) => r.type === ARGO_APPLICATION);
      if (apps.length === 0) args.notApplicable("no Argo CD Application in this stack");
      const { rootAppPattern = DEFAULT_ROOT_APP_PATTERN } = args.getConfig<{ rootAppPattern?: string }>();
      const argoCharts = entriesWithRole(ctx.catalog, ["gitops-engine"]).map(([, e]) => e);
      const stages: { app: PolicyResource; name: string; wave: number | undefined | "unknown" }[] = [];
      for (const app of apps) {
        const name = k8sName(app.props) ?? app.name;
        const project = peek(() => app.props.spec?.project);
        if (project.known && (project.value === undefined || project.value === null || project.value === "")) {
          report(`Application "${name}" sets no spec.project, so Argo CD puts it in default; give it its own AppProject`, app.urn);
        } else if (project.known && project.value === "default") {
          report(`Application "${name}" is in the default project; give it its own AppProject with restricted sources and destinations`, app.urn);
        }
        const isRoot = name.includes(rootAppPattern) || app.name.includes(rootAppPattern);
        const sources = gitopsSources(app.type, app.props);
        const isSelf = sources.some((s) => s.chart !== undefined && argoCharts.some((e) => chartMatches(s.chart!, e)));
        if (isRoot) {
          const finalizers = peek(() => app.props.metadata?.finalizers);
          if (!finalizers.known) continue; // not yet known
          const list: unknown[] = Array.isArray(finalizers.value) ? [...finalizers.value] : [];
          if (!list.some((f) => typeof f === "string" && CASCADE_FINALIZERS.includes(f))) {
            report(`root Application "${name}" has no cascade finalizer (${CASCADE_FINALIZERS[0]}); deleting it would orphan the application tier`, app.urn);
          }
          continue;
        }
        if (isSelf) continue;
        const raw = peek(() => app.props.metadata?.annotations?.[SYNC_WAVE]);
        const parsed = raw.known && raw.value !== undefined ? Number.parseInt(String(raw.value), 10) : undefined;
        stages.push({ app, name, wave: !raw.known ? "unknown" : parsed === undefined || Number.isNaN(parsed) ? undefined : parsed });
      }
      stages.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
      let previous: { name: string; wave: number } | undefined;
      for (const s of stages) {
        if (s.wave === "unknown") continue;
        if (s.wave === undefined) {
          report(`stage Application "${s.name}" carries no integer ${SYNC_WAVE} annotation; stages sync in increasing waves`, s.app.urn);
          continue;
        }
        if (previous && s.wave <= previous.wave) {
          report(`stage Application "${s.name}" has sync wave ${s.wave}, not greater than "${previous.name}" (${previous.wave}); stage waves must increase`, s.app.urn);
        }
        previous = { name: s.name, wave: s.wave };
      }
    },
  };
}
