/**
 * Helm values for the sops-secrets-operator chart 0.28.0 (operator 0.21.1), keys checked against
 * chart/helm4/sops-secrets-operator/values.yaml and templates/operator.yaml (isindir/sops-secrets-operator 2cfc1e0a):
 * `secretsAsFiles` items `{name, mountPath, secretName}` become read-only volume mounts, `extraEnv` items
 * `{name, value}` become env vars. The operator's README ("Age") mounts the age key file this way and points
 * `SOPS_AGE_KEY_FILE` at it. The key file is the platform's `sops-age` Secret (key `age.agekey`), in the same
 * namespace as the operator.
 */
import type { Values } from "../../kernel/serialise";

export const SOPS_OPERATOR_KEY_MOUNT = "/etc/sops-age";

export function sopsSecretsOperatorValues(secretName: string, secretKey: string): Values {
  return {
    secretsAsFiles: [{ name: "sops-age-key", mountPath: SOPS_OPERATOR_KEY_MOUNT, secretName }],
    extraEnv: [{ name: "SOPS_AGE_KEY_FILE", value: `${SOPS_OPERATOR_KEY_MOUNT}/${secretKey}` }],
  };
}
