/**
 * The gitops block of the stack config: what the schema refuses, by stack key. The components themselves
 * (GitOpsEngine, ArgoCdHandoff, FluxHandoff) are tested beside their sources in components/gitops/.
 */
import { strict as assert } from "assert";
import { buildConfig } from "../stacks/config/load";
import { ConfigError } from "../stacks/config/errors";

describe("k3s-gitops:gitops config", () => {
  const base = { access: { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32"] } };
  const attempt = (gitops: unknown) => {
    try {
      buildConfig({ ...base, gitops } as Record<string, unknown>, "dev");
      return [] as string[];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.message.split("\n").filter((l) => l.includes("k3s-gitops:gitops"));
    }
  };

  it("rejects an unknown engine, naming the path and what is accepted", () => {
    const msgs = attempt({ engine: "jenkins", repoUrl: "https://github.com/a/b.git" });
    assert.ok(msgs.some((m) => m.includes("k3s-gitops:gitops.engine") && m.includes("argocd or flux")), msgs.join("\n"));
  });

  it("rejects selfManage with flux", () => {
    const msgs = attempt({ engine: "flux", repoUrl: "https://github.com/a/b.git", selfManage: true });
    assert.ok(msgs.some((m) => m.includes("gitops.selfManage")), msgs.join("\n"));
  });

  it("rejects stages out of order and an ssh auth on an https URL", () => {
    const msgs = attempt({ engine: "argocd", repoUrl: "https://github.com/a/b.git", auth: { type: "ssh" }, stages: ["02-b", "01-a"] });
    assert.ok(msgs.some((m) => m.includes("gitops.stages[1]") && m.includes("higher number")), msgs.join("\n"));
    assert.ok(msgs.some((m) => m.includes("gitops.repoUrl") && m.includes("ssh://")), msgs.join("\n"));
  });

  it("rejects an scp-style URL and a path escaping the repo", () => {
    const msgs = attempt({ engine: "flux", repoUrl: "git@github.com:a/b.git", path: "../x" });
    assert.ok(msgs.some((m) => m.includes("gitops.repoUrl")), msgs.join("\n"));
    assert.ok(msgs.some((m) => m.includes("gitops.path")), msgs.join("\n"));
  });

  it("accepts a full Argo CD block without gitops problems", () => {
    assert.deepEqual(attempt({ engine: "argocd", repoUrl: "ssh://git@github.com/a/b.git", branch: "main", auth: { type: "ssh", key: "generate" }, selfManage: true, sync: { prune: false } }), []);
  });
});
