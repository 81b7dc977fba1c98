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

/** Levenshtein distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** The accepted key nearest to `key`, when it is close enough to be a typo (or differs only in case). */
export function nearestKey(key: string, accepted: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of accepted) {
    const d = distance(key, k);
    if (!best || d < best.d) best = { k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

/** k3s flags whose value is a credential: a problem with one of them shows "(hidden)" instead of the flag. */
const SECRET_ARG = /^--(token|agent-token|datastore-endpoint|etcd-s3-secret-key|etcd-s3-access-key|vpn-auth)(=|$)/;

function hideSecretArg(path: readonly (string | number)[], value: unknown): unknown {
  const isArgList = path[0] === "k3s" && (path[1] === "extraArgs" || path[1] === "agentExtraArgs");
  return isArgList && typeof value === "string" && SECRET_ARG.test(value) ? "(hidden)" : value;
}

function fromZod(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    const schemaKeys = path.length === 0 ? [...Object.keys(BLOCKS), ...SECRET_KEYS] : acceptedKeys(path);
    // The value of an unknown key is never shown: a misspelt credential key (hcloudTokn) would print the credential.
    return issue.keys.map((key) => {
      const near = schemaKeys ? nearestKey(key, schemaKeys) : undefined;
      const hint = near ? `; did you mean \`${near}\`?` : "";
      return {
        path: [...path, key],
        value: "(hidden)",
        message: `not a known key${hint}${schemaKeys ? `${near ? " A" : "; a"}ccepted keys are ${schemaKeys.join(", ")}` : ""}`,
      };
    });
  }
  if (issue.code === "invalid_key") {
    // A record key (a label key) is wrong: show the key, not the value under it.
    const key = path[path.length - 1];
    const inner = (issue as { issues?: { message?: string }[] }).issues?.[0]?.message;
    return [{ path, value: key, message: inner && inner !== "Invalid input" ? inner : "is not an accepted key here" }];
  }
  const value = hideSecretArg(path, valueAt(raw, path));
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
