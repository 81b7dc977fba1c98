#!/usr/bin/env node
/**
 * `npm pack` (and so `pulumi policy publish`) in policy/ runs this twice: as `prepack` and as `postpack`.
 *
 * prepack:
 *   1. builds the library (`npm run build` in ../components), unless POLICY_PACK_LIBRARY_BUILT=1 says it is built;
 *   2. compiles the pack to JS in bin/ (Pulumi then needs neither ts-node nor the repo to load it);
 *   3. puts the library's published files (what `npm pack` in components/ would ship: package.json and dist/) in
 *      policy/node_modules/@k3s-gitops/components as a real folder, because the pack bundles it
 *      (`bundleDependencies`) and npm only bundles what sits in the pack's own node_modules. As a workspace, the
 *      library is otherwise a symlink hoisted to the root node_modules, which npm would leave out.
 *   4. writes npm-shrinkwrap.json (which, unlike package-lock.json, npm packs): the root lockfile's entries for every
 *      package the pack and the bundled library need, so the unpacked pack installs exactly the versions this repo
 *      tested, from the npm cache alone (`npm install --offline`) when the cache holds them.
 * postpack: removes the folder and the shrinkwrap again, so the workspace link at the root is what resolves in the repo.
 *
 * Only the library itself is bundled, not its dependencies: npm installs those from the library's package.json. The
 * kernel the pack loads needs ipaddr.js alone, but the library declares every provider SDK it uses, so the install
 * is the library's whole closure (see docs/library.md).
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const HERE = __dirname;
const LIBRARY = path.join(HERE, "..", "components");
const BUNDLED = path.join(HERE, "node_modules", "@k3s-gitops", "components");
const SHRINKWRAP = path.join(HERE, "npm-shrinkwrap.json");
const ROOT_LOCK = path.join(HERE, "..", "package-lock.json");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], shell: process.platform === "win32" });
}

function removeBundled() {
  fs.rmSync(SHRINKWRAP, { force: true });
  fs.rmSync(BUNDLED, { recursive: true, force: true });
  for (const dir of [path.dirname(BUNDLED), path.join(HERE, "node_modules")]) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

function prepack() {
  if (process.env.POLICY_PACK_LIBRARY_BUILT !== "1") run(npm, ["run", "build", "--", "--noEmitOnError"], LIBRARY);
  if (!fs.existsSync(path.join(LIBRARY, "dist", "kernel", "index.js"))) {
    throw new Error("components/dist/kernel/index.js is missing: build the library first (npm run build -w @k3s-gitops/components)");
  }
  fs.rmSync(path.join(HERE, "bin"), { recursive: true, force: true });
  run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(HERE, "tsconfig.json")], HERE);

  // The library's file list exactly as `npm pack` would ship it (its `files`, package.json, README).
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: LIBRARY, encoding: "utf8", shell: process.platform === "win32" });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  removeBundled();
  for (const f of files) {
    const to = path.join(BUNDLED, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(LIBRARY, f), to);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, "package.json"), "utf8"));
  const library = JSON.parse(fs.readFileSync(path.join(LIBRARY, "package.json"), "utf8"));
  fs.writeFileSync(SHRINKWRAP, `${JSON.stringify(shrinkwrap(manifest, library), null, 2)}\n`);
}

/** The lockfile entry a package at `from` resolves `name` to: the nearest node_modules up from `from`. */
function resolveIn(packages, from, name) {
  let dir = from;
  for (;;) {
    const key = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[key]) return key;
    if (dir === "") return undefined;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

/** The pack's shrinkwrap: its own manifest, the bundled library, and the root lockfile's entries for their closure. */
function shrinkwrap(manifest, library) {
  const lock = JSON.parse(fs.readFileSync(ROOT_LOCK, "utf8"));
  const packages = lock.packages;
  const out = {
    "": { name: manifest.name, version: manifest.version, license: manifest.license, dependencies: manifest.dependencies, bundleDependencies: manifest.bundleDependencies },
    "node_modules/@k3s-gitops/components": { version: library.version, inBundle: true, license: library.license, dependencies: library.dependencies },
  };
  const queue = [];
  const want = (from, deps, optional) => {
    for (const name of Object.keys(deps ?? {})) {
      if (name === "@k3s-gitops/components") continue;
      const key = resolveIn(packages, from, name);
      if (!key) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${from || "the pack"}) is not in package-lock.json; run npm install at the root`);
      }
      if (!(key in out)) queue.push(key);
      out[key] ??= null;
    }
  };
  want("", manifest.dependencies);
  want("", library.dependencies);
  while (queue.length > 0) {
    const key = queue.shift();
    const { dev, devOptional, peer, ...entry } = packages[key];
    out[key] = entry;
    want(key, entry.dependencies);
    want(key, entry.optionalDependencies, true);
    want(key, entry.peerDependencies, true);
  }
  const sorted = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  return { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: sorted };
}

const step = process.argv[2];
if (step === "prepack") prepack();
else if (step === "postpack") removeBundled();
else {
  console.error("usage: node pack-bundle.js prepack|postpack");
  process.exit(2);
}
