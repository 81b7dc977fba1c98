/**
 * Reads the stack config, merges the profile under it, validates it and resolves credentials.
 * Everything here runs before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, NAMESPACE } from "./errors";
import { resolveProfile as resolveProfileRule } from "@k3s-gitops/components/kernel";
import { ageIdentityProblem } from "@k3s-gitops/components";
import { PROFILE_NAMES, ProfileName, mergeConfig, profileFor } from "./profiles";
import { SECRET_KEYS, StackConfig, validateConfig } from "./schema";
import { GIT_SSH_PRIVATE_KEY, PLACEHOLDER_CREDENTIAL, SSH_PRIVATE_KEY, privateKeyFormatProblem } from "./credentials";
import { ConfigWarning, configWarnings } from "./warnings";
import { gitopsBootstrapProblems } from "./checks/gitops-bootstrap";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };

/** Parses a config value the way `Config.getObject` does, leaving bare strings as they are. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every `k3s-gitops:*` key of the stack, parsed, except the credential keys. */
export function readRawConfig(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all = pulumi.runtime.allConfig();
  for (const fullKey of Object.keys(all).sort()) {
    const [ns, key] = fullKey.split(":", 2);
    if (ns !== NAMESPACE || key === undefined) continue;
    if ((SECRET_KEYS as readonly string[]).includes(key)) continue;
    out[key] = parseValue(all[fullKey]!);
  }
  return out;
}

/** Credential keys that were set without --secret. */
export function plainCredentialProblems(): ConfigProblem[] {
  const all = pulumi.runtime.allConfig();
  return SECRET_KEYS.filter((k) => `${NAMESPACE}:${k}` in all && !isConfigSecret(`${NAMESPACE}:${k}`)).map((k) => ({
    path: [k],
    value: "(hidden)",
    message: `holds a credential in plain text; remove it and set it with \`pulumi config set --secret ${k}\``,
  }));
}

/**
 * Secret config is readable when the config loads, so its format is checked here, before registration, instead of
 * failing inside an apply (a bad ageKey used to fail with a bech32 error after 84 resources). The value is never
 * shown. Pure over its input (the full config map).
 */
export function secretFormatProblems(all: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>> = {}): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const at = (k: string) => all[`${NAMESPACE}:${k}`];
  // The offline plan stands a placeholder in for every `secure:` value (plan/stack-file.ts): nothing to check.
  const real = (v: string | undefined) => (v === PLACEHOLDER_CREDENTIAL ? undefined : v);
  // The SSH private keys: from secret config, else the environment variable credentials.ts falls back to.
  for (const spec of [SSH_PRIVATE_KEY, GIT_SSH_PRIVATE_KEY]) {
    const fromConfig = at(spec.key);
    const value = fromConfig ?? (env[spec.env] === "" ? undefined : env[spec.env]);
    const key = value === undefined ? undefined : real(value);
    const problem = key === undefined ? undefined : privateKeyFormatProblem(key);
    if (problem) {
      const from = fromConfig === undefined ? ` (read from ${spec.env})` : "";
      out.push({ path: [spec.key], value: "(hidden)", message: `${problem}${from}; set it with \`pulumi config set --secret ${spec.key} < ~/.ssh/<key file>\`` });
    }
  }
  const age = real(at("ageKey"));
  if (age !== undefined) {
    const problem = ageIdentityProblem(age);
    if (problem) out.push({ path: ["ageKey"], value: "(hidden)", message: `${problem}; set it with \`pulumi config set --secret ageKey "$(cat key.txt)"\`` });
  }
  return out;
}

/**
 * A supplied access.sshPublicKey needs its private key as the secret `sshPrivateKey`: the k3s install steps log in
 * with it. (Without a public key, the node component generates a key pair and needs nothing.) Pure over its inputs.
 */
export function sshKeyProblems(raw: Record<string, unknown>, configKeys: readonly string[]): ConfigProblem[] {
  const access = raw.access as Record<string, unknown> | undefined;
  const hasPublicKey = typeof access === "object" && access !== null && typeof access.sshPublicKey === "string";
  if (!hasPublicKey || configKeys.includes(`${NAMESPACE}:sshPrivateKey`)) return [];
  return [
    {
      path: ["sshPrivateKey"],
      missing: true,
      message:
        "is required because access.sshPublicKey is set: the install steps need the matching private key. " +
        "Run `pulumi config set --secret sshPrivateKey < ~/.ssh/id_ed25519`, or remove access.sshPublicKey to have a key pair generated",
    },
  ];
}

/**
 * The profile: `k3s-gitops:profile`, else the stack's own name when it names a profile. The rule is the kernel's
 * `resolveProfile`, which the policy pack applies too; this adds the stack key and the message.
 */
export function resolveProfile(raw: Record<string, unknown>, stack: string): ProfileName | ConfigProblem {
  const r = resolveProfileRule(raw.profile, stack);
  if (r.ok) return r.profile;
  if (r.reason === "missing") {
    return {
      path: ["profile"],
      missing: true,
      message: `required because stack "${stack}" is not named after a profile; set it to one of ${PROFILE_NAMES.join(", ")}`,
    };
  }
  return { path: ["profile"], value: r.value, message: `must be one of ${PROFILE_NAMES.join(", ")}` };
}

/** Merges the profile defaults under the stack's own values and validates the result. Pure. */
export function buildConfig(raw: Record<string, unknown>, stack: string, extra: ConfigProblem[] = []): StackConfig {
  return buildConfigWithWarnings(raw, stack, extra).config;
}

/**
 * buildConfig, and the warnings (./warnings.ts) of the valid merged config. `projectDir` is where stage
 * directories are looked up. @default process.cwd()
 */
export function buildConfigWithWarnings(
  raw: Record<string, unknown>,
  stack: string,
  extra: ConfigProblem[] = [],
  projectDir: string = process.cwd(),
): { config: StackConfig; warnings: ConfigWarning[] } {
  const profile = resolveProfile(raw, stack);
  if (typeof profile !== "string") throw new ConfigError([profile, ...extra]);
  const merged = mergeConfig({ ...profileFor(profile, raw.cloud), profile }, raw) as Record<string, unknown>;
  // Checks that need the stack's name besides the config (the default gitops.path names it).
  extra = [...extra, ...gitopsBootstrapProblems(merged, stack)];
  try {
    const config = validateConfig(merged);
    if (extra.length > 0) throw new ConfigError(extra);
    return { config, warnings: configWarnings(merged, { stack, projectDir }) };
  } catch (err) {
    if (err instanceof ConfigError && extra.length > 0 && err.problems !== extra) {
      throw new ConfigError([...extra, ...err.problems]);
    }
    throw err;
  }
}

/** Reads and validates this stack's config. Throws a ConfigError naming every problem. */
export function loadStackConfig(): StackConfig {
  return loadStackConfigWithWarnings().config;
}

/** loadStackConfig, and the config's warnings. */
export function loadStackConfigWithWarnings(): { config: StackConfig; warnings: ConfigWarning[] } {
  const raw = readRawConfig();
  const keys = Object.keys(pulumi.runtime.allConfig());
  const extra = [...plainCredentialProblems(), ...secretFormatProblems(pulumi.runtime.allConfig(), process.env), ...sshKeyProblems(raw, keys)];
  return buildConfigWithWarnings(raw, pulumi.getStack(), extra);
}
