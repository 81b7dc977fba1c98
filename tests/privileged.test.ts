/**
 * The program's side of the non-root SSH user: the home stack's k3s steps under mocks. The wrapper itself is tested
 * beside its source, in components/k3s/scripts.test.ts.
 */
import { strict as assert } from "assert";
import { privileged, renderPrepareNodeScript } from "@k3s-gitops/components";
import { plainInputs } from "@k3s-gitops/components/testing";
import { SECRETS, existingConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

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
    for (const step of ["k3s1-prepare", "k3s1-install", "k3s1-ready", "kubeconfig"]) {
      assert.match(byName(step).create, /^exec sudo -n -- env PATH=/m, step);
    }
    assert.equal(byName("k3s1-prepare").create, privileged(renderPrepareNodeScript(), "ubuntu"));
    for (const step of ["k3s2-prepare", "k3s2-install"]) assert.doesNotMatch(byName(step).create, /sudo/, step);
    assert.equal(byName("k3s2-prepare").create, renderPrepareNodeScript(), "root: byte-identical");
    // The agent's readiness is checked on the agent itself (root: unchanged); its drain and the node-count wait run on
    // the first server, as ubuntu; so do the CA-pinned token step.
    assert.doesNotMatch(byName("k3s2-ready").create, /sudo/);
    assert.match(byName("k3s2-drain").delete, /^exec sudo -n/m);
    for (const step of ["nodes-ready", "join-tokens"]) assert.match(byName(step).create, /^exec sudo -n/m, step);
  });
});
