/**
 * The Pulumi tier's part of the convergence check (stage 0): what the recorded resources provide (namespaces, API
 * groups, classes, Secrets, issuers, Traefik plugins), and the GitOps engine and stage list of the hand-off.
 */
import { CATALOG, CatalogEntry, chartMatches } from "@k3s-gitops/components/kernel";
import { ConvergenceInput, PlanResourceLike, Provided, isObj, list, str } from "./model";
import { BUILTIN_GROUPS, FLUX_COMPONENT_GROUPS, dig } from "./tables";

function typeKind(type: string): { group: string; kind: string } | undefined {
  // kubernetes:<group>/<version>:<Kind> or kubernetes:core/v1:Secret
  const m = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
  if (!m) return undefined;
  const gv = m[1]!;
  const group = gv.startsWith("core/") ? "" : gv.includes("/") ? gv.slice(0, gv.lastIndexOf("/")) : "";
  return { group, kind: m[2]! };
}

/** The catalog entry a recorded Helm release or manifest file installs. */
function catalogEntryOf(r: PlanResourceLike): CatalogEntry | undefined {
  const entries = Object.values(CATALOG as Record<string, CatalogEntry>);
  if (r.type === "kubernetes:helm.sh/v3:Release" || r.type === "kubernetes:helm.sh/v4:Chart") {
    const chart = str(r.inputs.chart);
    return chart === undefined ? undefined : entries.find((e) => !e.manifests && chartMatches(chart, e));
  }
  if (r.type === "kubernetes:yaml/v2:ConfigFile") {
    const file = str(r.inputs.file);
    return entries.find((e) => (e.manifests ?? []).includes(file ?? ""));
  }
  return undefined;
}

/** Ingress classes and StorageClasses a catalog release provides. */
const RELEASE_CLASSES: Readonly<Record<string, { ingressClass?: string; storageClass?: string }>> = {
  // components/platform/platform.ts INGRESS; components/platform/defaults.ts STORAGE_CLASS_NAMES.
  traefik: { ingressClass: "traefik" },
  "ingress-nginx": { ingressClass: "nginx" },
  longhorn: { storageClass: "longhorn" },
  "hcloud-csi": { storageClass: "hcloud-volumes" },
  "csi-digitalocean": { storageClass: "do-block-storage" },
};

/** What the Pulumi tier provides (stage 0). Returns the engine and the hand-off's stage list too. */
export function pulumiTier(input: ConvergenceInput, provided: Provided) {
  let engine: "argocd" | "flux" | null = null;
  let repoUrl: string | undefined;
  const argoStages: { name: string; path: string; patches: unknown[] }[] = [];
  const fluxStages: { name: string; path: string }[] = [];
  let sopsOperator = false;
  for (const r of input.resources) {
    const inputs = r.inputs as Record<string, unknown>;
    const meta = isObj(inputs.metadata) ? inputs.metadata : {};
    const name = str(meta.name);
    const ns = str(meta.namespace);
    const entry = catalogEntryOf(r);
    if (entry) {
      provided.add("Namespace", entry.namespace, 0);
      const ns2 = str(inputs.namespace);
      if (ns2) provided.add("Namespace", ns2, 0);
      for (const crd of entry.crds) provided.add("Group", crd.slice(crd.indexOf(".") + 1), 0);
      const classes = RELEASE_CLASSES[entry.chart];
      if (classes?.ingressClass) provided.add("IngressClass", classes.ingressClass, 0);
      if (classes?.storageClass) provided.add("StorageClass", classes.storageClass, 0);
      if (entry.chart === "argo-cd") engine = "argocd";
      if (entry.role === "gitops-engine") engine ??= entry.chart === "argo-cd" ? "argocd" : "flux";
      if (entry.chart === "sops-secrets-operator") sopsOperator = true;
      const values = isObj(inputs.values) ? inputs.values : {};
      // traefik chart v41.3.0 templates/gatewayclass.yaml: rendered when gatewayClass.enabled and
      // providers.kubernetesGateway.enabled; name `default "traefik" .Values.gatewayClass.name`.
      if (entry.chart === "traefik" && dig(values, "providers.kubernetesGateway.enabled") === true && dig(values, "gatewayClass.enabled") !== false) {
        provided.add("GatewayClass", str(dig(values, "gatewayClass.name")) ?? "traefik", 0);
      }
      // traefik chart v41.3.0 templates/_podtemplate.tpl: each experimental.plugins.<name> becomes
      // --experimental.plugins.<name>.moduleName/version; a Middleware's spec.plugin.<name> uses that name.
      if (entry.chart === "traefik" && isObj(dig(values, "experimental.plugins"))) {
        for (const plugin of Object.keys(dig(values, "experimental.plugins") as Record<string, unknown>)) provided.add("TraefikPlugin", plugin, 0);
      }
    }
    const tk = typeKind(r.type);
    if (!tk || !name) continue;
    if (tk.group !== "" && !BUILTIN_GROUPS.includes(tk.group)) provided.add("Group", tk.group, 0);
    switch (tk.kind) {
      case "Namespace":
        provided.add("Namespace", name, 0);
        break;
      case "Secret":
      case "ConfigMap":
        provided.add(tk.kind, `${ns ?? "default"}/${name}`, 0);
        break;
      case "StorageClass":
      case "IngressClass":
      case "GatewayClass":
      case "ClusterIssuer":
      case "ClusterSecretStore":
        provided.add(tk.kind, name, 0);
        break;
      case "Issuer":
      case "SecretStore":
        provided.add(tk.kind, `${ns ?? "default"}/${name}`, 0);
        break;
      case "Application":
        if (name === "root" && isObj(inputs.spec)) {
          repoUrl = str(dig(inputs.spec, "source.repoURL"));
          for (const app of list(dig(inputs.spec, "source.helm.valuesObject.applications"))) {
            const appName = str(dig(app, "metadata.name"));
            const p = str(dig(app, "spec.source.path"));
            if (!appName || !p) continue; // stage 00 (self-management) is the engine's own chart
            argoStages.push({ name: appName.replace(/^appstage-/, ""), path: p, patches: list(dig(app, "spec.source.kustomize.patches")) });
          }
        }
        break;
      case "FluxInstance":
        // The operator installs the Flux controllers, and their CRDs, that the instance lists.
        engine ??= "flux";
        for (const component of list(dig(inputs, "spec.components"))) {
          for (const g of FLUX_COMPONENT_GROUPS[str(component) ?? ""] ?? []) provided.add("Group", g, 0);
        }
        break;
      case "GitRepository":
        repoUrl ??= str(dig(inputs, "spec.url"));
        break;
      case "Kustomization":
        if (tk.group === "kustomize.toolkit.fluxcd.io") {
          const p = str(dig(inputs, "spec.path"));
          if (p) fluxStages.push({ name: name.replace(/^appstage-/, ""), path: p.replace(/^\.\//, "") });
        }
        break;
    }
  }
  const stacksDefault = input.outputs?.defaultStorageClass;
  if (typeof stacksDefault === "string" && stacksDefault !== "") {
    provided.add("StorageClass", stacksDefault, 0);
    provided.add("DefaultStorageClass", "", 0);
  }
  // The ingress controller's class is the cluster default (platform values set it default).
  return { engine, repoUrl, argoStages, fluxStages, sopsOperator };
}
