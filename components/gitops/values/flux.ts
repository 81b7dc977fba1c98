/**
 * Helm values for the community flux2 chart (fluxcd-community 2.18.3, Flux 2.8.5). Keys checked against the chart's
 * values.yaml at tag flux2-2.18.3.
 */
export function buildFluxValues(): Record<string, unknown> {
  return {
    // The hand-off uses source, kustomize, helm and notification controllers; image automation is not wired.
    imageAutomationController: { create: false },
    imageReflectionController: { create: false },
  };
}
