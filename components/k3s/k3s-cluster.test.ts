import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { InputPropertiesError } from "../kernel/errors";
import { RunResult, runProgram } from "../testing/harness";
import { plainInputs, plainOccurrences, redactedInputs } from "../testing/recorder";
import { DEFAULT_CNI } from "../kernel/cluster-network";
import { DEFAULT_K3S_VERSION } from "./defaults";
import { K3sCluster } from "./k3s-cluster";
import { LB_PRIVATE, LB_PUBLIC, VERSION, commands, configOf, depth, fakeNodes, named, run } from "./k3s-cluster.fixtures";

// K3sCluster's config rendering, etcd snapshots, re-runs and triggers, defaults and validation. The steps' order,
// secrets, readiness and SSH sessions are in k3s-cluster-steps.test.ts; the shared fixtures in k3s-cluster.fixtures.ts.
describe("K3sCluster", function () {
  this.timeout(20000);
  let ha: RunResult;
  /** The same shape as `ha` without extraArgs: the baseline the change tests compare against. */
  let base: RunResult;
  before(async () => {
    ha = await run({ servers: 3, agents: 2, lb: true, args: { extraArgs: ["--kube-apiserver-arg=audit-log-maxage=30", "--kubelet-arg=max-pods=150"] } });
    base = await run({ servers: 3, agents: 2, lb: true });
  });

  it("first server starts the cluster with the private addresses, tls-san and cloud-provider flags", () => {
    const c = configOf(ha, "k3s-test-server-1");
    assert.equal(c["cluster-init"], true);
    assert.equal(c.server, undefined);
    assert.equal(c["node-ip"], "10.0.1.2");
    assert.equal(c["advertise-address"], "10.0.1.2");
    assert.equal(c["node-external-ip"], "203.0.113.10");
    assert.equal(c["flannel-iface"], "enp7s0");
    // The API's stable addresses and its own public address; never another server's (it would wait for them).
    assert.deepEqual(c["tls-san"], [LB_PRIVATE, "203.0.113.10", LB_PUBLIC]);
    assert.equal(c["secrets-encryption"], true);
    assert.deepEqual(c.disable, ["local-storage", "traefik"]);
    assert.equal(c["disable-cloud-controller"], true);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external", "max-pods=150"]);
    assert.deepEqual(c["kube-apiserver-arg"], ["audit-log-maxage=30"]);
    assert.equal(c["token-file"], "/etc/rancher/k3s/token");
    assert.equal(c.token, undefined);
  });

  it("other servers join the first server's private address, not the load balancer (no health-check wait)", () => {
    for (const n of ["k3s-test-server-2", "k3s-test-server-3"]) {
      const c = configOf(ha, n);
      assert.equal(c.server, "https://10.0.1.2:6443");
      assert.equal(c["secrets-encryption"], true);
      assert.ok(!(c["tls-san"] as string[]).includes("203.0.113.10"), "no other server's address");
      assert.equal(c["cluster-init"], undefined);
      assert.equal(c["advertise-address"], c["node-ip"]);
    }
  });

  it("agents join with their own config: no server-only keys, server extraArgs filtered", () => {
    const c = configOf(ha, "k3s-test-workers-1");
    assert.equal(c.server, "https://10.0.1.2:6443");
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external", "max-pods=150"]);
    for (const k of ["kube-apiserver-arg", "tls-san", "disable", "advertise-address", "agent-token-file", "cluster-init"]) {
      assert.equal(c[k], undefined, k);
    }
    const install = plainInputs(named(ha, "k3s-test-workers-1-install")).create as string;
    assert.match(install, /INSTALL_K3S_VERSION='v1\.36\.4\+k3s1' sh "\$work\/install\.sh" agent;/);
  });

  it("without a load balancer, nodes join the first server's private address", async () => {
    const r = await run({ servers: 3, agents: 1 });
    assert.equal(configOf(r, "k3s-test-server-2").server, "https://10.0.1.2:6443");
    assert.equal(configOf(r, "k3s-test-workers-1").server, "https://10.0.1.2:6443");
  });

  it("cilium: flannel off on servers, no flannel-iface, readiness waits only for registration", async () => {
    const r = await run({ servers: 1, agents: 1, args: { cni: "cilium" } });
    const s = configOf(r, "k3s-test-server-1");
    assert.equal(s["flannel-backend"], "none");
    assert.equal(s["disable-network-policy"], true);
    assert.equal(s["flannel-iface"], undefined);
    assert.equal(configOf(r, "k3s-test-workers-1")["flannel-iface"], undefined);
    assert.doesNotMatch(plainInputs(named(r, "k3s-test-server-1-ready")).create, /condition=Ready/);
  });

  it("no cloud controller: no cloud-provider flags", async () => {
    const r = await run({ servers: 1, agents: 1, externalCloudProvider: false });
    assert.equal(configOf(r, "k3s-test-server-1")["disable-cloud-controller"], undefined);
    assert.equal(configOf(r, "k3s-test-workers-1")["kubelet-arg"], undefined);
  });

  it("parallel joins: install depth does not grow with the agent or server count", async () => {
    const small = base;
    const big = await run({ servers: 5, agents: 20, lb: true });
    const maxDepth = (r: RunResult, re: RegExp) => Math.max(...commands(r).filter((c) => re.test(c.name)).map((c) => depth(r, c)));
    const agentInstall = /workers-\d+-install$/;
    const joinerInstall = /server-[2-9]-install$/;
    assert.equal(maxDepth(big, agentInstall), maxDepth(small, agentInstall));
    assert.equal(maxDepth(big, joinerInstall), maxDepth(small, joinerInstall));
    assert.equal(commands(big).filter((c) => agentInstall.test(c.name)).length, 20);
    // One step past the CA-pinned tokens (the install, which writes them): the join queues behind nothing else.
    const tokens = depth(big, named(big, "k3s-test-join-tokens"));
    assert.equal(tokens, depth(big, named(big, "k3s-test-server-1-ready")) + 1);
    assert.equal(maxDepth(big, agentInstall), tokens + 1);
  });

  it("kubeconfig: cluster, user and context are named after the cluster (k3s-<stack>)", () => {
    const kc = parse(ha.outputs.kubeconfig!.value as string);
    assert.equal(kc["current-context"], "k3s-test");
    assert.deepEqual(kc.contexts, [{ name: "k3s-test", context: { cluster: "k3s-test", user: "k3s-test" } }]);
    assert.equal(kc.clusters[0].name, "k3s-test");
    assert.equal(kc.users[0].name, "k3s-test");
  });

  it("etcd snapshots: local by default on every server; S3 through a kube-system Secret, keys never in config.yaml", async () => {
    for (const n of ["k3s-test-server-1", "k3s-test-server-2"]) {
      const c = configOf(ha, n);
      assert.equal(c["etcd-snapshot-schedule-cron"], "0 */12 * * *");
      assert.equal(c["etcd-snapshot-retention"], "5");
      assert.equal(c["etcd-s3"], undefined);
    }
    assert.equal(configOf(ha, "k3s-test-workers-1")["etcd-snapshot-retention"], undefined, "agents run no etcd");
    const r = await run({
      servers: 3,
      agents: 1,
      args: {
        etcdSnapshots: {
          schedule: "0 */6 * * *",
          retention: 10,
          s3: { endpoint: "fsn1.your-objectstorage.com", bucket: "etcd", region: "fsn1", folder: "prod", accessKeyId: pulumi.secret("AKIDEXAMPLE"), secretAccessKey: pulumi.secret("s3cr3t-key") },
        },
      },
    });
    for (const n of ["k3s-test-server-1", "k3s-test-server-3"]) {
      const c = configOf(r, n);
      assert.equal(c["etcd-snapshot-schedule-cron"], "0 */6 * * *");
      assert.equal(c["etcd-snapshot-retention"], "10");
      assert.equal(c["etcd-s3"], true);
      assert.equal(c["etcd-s3-config-secret"], "k3s-etcd-snapshot-s3-config");
      // Any other etcd-s3 key would make k3s ignore the Secret (k3s ADR etcd-s3-secret.md).
      assert.deepEqual(Object.keys(c).filter((k) => k.startsWith("etcd-s3")).sort(), ["etcd-s3", "etcd-s3-config-secret"]);
    }
    const secret = named(r, "k3s-test-etcd-s3");
    assert.equal(secret.type, "kubernetes:core/v1:Secret");
    assert.ok(secret.provider?.includes("k3s-test-k8s"), "through the cluster's provider, once the API is up");
    const inputs = plainInputs(secret);
    assert.deepEqual(inputs.metadata, { name: "k3s-etcd-snapshot-s3-config", namespace: "kube-system" });
    assert.deepEqual(Object.keys(inputs.stringData).sort(), [
      "etcd-s3-access-key", "etcd-s3-bucket", "etcd-s3-endpoint", "etcd-s3-folder", "etcd-s3-region", "etcd-s3-secret-key",
    ]);
    assert.equal(inputs.stringData["etcd-s3-endpoint"], "fsn1.your-objectstorage.com");
    for (const x of r.resources) {
      for (const key of ["AKIDEXAMPLE", "s3cr3t-key"]) assert.deepEqual(plainOccurrences(x.rawInputs, key), [], `${x.name} carries an S3 key outside a secret`);
    }
    for (const c of commands(r)) assert.doesNotMatch(JSON.stringify(plainInputs(c)), /s3cr3t-key|AKIDEXAMPLE/, c.name);
  });


  it("re-runs: installs are triggered by the config hash; create (with the version) is ignored", () => {
    for (const c of commands(ha).filter((x) => x.name.endsWith("-install"))) {
      assert.deepEqual(c.options.ignoreChanges, ["create"]);
      const triggers = plainInputs(c).triggers as string[];
      assert.equal(triggers.length, 1);
      assert.match(triggers[0]!, /^[0-9a-f]{64}$/);
      assert.doesNotMatch(triggers[0]!, /v1\.36/);
    }
  });

  it("a k3s version change leaves every trigger and every other input unchanged", async () => {
    const a = base;
    // v1.36.5+k3s1: the table's second row (components/kernel/k3s-releases.ts).
    const b = await run({ servers: 3, agents: 2, lb: true, args: { version: "v1.36.5+k3s1" } });
    const view = (r: RunResult) =>
      r.resources.map((x) => {
        const i = { ...redactedInputs(x) };
        if (x.name.endsWith("-install")) delete i.create;
        return JSON.stringify([x.name, i, x.dependencies]);
      });
    assert.deepEqual(view(b), view(a));
    const createOf = (r: RunResult) => plainInputs(named(r, "k3s-test-server-1-install")).create as string;
    assert.notEqual(createOf(a), createOf(b), "the new version is what a new node would install");
  });

  it("a change to one node's config changes only that node's triggers", async () => {
    const a = base;
    const b = await run({ servers: 3, agents: 2, lb: true, args: { agentExtraArgs: ["--kubelet-arg=max-pods=200"] } });
    const triggers = (r: RunResult) =>
      Object.fromEntries(commands(r).filter((c) => c.name.endsWith("-install")).map((c) => [c.name, plainInputs(c).triggers[0]]));
    const ta = triggers(a);
    const tb = triggers(b);
    const changed = Object.keys(ta).filter((k) => ta[k] !== tb[k]).sort();
    assert.deepEqual(changed, ["k3s-test-workers-1-install", "k3s-test-workers-2-install"]);
  });

  it("is deterministic: two runs record identical inputs, options and dependencies", async () => {
    const a = base;
    const b = await run({ servers: 3, agents: 2, lb: true });
    const view = (r: RunResult) => r.resources.map((x) => JSON.stringify([x.type, x.name, x.rawInputs, x.dependencies, x.options]));
    assert.deepEqual(view(b), view(a));
  });

  it("every install pins exactly the configured version (INSTALL_K3S_VERSION, quoted), nothing else installs", () => {
    // The pinned-versions policy reads the same variable; tests/k3s-cluster.test.ts checks the stacks with it.
    const versionsIn = (script: string) => [...script.matchAll(/INSTALL_K3S_VERSION='([^']*)'/g)].map((m) => m[1]);
    const installs = commands(ha).filter((c) => c.name.endsWith("-install"));
    assert.equal(installs.length, 5);
    for (const c of installs) assert.deepEqual(versionsIn(plainInputs(c).create), [VERSION]);
    for (const c of commands(ha).filter((x) => !x.name.endsWith("-install"))) {
      assert.doesNotMatch(JSON.stringify(plainInputs(c)), /INSTALL_K3S_|get\.k3s\.io/, c.name);
    }
  });

  it("refuses a cluster with no server, and registers nothing", async () => {
    const r = await runProgram(
      () => {
        new K3sCluster("k3s-test", { nodes: fakeNodes({ servers: 0, agents: 1 }), version: VERSION });
        return {};
      },
      { stack: "test", preview: false, config: {} },
    );
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.match(String(r.error), /nodes\.servers is \[\]: must hold at least one server/);
    // Only the stand-in host the test itself made; K3sCluster registered nothing.
    assert.deepEqual(r.resources.map((x) => x.name), ["k3s-test-workers-1-host"]);
  });

  it("applies its defaults: the pinned release, the default CNI, nothing disabled, no extra flags", async () => {
    const r = await runProgram(
      () => {
        const cluster = new K3sCluster("k3s-test", { nodes: fakeNodes({ servers: 1, agents: 1 }) });
        return { version: cluster.version, cni: cluster.cni };
      },
      { stack: "test", preview: false, config: {} },
    );
    if (r.error) throw r.error;
    assert.equal(r.outputs.version!.value, DEFAULT_K3S_VERSION);
    assert.equal(r.outputs.cni!.value, DEFAULT_CNI);
    const install = plainInputs(named(r, "k3s-test-server-1-install")).create as string;
    assert.match(install, new RegExp(`INSTALL_K3S_VERSION='${DEFAULT_K3S_VERSION.replace(/[.+]/g, "\\$&")}'`));
    const c = configOf(r, "k3s-test-server-1");
    assert.equal(c["flannel-iface"], "enp7s0", "flannel, k3s's own CNI");
    assert.equal(c.disable, undefined);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external"]);
    assert.match(plainInputs(named(r, "k3s-test-server-1-ready")).create, /condition=Ready/);
    assert.match(plainInputs(named(r, "k3s-test-nodes-ready")).create, /\$2 == "Ready"/);
  });

  it("exposes the resolved version and CNI for the layers above", () => {
    assert.equal(ha.outputs.version!.value, VERSION);
    assert.equal(ha.outputs.cni!.value, "flannel");
  });

  it("bad literal args: one InputPropertiesError listing every problem, and nothing registered", async () => {
    const r = await runProgram(
      () => {
        new K3sCluster("k3s-test", {
          nodes: fakeNodes({ servers: 1, agents: 0 }),
          version: "v1.36",
          disable: ["servicelb", "nope" as never],
          extraArgs: ["--node-name=x", "--kubelet-arg=max-pods=150"],
        });
        return {};
      },
      { stack: "test", preview: false, config: {} },
    );
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.deepEqual(r.error.problems.map((p) => p.path), ["version", "disable[1]", "extraArgs[0]"]);
    assert.match(r.error.message, /version is "v1\.36": must be an exact k3s release/);
    assert.deepEqual(r.resources.map((x) => x.type), ["command:local:Command"], "only the test's stand-in host");
  });

  it("checks each node's private address when it resolves, naming the node's path", async () => {
    const r = await runProgram(
      () => {
        const nodes = fakeNodes({ servers: 1, agents: 2 });
        const agents = [nodes.agents[0]!, { ...nodes.agents[1]!, privateIp: pulumi.output("k3s2.lan") }];
        const cluster = new K3sCluster("k3s-test", { nodes: { ...nodes, agents } });
        return { config: cluster.nodeConfigs["k3s-test-workers-2"] };
      },
      { stack: "test", preview: false, config: {} },
    );
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.deepEqual(r.error.problems.map((p) => [p.path, p.value]), [["nodes.agents[1].privateIp", "k3s2.lan"]]);
  });
});
