import { strict as assert } from "assert";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { InputPropertiesError } from "../kernel/errors";
import type { ClusterNode, ClusterNodes } from "../nodes/types";
import { RunResult, runProgram } from "../testing/harness";
import { RecordedResource, SECRET_SIG, SIG_KEY, isSecretValue, plainInputs, redactedInputs } from "../testing/recorder";
import { MOCK_CA_HASH } from "../testing/mock-state";
import { maxConcurrentSessionsPerHost } from "../testing/ssh-sessions";
import { DEFAULT_CNI } from "../kernel/cluster-network";
import { DEFAULT_K3S_VERSION } from "./defaults";
import { K3sCluster, K3sClusterArgs, MAX_SSH_SESSIONS_PER_HOST } from "./k3s-cluster";

const VERSION = "v1.36.4+k3s1";
const CMD = "command:remote:Command";
const LB_PUBLIC = "203.0.113.200";
const LB_PRIVATE = "10.0.1.254";

interface Shape {
  readonly servers: number;
  readonly agents: number;
  readonly lb?: boolean;
  readonly externalCloudProvider?: boolean;
  /** K3sCluster's own args on top of the defaults below. */
  readonly args?: Partial<Omit<K3sClusterArgs, "nodes">>;
}

/**
 * A ClusterNodes literal built by hand (no node component): a stand-in host resource per node (so dependsOn is
 * real), plain Output addresses, an SSH connection with a secret key.
 */
function fakeNodes(shape: Shape): ClusterNodes {
  const make = (role: "server" | "agent", i: number): ClusterNode => {
    const name = role === "server" ? `k3s-test-server-${i + 1}` : `k3s-test-workers-${i + 1}`;
    const host = new command.local.Command(`${name}-host`, { create: "true" });
    const publicIp = pulumi.output(`203.0.113.${(role === "server" ? 10 : 100) + i}`);
    return {
      name,
      role,
      pool: role === "server" ? "servers" : "workers",
      publicIp,
      privateIp: pulumi.output(`10.0.1.${(role === "server" ? 2 : 100) + i}`),
      privateInterface: "enp7s0",
      connection: { host: publicIp, user: "root", privateKey: pulumi.secret("mock-openssh-private-key:fake") },
      labels: { "k3s-gitops/pool": role === "server" ? "servers" : "workers" },
      taints: [],
      dependsOn: [host],
    };
  };
  const servers = Array.from({ length: shape.servers }, (_, i) => make("server", i));
  const agents = Array.from({ length: shape.agents }, (_, i) => make("agent", i));
  return {
    servers,
    agents,
    apiEndpoint: pulumi.output(shape.lb ? LB_PUBLIC : "203.0.113.10"),
    apiPrivateEndpoint: shape.lb ? pulumi.output(LB_PRIVATE) : undefined,
    tlsSans: pulumi.output(shape.lb ? [LB_PUBLIC] : []),
    networkCidr: "10.0.0.0/16",
    externalCloudProvider: shape.externalCloudProvider ?? true,
    cloud: { kind: "none" },
  };
}

async function run(shape: Shape): Promise<RunResult> {
  const result = await runProgram(
    () => {
      const cluster = new K3sCluster("k3s-test", {
        nodes: fakeNodes(shape),
        version: VERSION,
        cni: "flannel",
        disable: ["traefik"],
        requirements: { disable: ["local-storage"] },
        ...shape.args,
      });
      return {
        kubeconfig: cluster.kubeconfig,
        apiServerUrl: cluster.apiServerUrl,
        readyCount: cluster.ready.length,
        version: cluster.version,
        cni: cluster.cni,
      };
    },
    { stack: "test", preview: false, config: {} },
  );
  if (result.error) throw result.error;
  return result;
}

const named = (r: RunResult, name: string): RecordedResource => {
  const found = r.resources.find((x) => x.name === name);
  if (!found) throw new Error(`no ${name}; have ${r.resources.map((x) => x.name).join(", ")}`);
  return found;
};
const commands = (r: RunResult) => r.resources.filter((x) => x.type === CMD);
const configOf = (r: RunResult, node: string) => parse(plainInputs(named(r, `${node}-config`)).stdin as string);

function depth(r: RunResult, res: RecordedResource, memo = new Map<string, number>()): number {
  if (memo.has(res.urn)) return memo.get(res.urn)!;
  let best = 0;
  for (const d of res.dependencies) {
    const dep = r.resources.find((x) => x.urn === d);
    if (dep) best = Math.max(best, 1 + depth(r, dep, memo));
  }
  memo.set(res.urn, best);
  return best;
}

function waitsFor(r: RunResult, from: RecordedResource, to: RecordedResource): boolean {
  const seen = new Set<string>();
  const stack = [...from.dependencies];
  while (stack.length > 0) {
    const urn = stack.pop()!;
    if (urn === to.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    stack.push(...(r.resources.find((x) => x.urn === urn)?.dependencies ?? []));
  }
  return false;
}

/** Paths (in wire form) where `needle` occurs outside any secret wrapper. */
function plainOccurrences(value: unknown, needle: string, path = "", inSecret = false): string[] {
  if (typeof value === "string") return !inSecret && value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, needle, `${path}[${i}]`, inSecret));
  if (typeof value === "object" && value !== null) {
    const secret = inSecret || (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
    return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needle, `${path}.${k}`, secret));
  }
  return [];
}


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

  it("every step waits for its node's host; the node's steps run in order", () => {
    const host = named(ha, "k3s-test-workers-2-host");
    const step = (s: string) => named(ha, `k3s-test-workers-2-${s}`);
    assert.ok(step("cloud-init").dependencies.includes(host.urn));
    assert.ok(waitsFor(ha, step("token"), step("cloud-init")));
    assert.ok(waitsFor(ha, step("config"), step("cloud-init")));
    assert.ok(waitsFor(ha, step("install"), step("token")));
    assert.ok(waitsFor(ha, step("install"), step("config")));
    assert.ok(waitsFor(ha, step("ready"), step("install")));
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

  it("parallel joins: install depth does not grow with the agent or server count", async () => {
    const small = base;
    const big = await run({ servers: 5, agents: 20, lb: true });
    const maxDepth = (r: RunResult, re: RegExp) => Math.max(...commands(r).filter((c) => re.test(c.name)).map((c) => depth(r, c)));
    const agentInstall = /workers-\d+-install$/;
    const joinerInstall = /server-[2-9]-install$/;
    assert.equal(maxDepth(big, agentInstall), maxDepth(small, agentInstall));
    assert.equal(maxDepth(big, joinerInstall), maxDepth(small, joinerInstall));
    assert.equal(commands(big).filter((c) => agentInstall.test(c.name)).length, 20);
    // Two steps past the CA-pinned tokens (token file, install): the join does not queue behind anything else.
    const tokens = depth(big, named(big, "k3s-test-join-tokens"));
    assert.equal(tokens, depth(big, named(big, "k3s-test-server-1-ready")) + 1);
    assert.equal(maxDepth(big, agentInstall), tokens + 2);
  });

  it("the token is in no command line, no log and no plain input anywhere", () => {
    const firstStdin = plainInputs(named(ha, "k3s-test-server-1-token")).stdin as string;
    const [serverToken, agentToken]: (string | undefined)[] = firstStdin.trim().split("\n");
    assert.ok(serverToken && serverToken.length >= 64 && agentToken && agentToken.length >= 64);
    assert.notEqual(serverToken, agentToken);
    for (const r of ha.resources) {
      for (const t of [serverToken!, agentToken!]) {
        const found: string[] = plainOccurrences(r.rawInputs, t);
        assert.deepEqual(found, [], `${r.name} carries a token outside a secret`);
      }
    }
    // Only the token steps and the step that pins them to the CA carry it at all, and only in stdin.
    const carriers = commands(ha).filter((c) => JSON.stringify(plainInputs(c)).includes(serverToken!));
    assert.deepEqual(carriers.map((c) => c.name).sort(), ["k3s-test-join-tokens", "k3s-test-server-1-token", "k3s-test-server-2-token", "k3s-test-server-3-token"]);
    for (const c of carriers) assert.ok(!String(plainInputs(c).create).includes(serverToken!), `${c.name}: not in the command line`);
  });

  it("joins pin the cluster CA: K10<sha256 of server-ca.crt>::server:/::node: tokens built on the first server", () => {
    const [serverToken, agentToken] = (plainInputs(named(ha, "k3s-test-server-1-token")).stdin as string).trim().split("\n");
    const build = named(ha, "k3s-test-join-tokens");
    assert.match(plainInputs(build).create, /sha256sum '\/var\/lib\/rancher\/k3s\/server\/tls\/server-ca\.crt'/);
    assert.equal(plainInputs(build).logging, "none");
    assert.ok(isSecretValue(build.rawInputs.stdin));
    for (const o of ["stdin", "stdout", "stderr"]) assert.ok(build.options.additionalSecretOutputs.includes(o), o);
    assert.equal(plainInputs(build).connection.host, "203.0.113.10");
    assert.ok(build.dependencies.includes(named(ha, "k3s-test-server-1-ready").urn));
    for (const n of ["server-2", "server-3"]) {
      const [pinned, agentPassword] = (plainInputs(named(ha, `k3s-test-${n}-token`)).stdin as string).trim().split("\n");
      assert.equal(pinned, `K10${MOCK_CA_HASH}::server:${serverToken}`);
      assert.equal(agentPassword, agentToken, "the agent-token file: the same value on every server");
    }
    for (const n of ["workers-1", "workers-2"]) {
      assert.equal((plainInputs(named(ha, `k3s-test-${n}-token`)).stdin as string).trim(), `K10${MOCK_CA_HASH}::node:${agentToken}`);
    }
    // The first server starts with the short tokens (the only form k3s accepts before its CA exists).
    assert.doesNotMatch(plainInputs(named(ha, "k3s-test-server-1-token")).stdin as string, /K10/);
  });

  it("token steps: stdin is secret, nothing logged, outputs secret; agents never get the server password", () => {
    const [serverToken] = (plainInputs(named(ha, "k3s-test-server-1-token")).stdin as string).trim().split("\n");
    assert.ok(!(plainInputs(named(ha, "k3s-test-workers-1-token")).stdin as string).includes(serverToken!));
    for (const c of commands(ha).filter((x) => x.name.endsWith("-token") || x.name.endsWith("-join-tokens"))) {
      assert.ok(isSecretValue(c.rawInputs.stdin), `${c.name} stdin secret`);
      assert.equal(plainInputs(c).logging, "none");
      assert.ok(c.options.additionalSecretOutputs.includes("stdin"));
      assert.ok(c.options.additionalSecretOutputs.includes("stdout"));
    }
  });

  it("config.yaml is not secret, so plans can show it", () => {
    const c = named(ha, "k3s-test-server-1-config");
    assert.equal(isSecretValue(c.rawInputs.stdin), false);
    assert.match(redactedInputs(c).stdin as string, /token-file: \/etc\/rancher\/k3s\/token/);
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
    for (const c of commands(r).filter((x) => /-(cloud-init|token|config|install|ready)$/.test(x.name))) {
      assert.ok(!waitsFor(r, c, named(r, "k3s-test-lb-target")), `${c.name} must not wait for the load balancer`);
    }
    // Without apiDependsOn (a private load balancer, or none): no wait at all.
    assert.equal(ha.resources.find((x) => x.name === "k3s-test-api-endpoint"), undefined);
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
