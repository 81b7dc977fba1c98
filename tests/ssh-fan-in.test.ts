/**
 * No SSH fan-in (issue 15): the prod stack at 95 agents, planned offline; for each host, the most remote commands
 * that can run at once (none depending on another), creating and destroying, from the recorded Command resources'
 * connection hosts. sshd's defaults: MaxStartups 10:30:100, MaxSessions 10 (research/convergence-destroy.md §10).
 */
import { strict as assert } from "assert";
import { join } from "path";
import { MAX_SSH_SESSIONS_PER_HOST } from "@k3s-gitops/components";
import { maxConcurrentSessionsPerHost, runProgram } from "@k3s-gitops/components/testing";
import { loadStackFile, mergeStackFiles } from "../plan/stack-file";
import { program } from "../stacks/program";

const ROOT = join(__dirname, "..");

describe("no SSH fan-in: prod at 95 agents", function () {
  this.timeout(300000);
  it("no host has more than 10 concurrent SSH sessions, creating or destroying", async () => {
    const stackFile = mergeStackFiles(
      loadStackFile(join(ROOT, "Pulumi.prod.yaml"), "k3s-gitops"),
      loadStackFile(join(__dirname, "fixtures", "ssh-fan-in", "agents-95.yaml"), "k3s-gitops"),
    );
    const run = await runProgram(program, { project: "k3s-gitops", stack: "prod", preview: true, config: stackFile.config, secretKeys: stackFile.secretKeys, captureStackTraces: false });
    if (run.error) throw run.error;
    const commands = run.resources.filter((r) => r.type === "command:remote:Command");
    assert.equal(commands.filter((c) => /-workers-\d+-install$/.test(c.name)).length, 95);
    assert.equal(MAX_SSH_SESSIONS_PER_HOST, 10);
    for (const phase of ["create", "delete"] as const) {
      const perHost = maxConcurrentSessionsPerHost(run, phase);
      // Mocked public addresses are hashes of the names and may collide: a shared key only over-counts.
      if (phase === "create") assert.ok(perHost.size > 50, `create: one host per node, bar collisions (${perHost.size})`);
      for (const [host, n] of perHost) assert.ok(n <= MAX_SSH_SESSIONS_PER_HOST, `${phase}: ${n} concurrent sessions on ${host}`);
    }
  });
});
