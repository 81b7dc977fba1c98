/** An optional External Secrets ClusterSecretStore (external-secrets.io/v1), its provider block taken from config. */
import type { CustomObject } from "./metallb-pool";

export function buildClusterSecretStore(name: string, provider: Record<string, unknown>): CustomObject {
  return { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name }, spec: { provider: { ...provider } } };
}
