import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import { existsSync, readFileSync, statSync, symlinkSync } from "fs";
import { join } from "path";
import { renderPrepareNodeScript, renderRefreshTokensScript, renderWaitForCloudInitScript, renderWriteConfigScript, renderWriteSecretFilesScript } from "./prepare-script";
import { SAMPLE_CONFIG, ShSandbox, fakeTool, runSh } from "./sh.fixtures";

// Each part under sh with fake tools, then the composed step. shellcheck runs on all of them in scripts.test.ts.
describe("node prepare script: its parts under sh", () => {
  let box: ShSandbox;
  before(() => {
    box = new ShSandbox("k3s-prepare-parts-");
  });
  after(() => box.dispose());

  it("the secret writer stores one stdin line per file, mode 0600, with nothing on stdout", () => {
    const dir = join(box.dir, "secrets", "k3s");
    const a = join(dir, "token");
    const b = join(dir, "agent-token");
    const r = runSh(box.write("secret-writer", renderWriteSecretFilesScript([a, b])), box.dir, "server-secret\nagent-secret\n");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(readFileSync(a, "utf8"), "server-secret\n");
    assert.equal(readFileSync(b, "utf8"), "agent-secret\n");
    assert.equal(statSync(a).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it("the secret writer fails when a line is missing", () => {
    const dir = join(box.dir, "secrets2");
    const r = runSh(box.write("secret-writer-2", renderWriteSecretFilesScript([join(dir, "a"), join(dir, "b")])), box.dir, "only-one\n");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /missing secret line 2/);
  });

  it("the config writer copies stdin to the file, mode 0600", () => {
    const path = join(box.dir, "cfg", "config.yaml");
    const r = runSh(box.write("config-writer", renderWriteConfigScript(path)), box.dir, SAMPLE_CONFIG);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path, "utf8"), SAMPLE_CONFIG);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(r.stdout, /^wrote .*config\.yaml \(\d+ bytes\)\n$/);
  });

  it("cloud-init: exit 2 (recoverable errors) passes, a hard failure fails after the bounded tries", () => {
    const bin2 = box.subdir("bin2-");
    fakeTool(bin2, "cloud-init", "exit 2");
    const ok = runSh(box.write("ci-2", renderWaitForCloudInitScript({ attempts: 1, timeoutSeconds: 5 })), bin2);
    assert.equal(ok.status, 0, ok.stderr);
    const bin1 = box.subdir("bin1-");
    fakeTool(bin1, "cloud-init", "exit 1");
    const bad = runSh(box.write("ci-1", renderWaitForCloudInitScript({ attempts: 1, timeoutSeconds: 5 })), bin1);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /did not finish after 1 tries/);
  });
});

describe("install update: refresh the token files", () => {
  let box: ShSandbox;
  before(() => {
    box = new ShSandbox("k3s-refresh-");
  });
  after(() => box.dispose());

  /** A refresh script for files under `dir`, and a fake systemctl that logs its calls (`cat` fails unless installed). */
  function refresh(dir: string, installed: boolean) {
    const bin = box.subdir("bin-");
    fakeTool(bin, "systemctl", `echo "$*" >> '${bin}/calls'; [ "$1" = cat ] && exit ${installed ? 0 : 1}; exit 0`);
    const tokenPaths = [join(dir, "k3s", "token"), join(dir, "k3s", "agent-token")];
    const file = box.write(`refresh-${dir.replace(/.*\//, "")}`, renderRefreshTokensScript({ tokenPaths, service: "k3s" }));
    const calls = () => (existsSync(join(bin, "calls")) ? readFileSync(join(bin, "calls"), "utf8").trim().split("\n") : []);
    return { bin, tokenPaths, file, calls };
  }

  it("the same tokens: nothing written, nothing restarted", () => {
    const dir = box.subdir("same-");
    const r = refresh(dir, true);
    assert.equal(runSh(r.file, r.bin, "s3cret-a\ns3cret-b\n").status, 0, "first run writes them");
    const before = statSync(r.tokenPaths[0]!).mtimeMs;
    const again = runSh(r.file, r.bin, "s3cret-a\ns3cret-b\n");
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, "token files unchanged; k3s not restarted\n");
    assert.equal(statSync(r.tokenPaths[0]!).mtimeMs, before);
    assert.deepEqual(r.calls().filter((c) => c.startsWith("restart")), ["restart k3s"], "only the first run restarted");
  });

  it("a changed token: the file is rewritten (mode 0600) and the service restarted; never printed", () => {
    const dir = box.subdir("changed-");
    const r = refresh(dir, true);
    runSh(r.file, r.bin, "old-a\nold-b\n");
    const res = runSh(r.file, r.bin, "old-a\nnew-b\n");
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, "token files changed; restarted k3s\n");
    assert.equal(readFileSync(r.tokenPaths[0]!, "utf8"), "old-a\n");
    assert.equal(readFileSync(r.tokenPaths[1]!, "utf8"), "new-b\n");
    assert.equal(statSync(r.tokenPaths[1]!).mode & 0o777, 0o600);
    assert.doesNotMatch(res.stdout + res.stderr + r.calls().join("\n"), /old-|new-/);
  });

  it("no service yet: the files are written and nothing is restarted; a missing line fails", () => {
    const dir = box.subdir("none-");
    const r = refresh(dir, false);
    const res = runSh(r.file, r.bin, "a\nb\n");
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, "token files changed; k3s is not installed yet\n");
    assert.deepEqual(r.calls(), ["cat k3s"]);
    const short = runSh(r.file, r.bin, "only-one\n");
    assert.notEqual(short.status, 0);
    assert.match(short.stderr, /missing secret line 2/);
  });
});

describe("node prepare script: the composed step", () => {
  let box: ShSandbox;
  before(() => {
    box = new ShSandbox("k3s-prepare-");
  });
  after(() => box.dispose());

  /** A prepare script writing config.yaml under `dir`, with a fake cloud-init in its own bin that runs `body`. */
  function prepare(dir: string, cloudInitBody: string) {
    const bin = box.subdir("bin-");
    fakeTool(bin, "cloud-init", cloudInitBody);
    const configPath = join(dir, "k3s", "config.yaml");
    const text = renderPrepareNodeScript({ configPath, cloudInit: { attempts: 1, timeoutSeconds: 5 } });
    return { bin, configPath, file: box.write(`prepare-${dir.replace(/.*\//, "")}`, text) };
  }

  it("waits for cloud-init, then writes config.yaml from stdin; the cloud-init wait cannot read stdin", () => {
    const dir = box.subdir("ok-");
    const seen = join(dir, "cloud-init-stdin");
    const p = prepare(dir, `cat > '${seen}'; exit 0`);
    const r = runSh(p.file, p.bin, SAMPLE_CONFIG);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(seen, "utf8"), "", "the cloud-init wait reads /dev/null");
    assert.equal(readFileSync(p.configPath, "utf8"), SAMPLE_CONFIG);
    assert.match(r.stdout, /^cloud-init finished\nwrote .*config\.yaml \(\d+ bytes\)\n$/);
  });

  it("a cloud-init that fails stops the step before config.yaml is written", () => {
    const dir = box.subdir("fail-");
    const p = prepare(dir, "exit 1");
    const r = runSh(p.file, p.bin, SAMPLE_CONFIG);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cloud-init did not finish after 1 tries/);
    assert.equal(existsSync(join(dir, "k3s")), false);
  });

  it("a host without cloud-init goes straight to config.yaml; a second run rewrites it (idempotent)", () => {
    const dir = box.subdir("none-");
    const configPath = join(dir, "config.yaml");
    const file = box.write("prepare-none", renderPrepareNodeScript({ configPath }));
    // PATH holds only the tools the script uses, so no cloud-init, even on a machine that has one.
    const bin = box.subdir("only-");
    for (const tool of ["install", "cat", "mv", "wc"]) symlinkSync(execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), join(bin, tool));
    for (const input of ["a: 1\n", "a: 2\n"]) {
      const r = spawnSync("/bin/sh", [file], { input, encoding: "utf8", env: { PATH: bin } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^cloud-init not installed; nothing to wait for\n/);
    }
    assert.equal(readFileSync(configPath, "utf8"), "a: 2\n");
  });

  it("renders the same bytes twice and reads nothing but stdin", () => {
    assert.equal(renderPrepareNodeScript(), renderPrepareNodeScript());
    assert.match(renderPrepareNodeScript(), /^\) <\/dev\/null$/m);
    assert.match(renderPrepareNodeScript(), /cat > '\/etc\/rancher\/k3s\/config\.yaml\.tmp'$/m);
  });
});
