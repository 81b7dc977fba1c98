import { strict as assert } from "assert";
import * as command from "@pulumi/command";
import { parse } from "yaml";
import { RunResult, runProgram } from "../testing/harness";
import { isSecretValue, plainInputs, plainOccurrences, redactedInputs } from "../testing/recorder";
import { MOCK_CA_HASH } from "../testing/mock-state";
import { maxConcurrentSessionsPerHost } from "../testing/ssh-sessions";
import { K3sCluster, MAX_SSH_SESSIONS_PER_HOST } from "./k3s-cluster";
import { renderRefreshTokensScript, tokenPathsFor } from "./prepare-script";
import { LB_PRIVATE, LB_PUBLIC, commands, fakeNodes, named, run, waitsFor } from "./k3s-cluster.fixtures";

// K3sCluster's steps: their order and fan-out, the secrets they carry, the kubeconfig and provider, readiness and
// the node-count wait, SSH sessions per host, and the drain on removal. Config rendering, defaults and re-runs are
// in k3s-cluster.test.ts.
describe("K3sCluster", function () {
  this.timeout(20000);
  let ha: RunResult;
  before(async () => {
    ha = await run({ servers: 3, agents: 2, lb: true, args: { extraArgs: ["--kube-apiserver-arg=audit-log-maxage=30", "--kubelet-arg=max-pods=150"] } });
  });

  it("every step waits for its node's host; the node's steps run in order", () => {
    const host = named(ha, "k3s-test-workers-2-host");
    const step = (s: string) => named(ha, `k3s-test-workers-2-${s}`);
    assert.ok(step("prepare").dependencies.includes(host.urn));
    assert.ok(waitsFor(ha, step("install"), step("prepare")));
    assert.ok(waitsFor(ha, step("ready"), step("install")));
    const steps = commands(ha).filter((c) => c.name.startsWith("k3s-test-workers-2-")).map((c) => c.name.slice("k3s-test-workers-2-".length));
    assert.deepEqual(steps.sort(), ["drain", "install", "prepare", "ready"], "one prepare step: cloud-init wait, tokens and config in one session");
  });

  it("joining servers and agents wait for the first server, never for each other", () => {
    const firstReady = named(ha, "k3s-test-server-1-ready");
    const installs = ["server-2", "server-3", "workers-1", "workers-2"].map((n) => named(ha, `k3s-test-${n}-install`));
    for (const install of installs) {
      assert.ok(install.dependencies.includes(firstReady.urn), `${install.name} waits for the first server`);
      for (const other of installs) {
        if (other === install) continue;
        assert.ok(!waitsFor(ha, install, other), `${install.name} must not wait for ${other.name}`);
        assert.ok(!waitsFor(ha, install, named(ha, other.name.replace(/-install$/, "-ready"))), `${install.name} vs ${other.name} ready`);
      }
    }
  });

  it("the token is in no command line, no log and no plain input anywhere", () => {
    const firstStdin = plainInputs(named(ha, "k3s-test-server-1-install")).stdin as string;
    const [serverToken, agentToken]: (string | undefined)[] = firstStdin.trim().split("\n");
    assert.ok(serverToken && serverToken.length >= 64 && agentToken && agentToken.length >= 64);
    assert.notEqual(serverToken, agentToken);
    for (const r of ha.resources) {
      for (const t of [serverToken!, agentToken!]) {
        const found: string[] = plainOccurrences(r.rawInputs, t);
        assert.deepEqual(found, [], `${r.name} carries a token outside a secret`);
      }
    }
    // Only the installs and the step that pins them to the CA carry it at all, and only in stdin.
    const carriers = commands(ha).filter((c) => JSON.stringify(plainInputs(c)).includes(serverToken!));
    assert.deepEqual(carriers.map((c) => c.name).sort(), ["k3s-test-join-tokens", "k3s-test-server-1-install", "k3s-test-server-2-install", "k3s-test-server-3-install"]);
    for (const c of carriers) assert.ok(!String(plainInputs(c).create).includes(serverToken!), `${c.name}: not in the command line`);
  });

  it("joins pin the cluster CA: K10<sha256 of server-ca.crt>::server:/::node: tokens built on the first server", () => {
    const [serverToken, agentToken] = (plainInputs(named(ha, "k3s-test-server-1-install")).stdin as string).trim().split("\n");
    const build = named(ha, "k3s-test-join-tokens");
    assert.match(plainInputs(build).create, /sha256sum '\/var\/lib\/rancher\/k3s\/server\/tls\/server-ca\.crt'/);
    assert.equal(plainInputs(build).logging, "none");
    assert.ok(isSecretValue(build.rawInputs.stdin));
    for (const o of ["stdin", "stdout", "stderr"]) assert.ok(build.options.additionalSecretOutputs.includes(o), o);
    assert.equal(plainInputs(build).connection.host, "203.0.113.10");
    assert.ok(build.dependencies.includes(named(ha, "k3s-test-server-1-ready").urn));
    for (const n of ["server-2", "server-3"]) {
      const [pinned, agentPassword] = (plainInputs(named(ha, `k3s-test-${n}-install`)).stdin as string).trim().split("\n");
      assert.equal(pinned, `K10${MOCK_CA_HASH}::server:${serverToken}`);
      assert.equal(agentPassword, agentToken, "the agent-token file: the same value on every server");
    }
    for (const n of ["workers-1", "workers-2"]) {
      assert.equal((plainInputs(named(ha, `k3s-test-${n}-install`)).stdin as string).trim(), `K10${MOCK_CA_HASH}::node:${agentToken}`);
    }
    // The first server starts with the short tokens (the only form k3s accepts before its CA exists).
    assert.doesNotMatch(plainInputs(named(ha, "k3s-test-server-1-install")).stdin as string, /K10/);
  });

  it("installs carry the tokens: stdin is secret, nothing logged, outputs secret; agents never get the server password", () => {
    const [serverToken] = (plainInputs(named(ha, "k3s-test-server-1-install")).stdin as string).trim().split("\n");
    assert.ok(!(plainInputs(named(ha, "k3s-test-workers-1-install")).stdin as string).includes(serverToken!));
    // A token-only change runs the install's update: refresh the files, restart only if they differ.
    for (const [n, role] of [["server-2", "server"], ["workers-1", "agent"]] as const) {
      const update = plainInputs(named(ha, `k3s-test-${n}-install`)).update as string;
      assert.equal(update, renderRefreshTokensScript({ tokenPaths: tokenPathsFor(role), service: role === "server" ? "k3s" : "k3s-agent" }));
      assert.ok(!update.includes(serverToken!));
    }
    for (const c of commands(ha).filter((x) => x.name.endsWith("-install") || x.name.endsWith("-join-tokens"))) {
      assert.ok(isSecretValue(c.rawInputs.stdin), `${c.name} stdin secret`);
      assert.equal(plainInputs(c).logging, "none");
      assert.ok(c.options.additionalSecretOutputs.includes("stdin"));
      assert.ok(c.options.additionalSecretOutputs.includes("stdout"));
    }
  });

  it("config.yaml is not secret, so plans can show it: the prepare step's stdin; the prepare step carries no token", () => {
    const c = named(ha, "k3s-test-server-1-prepare");
    assert.equal(isSecretValue(c.rawInputs.stdin), false);
    assert.match(redactedInputs(c).stdin as string, /^token-file: \/etc\/rancher\/k3s\/token$/m);
    assert.ok(!c.dependencies.includes(named(ha, "k3s-test-join-tokens").urn));
  });

  it("a joining node's prepare step (its cloud-init wait) does not wait for the first server; its install does", () => {
    for (const n of ["server-2", "workers-1"]) {
      const prepare = named(ha, `k3s-test-${n}-prepare`);
      assert.ok(!waitsFor(ha, prepare, named(ha, "k3s-test-server-1-ready")), `${n}: prepare runs while the first server installs`);
      assert.ok(waitsFor(ha, named(ha, `k3s-test-${n}-install`), named(ha, "k3s-test-join-tokens")), `${n}: install waits for its CA-pinned token`);
    }
  });

  it("the private key stays secret in every connection", () => {
    for (const c of commands(ha)) assert.ok(isSecretValue((c.rawInputs.connection as Record<string, unknown>).privateKey) || isSecretValue(c.rawInputs.connection), c.name);
  });

  it("kubeconfig: read from the first server as a secret, rewritten to the API endpoint", () => {
    const read = named(ha, "k3s-test-kubeconfig");
    assert.ok(read.options.additionalSecretOutputs.includes("stdout"));
    assert.equal(plainInputs(read).logging, "none");
    assert.ok(read.dependencies.includes(named(ha, "k3s-test-server-1-ready").urn));
    assert.equal(plainInputs(read).connection.host, "203.0.113.10");
    const kc = ha.outputs.kubeconfig!;
    assert.equal(kc.secret, true);
    assert.equal(parse(kc.value as string).clusters[0].cluster.server, `https://${LB_PUBLIC}:6443`);
    assert.equal(ha.outputs.apiServerUrl!.value, `https://${LB_PUBLIC}:6443`);
  });

  it("provider: built from the secret kubeconfig, after the first server only; every host is still a dependency", () => {
    const p = ha.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
    assert.ok(p, "a kubernetes provider");
    assert.equal(p.name, "k3s-test-k8s");
    assert.ok(isSecretValue(p.rawInputs.kubeconfig));
    assert.ok(p.dependencies.includes(named(ha, "k3s-test-server-1-ready").urn));
    for (const other of ["server-2", "server-3", "workers-1", "workers-2"]) {
      assert.ok(!waitsFor(ha, p, named(ha, `k3s-test-${other}-ready`)), `the provider must not wait for ${other}'s join`);
      assert.ok(!waitsFor(ha, p, named(ha, `k3s-test-${other}-install`)), `nor its install`);
      // Destroy order: the layers above (through the provider) go before any node's host.
      assert.ok(p.dependencies.includes(named(ha, `k3s-test-${other}-host`).urn), `${other}'s host`);
    }
    // 1 ready step + 5 hosts.
    assert.equal(ha.outputs.readyCount!.value, 6);
  });

  it("one step on the first server waits for the expected node count; every other readiness check runs on its own node", () => {
    const wait = named(ha, "k3s-test-nodes-ready");
    assert.equal(plainInputs(wait).connection.host, "203.0.113.10");
    assert.match(plainInputs(wait).create, /^expected=5$/m);
    assert.equal(plainInputs(wait).triggers, undefined, "a count change updates (re-runs) it, replacing nothing");
    // It starts once every join's k3s has started, beside (not after) each node's own readiness check.
    for (const n of ["server-2", "server-3", "workers-1", "workers-2"]) {
      assert.ok(wait.dependencies.includes(named(ha, `k3s-test-${n}-install`).urn), n);
      assert.ok(!waitsFor(ha, wait, named(ha, `k3s-test-${n}-ready`)), `${n}: the count wait polls the API itself`);
    }
    for (const [n, ip] of [["workers-1", "203.0.113.100"], ["workers-2", "203.0.113.101"], ["server-2", "203.0.113.11"]] as const) {
      assert.equal(plainInputs(named(ha, `k3s-test-${n}-ready`)).connection.host, ip, `${n} is checked on itself`);
    }
    const agentReady = plainInputs(named(ha, "k3s-test-workers-1-ready")).create as string;
    assert.match(agentReady, /systemctl is-active --quiet k3s-agent && curl -sf --max-time 5 -o \/dev\/null http:\/\/127\.0\.0\.1:10248\/healthz/);
    assert.doesNotMatch(agentReady, /kubectl/);
  });

  it("no SSH fan-in: at 95 agents no host has more than 10 concurrent sessions, creating or destroying", async function () {
    this.timeout(120000);
    const big = await run({ servers: 3, agents: 95, lb: true });
    for (const phase of ["create", "delete"] as const) {
      const perHost = maxConcurrentSessionsPerHost(big, phase);
      const worst = Math.max(...perHost.values());
      assert.ok(worst <= MAX_SSH_SESSIONS_PER_HOST, `${phase}: ${worst} concurrent sessions on one host`);
    }
    // The first server: its own steps, the token build, the kubeconfig read, the count wait; and ten drain lanes.
    assert.ok(maxConcurrentSessionsPerHost(big, "create").get("203.0.113.10")! <= 3);
    assert.equal(maxConcurrentSessionsPerHost(big, "delete").get("203.0.113.10"), MAX_SSH_SESSIONS_PER_HOST);
    // Before: every agent's readiness check ran on the first server (95 at once). The counter sees such a fan-in.
    const fan = { ...big, resources: big.resources.map((x) => (/workers-\d+-ready$/.test(x.name) ? { ...x, rawInputs: { ...x.rawInputs, connection: { host: "203.0.113.10" } } } : x)) };
    assert.ok(maxConcurrentSessionsPerHost(fan, "create").get("203.0.113.10")! >= 95);
  });

  it("a public API load balancer: the kubeconfig waits once for its health check from the first server; no node step waits for it", async () => {
    const r = await runProgram(
      () => {
        const nodes = fakeNodes({ servers: 3, agents: 1, lb: true });
        const target = new command.local.Command("k3s-test-lb-target", { create: "true" });
        const cluster = new K3sCluster("k3s-test", { nodes: { ...nodes, apiDependsOn: [target] } });
        return { kubeconfig: cluster.kubeconfig };
      },
      { stack: "test", preview: false, config: {} },
    );
    if (r.error) throw r.error;
    const wait = named(r, "k3s-test-api-endpoint");
    assert.match(plainInputs(wait).create, new RegExp(`url='https://${LB_PRIVATE.replace(/\./g, "\\.")}:6443'`));
    assert.ok(wait.dependencies.includes(named(r, "k3s-test-lb-target").urn));
    assert.ok(named(r, "k3s-test-kubeconfig").dependencies.includes(wait.urn));
    for (const c of commands(r).filter((x) => /-(prepare|install|ready)$/.test(x.name))) {
      assert.ok(!waitsFor(r, c, named(r, "k3s-test-lb-target")), `${c.name} must not wait for the load balancer`);
    }
    // Without apiDependsOn (a private load balancer, or none): no wait at all.
    assert.equal(ha.resources.find((x) => x.name === "k3s-test-api-endpoint"), undefined);
  });

  it("removing an agent: a drain command per agent, on the first server, destroyed before the agent's host", () => {
    const drains = commands(ha).filter((c) => c.name.endsWith("-drain"));
    assert.deepEqual(drains.map((d) => d.name).sort(), ["k3s-test-workers-1-drain", "k3s-test-workers-2-drain"]);
    const d = named(ha, "k3s-test-workers-1-drain");
    const inputs = plainInputs(d);
    assert.equal(inputs.create, undefined);
    assert.match(inputs.delete, /node='k3s-test-workers-1'/);
    assert.match(inputs.delete, /k3s kubectl drain "\$node" --ignore-daemonsets --delete-emptydir-data --timeout=300s/);
    assert.match(inputs.delete, /k3s kubectl delete node "\$node"/);
    assert.equal(inputs.connection.host, "203.0.113.10");
    assert.ok(d.dependencies.includes(named(ha, "k3s-test-workers-1-host").urn));
    assert.ok(d.dependencies.includes(named(ha, "k3s-test-workers-1-ready").urn));
  });
});
