/**
 * Loads `Pulumi.<stack>.yaml` the way the CLI does for the program: every `config:` key, objects JSON-encoded,
 * `secure:` values as secret placeholders (the plan never decrypts anything). `--config-file` points at a YAML file of
 * the same `config:` shape; its top-level keys replace the stack's.
 */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { PLACEHOLDER_CREDENTIAL } from "../stacks/config/credentials";

export interface StackFile {
  /** Full keys (`k3s-gitops:servers`) to values. */
  readonly config: Record<string, unknown>;
  /** Full keys whose values were `secure:`. */
  readonly secretKeys: string[];
}

function isSecure(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { secure?: unknown }).secure === "string";
}

/** Parses a stack file's text. Pure. `project` qualifies bare keys, as the CLI does. */
export function parseStackFile(text: string, project: string): StackFile {
  const doc = (parse(text) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.config ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (isSecure(value)) {
      config[full] = PLACEHOLDER_CREDENTIAL;
      secretKeys.push(full);
    } else {
      config[full] = value;
    }
  }
  return { config, secretKeys };
}

/** The stack's config with `override`'s top-level keys replacing it. */
export function mergeStackFiles(base: StackFile, override: StackFile): StackFile {
  const config = { ...base.config, ...override.config };
  const overridden = new Set(Object.keys(override.config));
  const secretKeys = [...base.secretKeys.filter((k) => !overridden.has(k)), ...override.secretKeys].sort();
  return { config, secretKeys };
}

export function loadStackFile(path: string, project: string): StackFile {
  return parseStackFile(readFileSync(path, "utf8"), project);
}
