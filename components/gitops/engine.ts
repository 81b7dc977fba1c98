/**
 * GitOpsEngine (layer 4): Argo CD as one pinned Helm release from the catalog, or Flux through the Flux Operator: the
 * operator's pinned release and a FluxInstance that pins the Flux distribution (values/flux.ts). The community flux2
 * chart is gone: Flux's docs list it only as a "dev install", maintained "on a best effort basis".
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { CatalogEntry, ENGINE_CATALOG_KEYS, EngineKind, catalogEntry } from "../kernel/catalog";
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { releaseArgs } from "../platform/release";
import { buildArgoCdValues, withArgoCdKnownHosts } from "./values/argocd";
import { ArgoCdSsoArgs, argoCdSsoProblems, withArgoCdSso } from "./values/argocd-sso";
import { buildFluxInstance, buildFluxValues } from "./values/flux";

export type { EngineKind } from "../kernel/catalog";

/** Seconds Helm may take to install the engine and see it ready. */
export const DEFAULT_ENGINE_TIMEOUT = 600;

export interface GitOpsEngineArgs {
  /** Which engine: "argocd" (the argo-cd chart) or "flux" (the flux-operator chart and a FluxInstance). */
  readonly engine: EngineKind;
  /** Provider for the cluster (K3sCluster.provider). */
  readonly provider: k8s.Provider;
  /**
   * What the engine waits for: what its pods need to run (PlatformLayers.schedulingGates: the CNI release, the cloud
   * controller where it routes pods) and its namespace. The engine's pods tolerate the cloud controller's
   * `uninitialized` taint (values/scheduling.ts), so the cloud controller itself need not be ready first.
   */
  readonly dependsOn: readonly pulumi.Resource[];
  /** Argo CD only: run the HA layout. Ignored by Flux. @default false */
  readonly highAvailability?: boolean;
  /**
   * Argo CD only: sign-in through an OIDC provider (the application tier's Dex) at Argo CD's external URL, which
   * also runs the API server without TLS behind the shared Gateway (values/argocd-sso.ts). Refused with Flux.
   * @default none (the local admin only)
   */
  readonly sso?: ArgoCdSsoArgs;
  /**
   * Argo CD only: the known_hosts lines of the git hosts reached over ssh (`host key-type base64-key`, as ssh-keyscan
   * prints them). They become argocd-ssh-known-hosts-cm, replacing the chart's default list (values/argocd.ts
   * withArgoCdKnownHosts). Flux takes them in the hand-off's Secret instead (GitAuthSsh.knownHosts); pass the same
   * lines to both. Ignored by Flux. @default the argo-cd chart's list (github.com, gitlab.com, bitbucket.org, Azure DevOps)
   */
  readonly knownHosts?: string;
}

/**
 * What a hand-off needs from the installed engine. GitOpsEngine is one; a test (or a program that installs the engine
 * itself) can hand over any object of this shape.
 */
export interface InstalledEngine {
  /** Which engine runs. */
  readonly engine: EngineKind;
  /** The engine's release. */
  readonly release: pulumi.Resource;
  /**
   * What the hand-off waits for: the FluxInstance (Ready once Flux's controllers and CRDs are) on Flux, the release on
   * Argo CD. @default release
   */
  readonly ready?: pulumi.Resource;
  /** The engine's namespace: argocd or flux-system. */
  readonly namespace: string;
  /** The catalog entry installed (chart, version, release name). */
  readonly entry: CatalogEntry;
  /** The values the release was installed with (self-management reuses them). */
  readonly values: Record<string, unknown>;
}

const ENGINES = Object.keys(ENGINE_CATALOG_KEYS) as EngineKind[];

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateGitOpsEngineArgs(args: GitOpsEngineArgs): void {
  const problems = new Problems();
  problems.check(ENGINES.includes(args.engine), "engine", args.engine, `must be one of ${ENGINES.join(", ")}`);
  problems.check(args.provider !== undefined && args.provider !== null, "provider", args.provider, "must be the cluster's k8s.Provider");
  problems.check(Array.isArray(args.dependsOn), "dependsOn", args.dependsOn, "must be a list of resources (layer 2)");
  if (args.highAvailability !== undefined) problems.check(typeof args.highAvailability === "boolean", "highAvailability", args.highAvailability, "must be true or false");
  if (args.sso !== undefined) {
    if (args.engine === "argocd") argoCdSsoProblems(args.sso, problems);
    else problems.add("sso", args.sso.url, "is Argo CD's sign-in; leave it unset with engine flux");
  }
  if (args.knownHosts !== undefined) {
    problems.check(typeof args.knownHosts === "string" && args.knownHosts.trim() !== "", "knownHosts", args.knownHosts, 'must be known_hosts lines such as "github.com ssh-ed25519 AAAA..."');
  }
  problems.throwIfAny("GitOpsEngine");
}

/** The catalog entry and values for an engine. Pure. */
export function resolveEngine(
  engine: EngineKind,
  options: { highAvailability?: boolean; sso?: ArgoCdSsoArgs; knownHosts?: string } = {},
): { entry: CatalogEntry; values: Record<string, unknown> } {
  const entry = catalogEntry(ENGINE_CATALOG_KEYS[engine]);
  const values =
    engine === "argocd"
      ? withArgoCdKnownHosts(withArgoCdSso(buildArgoCdValues({ highAvailability: options.highAvailability }), options.sso), options.knownHosts)
      : buildFluxValues();
  return { entry, values };
}

export class GitOpsEngine extends pulumi.ComponentResource implements InstalledEngine {
  public readonly engine: EngineKind;
  /** The Helm release; everything in the hand-off depends on it. */
  public readonly release: k8s.helm.v3.Release;
  /** The engine's namespace: argocd or flux-system. */
  public readonly namespace: string;
  /** The catalog entry installed (chart, version, release name). */
  public readonly entry: CatalogEntry;
  /** The values the release was installed with (self-management reuses them). */
  public readonly values: Record<string, unknown>;
  /** Flux only: the FluxInstance. */
  public readonly instance?: k8s.apiextensions.CustomResource;
  /** What the hand-off waits for: the FluxInstance on Flux, the release on Argo CD. */
  public readonly ready: pulumi.Resource;

  constructor(name: string, args: GitOpsEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    validateGitOpsEngineArgs(args);
    super(componentToken("k3s-gitops:gitops:GitOpsEngine"), name, {}, opts);
    const { entry, values } = resolveEngine(args.engine, { highAvailability: args.highAvailability, sso: args.sso, knownHosts: args.knownHosts });
    this.engine = args.engine;
    this.entry = entry;
    this.values = values;
    this.namespace = entry.namespace;

    // The same catalog-driven release settings as every platform release; the engine keeps a failed install for
    // inspection instead of rolling it back, and gets a longer timeout.
    this.release = new k8s.helm.v3.Release(
      `${name}-${entry.releaseName}`,
      { ...releaseArgs(ENGINE_CATALOG_KEYS[args.engine], values), timeout: DEFAULT_ENGINE_TIMEOUT, atomic: false },
      { parent: this, provider: args.provider, dependsOn: [...args.dependsOn] },
    );

    if (args.engine === "flux") {
      this.instance = new k8s.apiextensions.CustomResource(
        `${name}-flux-instance`,
        { ...buildFluxInstance(entry.namespace) } as k8s.apiextensions.CustomResourceArgs,
        { parent: this, provider: args.provider, dependsOn: [this.release] },
      );
    }
    this.ready = this.instance ?? this.release;

    this.registerOutputs({ release: this.release, namespace: this.namespace });
  }
}
