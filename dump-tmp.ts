import * as fs from "fs"; import * as path from "path";
import { parseAllDocuments } from "yaml";
import { planStack } from "./plan/cli";
const WANT = new Set(process.argv.slice(2));
function walk(dir: string): string[] { return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => { const p = path.join(dir, e.name); return e.isDirectory() ? walk(p) : [p]; }); }
const paths = new Map<string, Map<string, Set<string>>>();
function rec(kind: string, v: any, p: string) {
  const m = paths.get(kind) ?? paths.set(kind, new Map()).get(kind)!;
  const t = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
  (m.get(p) ?? m.set(p, new Set()).get(p)!).add(t === "string" || t==="number"||t==="boolean" ? `${t}:${String(v).slice(0,40)}` : t);
  if (Array.isArray(v)) v.forEach((x) => rec(kind, x, p + "[]"));
  else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) rec(kind, c, p ? `${p}.${k}` : k);
}
(async () => {
  for (const f of walk("gitops").filter((f) => /\.ya?ml$/.test(f) && !f.includes("/templates/")))
    for (const d of parseAllDocuments(fs.readFileSync(f, "utf8"))) { const o: any = d.toJS(); if (o?.kind && WANT.has(o.kind)) rec(`${o.apiVersion}/${o.kind}`, o, ""); }
  for (const stack of ["dev", "prod", "home", "do-dev", "pr"]) {
    const { report } = await planStack({ stack, dir: ".", convergence: false });
    for (const r of report.resources) { const o: any = r.inputs; if (o?.kind && WANT.has(o.kind) && r.type.startsWith("kubernetes:")) rec(`${o.apiVersion}/${o.kind}`, o, ""); }
  }
  for (const [k, m] of paths) { console.log("###", k); for (const [p, s] of m) console.log("  ", p, [...s].slice(0, 4).join(" | ")); }
})();
