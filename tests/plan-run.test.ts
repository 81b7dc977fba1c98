/**
 * The quick plan (issue 15): plan/run.js runs the CLI on plain Node with a cached transpilation and without loading
 * what the stack does not use; the harness captures no source positions. Speed itself is `npm run bench`'s job.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "@k3s-gitops/components/testing";

const ROOT = join(__dirname, "..");

describe("plan/run.js: the quick path of npm run plan", function () {
  this.timeout(180000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), "plan-run-"))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** Runs the dev plan with an empty or warm cache and says which packages the process loaded. */
  function plan(cache: string, env: Record<string, string> = {}): { status: number | null; stdout: string; packages: Set<string>; files: string[] } {
    const loaded = join(tmp, "loaded.txt");
    const reporter = join(tmp, "report-loaded.js");
    writeFileSync(
      reporter,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(loaded)}, Object.keys(require.cache).join("\\n")));\n`,
    );
    const r = spawnSync(process.execPath, ["-r", reporter, join(ROOT, "plan", "run.js"), "plan/cli.ts", "--stack", "dev"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, PLAN_TRANSPILE_CACHE: cache, NODE_OPTIONS: "", ...env },
    });
    const packages = new Set<string>();
    const files = readFileSync(loaded, "utf8").split("\n");
    for (const f of files) {
      const m = /node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)/.exec(f);
      if (m) packages.add(m[1]!.replace("\\", "/"));
    }
    return { status: r.status, stdout: r.stdout, packages, files };
  }

  it("plans dev, caches the transpilation, and then loads no compiler, no AWS SDK, no Automation API and no gRPC", () => {
    const cache = join(tmp, "cache");
    const cold = plan(cache);
    assert.equal(cold.status, 0, cold.stdout);
    assert.match(cold.stdout, /k3s-gitops plan for stack "dev"/);
    assert.match(cold.stdout, /Estimated time to GitOps-ready: /);
    assert.ok(cold.packages.has("typescript"), "a cold cache transpiles with TypeScript");
    assert.ok(readdirSync(cache).filter((f) => f.endsWith(".js")).length > 50, "the transpiled files are cached");

    const warm = plan(cache);
    assert.equal(warm.status, 0);
    assert.equal(warm.stdout, cold.stdout, "same plan from the cache");
    for (const p of ["typescript", "@npmcli/arborist", "execa", "@pulumi/aws", "@grpc/grpc-js", "@opentelemetry/api"]) assert.ok(!warm.packages.has(p), `${p} was loaded`);
    assert.ok(warm.packages.has("@pulumi/hcloud"), "the stack's own cloud SDK is loaded");
    // @pulumi/kubernetes: only the API groups the program uses (core, helm, rbac, yaml, ...), not apps or flowcontrol.
    const k8s = (r: { files: string[] }, group: string) => r.files.filter((f) => f.includes(join("@pulumi", "kubernetes", group, ""))).length;
    assert.equal(k8s(warm, "apps"), 0, "the apps group was loaded");
    assert.equal(k8s(warm, "flowcontrol"), 0, "the flowcontrol group was loaded");
    assert.ok(k8s(warm, "core") > 0 && k8s(warm, "helm") > 0, "the groups in use are loaded");
    const eager = plan(cache, { PLAN_EAGER_SDK: "1" });
    assert.equal(eager.status, 0);
    assert.equal(eager.stdout, warm.stdout, "loading on first use changes nothing but time");
    assert.ok(k8s(eager, "apps") > 0, "PLAN_EAGER_SDK=1 loads everything");

    // V8's code cache (Node 20 has no module.enableCompileCache): written by the cold run, used by the warm one, and
    // the same plan with it turned off.
    const codeCache = join(cache, "v8-code", process.versions.v8);
    assert.ok(readdirSync(codeCache).filter((f) => f.endsWith(".bin")).length > 100, "compiled code is cached");
    const uncached = plan(cache, { PLAN_COMPILE_CACHE: "0" });
    assert.equal(uncached.status, 0);
    assert.equal(uncached.stdout, warm.stdout, "the code cache changes nothing but time");
  });
});

describe("offline harness: no source positions", () => {
  it("does not capture a stack trace per resource when captureStackTraces is false, and restores Resource.callsites", async () => {
    const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
    const original = resource.callsites;
    let calls = 0;
    resource.callsites = function (this: unknown) {
      calls++;
      return original.call(this);
    };
    try {
      const program = () => {
        new pulumi.ComponentResource("test:index:Thing", "a");
        return {};
      };
      await runProgram(program, { stack: "dev", config: {}, captureStackTraces: false });
      assert.equal(calls, 0);
      await runProgram(program, { stack: "dev", config: {} });
      assert.ok(calls > 0, "with stack traces on, Pulumi captures the source position");
    } finally {
      resource.callsites = original;
    }
  });
});
