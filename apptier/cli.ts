/**
 * `npm run gitops`: writes the generated application tier into gitops/. `npm run gitops -- --check` only compares and
 * exits 1 when a generated file is stale or missing (tests/apptier.test.ts does the same). Generated files carry
 * HEADER; a generated file no longer produced is deleted (with --check: reported).
 */
import * as fs from "fs";
import * as path from "path";
import { HEADER, renderAll } from "./render";

const ROOT = path.join(__dirname, "..");

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Files under gitops/ that the generator made (they start with HEADER). */
export function generatedOnDisk(root = ROOT): string[] {
  return walk(path.join(root, "gitops"))
    .filter((f) => fs.readFileSync(f, "utf8").startsWith(HEADER) || f.endsWith(".yaml.example"))
    .map((f) => path.relative(root, f).split(path.sep).join("/"));
}

/** Differences between what the generator renders and what is committed. */
export function staleFiles(root = ROOT): string[] {
  const files = renderAll();
  const stale: string[] = [];
  for (const [rel, content] of files) {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs) || fs.readFileSync(abs, "utf8") !== content) stale.push(rel);
  }
  for (const rel of generatedOnDisk(root)) if (!files.has(rel)) stale.push(`${rel} (no longer generated)`);
  return stale;
}

if (require.main === module) {
  if (process.argv.includes("--check")) {
    const stale = staleFiles();
    for (const s of stale) console.error(`stale: ${s}`);
    process.exit(stale.length ? 1 : 0);
  }
  const files = renderAll();
  for (const rel of generatedOnDisk()) if (!files.has(rel)) fs.rmSync(path.join(ROOT, rel));
  for (const [rel, content] of files) {
    const abs = path.join(ROOT, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (!fs.existsSync(abs) || fs.readFileSync(abs, "utf8") !== content) fs.writeFileSync(abs, content);
  }
  console.log(`gitops: ${files.size} generated files up to date`);
}
