/**
 * The layer rules: layer-order, infra-tier-allowlist, no-app-workloads-in-iac.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { LAYERS, LayerId, SHARED_GATEWAY, layerOfUrn } from "@k3s-gitops/components/kernel";
import {
  DEFAULT_CONTEXT,
  HELM_RELEASE,
  RuleContext,
  asString,
  catalogNamespaces,
  chartMatches,
  dedupedReporter,
  dependencyUrns,
  describe,
  entriesWithRole,
  k8sName,
  k8sNamespace,
  known,
  peek,
} from "./common";

function layerName(layer: LayerId | null): string {
  return layer === null ? "no layer" : `layer ${layer} (${LAYERS[layer]!.key})`;
}

/** Types that are components, not custom resources: they own children and never create anything themselves. */
export function isComponentType(type: string): boolean {
  return (
    type === "pulumi:pulumi:Stack" ||
    type.startsWith("k3s-gitops:") ||
    type === "kubernetes:helm.sh/v3:Chart" ||
    type === "kubernetes:yaml:ConfigFile" ||
    type === "kubernetes:yaml:ConfigGroup" ||
    type === "kubernetes:yaml/v2:ConfigFile" ||
    type === "kubernetes:yaml/v2:ConfigGroup" ||
    type === "kubernetes:helm.sh/v4:Chart" ||
    type === "kubernetes:kustomize:Directory" ||
    type === "kubernetes:kustomize/v2:Directory"
  );
}

/**
 * Packages whose resources only compute values in the engine (keys, random bytes) and never touch a cloud or the
 * cluster: they need not wait for the layer below, though they still may not depend on a higher one.
 */
export const LOCAL_ONLY_PACKAGES = ["random", "tls"];

export function isLocalOnly(type: string): boolean {
  return LOCAL_ONLY_PACKAGES.includes(type.split(":")[0] ?? "");
}

/**
 * The layer-order check over a whole stack: no edge points up a layer, and every layer 2-5 resource reaches the
 * nearest populated layer below it, through dependencies inside its own layer or through its parent. Linear in the
 * number of edges: each resource's answer is memoised.
 */
export function checkLayerOrder(resources: readonly PolicyResource[], report: (message: string, urn?: string) => void): void {
  const layer = new Map<string, LayerId | null>();
  const byUrn = new Map<string, PolicyResource>();
  for (const r of resources) {
    layer.set(r.urn, layerOfUrn(r.urn));
    byUrn.set(r.urn, r);
  }
  const deps = new Map<string, string[]>();
  for (const r of resources) deps.set(r.urn, dependencyUrns(r).filter((d) => byUrn.has(d)));

  const populated = new Set<LayerId>();
  for (const r of resources) {
    const l = layer.get(r.urn);
    if (l !== null && l !== undefined && !isComponentType(r.type)) populated.add(l);
  }
  const below = (l: LayerId): LayerId | undefined => {
    for (let x = l - 1; x >= 0; x--) if (populated.has(x as LayerId)) return x as LayerId;
    return undefined;
  };

  // 1. No resource depends on a higher layer.
  for (const r of resources) {
    const own = layer.get(r.urn)!;
    if (own === null) continue;
    for (const d of deps.get(r.urn)!) {
      const theirs = layer.get(d)!;
      if (theirs !== null && theirs > own) {
        const dep = byUrn.get(d)!;
        report(
          `${describe(r)} in ${layerName(own)} depends on ${describe(dep)} in ${layerName(theirs)}; ` +
            `a resource never depends on a higher layer`,
          r.urn,
        );
      }
    }
  }

  // 2. Every layer 2-5 custom resource reaches the layer below it (local-only resources excepted).
  const memo = new Map<string, boolean>();
  const reaches = (urn: string, own: LayerId, target: LayerId): boolean => {
    const cached = memo.get(urn);
    if (cached !== undefined) return cached;
    memo.set(urn, false); // cycle guard
    const r = byUrn.get(urn)!;
    const next = [...deps.get(urn)!];
    if (r.parent) next.push(r.parent.urn);
    let ok = false;
    for (const n of next) {
      const l = layer.get(n);
      if (l === target) ok = true;
      else if (l === own && byUrn.has(n)) ok = reaches(n, own, target);
      if (ok) break;
    }
    memo.set(urn, ok);
    return ok;
  };
  for (const r of resources) {
    const own = layer.get(r.urn)!;
    if (own === null || own < 2 || isComponentType(r.type) || isLocalOnly(r.type)) continue;
    const target = below(own);
    if (target === undefined) continue;
    if (!reaches(r.urn, own, target)) {
      report(
        `${describe(r)} in ${layerName(own)} does not depend on ${layerName(target)}, directly or through its parent; ` +
          `pass dependsOn explicitly (a child does not inherit its parent's dependsOn)`,
        r.urn,
      );
    }
  }
}

export function layerOrder(): StackValidationPolicy {
  return {
    name: "layer-order",
    description:
      "No resource depends on a resource of a higher layer, and every layer 2-5 resource depends, directly or through its parent, on the layer below it.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkLayerOrder(args.resources, dedupedReporter(reportViolation)),
  };
}

export const CHART_TYPES = ["kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"];

export function infraTierAllowlist(ctx: RuleContext = DEFAULT_CONTEXT): ResourceValidationPolicy {
  return {
    name: "infra-tier-allowlist",
    description:
      "Every Helm release is a catalog entry (components/kernel/catalog.ts) of the layer it is registered in; anything else belongs in git.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (CHART_TYPES.includes(args.type)) {
        reportViolation(`${describe(args)} renders a chart client-side; the infrastructure tier uses catalog helm.v3.Release resources, and anything else belongs in git`);
        return;
      }
      if (args.type !== HELM_RELEASE) return;
      const chart = known(() => asString(args.props.chart));
      const version = known(() => asString(args.props.version));
      const namespace = known(() => asString(args.props.namespace) ?? "default");
      if (chart === undefined || version === undefined || namespace === undefined) return; // not yet known
      const layer = layerOfUrn(args.urn);
      const candidates = Object.entries(ctx.catalog).filter(([, e]) => chartMatches(chart, e));
      const what = `Helm release "${args.name}" (chart ${chart} ${version} in namespace ${namespace}, ${layerName(layer)})`;
      if (candidates.length === 0) {
        reportViolation(`${what} is not in the catalog; it belongs in git (the application tier, synced by the GitOps engine), not in Pulumi`);
        return;
      }
      if (candidates.some(([, e]) => e.version === version && e.namespace === namespace && e.layer === layer)) return;
      const [key, entry] = candidates[0]!;
      const diffs: string[] = [];
      if (entry.version !== version) diffs.push(`version ${entry.version}`);
      if (entry.namespace !== namespace) diffs.push(`namespace ${entry.namespace}`);
      if (entry.layer !== layer) diffs.push(`${layerName(entry.layer)}`);
      reportViolation(
        `${what} does not match catalog entry "${key}" (expects ${diffs.join(", ")}); ` +
          `only catalog entries are installed by Pulumi, anything else belongs in git`,
      );
    },
  };
}

export const WORKLOAD_TYPES = [
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:core/v1:Pod",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
];

/** The project's own CronJob, which uncordons nodes after k3s upgrades (seed 000). */
export const DEFAULT_ALLOWED_CRONJOBS = ["auto-uncordon"];

function nameMatches(candidate: string | undefined, allowed: string): boolean {
  if (!candidate) return false;
  return candidate === allowed || candidate.startsWith(`${allowed}-`) || candidate.endsWith(`-${allowed}`);
}

/** Gateway API's group: every Gateway, ListenerSet and route kind of the standard channel lives in it. */
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** The Gateway API kinds that expose traffic: a Gateway or ListenerSet, and the routes that attach to one. */
export const GATEWAY_API_EXPOSING_KINDS = ["Gateway", "ListenerSet", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"];

/**
 * Why a Gateway API object Pulumi creates is application tier, or undefined when it is the infrastructure's own: the
 * shared Gateway and its HTTP->HTTPS redirect route (SHARED_GATEWAY, in the ingress controller's namespace). Unknown
 * names or namespaces are not judged (preview).
 */
export function gatewayObjectProblem(type: string, props: Record<string, any>, name: string): string | undefined {
  const [, groupVersion, kind] = type.split(":");
  if (!type.startsWith("kubernetes:") || !groupVersion?.startsWith(`${GATEWAY_API_GROUP}/`) || !GATEWAY_API_EXPOSING_KINDS.includes(kind ?? "")) return undefined;
  const ns = k8sNamespace(props);
  const nameRead = peek(() => asString(props.metadata?.name));
  if (ns === undefined || !nameRead.known) return undefined;
  const objectName = nameRead.value;
  const shared = ns === SHARED_GATEWAY.namespace && ((kind === "Gateway" && objectName === SHARED_GATEWAY.name) || (kind === "HTTPRoute" && objectName === SHARED_GATEWAY.redirectRoute));
  if (shared) return undefined;
  return (
    `${kind} "${objectName ?? name}" in namespace ${ns} is application tier; Pulumi creates only the shared Gateway ` +
    `(${SHARED_GATEWAY.namespace}/${SHARED_GATEWAY.name}) and its redirect. Put routes in git under gitops/, attached with ` +
    `parentRefs [{ name: ${SHARED_GATEWAY.name}, namespace: ${SHARED_GATEWAY.namespace}, sectionName: ${SHARED_GATEWAY.https.name} }]`
  );
}

export function noAppWorkloadsInIac(ctx: RuleContext = DEFAULT_CONTEXT): ResourceValidationPolicy {
  return {
    name: "no-app-workloads-in-iac",
    description:
      "Pulumi creates no Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job or CronJob outside the catalog's namespaces (the project's own CronJob excepted), no LoadBalancer Service outside the ingress, and no Gateway API Gateway or route other than the shared Gateway and its redirect.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        allowedCronJobs: {
          type: "array",
          items: { type: "string" },
          default: DEFAULT_ALLOWED_CRONJOBS,
          description: "CronJob names (exact, or as a -suffix/prefix- of the name) Pulumi may create anywhere.",
        },
      },
    },
    validateResource: (args, reportViolation) => {
      const kind = args.type.split(":")[2];
      const gateway = gatewayObjectProblem(args.type, args.props, args.name);
      if (gateway) {
        reportViolation(gateway);
        return;
      }
      if (args.type === "kubernetes:core/v1:Service") {
        const type = known(() => asString(args.props.spec?.type));
        if (type !== "LoadBalancer") return;
        const ns = k8sNamespace(args.props);
        if (ns === undefined) return;
        const ingress = entriesWithRole(ctx.catalog, ["ingress"]).map(([, e]) => e.namespace);
        if (!ingress.includes(ns)) {
          reportViolation(
            `Service "${k8sName(args.props) ?? args.name}" of type LoadBalancer in namespace ${ns} is outside the ingress ` +
              `(${ingress.length > 0 ? ingress.join(", ") : "no ingress in the catalog"}); expose applications through the ingress, from git`,
          );
        }
        return;
      }
      if (!WORKLOAD_TYPES.includes(args.type)) return;
      const ns = k8sNamespace(args.props);
      if (ns === undefined) return;
      if (catalogNamespaces(ctx.catalog).has(ns)) return;
      if (kind === "CronJob") {
        const allowed = args.getConfig<{ allowedCronJobs?: string[] }>().allowedCronJobs ?? DEFAULT_ALLOWED_CRONJOBS;
        const name = k8sName(args.props);
        if (allowed.some((a) => nameMatches(name, a) || nameMatches(args.name, a))) return;
      }
      const namespaces = [...catalogNamespaces(ctx.catalog)].sort();
      reportViolation(
        `${kind} "${k8sName(args.props) ?? args.name}" in namespace ${ns} is an application workload; Pulumi only installs ` +
          `into the catalog's namespaces (${namespaces.join(", ") || "none"}); put it in git under gitops/`,
      );
    },
  };
}
