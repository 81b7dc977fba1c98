/** Collects config problems and reports them all at once, each naming the key path, the bad value and what is accepted. */
import * as pulumi from "@pulumi/pulumi";

export const NAMESPACE = "k3s-gitops";

export interface ConfigProblem {
  /** Path inside the namespace, e.g. ["servers", "count"]. */
  readonly path: readonly (string | number)[];
  /** What is wrong and what would be accepted. */
  readonly message: string;
  /** The offending value; omitted when the key is missing. */
  readonly value?: unknown;
  readonly missing?: boolean;
}

export function keyPath(path: readonly (string | number)[]): string {
  let out = NAMESPACE;
  path.forEach((p, i) => {
    if (typeof p === "number") out += `[${p}]`;
    else out += i === 0 ? `:${p}` : `.${p}`;
  });
  return out;
}

function showValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(p: ConfigProblem): string {
  if (p.missing) return `${keyPath(p.path)} is missing: ${p.message}`;
  return `${keyPath(p.path)} is ${showValue(p.value)}: ${p.message}`;
}

/**
 * Thrown before any resource is registered. A RunError, so `pulumi up` prints the message without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  public readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads the value at `path` from a plain object, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = root;
  for (const key of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[key];
  }
  return cursor;
}
