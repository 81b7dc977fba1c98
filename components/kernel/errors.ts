/**
 * Argument errors for every component: one exported `validate<Name>Args` per component collects every problem and
 * throws one InputPropertiesError naming each property path, its value and what is accepted (the model is
 * pulumi-eks's InputPropertiesError). A secret value is never printed.
 */

export interface InputProblem {
  /** The property path inside the component's args, e.g. `servers[1].location`. */
  readonly path: string;
  /** The offending value; printed unless `secret`. */
  readonly value: unknown;
  /** What would be accepted, e.g. `must be an odd count (1, 3, 5, 7)`. */
  readonly accepted: string;
  /** True when the value must not be printed. */
  readonly secret?: boolean;
}

const MAX_VALUE_CHARS = 80;

/** A value as it appears in a message: JSON, shortened; `[secret]` for secrets. */
export function describeValue(value: unknown, secret = false): string {
  if (secret) return "[secret]";
  if (value === undefined) return "missing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** One problem as one line: `<path> is <value>: <accepted>`. */
export function formatProblem(p: InputProblem): string {
  return p.value === undefined ? `${p.path} is missing: ${p.accepted}` : `${p.path} is ${describeValue(p.value, p.secret)}: ${p.accepted}`;
}

export class InputPropertiesError extends Error {
  constructor(
    /** The component whose args were refused, e.g. `HetznerNodes`. */
    public readonly component: string,
    public readonly problems: readonly InputProblem[],
  ) {
    const n = problems.length;
    super(`Invalid arguments to ${component} (${n} problem${n === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "InputPropertiesError";
  }
}

/** Collects problems, then throws them all at once. */
export class Problems {
  private readonly list: InputProblem[] = [];

  /** Records a problem. Returns false, so `ok && problems.add(...)` chains read naturally. */
  add(path: string, value: unknown, accepted: string, secret = false): false {
    this.list.push({ path, value, accepted, secret });
    return false;
  }

  /** Records a problem when `condition` is false. Returns `condition`. */
  check(condition: boolean, path: string, value: unknown, accepted: string, secret = false): boolean {
    if (!condition) this.add(path, value, accepted, secret);
    return condition;
  }

  get count(): number {
    return this.list.length;
  }

  get all(): readonly InputProblem[] {
    return this.list;
  }

  /** Throws one InputPropertiesError with every problem, if there is any. */
  throwIfAny(component: string): void {
    if (this.list.length > 0) throw new InputPropertiesError(component, [...this.list]);
  }
}
