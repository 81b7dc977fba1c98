/**
 * Rendering git the way the engines do: `kubectl kustomize` for a directory with a kustomization.yaml (both engines
 * build those with kustomize), the YAML files of a plain directory otherwise (Argo CD's directory source, not
 * recursive by default). Argo CD's stage Applications carry kustomize patches (the hand-off's this-repo patches): the
 * stage is rendered through a temporary kustomization that lists the stage directory and those patches, as Argo CD's
 * kustomize does with `spec.source.kustomize.patches`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { hasTool, missingToolMessage } from "@k3s-gitops/components/testing";
import type { GitObject } from "./tables";

/** Thrown when kubectl is not on PATH: the check cannot render kustomizations without it. */
export class KubectlMissingError extends Error {
  constructor() {
    super(`the convergence check renders the stages with \`kubectl kustomize\`, and ${missingToolMessage("kubectl")} (CI requires it)`);
    this.name = "KubectlMissingError";
  }
}

/**
 * Renders a kustomization directory: its YAML, or the objects already parsed (the plan's disk cache,
 * kustomize-cache.ts, stores them parsed). Replaceable in tests.
 */
export type Kustomize = (dir: string) => string | { readonly objects: GitObject[] };

/** The objects of a Kustomize result. */
function objectsOf(out: ReturnType<Kustomize>, where: string): GitObject[] {
  return typeof out === "string" ? parseObjects(out, where) : out.objects;
}

export const kubectlKustomize: Kustomize = (dir) => {
  if (!hasTool("kubectl")) throw new KubectlMissingError();
  return execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
};

export function parseObjects(text: string, where: string): GitObject[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) if (d.errors.length > 0) throw new Error(`${where}: ${d.errors[0]!.message}`);
  return docs.map((d) => d.toJS() as GitObject).filter((o) => o && typeof o === "object" && typeof o.kind === "string");
}

function isKustomizeDir(dir: string): boolean {
  return ["kustomization.yaml", "kustomization.yml", "Kustomization"].some((f) => fs.existsSync(path.join(dir, f)));
}

/** The objects of a directory: kustomize when it is a kustomization, its YAML files otherwise. */
export function renderDir(dir: string, kustomize: Kustomize, patches: readonly unknown[] = []): GitObject[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} does not exist in this repository`);
  if (patches.length > 0) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k3s-gitops-convergence-"));
    try {
      fs.writeFileSync(
        path.join(tmp, "kustomization.yaml"),
        stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [path.relative(tmp, dir)], patches }),
      );
      return objectsOf(kustomize(tmp), dir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (isKustomizeDir(dir)) return objectsOf(kustomize(dir), dir);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .flatMap((f) => parseObjects(fs.readFileSync(path.join(dir, f), "utf8"), path.join(dir, f)));
}
