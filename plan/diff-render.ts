/**
 * Rendering a plan diff for the terminal or a pull request's job summary: replacements first, then what may be
 * replaced, added and removed resources, changed inputs and knock-on updates. The diff itself is plan/diff.ts.
 */
import { InputChange, PlanDiff, ResourceRef, SECRET, UNKNOWN, pathText } from "./diff";


const MAX_VALUE = 100;
const MAX_LINES = 12;

function oneLine(v: unknown): string {
  if (v === undefined) return "(none)";
  if (v === SECRET || v === UNKNOWN) return String(v);
  if (typeof v === "string" && v.includes("\n")) return `<${v.split("\n").length} lines>`;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** The changed lines of two texts (longest common subsequence), at most MAX_LINES, or null when too large. */
function lineDiff(a: string, b: string): string[] | null {
  const x = a.split("\n");
  const y = b.split("\n");
  if (x.length * y.length > 250_000) return null;
  const lcs: Uint16Array[] = Array.from({ length: x.length + 1 }, () => new Uint16Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${x[i++]}`);
    else out.push(`+ ${y[j++]}`);
  }
  return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES), `… ${out.length - MAX_LINES} more changed line(s)`] : out;
}

function changeLines(c: InputChange, indent: string): string[] {
  const tags = [c.ignored ? "ignored: ignoreChanges" : null, c.replaces ? `replaces: ${c.replaces.input}${c.replaces.confirmed ? "" : ", unconfirmed"}` : null, c.unknown ? "known at apply" : null].filter(Boolean);
  const tag = tags.length > 0 ? `  (${tags.join("; ")})` : "";
  const head =
    c.kind === "added" ? `${c.path}: + ${oneLine(c.after)}` : c.kind === "removed" ? `${c.path}: - ${oneLine(c.before)}` : `${c.path}: ${oneLine(c.before)} → ${oneLine(c.after)}`;
  const out = [`${indent}${head}${tag}`];
  if (c.kind === "changed" && typeof c.before === "string" && typeof c.after === "string" && (c.before.includes("\n") || c.after.includes("\n"))) {
    for (const l of lineDiff(c.before, c.after) ?? ["(too long to show line by line)"]) out.push(`${indent}    ${l}`);
  }
  return out;
}

function title(r: ResourceRef): string {
  return `${r.type} ${r.name}`;
}

/** The diff for people: replacements first, then added and removed, then changed inputs. Pure. */
export function renderDiff(diff: PlanDiff, opts: { readonly markdown?: boolean } = {}): string {
  const md = opts.markdown === true;
  const out: string[] = [];
  const section = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push("");
    if (md) out.push(`#### ${heading}`, "", "```diff", ...lines, "```");
    else out.push(`${heading}:`, ...lines);
  };
  const mayReplace = diff.knockOn.filter((k) => k.action === "replace");
  const mayUpdate = diff.knockOn.filter((k) => k.action === "update");
  const updated = diff.changed.filter((d) => d.action === "update");
  const ignoredOnly = diff.changed.filter((d) => d.action === "none");
  const stack = diff.after.stack ?? diff.before.stack ?? "?";
  const head = `Plan diff for stack ${stack}: ${diff.replacements.length} replaced, ${mayReplace.length} may be replaced, ${diff.added.length} added, ${diff.removed.length} removed, ${updated.length} updated, ${ignoredOnly.length} with ignored changes only`;
  out.push(md ? `### ${head}` : head);

  section(
    "Replaced (delete and create)",
    diff.replacements.flatMap((d) => [
      `! ${title(d)}${d.certain ? "" : " (if the new value differs)"}`,
      ...d.changes.flatMap((c) => changeLines(c, "    ")),
      ...[...new Set(d.changes.filter((c) => c.replaces).map((c) => c.replaces!.source))].map((src) => `    source: ${src}`),
    ]),
  );
  section(
    "May be replaced (a replace-on-change input reads outputs that may change)",
    mayReplace.flatMap((k) => [`! ${title(k)}`, ...k.because.map((b) => `    ${b.input} reads ${b.reads.split("::").pop()}`)]),
  );
  section("Added", diff.added.map((r) => `+ ${title(r)}`));
  section("Removed", diff.removed.map((r) => `- ${title(r)}`));
  section(
    "Changed inputs",
    [...updated, ...ignoredOnly].flatMap((d) => [
      `~ ${title(d)} (${d.action === "none" ? "no change: every difference is ignored" : d.action}${d.reruns && d.action !== "none" ? "; the command runs again" : ""}${d.unconfirmed ? "; replace-on-change inputs of this type are unconfirmed" : ""})`,
      ...d.changes.flatMap((c) => changeLines(c, "    ")),
    ]),
  );
  section(
    "May update (reads outputs that may change)",
    mayUpdate.map((k) => `~ ${title(k)}${k.reruns ? " (runs again)" : ""}: ${k.because.map((b) => `${b.input} reads ${b.reads.split("::").pop()}`).join(", ")}`),
  );
  out.push("");
  for (const n of diff.notes) out.push(md ? `_${n}_` : `Note: ${n}`);
  return `${out.join("\n")}\n`;
}
