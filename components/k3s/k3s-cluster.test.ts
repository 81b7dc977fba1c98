import { strict as assert } from "assert";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { InputPropertiesError } from "../kernel/errors";
import type { ClusterNode, ClusterNodes } from "../nodes/types";
import { RunResult, runProgram } from "../testing/harness";
import { RecordedResource, SECRET_SIG, SIG_KEY, isSecretValue, plainInputs, redactedInputs } from "../testing/recorder";
import { DEFAULT_CNI } from "../kernel/cluster-network";
import { DEFAULT_K3S_VERSION } from "./defaults";
import { K3sCluster, K3sClusterArgs } from "./k3s-cluster";

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
      connection: { host: publicIp, user: "root", privateKey: pulumi.secret("-----BEGIN OPENSSH PRIVATE KEY-----fake") },
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
    assert.deepEqual(c["tls-san"], [LB_PRIVATE, LB_PUBLIC]);
    assert.deepEqual(c.disable, ["local-storage", "traefik"]);
    assert.equal(c["disable-cloud-controller"], true);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external", "max-pods=150"]);
    assert.deepEqual(c["kube-apiserver-arg"], ["audit-log-maxage=30"]);
    assert.equal(c["token-file"], "/etc/rancher/k3s/token");
    assert.equal(c.token, undefined);
  });

  it("other servers join the API load balancer's private address", () => {
    for (const n of ["k3s-test-server-2", "k3s-test-server-3"]) {
      const c = configOf(ha, n);
      assert.equal(c.server, `https://${LB_PRIVATE}:6443`);
      assert.equal(c["cluster-init"], undefined);
      assert.equal(c["advertise-address"], c["node-ip"]);
    }
  });

  it("agents join with their own config: no server-only keys, server extraArgs filtered", () => {
    const c = configOf(ha, "k3s-test-workers-1");
    assert.equal(c.server, `https://${LB_PRIVATE}:6443`);
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
    // One step past the first server's readiness: the join does not queue behind anything else.
    const firstReady = depth(big, named(big, "k3s-test-server-1-ready"));
    assert.equal(maxDepth(big, agentInstall), firstReady + 1);
  });

  it("the token is in no command line, no log and no plain input anywhere", () => {
    const serverStdin = plainInputs(named(ha, "k3s-test-server-2-token")).stdin as string;
    const [serverToken, agentToken]: (string | undefined)[] = serverStdin.trim().split("\n");
    assert.ok(serverToken && serverToken.length >= 64 && agentToken && agentToken.length >= 64);
    assert.notEqual(serverToken, agentToken);
    for (const r of ha.resources) {
      for (const t of [serverToken!, agentToken!]) {
        const found: string[] = plainOccurrences(r.rawInputs, t);
        assert.deepEqual(found, [], `${r.name} carries a token outside a secret`);
      }
    }
    // Only the token steps carry it at all, and only in stdin.
    const carriers = commands(ha).filter((c) => JSON.stringify(plainInputs(c)).includes(serverToken!));
    assert.deepEqual(carriers.map((c) => c.name).sort(), ["k3s-test-server-1-token", "k3s-test-server-2-token", "k3s-test-server-3-token"]);
  });

  it("token steps: stdin is secret, nothing logged, outputs secret; agents only get the agent token", () => {
    const agentStdin = plainInputs(named(ha, "k3s-test-workers-1-token")).stdin as string;
    const serverStdin = plainInputs(named(ha, "k3s-test-server-1-token")).stdin as string;
    assert.equal(agentStdin.trim(), serverStdin.trim().split("\n")[1]);
    for (const c of commands(ha).filter((x) => x.name.endsWith("-token"))) {
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

  it("provider: built from the secret kubeconfig, after every server is ready", () => {
    const p = ha.resources.find((x) => x.type === "pulumi:providers:kubernetes")!;
    assert.ok(p, "a kubernetes provider");
    assert.equal(p.name, "k3s-test-k8s");
    assert.ok(isSecretValue(p.rawInputs.kubeconfig));
    for (const n of [1, 2, 3]) assert.ok(p.dependencies.includes(named(ha, `k3s-test-server-${n}-ready`).urn));
    assert.equal(ha.outputs.readyCount!.value, 3);
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
    assert.match(plainInputs(named(r, "k3s-test-workers-1-ready")).create, /condition=Ready/);
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
