import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  PRIVILEGED_PATH,
  privileged,
  renderDrainNodeScript,
  renderInstallScript,
  renderReadKubeconfigScript,
  renderWaitForCloudInitScript,
  renderWaitForNodeScript,
  renderWriteConfigScript,
  renderWriteSecretFilesScript,
  tokenPathsFor,
} from "../components/k3s/scripts";
import { plainInputs } from "../components/testing/recorder";
import { SECRETS, existingConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

const SCRIPTS: Record<string, string> = {
  "cloud-init": renderWaitForCloudInitScript(),
  token: renderWriteSecretFilesScript(tokenPathsFor("server")),
  config: renderWriteConfigScript(),
  install: renderInstallScript({ role: "agent", version: "v1.36.4+k3s1", joinUrl: "https://10.0.1.2:6443" }),
  ready: renderWaitForNodeScript({ nodeName: "k3s1", requireReady: true }),
  kubeconfig: renderReadKubeconfigScript(),
  drain: renderDrainNodeScript({ nodeName: "it's-a-node" }),
};

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), "k3s-privileged-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("privileged: scripts for a non-root SSH user", () => {
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
      const exec = wrapped.split("\n").filter((l) => l.startsWith("exec "));
      assert.equal(exec.length, 1, name);
      assert.ok(exec[0]!.startsWith(`exec sudo -n -- env PATH=${PRIVILEGED_PATH} /bin/sh -c '`), name);
    }
  });

  for (const [name, text] of Object.entries(SCRIPTS)) {
    it(`${name}, wrapped for ubuntu, passes shellcheck -s sh`, () => {
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

describe("K3sCluster on existing hosts with a non-root SSH user (under mocks)", () => {
  it("runs every k3s step of the ubuntu host through sudo -n and the root host's steps unchanged", async () => {
    const run = await runStack(existingConfig(), { stack: "home", secrets: SECRETS.existing });
    if (run.error) throw run.error;
    const k3sCommands = run.ofType("command:remote:Command").filter((c) => !c.name.endsWith("-preflight"));
    const byName = (suffix: string) => {
      const found = k3sCommands.filter((c) => c.name.endsWith(suffix));
      assert.equal(found.length, 1, `${suffix}: ${k3sCommands.map((c) => c.name).join(", ")}`);
      return plainInputs(found[0]!);
    };
    // k3s1 logs in as ubuntu; k3s2 as root (the default).
    for (const step of ["k3s1-cloud-init", "k3s1-token", "k3s1-config", "k3s1-install", "k3s1-ready", "kubeconfig"]) {
      assert.match(byName(step).create, /^exec sudo -n -- env PATH=/m, step);
    }
    assert.equal(byName("k3s1-token").create, privileged(renderWriteSecretFilesScript(tokenPathsFor("server")), "ubuntu"));
    for (const step of ["k3s2-cloud-init", "k3s2-token", "k3s2-config"]) {
      assert.doesNotMatch(byName(step).create, /sudo/, step);
    }
    assert.equal(byName("k3s2-token").create, renderWriteSecretFilesScript(tokenPathsFor("agent")), "root: byte-identical");
    // The agent's readiness check and drain run on the first server, as ubuntu.
    assert.match(byName("k3s2-ready").create, /^exec sudo -n/m);
    assert.match(byName("k3s2-drain").delete, /^exec sudo -n/m);
  });
});
