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
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { CATALOG, CatalogEntry, chartMatches } from "@k3s-gitops/components/kernel";
import { Kustomize, KubectlMissingError, kubectlKustomize, renderDir } from "./render";
import {
  BUILTIN_GROUPS,
  BUILTIN_NAMESPACES,
  CHART_CRD_GROUPS,
  FLUX_COMPONENT_GROUPS,
  GENERATED_SECRETS,
  GitObject,
  SECRET_VALUES_KEYS,
  dig,
  groupOf,
} from "./tables";

export { KubectlMissingError, kubectlKustomize } from "./render";
export type { Kustomize } from "./render";
export * from "./tables";

/** A plan resource as the check reads it: a recorded registration with its (redacted) inputs. */
export interface PlanResourceLike {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface ConvergenceInput {
  readonly resources: readonly PlanResourceLike[];
  /** The stack outputs (defaultStorageClass is read). */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** The repository root the stage paths are relative to. */
  readonly repoRoot: string;
  /** How kustomizations are built. @default kubectl kustomize */
  readonly kustomize?: Kustomize;
}

export type ReferenceKind =
  | "Secret"
  | "ConfigMap"
  | "Namespace"
  | "StorageClass"
  | "IngressClass"
  | "GatewayClass"
  | "ClusterIssuer"
  | "Issuer"
  | "ClusterSecretStore"
  | "SecretStore"
  | "CustomResourceDefinition"
  | "TraefikPlugin"
  | "Path";

export interface UnresolvedReference {
  /** The stage the reference is in (`01-platform-services`). */
  readonly stage: string;
  readonly kind: ReferenceKind;
  /** `namespace/name` for namespaced targets, the name otherwise (a CRD: its API group and kind). */
  readonly target: string;
  /** `Kind namespace/name` of the object (or values file) that refers to it, and where. */
  readonly from: string;
}

export interface ConvergenceStage {
  readonly name: string;
  /** The repository paths rendered for the stage (the stage directory, then followed Application paths). */
  readonly paths: readonly string[];
  readonly objects: number;
}

export interface ConvergenceReport {
  /** converges: nothing unresolved; unresolved: at least one; unchecked: kubectl missing; none: no GitOps hand-off. */
  readonly status: "converges" | "unresolved" | "unchecked" | "none";
  readonly engine: "argocd" | "flux" | null;
  readonly message: string;
  readonly stages: readonly ConvergenceStage[];
  /** References checked. */
  readonly checked: number;
  readonly unresolved: readonly UnresolvedReference[];
}

/** Kinds that are not namespaced (everything else is). */
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "IngressClass",
  "GatewayClass", "ClusterIssuer", "ClusterSecretStore", "ClusterExternalSecret", "PriorityClass", "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration", "APIService", "CSIDriver", "VolumeSnapshotClass", "RuntimeClass", "ClusterImageCatalog",
]);

/** What exists, and from which stage on (0 = the Pulumi tier). */
class Provided {
  private readonly items = new Map<string, number>();
  add(kind: string, id: string, stage: number): void {
    const key = `${kind}\u0000${id}`;
    const prev = this.items.get(key);
    if (prev === undefined || stage < prev) this.items.set(key, stage);
  }
  has(kind: string, id: string, stage: number): boolean {
    const at = this.items.get(`${kind}\u0000${id}`);
    return at !== undefined && at <= stage;
  }
}

interface Ref {
  readonly kind: ReferenceKind;
  readonly target: string;
  readonly from: string;
}

interface StageRender {
  readonly name: string;
  readonly index: number;
  readonly paths: string[];
  /** Objects with the namespace they land in (metadata.namespace, else the default of their source). */
  readonly objects: { object: GitObject; namespace: string | undefined; from: string }[];
  /** Helm releases the stage installs (Argo CD chart sources, Flux HelmReleases). */
  readonly releases: { chart: string; namespace: string; values: Record<string, unknown>[]; from: string }[];
  /** Namespaces an engine option creates (CreateNamespace=true, install.createNamespace). */
  readonly createdNamespaces: string[];
  /** Extra references found while following (valuesFrom, missing paths). */
  readonly refs: Ref[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" && v !== "[secret]" && v !== "[unknown]" ? v : undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

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
function pulumiTier(input: ConvergenceInput, provided: Provided) {
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

/**
 * The annotation a SopsSecret carries to name the Secrets it produces: encrypted with `--encrypted-suffix Templates`
 * (the contract), even `secretTemplates[].name` is ciphertext, so the check reads the names from this plaintext,
 * MAC-covered annotation (comma-separated). Template names that are plaintext count too.
 */
export const SOPS_SECRET_NAMES_ANNOTATION = "k3s-gitops.io/secrets";

export function sopsSecretNames(o: GitObject): string[] {
  const names = (o.metadata.annotations?.[SOPS_SECRET_NAMES_ANNOTATION] ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  for (const t of list(dig(o, "spec.secretTemplates"))) {
    const n = str(dig(t, "name"));
    if (n && !n.startsWith("ENC[")) names.push(n);
  }
  return [...new Set(names)];
}

/** Pod specs inside a workload. */
function podSpecs(o: GitObject): Record<string, unknown>[] {
  const specs: unknown[] = [];
  switch (o.kind) {
    case "Pod":
      specs.push(o.spec);
      break;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      specs.push(dig(o, "spec.template.spec"));
      break;
    case "CronJob":
      specs.push(dig(o, "spec.jobTemplate.spec.template.spec"));
      break;
  }
  return specs.filter(isObj);
}

function objectRefs(o: GitObject, ns: string | undefined, from: string): Ref[] {
  const refs: Ref[] = [];
  const at = (name: string) => `${ns ?? "default"}/${name}`;
  const add = (kind: ReferenceKind, target: string | undefined) => target && refs.push({ kind, target, from });
  for (const spec of podSpecs(o)) {
    for (const v of list(spec.volumes)) {
      if (!isObj(v)) continue;
      if (isObj(v.secret) && v.secret.optional !== true) add("Secret", str(v.secret.secretName) && at(str(v.secret.secretName)!));
      if (isObj(v.configMap) && v.configMap.optional !== true) add("ConfigMap", str(v.configMap.name) && at(str(v.configMap.name)!));
      for (const s of list(dig(v, "projected.sources"))) {
        if (isObj(s) && isObj(s.secret) && s.secret.optional !== true) add("Secret", str(s.secret.name) && at(str(s.secret.name)!));
        if (isObj(s) && isObj(s.configMap) && s.configMap.optional !== true) add("ConfigMap", str(s.configMap.name) && at(str(s.configMap.name)!));
      }
    }
    for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
      if (!isObj(c)) continue;
      for (const e of list(c.env)) {
        const s = dig(e, "valueFrom.secretKeyRef");
        if (isObj(s) && s.optional !== true) add("Secret", str(s.name) && at(str(s.name)!));
        const m = dig(e, "valueFrom.configMapKeyRef");
        if (isObj(m) && m.optional !== true) add("ConfigMap", str(m.name) && at(str(m.name)!));
      }
      for (const e of list(c.envFrom)) {
        if (isObj(e) && isObj(e.secretRef) && e.secretRef.optional !== true) add("Secret", str(e.secretRef.name) && at(str(e.secretRef.name)!));
        if (isObj(e) && isObj(e.configMapRef) && e.configMapRef.optional !== true) add("ConfigMap", str(e.configMapRef.name) && at(str(e.configMapRef.name)!));
      }
    }
    for (const p of list(spec.imagePullSecrets)) add("Secret", str(dig(p, "name")) && at(str(dig(p, "name"))!));
  }
  const storageClass = (sc: unknown) => {
    if (sc === undefined || sc === null) refs.push({ kind: "StorageClass", target: "(the default StorageClass)", from });
    else if (str(sc)) add("StorageClass", str(sc));
  };
  if (o.kind === "PersistentVolumeClaim") storageClass(dig(o, "spec.storageClassName"));
  if (o.kind === "StatefulSet") for (const t of list(dig(o, "spec.volumeClaimTemplates"))) storageClass(dig(t, "spec.storageClassName"));
  if (groupOf(o.apiVersion) === "postgresql.cnpg.io" && o.kind === "Cluster") storageClass(dig(o, "spec.storage.storageClass"));
  const ann = o.metadata.annotations ?? {};
  if (str(ann["cert-manager.io/cluster-issuer"])) add("ClusterIssuer", ann["cert-manager.io/cluster-issuer"]);
  if (str(ann["cert-manager.io/issuer"])) add("Issuer", at(ann["cert-manager.io/issuer"]!));
  if (o.kind === "Ingress") {
    const cls = dig(o, "spec.ingressClassName");
    if (cls === undefined) refs.push({ kind: "IngressClass", target: "(the default IngressClass)", from });
    else add("IngressClass", str(cls));
  }
  if (o.kind === "Gateway") add("GatewayClass", str(dig(o, "spec.gatewayClassName")));
  // A Traefik Middleware of a plugin only works when Pulumi's Traefik loads that plugin (platform.ingress.plugins).
  if (o.kind === "Middleware" && groupOf(o.apiVersion) === "traefik.io" && isObj(dig(o, "spec.plugin"))) {
    for (const plugin of Object.keys(dig(o, "spec.plugin") as Record<string, unknown>)) add("TraefikPlugin", plugin);
  }
  if (o.kind === "Certificate" && groupOf(o.apiVersion) === "cert-manager.io") {
    const kind = str(dig(o, "spec.issuerRef.kind")) ?? "Issuer";
    const name = str(dig(o, "spec.issuerRef.name"));
    if (name) add(kind === "ClusterIssuer" ? "ClusterIssuer" : "Issuer", kind === "ClusterIssuer" ? name : at(name));
  }
  if (o.kind === "ExternalSecret" && groupOf(o.apiVersion) === "external-secrets.io") {
    const kind = str(dig(o, "spec.secretStoreRef.kind")) ?? "SecretStore";
    const name = str(dig(o, "spec.secretStoreRef.name"));
    if (name) add(kind === "ClusterSecretStore" ? "ClusterSecretStore" : "SecretStore", kind === "ClusterSecretStore" ? name : at(name));
  }
  return refs;
}

/** Secrets named by Helm values keys (tables.ts SECRET_VALUES_KEYS). */
export function valuesSecretRefs(chart: string, values: Record<string, unknown>): { name: string; key: string }[] {
  const out: { name: string; key: string }[] = [];
  const generic = SECRET_VALUES_KEYS.filter((k) => k.chart === "*").map((k) => k.key);
  const specific = SECRET_VALUES_KEYS.filter((k) => k.chart === chart);
  const seen = new Set<string>();
  for (const k of specific) {
    seen.add(k.key);
    if (k.unlessFalse && dig(values, k.unlessFalse) === false) continue;
    const v = str(dig(values, k.key));
    if (v) out.push({ name: v, key: k.key });
  }
  const walk = (v: unknown, p: string[]) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...p, String(i)]));
    if (!isObj(v)) return;
    for (const [key, child] of Object.entries(v)) {
      const full = [...p, key].join(".");
      if (seen.has(full)) continue;
      if (generic.includes(key)) {
        if (key === "secretKeyRef" && isObj(child) && child.optional !== true && str(child.name)) out.push({ name: str(child.name)!, key: full });
        else if (key === "existingSecret" && str(child)) {
          // A chart-specific rule that switched this key off (unlessFalse) wins over the generic match.
          const rule = specific.find((r) => r.key === full);
          if (!rule) out.push({ name: str(child)!, key: full });
        }
      }
      walk(child, [...p, key]);
    }
  };
  walk(values, []);
  return out;
}

function loadValuesFile(file: string): Record<string, unknown> {
  const v = parseYaml(fs.readFileSync(file, "utf8")) as unknown;
  return isObj(v) ? v : {};
}

function describe(o: GitObject, ns: string | undefined): string {
  return `${o.kind} ${CLUSTER_SCOPED.has(o.kind) ? "" : `${ns ?? "default"}/`}${o.metadata?.name}`;
}

/** Renders an Argo CD stage and follows its Applications into this repository. */
function renderArgoStage(
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
function renderFluxStage(stage: { name: string; path: string }, index: number, input: ConvergenceInput, kustomize: Kustomize): StageRender {
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
function fluxReleases(r: StageRender, allObjects: { object: GitObject; namespace: string | undefined; stage: number }[]): void {
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
