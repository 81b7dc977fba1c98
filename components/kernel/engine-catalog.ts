/**
 * The GitOps engines' part of the catalog (layer 4): their chart entries, which CATALOG (catalog.ts) takes in as its
 * last entries, the Flux distribution the FluxInstance pins, and the map from an engine to its catalog key. Imports
 * nothing; catalog.ts re-exports FLUX_DISTRIBUTION, EngineKind and ENGINE_CATALOG_KEYS.
 */

export const ENGINE_CATALOG_ENTRIES = {
  // Layer 4, the GitOps engine (issue 4). Exactly one of these is installed, chosen by gitops.engine.
  "argo-cd": {
    title: "Argo CD",
    repo: "https://argoproj.github.io/argo-helm",
    chart: "argo-cd",
    version: "10.3.3",
    appVersion: "v3.5.1",
    namespace: "argocd",
    releaseName: "argocd",
    layer: 4,
    role: "gitops-engine",
    crds: ["applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io"],
    needs: [],
    source:
      "argo-helm release argo-cd-10.3.3 (\"Update dependency argoproj/argo-cd to v3.5.1\", argoproj/argo-helm#4015, quoted in public renovate PRs 2026-08-13); values keys read at argo-cd-10.1.1, the newest tag in the mirror; github.com/argoproj/argo-cd tag v3.5.1",
  },
  // Flux through the Flux Operator: the operator's chart here, and a FluxInstance (components/gitops/engine.ts) that
  // pins the Flux distribution. The community flux2 chart is Flux's "dev install", maintained "on a best effort basis"
  // (fluxcd/website content/en/flux/installation/_index.md).
  "flux-operator": {
    title: "Flux Operator (FluxInstance: Flux v2.9.4)",
    repo: "oci://ghcr.io/controlplaneio-fluxcd/charts",
    chart: "flux-operator",
    version: "0.58.1",
    appVersion: "v0.58.1",
    namespace: "flux-system",
    releaseName: "flux-operator",
    layer: 4,
    role: "gitops-engine",
    crds: [
      "fluxinstances.fluxcd.controlplane.io",
      "fluxreports.fluxcd.controlplane.io",
      "resourcesets.fluxcd.controlplane.io",
      "resourcesetinputproviders.fluxcd.controlplane.io",
    ],
    needs: [],
    source:
      "github.com/controlplaneio-fluxcd/flux-operator tag v0.58.1 (b3b36020, 2026-08-19: config/crd/bases, config/data/flux/v2.9.4, README's `helm install flux-operator oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator`); the chart version follows the operator's 1:1 (controlplaneio-fluxcd/charts, flux-operator 0.49.0 = v0.49.0), chart 0.58.1 itself not read",
  },
} as const;

/**
 * The Flux distribution the FluxInstance pins (`spec.distribution`): an exact version disables the operator's automatic
 * upgrades ("set the distribution.version field ... to a fixed version e.g. 2.6.0 to disable automatic upgrades",
 * Flux docs, Bootstrap with Flux Operator). v2.9.4 is fluxcd/flux2's newest tag (889be9d6, 2026-08-07) and is among the
 * manifests the pinned operator ships (flux-operator v0.58.1 config/data/flux/v2.9.4).
 */
export const FLUX_DISTRIBUTION = {
  version: "2.9.4",
  registry: "ghcr.io/fluxcd",
  source: "github.com/fluxcd/flux2 tag v2.9.4; github.com/controlplaneio-fluxcd/flux-operator tag v0.58.1 config/data/flux/v2.9.4",
} as const;

/** The GitOps engines a cluster can run. */
export type EngineKind = "argocd" | "flux";

/** The catalog key of each GitOps engine: the one place that maps an engine to its chart. */
export const ENGINE_CATALOG_KEYS: Readonly<Record<EngineKind, string>> = { argocd: "argo-cd", flux: "flux-operator" };
