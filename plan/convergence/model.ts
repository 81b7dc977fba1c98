/**
 * The convergence check's model: its public input and report types, the stage render it works on, what exists by
 * which stage (Provided), which kinds are cluster-scoped, and the small readers of recorded inputs.
 */
import type { Kustomize } from "./render";
import type { GitObject } from "./tables";

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
export const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "IngressClass",
  "GatewayClass", "ClusterIssuer", "ClusterSecretStore", "ClusterExternalSecret", "PriorityClass", "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration", "APIService", "CSIDriver", "VolumeSnapshotClass", "RuntimeClass", "ClusterImageCatalog",
]);

/** What exists, and from which stage on (0 = the Pulumi tier). */
export class Provided {
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

export interface Ref {
  readonly kind: ReferenceKind;
  readonly target: string;
  readonly from: string;
}

export interface StageRender {
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

export function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" && v !== "[secret]" && v !== "[unknown]" ? v : undefined;
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
