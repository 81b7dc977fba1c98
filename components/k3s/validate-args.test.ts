import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import type { ClusterNode, ClusterNodes, NodeRole } from "../nodes/types";
import type { K3sClusterArgs } from "./k3s-cluster";
import { buildK3sConfig, extraArgsFor } from "./render-config";
import { checkResolvedPrivateIp, validateK3sClusterArgs } from "./validate-args";

/** A ClusterNode literal: validation reads the name, role and private interface; the addresses are Outputs. */
function node(name: string, role: NodeRole, o: Partial<ClusterNode> = {}): ClusterNode {
  return {
    name,
    role,
    pool: role === "server" ? "servers" : "workers",
    publicIp: pulumi.output("203.0.113.10"),
    privateIp: pulumi.output("10.0.1.2"),
    privateInterface: "enp7s0",
    connection: { host: "203.0.113.10", user: "root" },
    labels: {},
    taints: [],
    dependsOn: [],
    ...o,
  };
}

function nodes(servers: readonly ClusterNode[], agents: readonly ClusterNode[] = []): ClusterNodes {
  return {
    servers,
    agents,
    apiEndpoint: pulumi.output("203.0.113.10"),
    tlsSans: pulumi.output([]),
    networkCidr: "10.0.0.0/16",
    externalCloudProvider: false,
    cloud: { kind: "none" },
  };
}

const GOOD = nodes([node("s1", "server"), node("s2", "server"), node("s3", "server")], [node("w1", "agent")]);

/** The error validateK3sClusterArgs throws for `args`. */
function refusal(args: K3sClusterArgs): InputPropertiesError {
  try {
    validateK3sClusterArgs(args);
  } catch (err) {
    assert.ok(err instanceof InputPropertiesError, String(err));
    return err;
  }
  assert.fail("expected an InputPropertiesError");
}
const paths = (args: K3sClusterArgs) => refusal(args).problems.map((p) => p.path);

describe("validateK3sClusterArgs", () => {
  it("accepts the nodes alone (every other arg has a default) and a full set of good args", () => {
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: GOOD }));
    assert.doesNotThrow(() =>
      validateK3sClusterArgs({
        nodes: GOOD,
        version: "v1.36.4+k3s1",
        cni: "cilium",
        disable: ["metrics-server", "coredns"],
        extraArgs: ["--etcd-snapshot-compress", "--kube-apiserver-arg=a=b", "--kube-apiserver-arg=c=d", "--kubelet-arg=max-pods=150"],
        agentExtraArgs: ["--kubelet-arg=max-pods=110", "--kube-proxy-arg=x=y"],
        requirements: { disable: ["traefik", "servicelb"] },
      }),
    );
  });

  it("collects every problem into one error naming K3sCluster, each path, its value and what is accepted", () => {
    const err = refusal({
      nodes: nodes([], [node("w1", "server"), node("W2", "agent"), node("w1", "agent", { privateInterface: "" })]),
      version: "latest",
      cni: "calico" as never,
      disable: ["traefik", "helm-controller" as never],
      requirements: { disable: ["nope" as never] },
      extraArgs: ["kubelet-arg=x", "--token=abc", "--cluster-dns=10.43.0.10", "--cluster-dns=10.43.0.20", "--kubelet-arg"],
      agentExtraArgs: ["--node-ip=10.0.0.9"],
    });
    assert.equal(err.component, "K3sCluster");
    assert.deepEqual(
      err.problems.map((p) => p.path),
      [
        "version",
        "cni",
        "disable[1]",
        "requirements.disable[0]",
        "extraArgs[0]",
        "extraArgs[1]",
        "extraArgs[4]",
        "agentExtraArgs[0]",
        "extraArgs[3]",
        "nodes.servers",
        "nodes.agents[0].role",
        "nodes.agents[1].name",
        "nodes.agents[2].name",
        "nodes.agents[2].privateInterface",
      ],
    );
    const text = err.message;
    assert.match(text, /^Invalid arguments to K3sCluster \(14 problems\):/);
    assert.match(text, /version is "latest": must be an exact k3s release such as v1\.36\.4\+k3s1/);
    assert.match(text, /cni is "calico": must be one of flannel, cilium/);
    assert.match(text, /disable\[1\] is "helm-controller": must be one of coredns, servicelb, traefik, local-storage, metrics-server, runtimes/);
    assert.match(text, /extraArgs\[0\] is "kubelet-arg=x": must be a k3s flag such as --kube-apiserver-arg/);
    assert.match(text, /extraArgs\[1\] is "--token=abc": sets --token, which K3sCluster manages itself/);
    assert.match(text, /extraArgs\[3\] is "--cluster-dns=10\.43\.0\.20": repeats --cluster-dns \(already set by extraArgs\[2\]\)/);
    assert.match(text, /extraArgs\[4\] is "--kubelet-arg": needs a value \(--kubelet-arg=\.\.\.\)/);
    assert.match(text, /agentExtraArgs\[0\] is "--node-ip=10\.0\.0\.9": sets --node-ip/);
    assert.match(text, /nodes\.servers is \[\]: must hold at least one server/);
    assert.match(text, /nodes\.agents\[0\]\.role is "server": must be "agent"/);
    assert.match(text, /nodes\.agents\[1\]\.name is "W2": must be a Kubernetes node name/);
    assert.match(text, /nodes\.agents\[2\]\.name is "w1": must be unique; nodes\.agents\[0\] has the same name/);
    assert.match(text, /nodes\.agents\[2\]\.privateInterface is "": must name the host's interface on the private network/);
  });

  it("the pod and service ranges are CIDRs and apart", () => {
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: GOOD, clusterCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" }));
    assert.deepEqual(paths({ nodes: GOOD, clusterCidr: "10.100.0.0", serviceCidr: "banana" }), ["clusterCidr", "serviceCidr"]);
    const err = refusal({ nodes: GOOD, clusterCidr: "10.42.0.0/16", serviceCidr: "10.42.128.0/17" });
    assert.deepEqual(err.problems.map((p) => p.path), ["serviceCidr"]);
    assert.match(err.message, /serviceCidr is "10\.42\.128\.0\/17": must not overlap clusterCidr 10\.42\.0\.0\/16/);
  });

  it("the version must be an exact release", () => {
    for (const bad of ["stable", "v1.36", "v1.36.4", "1.36.4+k3s1"]) assert.deepEqual(paths({ nodes: GOOD, version: bad }), ["version"], bad);
  });

  it("the version must be a row of the supported-release table (its installer digest is pinned there)", () => {
    for (const v of ["v1.36.99+k3s1", "v1.35.0-rc1+k3s1"]) {
      const err = refusal({ nodes: GOOD, version: v });
      assert.deepEqual(err.problems.map((p) => p.path), ["version"], v);
      assert.match(err.message, /must be a supported k3s release \(components\/kernel\/k3s-releases\.ts, with a pinned installer sha256\): .*v1\.36\.4\+k3s1/);
    }
  });

  it("secrets-encryption and the etcd snapshot flags are the layer's own", () => {
    assert.deepEqual(paths({ nodes: GOOD, extraArgs: ["--secrets-encryption", "--etcd-s3-bucket=b", "--etcd-snapshot-retention=3"] }), ["extraArgs[0]", "extraArgs[1]", "extraArgs[2]"]);
  });

  it("a reserved flag given twice is reported once per entry, as reserved (not again as a repeat)", () => {
    assert.deepEqual(paths({ nodes: GOOD, extraArgs: ["--token=a", "--token=b"] }), ["extraArgs[0]", "extraArgs[1]"]);
  });

  it("a server listed under agents, or an agent under servers, is refused", () => {
    assert.deepEqual(paths({ nodes: nodes([node("s1", "server"), node("s2", "agent")]) }), ["nodes.servers[1].role"]);
  });

  it("names are unique across servers and agents", () => {
    const err = refusal({ nodes: nodes([node("n1", "server")], [node("n1", "agent")]) });
    assert.deepEqual(err.problems.map((p) => p.path), ["nodes.agents[0].name"]);
    assert.match(err.message, /nodes\.servers\[0\] has the same name/);
  });

  it("cilium: --flannel* flags are refused in both lists, and no flannel interface is needed", () => {
    const flannelArgs = { extraArgs: ["--flannel-ipv6-masq"], agentExtraArgs: ["--flannel-conf=/x"] };
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: GOOD, cni: "flannel", ...flannelArgs }));
    const err = refusal({ nodes: GOOD, cni: "cilium", ...flannelArgs });
    assert.deepEqual(err.problems.map((p) => p.path), ["extraArgs[0]", "agentExtraArgs[0]"]);
    assert.match(err.message, /is a flannel setting, but cni is cilium/);
    const noIface = nodes([node("s1", "server", { privateInterface: "" })]);
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: noIface, cni: "cilium" }));
    assert.deepEqual(paths({ nodes: noIface }), ["nodes.servers[0].privateInterface"], "flannel is the default CNI");
  });

  it("repeats: an agent flag in extraArgs repeated in agentExtraArgs is refused; a server-only one is not", () => {
    const err = refusal({ nodes: GOOD, extraArgs: ["--resolv-conf=/a"], agentExtraArgs: ["--resolv-conf=/b"] });
    assert.deepEqual(err.problems.map((p) => p.path), ["agentExtraArgs[0]"]);
    assert.match(err.message, /already set by extraArgs\[0\]/);
    // Agents never get --cluster-dns from extraArgs (extraArgsFor), so agentExtraArgs may set it.
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: GOOD, extraArgs: ["--cluster-dns=10.43.0.10"], agentExtraArgs: ["--cluster-dns=10.43.0.10"] }));
    // Repeatable flags repeat freely.
    assert.doesNotThrow(() => validateK3sClusterArgs({ nodes: GOOD, extraArgs: ["--kubelet-arg=a=1"], agentExtraArgs: ["--kubelet-arg=b=2", "--kubelet-arg=c=3"] }));
  });

  it("what it accepts, the renderer renders: accepted extra args never make buildK3sConfig throw", () => {
    const extraArgs = ["--etcd-snapshot-compress", "--resolv-conf=/etc/r", "--kubelet-arg=max-pods=150", "--tls-san=api.example.com"];
    const agentExtraArgs = ["--kube-proxy-arg=x=y", "--kubelet-arg=max-pods=110"];
    validateK3sClusterArgs({ nodes: GOOD, extraArgs, agentExtraArgs });
    const base = { nodeName: "n", privateIp: "10.0.1.2", publicIp: "203.0.113.10", privateInterface: "enp7s0", labels: {}, taints: [], tlsSans: [], disable: [], externalCloudProvider: true };
    assert.doesNotThrow(() => buildK3sConfig({ ...base, role: "server", clusterInit: true, extraArgs: extraArgsFor("server", extraArgs, agentExtraArgs) }));
    assert.doesNotThrow(() =>
      buildK3sConfig({ ...base, role: "agent", clusterInit: false, serverUrl: "https://10.0.1.2:6443", extraArgs: extraArgsFor("agent", extraArgs, agentExtraArgs) }),
    );
  });
});

describe("checkResolvedPrivateIp", () => {
  it("accepts IPv4 and IPv6 literals", () => {
    for (const ok of ["10.0.1.2", "192.168.86.71", "fd00::1", "2001:db8::5"]) assert.doesNotThrow(() => checkResolvedPrivateIp("nodes.servers[0].privateIp", ok), ok);
  });

  it("refuses anything else, naming the node's path", () => {
    for (const bad of ["k3s1.lan", "10.0.1", "10.0.1.256", ""]) {
      assert.throws(
        () => checkResolvedPrivateIp("nodes.agents[1].privateIp", bad),
        (err: unknown) => err instanceof InputPropertiesError && err.problems.length === 1 && err.problems[0]!.path === "nodes.agents[1].privateIp" && /IPv4 or IPv6/.test(err.message),
        bad,
      );
    }
  });
});
