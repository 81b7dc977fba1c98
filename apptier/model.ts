/**
 * The application tier's typed model: stages, components (Helm charts and/or plain manifests), the Secrets they
 * need, clusters and tenants. `apptier/render.ts` turns it into the files under gitops/ for both engines.
 */

/** The stages, in order (CONTRACTS.md "Stages"; the hand-off's DEFAULT_STAGES lists the same). */
export const STAGES = ["01-platform-services", "02-identity-edge", "03-observability", "04-operations", "05-tenants", "06-apps"] as const;
export type Stage = (typeof STAGES)[number];
export type Engine = "argocd" | "flux";
export const ENGINES: readonly Engine[] = ["argocd", "flux"];

/** A Helm repository, named as Flux's HelmRepository. */
export interface HelmRepo {
  readonly name: string;
  readonly url: string;
}

/** One key of a Secret a component reads. */
export interface SecretKey {
  readonly key: string;
  /** What goes in it (documented in the template); never a real value. */
  readonly describe: string;
}

/** A Secret a component needs before it can converge; it arrives encrypted (SOPS / SopsSecret), never plain. */
export interface SecretNeed {
  readonly name: string;
  readonly namespace: string;
  /** Labels the Secret must carry (e.g. Argo CD reads `$<secret>:<key>` only from Secrets labelled part-of argocd). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly keys: readonly SecretKey[];
}

import type { LoadBalancerCloud } from "@k3s-gitops/components";

/** The settings of one cluster (one gitops/clusters/<name> directory). */
export interface ClusterSpec {
  readonly name: string;
  /** Base domain: services get <service>.<domain>, tenants <app>.<tenant>.<domain>. */
  readonly domain: string;
  /** The Pulumi-made ClusterIssuer (layer 3). */
  readonly clusterIssuer: string;
  /** k3s pod and service ranges, and the hosts' range (the Tailscale subnet router advertises them). */
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly hostCidrs: readonly string[];
  /**
   * The clouds of the stacks that sync this cluster, for the tier's own LoadBalancer Services (tenants' mail ports):
   * each Service carries every one's annotations (components LOAD_BALANCER_ANNOTATIONS; a cloud controller reads only
   * its own). `none`: MetalLB answers them from its pool (existing hosts).
   */
  readonly loadBalancerClouds: readonly LoadBalancerCloud[];
  /** Optional components turned on here, beyond those on by default. */
  readonly enable: readonly string[];
  /** Components on by default that this cluster turns off. */
  readonly disable?: readonly string[];
  /**
   * Whether Pulumi's Traefik loads the sablier plugin (the sample app's route then uses it). Every stack syncing this
   * cluster must then set `platform.ingress.plugins: [sablier]` (the plan's convergence check fails otherwise).
   * @default false
   */
  readonly traefikSablierPlugin?: boolean;
  /** S3-compatible object storage for backups (CNPG via the Barman Cloud plugin), when a backup component is on. */
  readonly objectStorage?: { readonly endpoint: string; readonly bucket: string };
  /** Per-component Helm value overrides, merged over what the component computes (e.g. Dex connectors). */
  readonly values?: Readonly<Record<string, Record<string, unknown>>>;
}

/** Context a component's per-cluster functions get. */
export interface ClusterContext {
  readonly cluster: ClusterSpec;
  readonly engine: Engine;
  /** Whether a component is on in this cluster (for wiring, e.g. Grafana SSO only when Dex is on). */
  readonly on: (component: string) => boolean;
}

export interface HelmPart {
  readonly repo: HelmRepo;
  readonly chart: string;
  /** Exact chart version; checked against the chart's values.yaml at that version (source beside it in apptier/components/<stage>.ts). */
  readonly version: string;
  readonly releaseName?: string;
  /** Values computed per cluster (hostnames, Secret wiring); the cluster's `values` override them. */
  readonly clusterValues?: (ctx: ClusterContext) => Record<string, unknown>;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [k: string]: unknown;
}

export interface ManifestPart {
  /** Objects rendered per cluster into gitops/clusters/<cluster>/components/<name>/. */
  readonly objects: (ctx: ClusterContext) => readonly KubeObject[];
}

export interface Component {
  readonly name: string;
  readonly stage: Stage;
  /** The namespace the component runs in (the Helm release's and its objects' default). */
  readonly namespace: string;
  readonly description: string;
  /** On in every cluster unless the cluster disables it. Components needing credentials must be off by default. */
  readonly defaultOn: boolean;
  readonly helm?: HelmPart;
  readonly manifests?: ManifestPart;
  /** Secrets it needs from git (encrypted), or that Pulumi makes (`fromPulumi`). */
  readonly secrets?: readonly SecretNeed[];
  /** Secrets it needs that Pulumi creates (not in git). */
  readonly pulumiSecrets?: readonly string[];
  /** Components that must be on with it. */
  readonly requires?: readonly string[];
  /** Only on clusters handed to this engine (e.g. Argo CD's UI route). */
  readonly engine?: Engine;
  /** Helm releases in the same stage this one waits for (Flux dependsOn; Argo CD orders by sync wave). */
  readonly after?: readonly string[];
}

/** A tenant: one namespace with its own identity (Kanidm) and mail (Stalwart). */
export interface Tenant {
  readonly name: string;
  /** Group (from the OIDC provider) bound to the namespace's admin role. */
  readonly adminGroup: string;
  /** Clusters the tenant lives on. */
  readonly clusters: readonly string[];
  readonly quota: { readonly cpu: string; readonly memory: string; readonly storage: string; readonly pods: number };
  readonly kanidm: boolean;
  readonly stalwart: boolean;
}
