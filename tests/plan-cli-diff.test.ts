/**
 * `npm run plan -- --stack S --diff-against <plan.json | git ref>` through the CLI (runCli, in-process), on the
 * fixtures of tests/fixtures/plan-diff/: the base is the prod plan saved with --json, the head the prod stack with
 * one override. Also the estimate in the summary and the JSON, and the git-ref path (a temporary worktree).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseArgs, runCli } from "../plan/cli";

const FIXTURES = join(__dirname, "fixtures", "plan-diff");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err: err.join("\n") };
}

describe("plan CLI: estimate and --diff-against", function () {
  this.timeout(120000);
  let tmp: string;
  let base: string;
  let baseOut: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "plan-cli-diff-"));
    base = join(tmp, "prod.json");
    const r = await cli(["--stack", "prod", "--json", base]);
    assert.equal(r.code, 0, r.err);
    baseOut = r.out;
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("prints the time-weighted critical path and the time to GitOps-ready, and writes the same estimate to the JSON", () => {
    const report = JSON.parse(readFileSync(base, "utf8"));
    const e = report.estimate;
    assert.ok(e.gitopsReadyAt.low <= e.gitopsReadyAt.mid && e.gitopsReadyAt.mid <= e.gitopsReadyAt.high);
    assert.match(baseOut, /Estimated time to GitOps-ready: \S+.* \(low \S+.*, high \S+.*\)/);
    assert.match(baseOut, /Critical path, time-weighted at mid costs/);
    const last = e.criticalPath[e.criticalPath.length - 1];
    assert.equal(last.layer, 5, "the path ends in the hand-off");
    assert.ok(baseOut.includes(`${last.type} ${last.name}`));
    // The resource options the diff needs, on custom resources only.
    const server = report.resources.find((r: { type: string }) => r.type === "hcloud:index/server:Server");
    assert.ok(server.ignoreChanges.includes("image"), "servers ignore image changes");
    assert.deepEqual(server.replaceOnChanges, []);
    const component = report.resources.find((r: { custom: boolean }) => !r.custom);
    assert.equal("ignoreChanges" in component, false);
  });

  it("an agent count change: added resources, no replacement", async () => {
    const r = await cli(["--stack", "prod", "--config-file", join(FIXTURES, "agents-4.yaml"), "--diff-against", base]);
    assert.equal(r.code, 0, r.err);
    // The new agent's server, host key and its four commands; the one node-count wait re-runs with the new count.
    assert.match(r.out, /Plan diff for stack prod: 0 replaced, 0 may be replaced, 6 added, 0 removed, 1 updated/);
    assert.match(r.out, /\+ hcloud:index\/server:Server k3s-prod-workers-4\n/);
    assert.match(r.out, /\+ tls:index\/privateKey:PrivateKey k3s-prod-workers-4-host-key\n/);
    assert.match(r.out, /~ command:remote:Command k3s-prod-nodes-ready \(update; the command runs again\)/);
    assert.ok(!/Replaced \(delete and create\)/.test(r.out));
  });

  it("a k3s version change: no replacement, the upgrade Plans update, the installs' change is ignored", async () => {
    const r = await cli(["--stack", "prod", "--config-file", join(FIXTURES, "k3s-version.yaml"), "--diff-against", base]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Plan diff for stack prod: 0 replaced, 0 may be replaced, 0 added, 0 removed, 2 updated, 6 with ignored changes only/);
    assert.match(r.out, /spec\.version: "v1\.\S+" → "v1\.36\.5\+k3s1"/);
    assert.match(r.out, /k3s-prod-server-1-install \(no change: every difference is ignored\)/);
  });

  it("a location change: the server is replaced, listed first, and the markdown says so too", async () => {
    const md = join(tmp, "location.md");
    const r = await cli(["--stack", "prod", "--config-file", join(FIXTURES, "location.yaml"), "--diff-against", base, "--diff-markdown", md]);
    assert.equal(r.code, 0, r.err);
    const diff = r.out.slice(r.out.indexOf("Plan diff for stack prod"));
    assert.match(diff, /^Plan diff for stack prod: 1 replaced/);
    const replaced = diff.indexOf("Replaced (delete and create):\n! hcloud:index/server:Server k3s-prod-server-3");
    assert.ok(replaced > 0 && replaced < diff.indexOf("May be replaced"), diff);
    assert.match(diff, /location: "hel1" → "fsn1"  \(replaces: location\)/);
    const text = readFileSync(md, "utf8");
    assert.match(text, /^### Plan diff for stack prod: 1 replaced/);
    assert.match(text, /#### Replaced \(delete and create\)\n\n```diff\n! hcloud:index\/server:Server k3s-prod-server-3/);
    assert.match(text, /_Base: .*prod\.json\._/);
  });

  it("masks secrets in the printed diff", async () => {
    const r = await cli(["--stack", "prod", "--config-file", join(FIXTURES, "location.yaml"), "--diff-against", base]);
    const stackFile = readFileSync(join(__dirname, "..", "Pulumi.prod.yaml"), "utf8");
    for (const secure of stackFile.match(/secure: \S+/g) ?? []) assert.ok(!r.out.includes(secure.slice(8)), "a secure value leaked");
    assert.match(r.out, /Secrets are masked and not compared/);
  });

  it("plans a git ref in a temporary worktree and removes it", async function () {
    try {
      execFileSync("git", ["rev-parse", "--verify", "HEAD"], { stdio: "ignore" });
    } catch {
      this.skip(); // not a git checkout (a source tarball)
    }
    const worktrees = () => execFileSync("git", ["worktree", "list", "--porcelain"], { encoding: "utf8" });
    const beforeTrees = worktrees();
    const r = await cli(["--stack", "prod", "--diff-against", "HEAD"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /planning stack prod at HEAD \([0-9a-f]{12}\)/);
    assert.match(r.out, /Plan diff for stack prod: \d+ replaced/);
    assert.match(r.out, /Note: Base: HEAD \([0-9a-f]{12}\)\./);
    assert.equal(worktrees(), beforeTrees, "the temporary worktree is gone");
  });

  it("rejects a base that is neither a file nor a commit, and --diff-markdown alone", async () => {
    const r = await cli(["--stack", "prod", "--diff-against", "no-such-ref-or-file"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /neither a plan file nor a git commit/);
    assert.throws(() => parseArgs(["--stack", "prod", "--diff-markdown", "x.md"]), /--diff-markdown needs --diff-against/);
  });
});
