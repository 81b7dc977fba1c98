/**
 * The README's component table, rendered from the catalog (pure), and a writer for it:
 * `npx tsx plan/catalog-table.ts --write` replaces the README between the catalog markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG, CatalogEntry } from "@k3s-gitops/components/kernel";
import { LAYERS } from "@k3s-gitops/components/kernel";

export const START = "<!-- catalog:start -->";
export const END = "<!-- catalog:end -->";

/** The markdown table, ordered by layer then key. Pure. */
export function renderCatalogTable(catalog: Record<string, CatalogEntry> = CATALOG): string {
  const rows = Object.entries(catalog).sort(([a, x], [b, y]) => x.layer - y.layer || a.localeCompare(b));
  const layerName = (id: number) => LAYERS.find((l) => l.id === id)?.key ?? String(id);
  const lines = [
    "| component | layer | chart | version | app | namespace | installed as |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(([key, e]) =>
      `| ${e.title} (\`${key}\`) | ${e.layer} ${layerName(e.layer)} | \`${e.chart}\` from ${e.repo} | ${e.version} | ${e.appVersion} | ${e.namespace} | ${e.manifests ? "release manifests (no chart published)" : "helm.v3.Release"} |`,
    ),
  ];
  return lines.join("\n");
}

/** The README with its catalog section replaced. Pure. */
export function withCatalogSection(readme: string, table: string = renderCatalogTable()): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The section between the markers, trimmed. */
export function catalogSection(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return readme.slice(start + START.length, end).trim();
}

if (require.main === module && process.argv.includes("--write")) {
  const path = join(__dirname, "..", "README.md");
  writeFileSync(path, withCatalogSection(readFileSync(path, "utf8")));
  console.log(`wrote the catalog table to ${path}`);
}
