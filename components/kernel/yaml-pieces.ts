/**
 * YAML of a top-level block mapping, rendered piece by piece: the bytes `stringify(doc, options)` of the yaml package
 * gives, built from the YAML of each top-level key alone (and of each item of a key whose value is a sequence of
 * mappings), with every piece kept for reuse. The rendered user data and config.yaml of a hundred nodes differ in a
 * few keys only, and the yaml package spent most of a large plan's YAML time on the same pieces (issue 15). The tests
 * compare each caller's output with the whole-document rendering.
 *
 * Holds for block style at the top level: plain data (no aliases: the yaml package anchors a repeated object, which
 * JSON cannot show, so a document with one is rendered whole), keys in the order stringify writes them.
 */
import { type ToStringOptions, type CreateNodeOptions, type DocumentOptions, type SchemaOptions, stringify } from "yaml";

export type YamlOptions = DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions;

const pieces = new Map<string, string>();
const MAX_PIECES = 1024;

function piece(value: Record<string, unknown>, options: YamlOptions, optionsKey: string): string {
  const key = `${optionsKey}\0${JSON.stringify(value)}`;
  let text = pieces.get(key);
  if (text === undefined) {
    text = stringify(value, options);
    if (pieces.size >= MAX_PIECES) pieces.clear();
    pieces.set(key, text);
  }
  return text;
}

/** True when an object or array occurs twice in `value` (the yaml package would write an anchor and an alias). */
function repeatsAnObject(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (seen.has(value)) return true;
  seen.add(value);
  return Object.values(value).some((v) => repeatsAnObject(v, seen));
}

/** `stringify(doc, options)` of a plain-data mapping, from reused pieces. */
export function pieceYaml(doc: Readonly<Record<string, unknown>>, options: YamlOptions = {}): string {
  if (typeof options.sortMapEntries === "function" || repeatsAnObject(doc)) return stringify(doc, options);
  const optionsKey = JSON.stringify(options);
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  if (options.sortMapEntries === true) keys.sort();
  if (keys.length === 0) return stringify(doc, options);
  return keys
    .map((key) => {
      const value = doc[key];
      const items = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
      const whole = () => piece({ [key]: value }, options, optionsKey);
      if (!items) return whole();
      const head = `${key}:\n`;
      const parts = (value as unknown[]).map((item) => piece({ [key]: [item] }, options, optionsKey));
      // A key the yaml package quotes or writes otherwise: render it whole.
      if (!parts.every((p) => p.startsWith(head))) return whole();
      return head + parts.map((p) => p.slice(head.length)).join("");
    })
    .join("");
}
