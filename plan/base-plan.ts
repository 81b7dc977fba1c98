/**
 * The base of `--diff-against`: a saved plan (`--json` output) or a git ref, planned at that ref.
 *
 * Exports:
 *   loadBasePlan(against: string, opts: BasePlanOptions): DiffablePlan
 *     against: a path to a `--json` report, or anything `git rev-parse` knows as a commit (branch, tag, SHA, HEAD~1).
 *     A ref is planned in a temporary `git worktree` of that commit with this checkout's node_modules linked in, by
 *     the ref's own `npm run plan` (so the base plan is the base program's), and the worktree is removed after.
 *
 * A stack file that does not exist at the ref gives an empty base plan (everything is added), with a note.
 */
import { spawnSync } from "child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { isAbsolute, join, relative, resolve } from "path";
import type { DiffablePlan } from "./diff";

export interface BasePlanOptions {
  readonly stack: string;
  /** The project directory (a git checkout with node_modules). @default process.cwd() */
  readonly dir?: string;
  /** Passed to the base plan as well, so both sides plan the same config override. */
  readonly configFile?: string;
  /** Where progress lines go. @default stderr */
  readonly log?: (line: string) => void;
}

export interface BasePlan extends DiffablePlan {
  /** What the base is: the file, or `<ref> (<sha>)`. */
  readonly label: string;
  readonly note?: string;
}

function git(dir: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  return { ok: r.status === 0, out: (r.stdout ?? "").trim(), err: (r.stderr ?? "").trim() };
}

/**
 * node_modules for the worktree: every entry links to this checkout's, except the workspace links (relative symlinks
 * to the project's own folders, such as `@k3s-gitops/components -> ../../components`), which are recreated so they
 * point into the worktree: the base program runs with the base library.
 */
export function linkNodeModules(fromRoot: string, toRoot: string): void {
  if (!existsSync(join(fromRoot, "node_modules"))) throw new Error(`no node_modules in ${fromRoot}: run npm ci first`);
  const from = realpathSync(join(fromRoot, "node_modules"));
  const root = realpathSync(fromRoot);
  const copyDir = (src: string, dst: string, depth: number) => {
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src)) {
      const s = join(src, name);
      const d = join(dst, name);
      const st = lstatSync(s);
      if (st.isSymbolicLink()) {
        const target = readlinkSync(s);
        const real = resolve(src, target);
        const inside = !isAbsolute(target) && !relative(root, real).startsWith("..") && !relative(root, real).startsWith("node_modules");
        symlinkSync(inside ? target : real, d);
      } else if (st.isDirectory() && depth === 0 && name.startsWith("@")) copyDir(s, d, 1);
      else symlinkSync(s, d);
    }
  };
  copyDir(from, join(toRoot, "node_modules"), 0);
}

export function loadBasePlan(against: string, opts: BasePlanOptions): BasePlan {
  const dir = opts.dir ?? process.cwd();
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (existsSync(against) && lstatSync(against).isFile()) {
    const plan = JSON.parse(readFileSync(against, "utf8")) as DiffablePlan;
    if (!Array.isArray(plan.resources)) throw new Error(`${against} is not a plan (--json output): it has no resources[]`);
    return { ...plan, label: against };
  }
  const sha = git(dir, ["rev-parse", "--verify", "--quiet", `${against}^{commit}`]);
  if (!sha.ok) throw new Error(`--diff-against ${against}: neither a plan file nor a git commit in ${dir}`);
  const label = `${against} (${sha.out.slice(0, 12)})`;
  if (!git(dir, ["cat-file", "-e", `${sha.out}:Pulumi.${opts.stack}.yaml`]).ok) {
    return { stack: opts.stack, resources: [], label, note: `Pulumi.${opts.stack}.yaml does not exist at ${label}: every resource is new.` };
  }
  const top = git(dir, ["rev-parse", "--show-toplevel"]).out;
  const sub = relative(realpathSync(top), realpathSync(dir));
  const tmp = mkdtempSync(join(tmpdir(), "k3s-gitops-base-"));
  const tree = join(tmp, "tree");
  log(`planning stack ${opts.stack} at ${label} in ${tree}`);
  const added = git(dir, ["worktree", "add", "--detach", "--quiet", tree, sha.out]);
  if (!added.ok) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`git worktree add failed: ${added.err}`);
  }
  try {
    const project = join(tree, sub);
    linkNodeModules(dir, project);
    const json = join(tmp, "base.json");
    const args = ["run", "-s", "plan", "--", "--stack", opts.stack, "--json", json];
    if (opts.configFile) args.push("--config-file", resolve(opts.configFile));
    const r = spawnSync("npm", args, { cwd: project, encoding: "utf8", env: process.env, maxBuffer: 64 * 1024 * 1024 });
    // Exit 1 is a mandatory policy violation: the plan is still written and still a base.
    if ((r.status !== 0 && r.status !== 1) || !existsSync(json)) {
      throw new Error(`the plan of stack ${opts.stack} at ${label} failed (exit ${r.status}):\n${(r.stderr ?? "").split("\n").slice(-20).join("\n")}`);
    }
    const plan = JSON.parse(readFileSync(json, "utf8")) as DiffablePlan;
    return { ...plan, label };
  } finally {
    git(dir, ["worktree", "remove", "--force", tree]);
    rmSync(tmp, { recursive: true, force: true });
    git(dir, ["worktree", "prune"]);
  }
}
