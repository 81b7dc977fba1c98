/**
 * Flux through the Flux Operator: the operator chart's values and the FluxInstance that installs Flux itself.
 *
 * The FluxInstance (`fluxcd.controlplane.io/v1`, fields from api/v1/fluxinstance_types.go at flux-operator v0.58.1):
 * - it must be named `flux` in the operator's namespace: the operator's cache only watches that one (cmd/operator/
 *   main.go, "Only the FluxInstance with the name 'flux' can be reconciled");
 * - `spec.distribution.{version,registry}` are required; an exact version (FLUX_DISTRIBUTION, 2.9.4) disables automatic
 *   upgrades (Flux docs, "Bootstrap with Flux Operator");
 * - `spec.components` lists the controllers the hand-off needs: source (GitRepository), kustomize (the stage
 *   Kustomizations, with SOPS decryption through `decryption.secretRef`), helm (HelmReleases from git) and
 *   notification. Image automation is not wired;
 * - no `spec.sync`: the hand-off (layer 5) creates the GitRepository and the staged Kustomizations itself;
 * - `spec.wait` (default true) makes the instance Ready only once the controllers are; the annotation
 *   `pulumi.com/waitFor: condition=Ready` (pulumi-kubernetes 4.18.0, CHANGELOG) makes Pulumi wait for that, so the
 *   hand-off's custom resources are created after the Flux CRDs exist.
 */
import { FLUX_DISTRIBUTION } from "../../kernel/catalog";
import { stringify } from "yaml";
import { sortedValues } from "../../kernel/serialise";
import { ENGINE_TOLERATIONS } from "./scheduling";

export const FLUX_INSTANCE_NAME = "flux";
export const FLUX_COMPONENTS = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"] as const;

/**
 * Values for the flux-operator chart: its defaults (CRDs installed with the chart, `installCRDs: true`), and the
 * engine's tolerations (`tolerations`, "Pod tolerations settings", charts/flux-operator/values.yaml).
 */
export function buildFluxValues(): Record<string, unknown> {
  return { tolerations: [...ENGINE_TOLERATIONS] };
}

/**
 * The Flux controllers' tolerations: a JSON patch on every Deployment of the instance, the form the FluxInstance API
 * docs show (docs/api/v1/fluxinstance.md at v0.58.1, `spec.kustomize.patches` with `op: add`,
 * `path: /spec/template/spec/tolerations`).
 */
export function fluxTolerationPatch(): { target: { kind: string }; patch: string } {
  const ops = [{ op: "add", path: "/spec/template/spec/tolerations", value: ENGINE_TOLERATIONS.map((t) => ({ ...t })) }];
  return { target: { kind: "Deployment" }, patch: stringify(ops) };
}

/** The FluxInstance that pins the Flux distribution. Pure. */
export function buildFluxInstance(namespace: string): Record<string, unknown> {
  return sortedValues({
    apiVersion: "fluxcd.controlplane.io/v1",
    kind: "FluxInstance",
    metadata: { name: FLUX_INSTANCE_NAME, namespace, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
    spec: {
      distribution: { version: FLUX_DISTRIBUTION.version, registry: FLUX_DISTRIBUTION.registry },
      components: [...FLUX_COMPONENTS],
      cluster: { type: "kubernetes", networkPolicy: true },
      kustomize: { patches: [fluxTolerationPatch()] },
      wait: true,
    },
  });
}
