/**
 * What must exist before GitOps can work, so Pulumi bootstraps it and git never manages it: the storage operators, the
 * CNI, the cloud controller and the GitOps engine. The one rule that the bootstrap-before-gitops policy applies to the
 * hand-off's sources and the config schema applies to `gitops.path` before anything is registered.
 */
import { CATALOG, CatalogEntry } from "./catalog";

/** The catalog roles Pulumi bootstraps (layers 2 to 4). */
export const BOOTSTRAP_ROLES = ["storage", "cni", "cloud-controller", "gitops-engine"] as const;

/** The words a path segment names an entry by: its catalog key, chart and release name, lower-cased. */
export function bootstrapTerms(key: string, entry: CatalogEntry): string[] {
  return [...new Set([key, entry.chart, entry.releaseName].map((t) => t.toLowerCase()))];
}

/**
 * Every bootstrap-only catalog entry a repository path points at: one of its `/`-separated segments equals the
 * entry's key, chart or release name (case-insensitive). Empty when none. Pure.
 */
export function bootstrapEntriesForPath(path: string, catalog: Readonly<Record<string, CatalogEntry>> = CATALOG): [string, CatalogEntry][] {
  const segments = path.toLowerCase().split("/").filter((s) => s && s !== ".");
  return Object.entries(catalog).filter(
    ([key, e]) => (BOOTSTRAP_ROLES as readonly string[]).includes(e.role) && bootstrapTerms(key, e).some((t) => segments.includes(t)),
  );
}
