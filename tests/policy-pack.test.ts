/**
 * The published policy pack stands alone: `npm pack` in policy/ (what `pulumi policy publish` ships), unpacked into an
 * empty folder and installed from its own package.json with the npm cache alone, loads its policies.
 *
 * Needs the library to build (`npm run build -w @k3s-gitops/components`, which this test runs) and the npm cache that
 * `npm ci` at the root leaves behind. POLICY_PACK_LIBRARY_BUILT=1 skips the library build when it is already built.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACK_NAME, policies } from "../policy/policies";

const ROOT = join(__dirname, "..");
const POLICY = join(ROOT, "policy");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

describe("the packed policy pack", function () {
  this.timeout(600_000);
  let work: string;
  let unpacked: string;
  let files: string[];

  before(function () {
    work = mkdtempSync(join(tmpdir(), "policy-pack-"));
    if (process.env.POLICY_PACK_LIBRARY_BUILT !== "1") sh(npm, ["run", "build", "-w", "@k3s-gitops/components", "--", "--noEmitOnError"], ROOT);
    // The library was built just now: the pack's prepack need not build it again.
    sh(npm, ["pack", "--pack-destination", work], POLICY, { POLICY_PACK_LIBRARY_BUILT: "1" });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, `npm pack left no tarball in ${work}`);
    files = sh("tar", ["-tzf", join(work, tarball)], work).split("\n").filter(Boolean);
    unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    sh("tar", ["-xzf", join(work, tarball), "-C", unpacked, "--strip-components=1"], work);
    try {
      sh(npm, ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], unpacked);
    } catch (err) {
      throw new Error(`installing the unpacked pack from the npm cache failed (run npm ci at the root first to fill the cache): ${(err as Error).message}`);
    }
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships compiled JS, the bundled library and a shrinkwrap, and no TypeScript source", () => {
    for (const f of ["package/package.json", "package/PulumiPolicy.yaml", "package/bin/index.js", "package/bin/policies.js", "package/npm-shrinkwrap.json"]) {
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    }
    assert.ok(files.includes("package/node_modules/@k3s-gitops/components/dist/kernel/index.js"), "the library's kernel is not bundled");
    assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), []);
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));
    assert.equal(manifest.main, "bin/index.js");
    assert.equal(manifest.dependencies["@k3s-gitops/components"], "0.1.0");
    assert.deepEqual(manifest.bundleDependencies, ["@k3s-gitops/components"]);
  });

  it("leaves the repo as it was: no bundled copy or shrinkwrap left in policy/", () => {
    assert.equal(existsSync(join(POLICY, "node_modules", "@k3s-gitops")), false);
    assert.equal(existsSync(join(POLICY, "npm-shrinkwrap.json")), false);
  });

  it("loads its policies on its own, without loading a provider SDK", () => {
    const script = [
      "const p = require('./bin/policies');",
      "const sdks = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]@pulumi[\\\\/](aws|hcloud|digitalocean|kubernetes|command|tls|random)[\\\\/]/.test(k));",
      "console.log(JSON.stringify({ pack: p.PACK_NAME, names: p.policies.map((x) => x.name), sdks, kernel: require.resolve('@k3s-gitops/components/kernel') }));",
    ].join("\n");
    const out = JSON.parse(sh(process.execPath, ["-e", script], unpacked));
    assert.equal(out.pack, PACK_NAME);
    assert.deepEqual(out.names, policies.map((p) => p.name));
    assert.deepEqual(out.sdks, [], "the kernel entry point loaded a provider SDK");
    assert.ok(out.kernel.startsWith(join(unpacked, "node_modules", "@k3s-gitops", "components")), `the kernel came from ${out.kernel}, not the bundle`);
  });
});
