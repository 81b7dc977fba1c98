/**
 * The catalog: every component Pulumi may install, with its pinned chart, namespace, layer, the CRDs it brings and
 * what it needs. The single source of truth for the components, the offline plan, the policy pack, the gitops/ checks
 * and the README's table. Nothing else keeps a list.
 */
import type { LayerId } from "./layers";

/** What a component is for; the policies reason about roles, not names. */
export type CatalogRole =
  | "cloud-controller"
  | "cni"
  | "load-balancer"
  | "ingress"
  | "certificates"
  | "storage"
  | "secrets"
  | "upgrades"
  | "metrics"
  | "gitops-engine";

export interface CatalogEntry {
  /** Human name, for tables and messages. */
  readonly title: string;
  /** The Helm repository URL (https:// or oci://). */
  readonly repo: string;
  readonly chart: string;
  /** An exact chart version: no range, no "latest". */
  readonly version: string;
  /** The app version the chart version ships, for the README. */
  readonly appVersion: string;
  readonly namespace: string;
  /** The Helm release name. */
  readonly releaseName: string;
  readonly layer: Extract<LayerId, 2 | 3 | 4>;
  readonly role: CatalogRole;
  /** Names of the CRDs the chart installs (`certificates.cert-manager.io`, ...). */
  readonly crds: readonly string[];
  /** Other catalog keys this one needs installed first. */
  readonly needs: readonly string[];
  /** Where the version was checked: the chart's index or source. */
  readonly source: string;
}

export const CATALOG = {
  // Filled by the platform issue: one entry per component.
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof CATALOG;

export function catalogEntry(key: string): CatalogEntry {
  const entry = (CATALOG as Record<string, CatalogEntry>)[key];
  if (!entry) throw new Error(`${key} is not in the catalog (components/platform/catalog.ts)`);
  return entry;
}

/** The catalog entries whose chart is `chart`, for matching a Helm release back to its entry. */
export function entriesForChart(chart: string): [string, CatalogEntry][] {
  return Object.entries(CATALOG as Record<string, CatalogEntry>).filter(([, e]) => e.chart === chart);
}
