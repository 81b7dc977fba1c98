/**
 * Pulumi property paths for the plan diff (plan/diff.ts): parsing and printing them (`a.b[0]["c.d"][*]`), matching one
 * against another, and reading the value at a path. diff.ts re-exports parsePath and pathText.
 */

export type Segment = string | number;

function segmentText(s: Segment): string {
  return typeof s === "number" ? `[${s}]` : /^[^.[\]"*]+$/.test(s) ? s : `[${JSON.stringify(s)}]`;
}

export function pathText(segs: readonly Segment[]): string {
  return segs.map((s, i) => (typeof s === "string" && i > 0 && !segmentText(s).startsWith("[") ? `.${s}` : segmentText(s))).join("");
}

/** Parses a Pulumi property path (`a.b[0]["c.d"][*]`). `*` matches any segment. */
export function parsePath(text: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ".") i++;
    if (text[i] === "[") {
      const close = text.indexOf("]", i);
      const inner = text.slice(i + 1, close < 0 ? text.length : close);
      i = close < 0 ? text.length : close + 1;
      if (inner.startsWith('"')) out.push(JSON.parse(inner) as string);
      else if (inner === "*") out.push("*");
      else out.push(Number(inner));
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== "." && text[j] !== "[") j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** True when `prefix` is a prefix of `segs` (`*` in the prefix matches anything). */
export function covers(prefix: readonly Segment[], segs: readonly Segment[]): boolean {
  if (prefix.length > segs.length) return false;
  return prefix.every((p, i) => p === "*" || p === segs[i]);
}

export function valueAt(value: unknown, segs: readonly Segment[]): unknown {
  let v = value;
  for (const s of segs) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}
