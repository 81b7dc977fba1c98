/**
 * The one schema for the whole stack config. `validateConfig` runs before any resource is registered and reports
 * every problem at once.
 */
import { z } from "zod";
import { access } from "./blocks/access";
import { digitalocean } from "./blocks/digitalocean";
import { dns } from "./blocks/dns";
import { existing } from "./blocks/existing";
import { hetzner } from "./blocks/hetzner";
import { gitops } from "./blocks/gitops";
import { k3s } from "./blocks/k3s";
import { agentPools, servers } from "./blocks/nodes";
import { platform } from "./blocks/platform";
import { CROSS_CHECKS } from "./cross-checks";
import { ConfigError, ConfigProblem, valueAt } from "./errors";
import { PROFILE_NAMES } from "./profiles";

export const CLOUDS = ["hetzner", "digitalocean", "existing"] as const;
export type CloudName = (typeof CLOUDS)[number];

/** Each top-level key under `k3s-gitops:` and its schema. A new block is one line here. */
export const BLOCKS = {
  cloud: z.enum(CLOUDS, `must be one of ${CLOUDS.join(", ")}`),
  profile: z.enum(PROFILE_NAMES, `must be one of ${PROFILE_NAMES.join(", ")}`),
  servers,
  agentPools,
  k3s,
  access,
  hetzner: hetzner.optional(),
  digitalocean: digitalocean.optional(),
  existing: existing.optional(),
  dns: dns.optional(),
  gitops: gitops.optional(),
  platform,
};

/**
 * Keys that hold credentials. They are read only with `getSecret`, and must be set with
 * `pulumi config set --secret`: a plain value is rejected.
 */
export const SECRET_KEYS = ["hcloudToken", "sshPrivateKey", "digitaloceanToken", "awsAccessKeyId", "awsSecretAccessKey", "gitSshPrivateKey", "gitHttpsToken", "ageKey"] as const;

export const stackConfigSchema = z.strictObject(BLOCKS);
export type StackConfig = z.infer<typeof stackConfigSchema>;

/** The keys a nested object schema accepts, found by walking the schema along `path`. */
function acceptedKeys(path: readonly (string | number)[]): string[] | undefined {
  let schema: unknown = stackConfigSchema;
  for (const key of path) {
    for (;;) {
      const def = (schema as { def?: { type?: string; innerType?: unknown; element?: unknown } }).def;
      if (def?.type === "optional" || def?.type === "nullable" || def?.type === "default") schema = def.innerType;
      else break;
    }
    const def = (schema as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (typeof key === "number" && def?.type === "array") schema = def.element;
    else if (typeof key === "string" && def?.type === "object" && def.shape) schema = def.shape[key];
    else return undefined;
  }
  for (;;) {
    const def = (schema as { def?: { type?: string; innerType?: unknown } }).def;
    if (def?.type === "optional" || def?.type === "nullable" || def?.type === "default") schema = def.innerType;
    else break;
  }
  const def = (schema as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

function fromZod(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    const parent = valueAt(raw, path);
    const schemaKeys = path.length === 0 ? [...Object.keys(BLOCKS), ...SECRET_KEYS] : acceptedKeys(path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      value: (parent as Record<string, unknown>)?.[key],
      message: `not a known key${schemaKeys ? `; accepted keys are ${schemaKeys.join(", ")}` : ""}`,
    }));
  }
  const value = valueAt(raw, path);
  if (value === undefined) {
    const expected = issue.code === "invalid_type" ? `; expected ${issue.expected}` : `; ${issue.message}`;
    return [{ path, missing: true, message: `required${expected}` }];
  }
  return [{ path, value, message: issue.message }];
}

/** Validates merged raw config. Throws one ConfigError naming every problem. */
export function validateConfig(raw: Record<string, unknown>): StackConfig {
  const problems: ConfigProblem[] = [];
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(...fromZod(issue, raw));
  for (const check of CROSS_CHECKS) problems.push(...check(raw));
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path.join(".")}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length > 0 || !parsed.success) throw new ConfigError(unique);
  return parsed.data;
}
