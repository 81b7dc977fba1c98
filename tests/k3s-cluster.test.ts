/**
 * K3sCluster as the program composes it: HetznerNodes + K3sCluster in the dev and prod stacks, and the pinned-versions
 * policy reading the installs. The component itself is tested from literal args in components/k3s/k3s-cluster.test.ts.
 */
import { strict as assert } from "assert";
import { parse } from "yaml";
import { DEFAULT_K3S_VERSION } from "@k3s-gitops/components";
import { plainOccurrences } from "@k3s-gitops/components/testing";
import { k3sVersionsIn } from "../policy/rules/pinning";
import { baseConfig, runStack } from "./mocks";

const CMD = "command:remote:Command";

describe("K3sCluster in the dev and prod stacks (HetznerNodes + K3sCluster)", function () {
  this.timeout(30000);
  const config = baseConfig({ cloud: "hetzner", platform: { certManager: { email: "ops@example.com" } } });

  it("dev: one server that starts the cluster, no agents, a secret kubeconfig", async () => {
    const run = (await runStack(config, { stack: "dev" })).ok();
    const cmds = run.ofType(CMD);
    const prepares = cmds.filter((c) => c.name.endsWith("-prepare"));
    assert.equal(prepares.length, 1);
    const c = parse(run.inputs(prepares[0]!).stdin);
    assert.equal(c["cluster-init"], true);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external"]);
    assert.equal(c["disable-cloud-controller"], true);
    assert.equal(cmds.filter((x) => x.name.endsWith("-drain")).length, 0);
    assert.equal(run.result.outputs.kubeconfig!.secret, true);
  });

  it("prod: 3 servers, the joiners and agents share one join URL and wait only for the first server", async () => {
    const run = (await runStack(config, { stack: "prod" })).ok();
    const cmds = run.ofType(CMD);
    const cfg = (suffix: string) => parse(run.inputs(cmds.find((c) => c.name.endsWith(suffix))!).stdin);
    const first = cfg("server-1-prepare");
    assert.equal(first["cluster-init"], true);
    const joinUrls = new Set(cmds.filter((c) => c.name.endsWith("-prepare") && !c.name.endsWith("server-1-prepare")).map((c) => parse(run.inputs(c).stdin).server));
    assert.equal(joinUrls.size, 1);
    assert.match([...joinUrls][0], /^https:\/\/[0-9.]+:6443$/);
    const firstReady = cmds.find((c) => c.name.endsWith("server-1-ready"))!;
    const installs = cmds.filter((c) => c.name.endsWith("-install") && !c.name.endsWith("server-1-install"));
    assert.ok(installs.length >= 4);
    for (const i of installs) {
      assert.ok(i.dependencies.includes(firstReady.urn), i.name);
      for (const other of installs) if (other !== i) assert.ok(!run.dependsOn(i, other), `${i.name} waits for ${other.name}`);
    }
    assert.ok(cmds.filter((x) => x.name.endsWith("-drain")).length >= 2);
    // The token stays inside secrets across the whole stack.
    const token = String(run.inputs(cmds.find((c) => c.name.endsWith("server-1-install"))!).stdin).split("\n")[0]!;
    assert.ok(token.length >= 64);
    for (const r of run.resources) assert.deepEqual(plainOccurrences(r.rawInputs, token), [], r.name);
  });

  it("prod: every install pins exactly the profile's k3s release, as the pinned-versions policy reads it", async () => {
    const run = (await runStack(config, { stack: "prod" })).ok();
    const cmds = run.ofType(CMD);
    const installs = cmds.filter((c) => c.name.endsWith("-install"));
    assert.equal(installs.length, 5);
    for (const c of installs) assert.deepEqual(k3sVersionsIn(run.inputs(c).create), [DEFAULT_K3S_VERSION]);
    for (const c of cmds.filter((x) => !x.name.endsWith("-install"))) {
      assert.doesNotMatch(JSON.stringify(run.inputs(c)), /INSTALL_K3S_|get\.k3s\.io/, c.name);
    }
  });
});
