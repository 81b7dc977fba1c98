/**
 * Pinned SSH host keys (issue 10): every connection the nodes hand to k3s checks the host key. Cloud nodes get a
 * generated key through cloud-init; existing hosts and the bastion must configure theirs, and the config error names
 * the ssh-keyscan line for the host's own address.
 */
import { strict as assert } from "node:assert";
import { plainInputs } from "@k3s-gitops/components/testing";
import { planStack } from "../plan/cli";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { HOME_HOSTS, existingConfig } from "./multicloud-fixtures";

function problemsOf(config: Record<string, unknown>): string[] {
  try {
    buildConfig(config, "dev");
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n").slice(1);
    throw err;
  }
  return [];
}

describe("pinned SSH host keys", function () {
  this.timeout(120000);

  for (const stack of ["prod", "do-dev", "home"]) {
    it(`Pulumi.${stack}.yaml: every SSH step (install, join, readiness, kubeconfig read, drain) pins a host key`, async () => {
      const { run } = await planStack({ stack });
      if (run.error) throw run.error;
      const commands = run.resources.filter((r) => r.type === "command:remote:Command");
      assert.ok(commands.length > 0);
      for (const c of commands) {
        const conn = plainInputs(c).connection;
        assert.match(String(conn.hostKey), /^ssh-ed25519 AAAA/, `${c.name} pins no host key`);
        if (conn.proxy) assert.match(String(conn.proxy.hostKey), /^ssh-ed25519 AAAA/, `${c.name}'s bastion pins no host key`);
      }
      for (const step of ["-install", "-ready", "-drain", "kubeconfig"]) {
        assert.ok(commands.some((c) => c.name.includes(step)), `a ${step} step is checked`);
      }
    });
  }

  it("refuses an existing host or bastion without a host key, naming the ssh-keyscan line for its address", () => {
    const e = existingConfig() as { existing: Record<string, unknown> };
    const { hostKey: _drop, ...bare } = HOME_HOSTS[1];
    const lines = problemsOf({
      ...e,
      existing: { ...e.existing, hosts: [HOME_HOSTS[0], { ...bare, sshPort: 2202 }], bastion: { host: "bastion.example.com" } },
    });
    assert.ok(lines.some((l) => l.includes("k3s-gitops:existing.hosts[1].hostKey is missing") && l.includes("`ssh-keyscan -p 2202 -t ed25519 192.168.86.72`")), lines.join("\n"));
    assert.ok(lines.some((l) => l.includes("k3s-gitops:existing.bastion.hostKey is missing") && l.includes("`ssh-keyscan -t ed25519 bastion.example.com`")), lines.join("\n"));
  });

  it("refuses a host key that is not a key line (an ssh-keyscan line with its address still in front)", () => {
    const e = existingConfig() as { existing: Record<string, unknown> };
    const lines = problemsOf({ ...e, existing: { ...e.existing, hosts: [{ ...HOME_HOSTS[0], hostKey: `192.168.86.71 ${HOME_HOSTS[0].hostKey}` }, HOME_HOSTS[1]] } });
    assert.ok(lines.some((l) => l.includes("k3s-gitops:existing.hosts[0].hostKey") && l.includes("without the address")), lines.join("\n"));
  });
});
