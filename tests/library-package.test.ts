/**
 * The library as a user gets it: `npm pack -w @k3s-gitops/components` builds a tarball of compiled JS and `.d.ts`; an
 * empty project with that tarball in its node_modules compiles `import { HetznerNodes, K3sCluster } from
 * "@k3s-gitops/components"` under `strict` (classic and node16 resolution), and compiles and plans the example program
 * under examples/.
 *
 * The tarball is unpacked into the empty project's node_modules exactly as npm unpacks it; its dependencies (the
 * provider SDKs) are linked from this repo's install instead of downloaded, because these machines reach no registry
 * during tests. Nothing in the empty project can resolve to the repo's TypeScript sources.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = require.resolve("typescript/bin/tsc");

function sh(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

const STRICT = { strict: true, target: "ES2022", module: "commonjs", esModuleInterop: true, skipLibCheck: false, noEmit: true, types: [] as string[] };

describe("the packed library", function () {
  this.timeout(600_000);
  let work: string;
  let files: string[];
  let project: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), "library-pack-"));
    sh(npm, ["run", "build", "-w", "@k3s-gitops/components"], ROOT);
    sh(npm, ["pack", "-w", "@k3s-gitops/components", "--pack-destination", work], ROOT);
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, `npm pack left no tarball in ${work}`);
    files = sh("tar", ["-tzf", join(work, tarball)], work).split("\n").filter(Boolean);

    project = join(work, "project");
    const installed = join(project, "node_modules", "@k3s-gitops", "components");
    mkdirSync(installed, { recursive: true });
    sh("tar", ["-xzf", join(work, tarball), "-C", installed, "--strip-components=1"], work);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    // The tarball's declared dependencies, and the Node types a strict compile of Pulumi code needs.
    for (const dep of [...Object.keys(manifest.dependencies), "@types/node"]) {
      const link = join(project, "node_modules", dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", dep), link, "dir");
    }
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "empty", version: "1.0.0", private: true, dependencies: { "@k3s-gitops/components": "0.1.0" } }));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships compiled JS and declarations for every entry point, and no TypeScript source or test", () => {
    for (const entry of ["index", "kernel/index", "testing/index", "nodes/hetzner-nodes", "k3s/k3s-cluster"]) {
      assert.ok(files.includes(`package/dist/${entry}.js`), `dist/${entry}.js is not in the tarball`);
      assert.ok(files.includes(`package/dist/${entry}.d.ts`), `dist/${entry}.d.ts is not in the tarball`);
    }
    assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), [], "TypeScript sources in the tarball");
    assert.deepEqual(files.filter((f) => /\.test\.(js|d\.ts)$/.test(f)), [], "tests in the tarball");
  });

  for (const moduleResolution of ["node", "node16"]) {
    it(`compiles an import of HetznerNodes and K3sCluster under strict (${moduleResolution} resolution)`, () => {
      const dir = join(project, `use-${moduleResolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "index.ts"),
        [
          'import { HetznerNodes, HetznerNodesArgs, K3sCluster, K3sClusterArgs, validateK3sClusterArgs } from "@k3s-gitops/components";',
          'import { LAYERS, parseCidr } from "@k3s-gitops/components/kernel";',
          'import { runProgram } from "@k3s-gitops/components/testing";',
          "export const types: [typeof HetznerNodes, typeof K3sCluster, typeof runProgram] = [HetznerNodes, K3sCluster, runProgram];",
          "export const layers: number = LAYERS.length + (parseCidr('10.0.0.0/8')?.prefix ?? 0);",
          "export function check(a: K3sClusterArgs, h: HetznerNodesArgs): string { validateK3sClusterArgs(a); return h.clusterName; }",
          "",
        ].join("\n"),
      );
      // node16 checks every declaration, the kubernetes-models packages' included. Those publish their types only
      // through `exports`, which classic `node` resolution ignores, so that case needs skipLibCheck (docs/library.md).
      const compilerOptions = {
        ...STRICT,
        moduleResolution,
        module: moduleResolution === "node16" ? "node16" : "commonjs",
        skipLibCheck: moduleResolution !== "node16",
        types: ["node"],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }));
      sh(process.execPath, [TSC, "-p", join(dir, "tsconfig.json")], dir);
    });
  }

  it("a wrong argument fails that compile: the declarations carry the Args types", () => {
    const dir = join(project, "use-wrong");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.ts"), 'import { K3sClusterArgs } from "@k3s-gitops/components";\nexport const a: K3sClusterArgs = { nodes: undefined as never, version: 1 };\n');
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT, moduleResolution: "node16", module: "node16", types: ["node"] }, files: ["index.ts"] }));
    assert.throws(() => sh(process.execPath, [TSC, "-p", join(dir, "tsconfig.json")], dir), /TS2741|TS2322|TS2353/);
  });

  it("loads at run time from the compiled JS", () => {
    const out = sh(process.execPath, ["-e", "const l = require('@k3s-gitops/components'); console.log(typeof l.HetznerNodes, typeof l.K3sCluster, typeof l.ClusterCore, require.resolve('@k3s-gitops/components'))"], project);
    const [a, b, c, resolved] = out.trim().split(" ");
    assert.deepEqual([a, b, c], ["function", "function", "function"]);
    assert.ok(resolved!.startsWith(join(project, "node_modules")), `resolved to ${resolved}, not the installed tarball`);
  });

  it("compiles the example program against the packed library", () => {
    const example = join(project, "example");
    cpSync(join(ROOT, "examples", "hetzner-k3s"), example, { recursive: true, filter: (src) => !src.includes("node_modules") });
    assert.ok(existsSync(join(example, "Pulumi.yaml")));
    const config = JSON.parse(readFileSync(join(example, "tsconfig.json"), "utf8"));
    config.compilerOptions.types = ["node"];
    config.compilerOptions.moduleResolution = "node16";
    config.compilerOptions.module = "node16";
    config.compilerOptions.skipLibCheck = false;
    writeFileSync(join(example, "tsconfig.json"), JSON.stringify(config));
    sh(process.execPath, [TSC, "-p", join(example, "tsconfig.json")], example);
  });
});
