#!/usr/bin/env node
/**
 * `node plan/run.js <entry.ts> [args...]`: runs a TypeScript entry point of the offline plan (plan/cli.ts,
 * plan/bench.ts) on plain Node, with its transpilation cached on disk. `npm run plan` and `npm run bench` use it.
 *
 * Why not tsx: tsx starts a second Node process, installs an ES module loader thread and source-map support, and
 * transpiles through esbuild: most of a small plan's time (issue 15). This file registers a CommonJS `.ts` loader in
 * the same process instead:
 *   - each `.ts` file is transpiled once with TypeScript's `transpileModule` (per file, no type check: `npm run
 *     typecheck` does that) and cached in `node_modules/.cache/k3s-gitops-plan/`, keyed by the source's content, the
 *     TypeScript version and the options; later runs read the JavaScript and never load the TypeScript compiler;
 *   - `@k3s-gitops/components`, `/kernel` and `/testing` resolve to the sources, as the root tsconfig.json `paths`
 *     say (no `npm run build` needed, and the plan is of the sources in this checkout).
 * Plain JavaScript on purpose: it is what runs before any TypeScript can.
 * PLAN_STACK_TRACES=1 adds source maps (stack traces point into the .ts files) at some cost. PLAN_TRANSPILE_CACHE=<dir>
 * moves the cache; PLAN_EAGER_SDK=1 turns the lazy modules below off.
 */
"use strict";
const Module = require("module");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE = process.env.PLAN_TRANSPILE_CACHE || path.join(ROOT, "node_modules", ".cache", "k3s-gitops-plan");
const SOURCE_MAPS = process.env.PLAN_STACK_TRACES === "1";

/** tsconfig.json `paths` (exact specifiers only; the project maps no wildcards). */
function readPaths() {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  const base = path.resolve(ROOT, config.compilerOptions.baseUrl || ".");
  const out = new Map();
  for (const [spec, targets] of Object.entries(config.compilerOptions.paths || {})) {
    if (!spec.includes("*")) out.set(spec, path.resolve(base, targets[0]));
  }
  return out;
}
const PATHS = readPaths();

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  const mapped = PATHS.get(request);
  return resolveFilename.call(this, mapped || request, parent, isMain, options);
};

/**
 * Modules the offline plan never uses, loaded on first use instead of at start-up. @pulumi/pulumi 3.270.0 loads its
 * function serialization (runtime/closure/*: the TypeScript compiler through typescript-shim.js, npm's arborist and
 * normalize-package-data through codePaths.js) and its Automation API (index.js `require("./automation")`) when it is
 * imported; together most of its load time. Each stub stands in for one importer only and forwards exactly what that
 * importer uses (read in node_modules/@pulumi/pulumi at 3.270.0), so a real use still works.
 */
function lazyProxy(load, known) {
  const handler = {};
  for (const trap of ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "set", "defineProperty", "deleteProperty", "getPrototypeOf"]) {
    handler[trap] = (_target, ...rest) => Reflect[trap](load(), ...rest);
  }
  const get = handler.get;
  handler.get = (target, key, receiver) => (known && key in known ? known[key] : get(target, key, receiver));
  return new Proxy({}, handler);
}
const LAZY = [
  // typescript-shim.js is `module.exports = require("typescript")`; closure/*.js call ts.* inside functions only.
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]typescript-shim\.js$/, request: "typescript", stub: (load) => lazyProxy(load) },
  // codePaths.js: `new arborist.Arborist(...)` and `normalize_package_data_1.default(data)`, inside functions. Its
  // __importStar copies every property (reading them) unless the module says __esModule, hence the flag.
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]codePaths\.js$/, request: "@npmcli/arborist", stub: (load) => ({ __esModule: true, get Arborist() { return load().Arborist; } }) },
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]codePaths\.js$/, request: "normalize-package-data", stub: (load) => (...args) => load()(...args) },
  // zod 4.x: core/index.cjs and classic/external.cjs export every locale (`exports.locales = __importStar(require(
  // "../locales/index.cjs"))`, an ES module); the default English messages come from locales/en.cjs, loaded as usual.
  { parent: /[\\/]zod[\\/]v4[\\/](core[\\/]index|classic[\\/]external)\.cjs$/, request: "../locales/index.cjs", stub: (load) => lazyProxy(load, { __esModule: true }) },
  // index.js: `exports.automation = __importStar(require("./automation"))`; automation/index.js is an ES module.
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/, request: "./automation", stub: (load) => lazyProxy(load, { __esModule: true }) },  // The gRPC transport and tracing, used only to talk to a real engine or to serve callbacks: runtime/settings.js,
  // resource.js, invoke.js, callbacks.js and errors.js import @grpc/grpc-js with __importStar and read it inside
  // functions only (client constructors, `grpc.status` on an RPC error); settings.js and callbacks.js import the
  // generated service stubs (*_grpc_pb.js, which call grpc at load) and settings.js @opentelemetry/api the same way.
  // Under the mocks (runtime.setMocks) the offline plan never calls any of them.
  ...["@grpc/grpc-js", "../proto/engine_grpc_pb", "../proto/resource_grpc_pb", "../proto/callback_grpc_pb"].map((request) => ({
    parent: /[\\/]@pulumi[\\/]pulumi[\\/](runtime[\\/](settings|resource|invoke|callbacks)|errors)\.js$/,
    request,
    stub: (load) => lazyProxy(load, { __esModule: true }),
  })),
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]settings\.js$/, request: "@opentelemetry/api", stub: (load) => lazyProxy(load) },  // index.js: `exports.provider = __importStar(require("./provider"))`, the provider-authoring API (its server.js loads
  // gRPC); no SDK or program of this project uses it.
  { parent: /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/, request: "./provider", stub: (load) => lazyProxy(load, { __esModule: true }) },
  // @pulumi/kubernetes 4.34.2: index.js requires every API group (each with all its versions), its helm, kustomize,
  // types and yaml modules at load, and yaml/yaml.js (the v1 ConfigFile) every group again: about 120 modules and most
  // of the SDK's load time, for a program that uses a handful. index.js binds each as `exports.<group> =
  // __importStar(require("./<group>"))`, which returns a module that says __esModule as it is; yaml.js reads them
  // inside functions only. So each group loads on its first use (`k8s.core.v1.Secret`), and registers its resource
  // module with the runtime then, before any resource of it exists.
  ...["admissionregistration", "apiextensions", "apiregistration", "apps", "auditregistration", "autoscaling", "batch", "certificates", "coordination", "core", "discovery", "events", "extensions", "flowcontrol", "helm", "kustomize", "lifecycle", "meta", "networking", "node", "policy", "rbac", "resource", "scheduling", "settings", "storage", "storagemigration", "types", "yaml"].flatMap((group) => [
    { parent: /[\\/]@pulumi[\\/]kubernetes[\\/]index\.js$/, request: `./${group}`, stub: (load) => lazyProxy(load, { __esModule: true }) },
    { parent: /[\\/]@pulumi[\\/]kubernetes[\\/]yaml[\\/]yaml\.js$/, request: `../${group}`, stub: (load) => lazyProxy(load, { __esModule: true }) },
  ]),
  // @pulumi/policy 1.21.0 policy.js: `const server_1 = require("./server")`, the analyzer's gRPC server, called only by
  // PolicyPack's constructor when a real engine runs the pack (`server_1.serve`); the offline plan calls the policies.
  { parent: /[\\/]@pulumi[\\/]policy[\\/]policy\.js$/, request: "./server", stub: (load) => lazyProxy(load) },
];
if (process.env.PLAN_EAGER_SDK !== "1") {
  const load = Module._load;
  const byRequest = new Map();
  for (const lazy of LAZY) byRequest.set(lazy.request, [...(byRequest.get(lazy.request) ?? []), lazy]);
  Module._load = function (request, parent, isMain) {
    const candidates = byRequest.get(request);
    if (candidates && parent && parent.filename) {
      for (const lazy of candidates) {
        if (!lazy.parent.test(parent.filename)) continue;
        let real;
        return lazy.stub(() => (real ??= load.call(Module, request, parent, false)));
      }
    }
    return load.call(this, request, parent, isMain);
  };
}

let ts; // loaded on the first cache miss only
let tsVersion;
function typescriptVersion() {
  if (!tsVersion) tsVersion = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [ROOT] }), "utf8")).version;
  return tsVersion;
}

const COMPILER_OPTIONS = {
  module: "CommonJS",
  target: "ES2022",
  esModuleInterop: true,
  useDefineForClassFields: true,
  inlineSourceMap: SOURCE_MAPS,
  inlineSources: SOURCE_MAPS,
};

function transpile(filename) {
  const source = fs.readFileSync(filename, "utf8");
  // The output depends on the source and the options only (the file name too with source maps, which name it), so a
  // worktree of another commit (`--diff-against <ref>`) shares the entries of its unchanged files.
  const named = SOURCE_MAPS ? filename : "";
  const key = crypto.createHash("sha256").update(`${typescriptVersion()}\0${JSON.stringify(COMPILER_OPTIONS)}\0${named}\0${source}`).digest("hex");
  const cached = path.join(CACHE, `${key.slice(0, 40)}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // miss
  }
  if (!ts) ts = require(require.resolve("typescript", { paths: [ROOT] }));
  const out = ts.transpileModule(source, { fileName: filename, compilerOptions: COMPILER_OPTIONS, reportDiagnostics: false }).outputText;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached); // atomic: concurrent runs never read half a file
  } catch {
    // a read-only checkout: run without the cache
  }
  return out;
}

// V8's compiled code of every module, cached on disk: compiling the JavaScript of @pulumi/pulumi, the SDKs and the
// program is a large part of start-up. Node 22.1+ has module.enableCompileCache (nodejs.org/api/module.html, "Module
// compile cache"). Node 20, the project's machines, has none, so installCodeCache() below does it with vm.Script's
// `cachedData` (nodejs.org/api/vm.html, "new vm.Script": cachedData, createCachedData). PLAN_COMPILE_CACHE=0 turns
// both off.
if (process.env.PLAN_COMPILE_CACHE !== "0" && !SOURCE_MAPS) {
  if (typeof Module.enableCompileCache === "function") {
    try {
      Module.enableCompileCache(path.join(CACHE, "v8"));
    } catch {
      // a read-only checkout: no compile cache
    }
  } else {
    installCodeCache(path.join(CACHE, "v8-code", process.versions.v8));
  }
}

/**
 * Module.prototype._compile with V8's code cache: each module's wrapper is compiled by vm.Script with the cached data
 * stored under `dir` (keyed by file name and source), and run as Node's own _compile runs it: `this` is
 * module.exports, and the arguments are exports, require, module, __filename and __dirname, where require is built
 * the way Node builds it (require, .resolve, .resolve.paths, .main, .extensions, .cache). New or rejected cache data is
 * written when the process exits. A module whose source is not a plain CommonJS body (a shebang, or anything vm.Script
 * cannot compile) falls back to Node's own _compile, and so does any module whose source contains `import(`: a script
 * compiled by vm.Script has no dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING; the experimental
 * vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER does not cover a `new Function` in it, which components/kernel/
 * validate.ts uses to load the ES-module-only model packages), while Node's own compile of a CommonJS module has one.
 */
function installCodeCache(dir) {
  const vm = require("vm");
  const nativeCompile = Module.prototype._compile;
  const pending = new Map();
  Module.prototype._compile = function (content, filename) {
    if (content.startsWith("#!") || content.includes("import(")) return nativeCompile.call(this, content, filename);
    const key = crypto.createHash("sha256").update(`${filename}\0${content}`).digest("hex").slice(0, 40);
    const file = path.join(dir, `${key}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // a miss
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return nativeCompile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) pending.set(file, script);
    const mod = this;
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  process.once("exit", () => {
    if (pending.size === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const [file, script] of pending) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
      }
    } catch {
      // a read-only checkout: no code cache
    }
  });
}

Module._extensions[".ts"] = function (module, filename) {
  module._compile(transpile(filename), filename);
};
if (SOURCE_MAPS) process.setSourceMapsEnabled(true);

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node plan/run.js <entry.ts> [args...]");
  process.exit(2);
}
const main = path.resolve(entry);
process.argv = [process.argv[0], main, ...args];
// Run it as the main module, so its `require.main === module` check holds.
Module.runMain(main);
