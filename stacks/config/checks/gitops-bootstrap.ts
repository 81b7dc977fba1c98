/**
 * Policy verdicts the config alone decides, made before registration: the bootstrap-before-gitops policy refuses a
 * hand-off source whose path names a component Pulumi bootstraps (a storage operator, the CNI, the cloud controller,
 * the engine). The stage paths are `<gitops.path>/<engine dir>/<stage>` (components/gitops/objects), so the only
 * part the config chooses is gitops.path, or its default gitops/clusters/<stack>: the same kernel rule
 * (bootstrapEntriesForPath) is applied to it here. Argo CD's own entry is exempt on Argo CD, as the policy's
 * allowArgoCdSelfManagement (default true) exempts it there.
 */
import { ENGINE_CATALOG_KEYS, bootstrapEntriesForPath } from "@k3s-gitops/components/kernel";
import { gitopsPath } from "../../args/gitops";
import type { ConfigProblem } from "../errors";

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The problem of the cluster's stage directory (gitops.path, or the stack's default), if any. Pure. */
export function gitopsBootstrapProblems(raw: Record<string, unknown>, stack: string): ConfigProblem[] {
  const g = raw.gitops;
  if (!isObject(g) || (g.path !== undefined && typeof g.path !== "string")) return [];
  const path = gitopsPath({ path: g.path } as Parameters<typeof gitopsPath>[0], stack);
  const exempt = g.engine === "argocd" ? ENGINE_CATALOG_KEYS.argocd : undefined;
  const hits = bootstrapEntriesForPath(path).filter(([key]) => key !== exempt);
  if (hits.length === 0) return [];
  const named = hits.map(([key, e]) => `${key} (${e.role}, layer ${e.layer})`).join(", ");
  const where = g.path === undefined ? ` (the default for stack ${stack}; set gitops.path)` : "";
  return [
    {
      path: ["gitops", "path"],
      value: path,
      message: `names ${named}${where}, which Pulumi bootstraps: the bootstrap-before-gitops policy refuses a GitOps source pointing at it; choose a directory with no segment named after a storage operator, the CNI, the cloud controller or the engine`,
    },
  ];
}
