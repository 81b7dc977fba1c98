import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { cachedKustomize, kubectlIdentity, treeHash } from "../plan/convergence/kustomize-cache";
import type { Kustomize } from "../plan/convergence/render";

/** The ConfigMap names of a Kustomize result (the cache returns parsed objects). */
const namesOf = (out: ReturnType<Kustomize>) =>
  (typeof out === "string" ? [...out.matchAll(/name: (\w+)/g)].map((m) => m[1]) : out.objects.map((o) => (o.metadata as { name: string }).name)).join(",");

/** A throwaway repository with gitops/a/kustomization.yaml and a counting kustomize. */
function fixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kcache-"));
  fs.mkdirSync(path.join(root, "gitops", "a"), { recursive: true });
  fs.writeFileSync(path.join(root, "gitops", "a", "kustomization.yaml"), "resources: [cm.yaml]\n");
  fs.writeFileSync(path.join(root, "gitops", "a", "cm.yaml"), "kind: ConfigMap\nmetadata: {name: one}\n");
  const calls: string[] = [];
  const inner = (dir: string) => {
    calls.push(dir);
    return fs.readFileSync(path.join(dir, "cm.yaml"), "utf8");
  };
  const cacheDir = path.join(root, "cache");
  return { root, calls, inner, cacheDir, dir: path.join(root, "gitops", "a") };
}

describe("the plan's kustomize cache", () => {
  it("renders once, then reads the cache; a change anywhere under gitops/ or a new kubectl renders again", () => {
    const f = fixture();
    const k = cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: "/usr/bin/kubectl:1:1" });
    assert.equal(namesOf(k(f.dir)), "one");
    assert.equal(namesOf(k(f.dir)), "one");
    assert.equal(f.calls.length, 1, "the second render is a hit");
    // A new process (a new closure) with the same files and kubectl hits too.
    cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: "/usr/bin/kubectl:1:1" })(f.dir);
    assert.equal(f.calls.length, 1);
    fs.writeFileSync(path.join(f.root, "gitops", "a", "cm.yaml"), "kind: ConfigMap\nmetadata: {name: two}\n");
    assert.equal(namesOf(cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: "/usr/bin/kubectl:1:1" })(f.dir)), "two");
    assert.equal(f.calls.length, 2, "a changed file misses");
    cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: "/usr/bin/kubectl:2:2" })(f.dir);
    assert.equal(f.calls.length, 3, "another kubectl misses");
  });

  it("keys a directory outside the repository (the patched stage) by its own files", () => {
    const f = fixture();
    const k = cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: "k:1:1" });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kcache-stage-"));
    fs.writeFileSync(path.join(tmp, "kustomization.yaml"), "resources: [x]\n");
    fs.writeFileSync(path.join(tmp, "cm.yaml"), "kind: ConfigMap\nmetadata: {name: p1}\n");
    k(tmp);
    k(tmp);
    assert.equal(f.calls.length, 1);
    fs.writeFileSync(path.join(tmp, "kustomization.yaml"), "resources: [x]\npatches: [{patch: y}]\n");
    k(tmp);
    assert.equal(f.calls.length, 2, "other patches, another render");
  });

  it("falls through to kubectl when none is on PATH, and says nothing it did not run", () => {
    assert.equal(kubectlIdentity("/nonexistent-a:/nonexistent-b"), undefined);
    const f = fixture();
    const k = cachedKustomize(f.inner, { repoRoot: f.root, cacheDir: f.cacheDir, kubectl: undefined });
    const saved = process.env.PATH;
    try {
      process.env.PATH = "/nonexistent";
      k(f.dir);
      k(f.dir);
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(f.calls.length, 2, "no kubectl identity: never cached");
    assert.ok(!fs.existsSync(f.cacheDir));
  });

  it("hashes the tree by paths and contents", () => {
    const f = fixture();
    const a = treeHash(path.join(f.root, "gitops"));
    assert.equal(treeHash(path.join(f.root, "gitops")), a);
    fs.renameSync(path.join(f.root, "gitops", "a", "cm.yaml"), path.join(f.root, "gitops", "a", "cm2.yaml"));
    assert.notEqual(treeHash(path.join(f.root, "gitops")), a);
  });

  it("is sound for this repository: every kustomization under gitops/ reads only files under gitops/, none remote", () => {
    const gitops = path.join(__dirname, "..", "gitops");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === "kustomization.yaml") found.push(p);
      }
    };
    walk(gitops);
    assert.ok(found.length > 10, `${found.length} kustomizations`);
    for (const file of found) {
      const k = parse(fs.readFileSync(file, "utf8")) ?? {};
      const refs: string[] = [
        ...(k.resources ?? []),
        ...(k.components ?? []),
        ...(k.patches ?? []).map((p: { path?: string }) => p.path).filter(Boolean),
        ...(k.patchesStrategicMerge ?? []),
        ...(k.configMapGenerator ?? []).flatMap((g: { files?: string[] }) => (g.files ?? []).map((x) => x.split("=").pop()!)),
        ...(k.secretGenerator ?? []).flatMap((g: { files?: string[] }) => (g.files ?? []).map((x) => x.split("=").pop()!)),
      ];
      for (const ref of refs) {
        assert.doesNotMatch(ref, /^(https?:|git@|ssh:|github\.com)/, `${file}: ${ref} is remote`);
        const target = path.resolve(path.dirname(file), ref);
        assert.ok(!path.relative(gitops, target).startsWith(".."), `${file}: ${ref} is outside gitops/`);
      }
    }
  });
});
