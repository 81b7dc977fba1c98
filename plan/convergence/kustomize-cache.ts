/**
 * A disk cache for `kubectl kustomize` in the offline plan (issue 15: a quick plan). Rendering the stages is most of a
 * small plan's wall time: one kubectl process per stage, each a few hundred milliseconds. The output depends only on
 * kubectl and the files kustomize reads, so it is cached under the plan's cache directory (the one plan/run.js
 * uses: `node_modules/.cache/k3s-gitops-plan/`, or $PLAN_TRANSPILE_CACHE) and keyed by:
 *   - the kubectl binary on PATH (its real path, size and modification time);
 *   - every file under `gitops/` (paths and contents): this repository's kustomizations read nothing outside it (a
 *     test checks every kustomization's paths stay inside `gitops/`, and that none is remote);
 *   - the rendered directory: its path under the repository, or, for the temporary kustomization that applies a stage
 *     Application's patches, the content of its own files (their paths into `gitops/` are relative, so the same in
 *     every run).
 * Any change to gitops/ or to kubectl misses the cache, and the first plan after it pays for kustomize again. The
 * entry holds the parsed objects as JSON: parsing kustomize's YAML costs more than running it from the cache.
 * PLAN_KUSTOMIZE_CACHE=0 turns the cache off. Tests pass their own Kustomize and never use this.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Kustomize, parseObjects } from "./render";

/** The kubectl executable PATH resolves to, as `realpath:size:mtime`; undefined when there is none. No process runs. */
export function kubectlIdentity(envPath: string = process.env.PATH ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, "kubectl");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      const real = fs.realpathSync(candidate);
      const st = fs.statSync(real);
      if (st.isFile()) return `${real}:${st.size}:${st.mtimeMs}`;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A hash of every file under `dir` (sorted relative paths and contents). Pure apart from reading the files. */
export function treeHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) hash.update(`${child}\0`).update(fs.readFileSync(path.join(dir, child))).update("\0");
    }
  };
  walk("");
  return hash.digest("hex");
}

export interface KustomizeCacheOptions {
  /** The repository root (gitops/ lives under it). */
  readonly repoRoot: string;
  /** @default $PLAN_TRANSPILE_CACHE or <repoRoot>/node_modules/.cache/k3s-gitops-plan, plus /kustomize */
  readonly cacheDir?: string;
  /** @default kubectlIdentity() */
  readonly kubectl?: string;
}

/** `inner`, with its output cached on disk (see the file comment). Falls through to `inner` when kubectl is missing. */
export function cachedKustomize(inner: Kustomize, opts: KustomizeCacheOptions): Kustomize {
  if (process.env.PLAN_KUSTOMIZE_CACHE === "0") return inner;
  const cacheDir = opts.cacheDir ?? path.join(process.env.PLAN_TRANSPILE_CACHE || path.join(opts.repoRoot, "node_modules", ".cache", "k3s-gitops-plan"), "kustomize");
  let tree: string | undefined;
  return (dir) => {
    const kubectl = opts.kubectl ?? kubectlIdentity();
    if (kubectl === undefined) return inner(dir); // inner says what is missing
    tree ??= treeHash(path.join(opts.repoRoot, "gitops"));
    const rel = path.relative(opts.repoRoot, path.resolve(dir));
    const inside = !rel.startsWith("..") && !path.isAbsolute(rel);
    const own = inside
      ? []
      : fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
    const key = createHash("sha256").update(JSON.stringify({ v: 1, kubectl, tree, dir: inside ? rel : null, own })).digest("hex");
    const file = path.join(cacheDir, `${key.slice(0, 40)}.json`);
    try {
      return { objects: JSON.parse(fs.readFileSync(file, "utf8")) };
    } catch {
      // a miss
    }
    const out = inner(dir);
    const objects = typeof out === "string" ? parseObjects(out, dir) : out.objects;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(objects));
      fs.renameSync(tmp, file);
    } catch {
      // a read-only checkout still plans, uncached
    }
    return { objects };
  };
}
