/**
 * The Argo CD side of SOPS (issue 12): Argo CD has no SOPS support of its own, and its docs recommend an in-cluster
 * secrets operator over repo-server plugins (docs/operator-manual/secret-management.md). The sops-secrets-operator
 * decrypts `SopsSecret` objects (isindir.github.com/v1alpha3) synced from git into Secrets, with the age key Pulumi
 * creates. It runs in the engine's namespace, beside the `sops-age` Secret it mounts (a pod can mount only Secrets of
 * its own namespace). Flux stacks do not get it: kustomize-controller decrypts SOPS itself.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ENGINE_CATALOG_KEYS, catalogEntry } from "../kernel/catalog";
import { catalogRelease, ReleaseContext } from "./release";
import { sopsSecretsOperatorValues } from "./values/sops-secrets-operator";

export const SOPS_OPERATOR_CATALOG_KEY = "sops-secrets-operator";

/** True when the age key lives in Argo CD's namespace, i.e. the stack hands over to Argo CD. Pure. */
export function wantsSopsOperator(sopsNamespace: string): boolean {
  return sopsNamespace === catalogEntry(ENGINE_CATALOG_KEYS.argocd).namespace;
}

/** The operator's release; it waits for the age key Secret it mounts. */
export function sopsOperatorRelease(
  name: string,
  ctx: ReleaseContext,
  ageKey: { secretName: string; secretKey: string; secret: pulumi.Resource },
): k8s.helm.v3.Release {
  return catalogRelease(name, SOPS_OPERATOR_CATALOG_KEY, sopsSecretsOperatorValues(ageKey.secretName, ageKey.secretKey), {
    ...ctx,
    dependsOn: [...ctx.dependsOn, ageKey.secret],
  });
}
