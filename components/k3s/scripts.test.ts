import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { requireTool } from "../testing/tools";
import { SAMPLE_CONFIG, ShSandbox, fakeTool, runSh } from "./sh.fixtures";
import {
  K3S_KUBECONFIG_PATH,
  PRIVILEGED_PATH,
  privileged,
  renderDrainNodeScript,
  renderInstallScript,
  renderReadKubeconfigScript,
  renderPrepareNodeScript,
  renderRefreshTokensScript,
  renderWaitForCloudInitScript,
  renderWaitForNodeScript,
  renderWriteConfigScript,
  renderWriteSecretFilesScript,
  shq,
  tokenPathsFor,
} from "./scripts";
import { K3S_AGENT_TOKEN_PATH, K3S_TOKEN_PATH } from "./render-config";
import { k3sRelease } from "../kernel/k3s-releases";

const VERSION = "v1.36.4+k3s1";

/** Every script the component renders, in each of its shapes. */
const ALL_SCRIPTS: Record<string, string> = {
  "cloud-init default": renderWaitForCloudInitScript(),
  "cloud-init bounded": renderWaitForCloudInitScript({ timeoutSeconds: 30, attempts: 1 }),
  "token server": renderWriteSecretFilesScript(tokenPathsFor("server")),
  "token agent": renderWriteSecretFilesScript(tokenPathsFor("agent")),
  config: renderWriteConfigScript(),
  prepare: renderPrepareNodeScript(),
  "prepare bounded": renderPrepareNodeScript({ cloudInit: { attempts: 1, timeoutSeconds: 30 } }),
  "install first server with tokens": renderInstallScript({ role: "server", version: VERSION, tokenPaths: tokenPathsFor("server") }),
  "install agent with tokens": renderInstallScript({ role: "agent", version: VERSION, joinUrl: "https://10.0.1.2:6443", tokenPaths: tokenPathsFor("agent") }),
  "refresh tokens server": renderRefreshTokensScript({ tokenPaths: tokenPathsFor("server"), service: "k3s" }),
  "refresh tokens agent": renderRefreshTokensScript({ tokenPaths: tokenPathsFor("agent"), service: "k3s-agent" }),
  "install first server": renderInstallScript({ role: "server", version: VERSION }),
  "install joining server": renderInstallScript({ role: "server", version: VERSION, joinUrl: "https://10.0.1.254:6443" }),
  "install agent": renderInstallScript({ role: "agent", version: VERSION, joinUrl: "https://10.0.1.2:6443" }),
  "ready flannel": renderWaitForNodeScript({ nodeName: "k3s-dev-server-1", requireReady: true }),
  "ready cilium": renderWaitForNodeScript({ nodeName: "k3s-dev-agent-1", requireReady: false }),
  kubeconfig: renderReadKubeconfigScript(),
  drain: renderDrainNodeScript({ nodeName: "k3s-prod-workers-2" }),
};

let sandbox: ShSandbox;
let work: string;
before(() => {
  sandbox = new ShSandbox("k3s-scripts-");
  work = sandbox.dir;
});
after(() => sandbox.dispose());
const writeScript = (name: string, text: string) => sandbox.write(name, text);

describe("k3s scripts: shellcheck", () => {
  for (const [name, text] of Object.entries(ALL_SCRIPTS)) {
    it(`${name} passes shellcheck -s sh`, function () {
    requireTool(this, "shellcheck");
      const file = writeScript(name, text);
      const r = spawnSync("shellcheck", ["-s", "sh", file], { encoding: "utf8" });
      assert.equal(r.error, undefined, `shellcheck could not run: ${r.error}`);
      assert.equal(r.status, 0, `shellcheck found problems in ${name}:\n${r.stdout}${r.stderr}\n---\n${text}`);
    });
  }

  it("every script is POSIX sh with set -eu and is rendered byte-identically twice", () => {
    for (const [name, text] of Object.entries(ALL_SCRIPTS)) {
      assert.ok(text.startsWith("#!/bin/sh\nset -eu\n"), name);
    }
    assert.equal(renderInstallScript({ role: "agent", version: VERSION, joinUrl: "https://x:6443" }), ALL_SCRIPTS["install agent"]!.replace("https://10.0.1.2:6443", "https://x:6443"));
    assert.equal(renderWaitForCloudInitScript(), ALL_SCRIPTS["cloud-init default"]);
  });
});

describe("k3s scripts: content", () => {
  it("install fetches install.sh at the pinned tag to a file, checks its sha256, then runs it: no pipe into sh", () => {
    const s = ALL_SCRIPTS["install agent"]!;
    const row = k3sRelease(VERSION)!;
    assert.ok(s.includes(`installer_url='${row.installer.url}'`));
    assert.ok(s.includes(`installer_sha256='${row.installer.sha256}'`));
    assert.match(s, /curl -fsSL [^\n]*-o "\$work\/install\.sh" "\$installer_url"/);
    assert.match(s, /sha256sum "\$work\/install\.sh"/);
    assert.match(s, /until INSTALL_K3S_VERSION='v1\.36\.4\+k3s1' sh "\$work\/install\.sh" agent; do/);
    assert.match(ALL_SCRIPTS["install first server"]!, /sh "\$work\/install\.sh" server; do/);
    for (const text of Object.values(ALL_SCRIPTS)) {
      assert.doesNotMatch(text, /get\.k3s\.io/);
      assert.doesNotMatch(text, /\|\s*(INSTALL_K3S_VERSION=\S+\s+)?sh\b/, "nothing is piped into sh");
    }
    assert.doesNotMatch(s, /INSTALL_K3S_CHANNEL|K3S_TOKEN|K3S_URL/);
  });

  it("install refuses a version outside the supported-release table", () => {
    assert.throws(() => renderInstallScript({ role: "server", version: "v1.36.99+k3s1" }), /not in the supported-release table/);
  });

  it("a re-run on an installed node restarts the service instead of re-downloading (no downgrade)", () => {
    assert.match(ALL_SCRIPTS["install agent"]!, /systemctl cat k3s-agent[\s\S]*systemctl restart k3s-agent\n {2}exit 0/);
    assert.match(ALL_SCRIPTS["install first server"]!, /systemctl restart k3s\n/);
  });

  it("only joining nodes wait for the join endpoint, bounded", () => {
    assert.match(ALL_SCRIPTS["install joining server"]!, /join_url='https:\/\/10\.0\.1\.254:6443'/);
    assert.match(ALL_SCRIPTS["install joining server"]!, /-ge 600 \]/);
    assert.doesNotMatch(ALL_SCRIPTS["install first server"]!, /join_url/);
  });

  it("cilium nodes only wait for registration; flannel nodes wait for Ready", () => {
    assert.match(ALL_SCRIPTS["ready flannel"]!, /kubectl wait --for=condition=Ready "node\/\$node"/);
    assert.doesNotMatch(ALL_SCRIPTS["ready cilium"]!, /condition=Ready/);
  });

  it("drain uses the documented flags and a bounded timeout", () => {
    assert.match(ALL_SCRIPTS.drain!, /k3s kubectl drain "\$node" --ignore-daemonsets --delete-emptydir-data --timeout=300s/);
    assert.match(ALL_SCRIPTS.drain!, /k3s kubectl delete node "\$node" --ignore-not-found/);
  });

  it("the kubeconfig read cats k3s.yaml", () => {
    assert.match(ALL_SCRIPTS.kubeconfig!, new RegExp(`cat '${K3S_KUBECONFIG_PATH}'`));
  });

  it("token files: servers hold the server and agent token, agents only one", () => {
    assert.deepEqual(tokenPathsFor("server"), [K3S_TOKEN_PATH, K3S_AGENT_TOKEN_PATH]);
    assert.deepEqual(tokenPathsFor("agent"), [K3S_TOKEN_PATH]);
  });
});

describe("k3s scripts: behaviour under sh with fake tools", () => {
  it("drain: a node that is gone is fine; a present node is drained then deleted", () => {
    const gone = mkdtempSync(join(work, "gone-"));
    fakeTool(gone, "k3s", `echo "$*" >> "${gone}/log"; [ "$2" = get ] && exit 1; exit 0`);
    const r1 = runSh(writeScript("drain-gone", renderDrainNodeScript({ nodeName: "w1" })), gone);
    assert.equal(r1.status, 0, r1.stderr);
    assert.equal(readFileSync(join(gone, "log"), "utf8"), "kubectl get node w1\n");

    const here = mkdtempSync(join(work, "here-"));
    fakeTool(here, "k3s", `echo "$*" >> "${here}/log"; exit 0`);
    const r2 = runSh(writeScript("drain-here", renderDrainNodeScript({ nodeName: "w1", timeoutSeconds: 60 })), here);
    assert.equal(r2.status, 0, r2.stderr);
    assert.deepEqual(readFileSync(join(here, "log"), "utf8").trim().split("\n"), [
      "kubectl get node w1",
      "kubectl drain w1 --ignore-daemonsets --delete-emptydir-data --timeout=60s",
      "kubectl delete node w1 --ignore-not-found",
    ]);
  });

  it("node wait gives up after its bound when the node never registers", () => {
    const bin = mkdtempSync(join(work, "never-"));
    fakeTool(bin, "k3s", "exit 1");
    const r = runSh(writeScript("wait-never", renderWaitForNodeScript({ nodeName: "n", requireReady: true, timeoutSeconds: 0 })), bin);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /did not register within 0s/);
  });
});

/** One script of each kind, as K3sCluster runs them (for the privileged wrapper). */
const SCRIPTS: Record<string, string> = {
  prepare: renderPrepareNodeScript(),
  "install with tokens": renderInstallScript({ role: "server", version: "v1.36.4+k3s1", tokenPaths: tokenPathsFor("server") }),
  "refresh tokens": renderRefreshTokensScript({ tokenPaths: tokenPathsFor("agent"), service: "k3s-agent" }),
  install: renderInstallScript({ role: "agent", version: "v1.36.4+k3s1", joinUrl: "https://10.0.1.2:6443" }),
  ready: renderWaitForNodeScript({ nodeName: "k3s1", requireReady: true }),
  kubeconfig: renderReadKubeconfigScript(),
  drain: renderDrainNodeScript({ nodeName: "it's-a-node" }),
};

describe("privileged: scripts for a non-root SSH user", () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "k3s-privileged-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("leaves root's (and a user-less connection's) scripts byte-identical", () => {
    for (const [name, text] of Object.entries(SCRIPTS)) {
      assert.equal(privileged(text, "root"), text, name);
      assert.equal(privileged(text, undefined), text, name);
    }
  });

  it("wraps every script for another user in one `exec sudo -n` that runs the unchanged script with sh -c", () => {
    for (const [name, text] of Object.entries(SCRIPTS)) {
      const wrapped = privileged(text, "ubuntu");
      assert.notEqual(wrapped, text, name);
      assert.ok(wrapped.startsWith("#!/bin/sh\nset -eu\n"), name);
      assert.match(wrapped, /^if ! sudo -n true 2>\/dev\/null; then$/m, name);
      // The wrapper's own lines: the ones before the quoted script (which may hold an `exec` of its own).
      const exec = wrapped.split("\n").filter((l) => l.startsWith("exec sudo"));
      assert.equal(exec.length, 1, name);
      assert.equal(wrapped.split("\n").filter((l) => l.startsWith("exec ")).length, text.split("\n").filter((l) => l.startsWith("exec ")).length + 1, name);
      assert.ok(exec[0]!.startsWith(`exec sudo -n -- env PATH=${PRIVILEGED_PATH} /bin/sh -c '`), name);
    }
  });

  for (const [name, text] of Object.entries(SCRIPTS)) {
    it(`${name}, wrapped for ubuntu, passes shellcheck -s sh`, function () {
    requireTool(this, "shellcheck");
      const file = join(work, `${name}.sh`);
      writeFileSync(file, privileged(text, "ubuntu"));
      const r = spawnSync("shellcheck", ["-s", "sh", file], { encoding: "utf8" });
      assert.equal(r.error, undefined, `shellcheck could not run: ${r.error}`);
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    });
  }

  /** A fake sudo: logs its argv, fails `-n` when told to, else drops `-n --` and execs the rest. */
  function fakeSudo(bin: string, log: string, allow: boolean): void {
    mkdirSync(bin, { recursive: true });
    const file = join(bin, "sudo");
    writeFileSync(
      file,
      [
        "#!/bin/sh",
        `printf '%s\\n' "$*" >> '${log}'`,
        allow ? "" : "exit 1",
        '[ "$1" = "-n" ] || exit 64',
        "shift",
        '[ "$1" = "--" ] && shift',
        'exec "$@"',
        "",
      ].join("\n"),
    );
    chmodSync(file, 0o755);
  }

  it("passes stdin through sudo: the tokens reach their files and never sudo's arguments", () => {
    const bin = join(work, "bin-ok");
    const log = join(work, "sudo-ok.log");
    fakeSudo(bin, log, true);
    const paths = [join(work, "tokens", "token"), join(work, "tokens", "agent-token")];
    const file = join(work, "token-wrapped.sh");
    writeFileSync(file, privileged(renderWriteSecretFilesScript(paths), "ubuntu"));
    const r = spawnSync("sh", [file], { input: "s3cret-server\ns3cret-agent\n", encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(paths[0]!, "utf8"), "s3cret-server\n");
    assert.equal(readFileSync(paths[1]!, "utf8"), "s3cret-agent\n");
    const calls = readFileSync(log, "utf8");
    assert.match(calls, /^-n true$/m);
    assert.match(calls, /^-n -- env PATH=/m);
    assert.ok(!calls.includes("s3cret"), "no token on sudo's command line");
  });

  it("passes config.yaml through sudo on stdin, byte for byte", () => {
    const bin = join(work, "bin-cfg");
    fakeSudo(bin, join(work, "sudo-cfg.log"), true);
    const path = join(work, "cfg-wrapped", "config.yaml");
    const file = join(work, "config-wrapped.sh");
    writeFileSync(file, privileged(renderWriteConfigScript(path), "ubuntu"));
    const r = spawnSync("sh", [file], { input: SAMPLE_CONFIG, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path, "utf8"), SAMPLE_CONFIG);
  });

  it("stops with a clear message when sudo needs a password", () => {
    const bin = join(work, "bin-no");
    const log = join(work, "sudo-no.log");
    fakeSudo(bin, log, false);
    const file = join(work, "kubeconfig-wrapped.sh");
    writeFileSync(file, privileged(renderReadKubeconfigScript(), "ubuntu"));
    const r = spawnSync("sh", [file], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /needs passwordless sudo/);
    assert.equal(readFileSync(log, "utf8").trim(), "-n true", "only the check ran");
  });
});

describe("k3s install script: run in a sandbox", () => {
  let box: string;
  before(() => {
    box = mkdtempSync(join(tmpdir(), "k3s-install-sandbox-"));
  });
  after(() => rmSync(box, { recursive: true, force: true }));

  /** A fake curl that writes `body` to its -o file and exits `code` (0 = served). */
  function fakeCurl(bin: string, body: string | undefined, code: number): void {
    const serve =
      body === undefined
        ? ""
        : ['out=""', 'while [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then out="$2"; shift; fi; shift; done', `printf '%s' ${shq(body)} > "$out"`].join("\n");
    fakeTool(bin, "curl", `echo "curl $*" >> "${bin}/calls"\n${serve}\nexit ${code}`);
  }
  const render = (installer?: { url: string; sha256: string }) =>
    renderInstallScript({ role: "server", version: VERSION, attempts: 2, retryDelaySeconds: 0, ...(installer ? { installer } : {}) });
  const calls = (bin: string) => readFileSync(join(bin, "calls"), "utf8").trim().split("\n");

  it("a curl that fails: non-zero exit, a message naming the failed download, bounded tries, nothing run", () => {
    const bin = mkdtempSync(join(box, "fail-"));
    fakeCurl(bin, undefined, 22);
    const r = runSh(writeScript("install-curl-fails", render()), bin);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /k3s install: giving up: download of https:\/\/raw\.githubusercontent\.com\/k3s-io\/k3s\/v1\.36\.4%2Bk3s1\/install\.sh failed/);
    assert.equal(calls(bin).length, 2, "two tries, then it stops");
  });

  it("a curl that serves the wrong file: non-zero exit, a message naming the digest mismatch, the file never runs", () => {
    const bin = mkdtempSync(join(box, "wrong-"));
    const marker = join(bin, "ran");
    fakeCurl(bin, `#!/bin/sh\ntouch '${marker}'\n`, 0);
    const r = runSh(writeScript("install-wrong-file", render()), bin);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /k3s install: giving up: sha256 mismatch for \S+install\.sh: expected 46177d4c\S+, got [0-9a-f]{64}/);
    assert.equal(existsSync(marker), false, "the unverified installer did not run");
  });

  it("with tokenPaths: the token files are written first from stdin; install.sh reads no stdin and keeps the umask", () => {
    const bin = mkdtempSync(join(box, "tokens-"));
    const made = join(bin, "made-by-installer");
    const body = `#!/bin/sh\ncat > '${bin}/installer-stdin'\ntouch '${made}'\n`;
    fakeCurl(bin, body, 0);
    const tokenPaths = [join(bin, "k3s", "token"), join(bin, "k3s", "agent-token")];
    const text = renderInstallScript({ role: "server", version: VERSION, attempts: 1, retryDelaySeconds: 0, tokenPaths, installer: { url: "https://example.invalid/install.sh", sha256: createHash("sha256").update(body).digest("hex") } });
    const r = runSh(writeScript("install-tokens", text), bin, "s3cret-server\ns3cret-agent\n");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(tokenPaths[0]!, "utf8"), "s3cret-server\n");
    assert.equal(readFileSync(tokenPaths[1]!, "utf8"), "s3cret-agent\n");
    assert.equal(statSync(tokenPaths[0]!).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(bin, "installer-stdin"), "utf8"), "", "stdin is closed before install.sh runs");
    const umask = process.umask();
    assert.equal(statSync(made).mode & 0o777, 0o666 & ~umask, "the token writer's umask 077 stays in its subshell");
    assert.doesNotMatch(r.stdout + r.stderr, /s3cret/);
    const short = runSh(writeScript("install-tokens-short", text), bin, "only-one\n");
    assert.notEqual(short.status, 0);
    assert.match(short.stderr, /missing secret line 2/);
  });

  it("the verified installer runs with the pinned version and the role; a failing installer exits non-zero", () => {
    const bin = mkdtempSync(join(box, "ok-"));
    const log = join(bin, "installer.log");
    const body = `#!/bin/sh\necho "$INSTALL_K3S_VERSION $*" >> '${log}'\n`;
    const sha256 = createHash("sha256").update(body).digest("hex");
    fakeCurl(bin, body, 0);
    const ok = runSh(writeScript("install-ok", render({ url: "https://example.invalid/install.sh", sha256 })), bin);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readFileSync(log, "utf8"), `${VERSION} server\n`);

    const bad = mkdtempSync(join(box, "bad-"));
    const failing = "#!/bin/sh\nexit 3\n";
    fakeCurl(bad, failing, 0);
    const r = runSh(writeScript("install-fails", render({ url: "https://example.invalid/install.sh", sha256: createHash("sha256").update(failing).digest("hex") })), bad);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /k3s install: the installer \(install\.sh server, k3s v1\.36\.4\+k3s1\) failed 2 times/);
  });
});
