/**
 * The edges every hand-off resource carries.
 *
 * - The engine release: its CRDs and controllers must exist before an Application or Kustomization can be created,
 *   so a single `pulumi up` from an empty stack works; and on destroy the hand-off goes first, while the engine still
 *   runs to complete the finalizers.
 * - The platform's cloud-resource owners (cloud controller, CSI drivers, Longhorn), only when the hand-off has no
 *   destroy guard: on destroy Pulumi deletes the hand-off before them, and through Argo CD's resources finalizer or
 *   Flux's deletion policy the application tier's LoadBalancer Services and PersistentVolumeClaims are gone before
 *   anything that could release their cloud load balancers and volumes is. With the guard (destroy-guard.ts; the
 *   stacks always have it) the order lives in the guard's delete and `up` no longer waits for the storage releases.
 */
import * as pulumi from "@pulumi/pulumi";

export function handoffDependencies(engineRelease: pulumi.Resource, cloudResourceOwners: readonly pulumi.Resource[], guarded = false): pulumi.Resource[] {
  // With a destroy guard (destroy-guard.ts) the order lives in the guard's delete; the engine edge stays (the engine
  // itself waits for layer 2, so the hand-off still goes before the cloud controller).
  return guarded ? [engineRelease] : [engineRelease, ...cloudResourceOwners];
}
