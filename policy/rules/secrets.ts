/**
 * secrets-are-secret: Secret data, the kubeconfig of the Kubernetes provider, SSH keys and command scripts that carry
 * the join token are secret; commands that print a token or kubeconfig mark stdout as a secret output.
 *
 * @pulumi/policy 1.21 hands validations props with secrets unwrapped and unmarked (pulumi-policy issue 241), so under
 * `pulumi preview --policy-pack` only the observable part runs (additionalSecretOutputs). The offline runner, like
 * remediations, keeps the secret markers (`secretsPreservingProxy`), and there the whole policy runs.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { K8S_PROVIDER, asString, known, secretnessAt } from "./common";
import { COMMAND_TYPES } from "./pinning";

/** A script that embeds the join token: k3s's env variables, flags and config keys. */
export const CARRIES_TOKEN = /K3S_(AGENT_)?TOKEN=|--(agent-)?token[= ]|^\s*(agent-)?token:/m;
/** A script whose stdout is a secret: it prints the node token or the admin kubeconfig. */
export const PRINTS_SECRET = /server\/(node-)?token|server\/agent-token|k3s\.yaml/;
const SECRET_ENV_KEY = /TOKEN|PASSWORD|SECRET|PRIVATE_KEY/i;

export function secretsAreSecret(): ResourceValidationPolicy {
  return {
    name: "secrets-are-secret",
    description:
      "Kubernetes Secrets' data, the kubeconfig given to the Kubernetes provider, SSH keys, and command scripts that carry the token are secret; commands that print a token or kubeconfig declare stdout in additionalSecretOutputs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      const plain = (path: string[]) => secretnessAt(args.props, path) === "plain";
      if (args.type === "kubernetes:core/v1:Secret") {
        for (const field of ["data", "stringData"]) {
          if (secretnessAt(args.props, [field]) !== "plain") continue;
          const value = known(() => args.props[field]) ?? {};
          for (const key of Object.keys(value).sort()) {
            if (plain([field, key])) reportViolation(`Secret "${args.name}" ${field}.${key} is not secret; wrap it with pulumi.secret`);
          }
        }
        return;
      }
      if (args.type === K8S_PROVIDER) {
        if (plain(["kubeconfig"])) reportViolation(`Kubernetes provider "${args.name}" gets its kubeconfig in plain text; pass it as a secret Output`);
        return;
      }
      if (!COMMAND_TYPES.includes(args.type)) return;
      for (const key of ["privateKey", "password"]) {
        if (plain(["connection", key])) reportViolation(`command "${args.name}" connection.${key} is not secret`);
      }
      for (const field of ["create", "update", "delete", "stdin"]) {
        const script = known(() => asString(args.props[field]));
        if (script === undefined) continue;
        if (CARRIES_TOKEN.test(script) && plain([field])) {
          reportViolation(`command "${args.name}" ${field} carries the k3s token but is not secret; build it inside pulumi.secret / from a secret Output`);
        }
        if (field === "create" && PRINTS_SECRET.test(script) && !args.opts.additionalSecretOutputs.includes("stdout")) {
          reportViolation(`command "${args.name}" prints a token or kubeconfig on stdout; add additionalSecretOutputs: ["stdout"]`);
        }
      }
      const env = known(() => args.props.environment) ?? {};
      for (const key of Object.keys(env).sort()) {
        if (SECRET_ENV_KEY.test(key) && plain(["environment", key])) {
          reportViolation(`command "${args.name}" environment ${key} is not secret`);
        }
      }
    },
  };
}
