import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG, CatalogEntry } from "@k3s-gitops/components/kernel";
import { catalogSection, renderCatalogTable, withCatalogSection } from "../plan/catalog-table";

const entries = Object.entries(CATALOG as Record<string, CatalogEntry>);

/** The README's table of the catalog; the catalog itself is tested in components/kernel/catalog.test.ts. */
describe("catalog in the README", () => {
  it("README's catalog section is the rendered table (regenerate: npx tsx plan/catalog-table.ts --write)", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    assert.equal(catalogSection(readme), renderCatalogTable());
  });

  it("renders every entry once and replaces only the marked section", () => {
    const table = renderCatalogTable();
    for (const [key] of entries) assert.equal(table.split(`(\`${key}\`)`).length, 2, key);
    const out = withCatalogSection("a\n<!-- catalog:start -->\nold\n<!-- catalog:end -->\nb\n", "T");
    assert.equal(out, "a\n<!-- catalog:start -->\nT\n<!-- catalog:end -->\nb\n");
  });
});
