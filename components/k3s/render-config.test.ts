import { strict as assert } from "assert";
import { parse, stringify } from "yaml";
import {
  AGENT_FLAGS,
  K3sNodeConfigInput,
  buildK3sConfig,
  extraArgsFor,
  parseExtraArgs,
  renderK3sConfig,
} from "./render-config";
import { RESERVED_K3S_FLAGS } from "./defaults";

function input(overrides: Partial<K3sNodeConfigInput> = {}): K3sNodeConfigInput {
  return {
    role: "server",
    clusterInit: true,
    nodeName: "k3s-prod-server-1",
    privateIp: "10.0.1.2",
    publicIp: "203.0.113.5",
    privateInterface: "enp7s0",
    labels: { "topology.kubernetes.io/zone": "fsn1", "node.kubernetes.io/pool": "servers" },
    taints: [],
    tlsSans: ["203.0.113.9", "10.0.1.254"],
    disable: ["traefik"],
    cni: "flannel",
    externalCloudProvider: true,
    extraArgs: [],
    ...overrides,
  };
}

const agent = (o: Partial<K3sNodeConfigInput> = {}) =>
  input({ role: "agent", clusterInit: false, serverUrl: "https://10.0.1.254:6443", nodeName: "k3s-prod-workers-1", tlsSans: [], disable: [], ...o });

describe("renderK3sConfig", () => {
  it("renders, from shared pieces, the bytes the yaml package gives for the whole sorted config", () => {
    const shapes = [input(), agent(), agent({ taints: ["a=b:NoSchedule"], extraArgs: ["--kubelet-arg=max-pods=150"] }), input({ clusterInit: false, serverUrl: "https://10.0.1.2:6443", cni: "cilium" })];
    for (const shape of [...shapes, ...shapes]) {
      const config = buildK3sConfig(shape);
      const sorted = Object.fromEntries(Object.keys(config).sort().map((k) => [k, config[k]]));
      assert.equal(renderK3sConfig(shape), stringify(sorted, { sortMapEntries: true, lineWidth: 0 }));
    }
  });

  it("first server: cluster-init, addresses on the private network, token files, cloud-provider flags", () => {
    const c = parse(renderK3sConfig(input()));
    assert.deepEqual(c, {
      "advertise-address": "10.0.1.2",
      "agent-token-file": "/etc/rancher/k3s/agent-token",
      "cluster-init": true,
      disable: ["traefik"],
      "disable-cloud-controller": true,
      "flannel-iface": "enp7s0",
      "kubelet-arg": ["cloud-provider=external"],
      "node-external-ip": "203.0.113.5",
      "node-ip": "10.0.1.2",
      "node-label": ["node.kubernetes.io/pool=servers", "topology.kubernetes.io/zone=fsn1"],
      "node-name": "k3s-prod-server-1",
      "secrets-encryption": true,
      "tls-san": ["10.0.1.254", "203.0.113.9"],
      "token-file": "/etc/rancher/k3s/token",
      "write-kubeconfig-mode": "0600",
    });
  });

  it("every server encrypts Secrets at rest; agents do not get the server-only flag", () => {
    assert.equal(parse(renderK3sConfig(input()))["secrets-encryption"], true);
    assert.equal(parse(renderK3sConfig(input({ clusterInit: false, serverUrl: "https://10.0.1.2:6443", nodeName: "s2" })))["secrets-encryption"], true);
    assert.equal(parse(renderK3sConfig(agent()))["secrets-encryption"], undefined);
    assert.throws(() => buildK3sConfig(input({ extraArgs: ["--secrets-encryption"] })), /collides/);
  });

  it("keeps the mode a string and the keys sorted", () => {
    const text = renderK3sConfig(input());
    assert.match(text, /^write-kubeconfig-mode: "0600"$/m);
    const keys = text.split("\n").filter((l) => /^[a-z]/.test(l)).map((l) => l.split(":")[0]!);
    assert.deepEqual(keys, [...keys].sort());
  });

  it("joining server: server URL, no cluster-init", () => {
    const c = parse(renderK3sConfig(input({ clusterInit: false, serverUrl: "https://10.0.1.254:6443", nodeName: "s2" })));
    assert.equal(c.server, "https://10.0.1.254:6443");
    assert.equal(c["cluster-init"], undefined);
    assert.equal(c["advertise-address"], "10.0.1.2");
  });

  it("agent: joins, no server-only keys, one token file, taints", () => {
    const c = parse(renderK3sConfig(agent({ taints: ["dedicated=db:NoSchedule"] })));
    assert.equal(c.server, "https://10.0.1.254:6443");
    assert.equal(c["token-file"], "/etc/rancher/k3s/token");
    assert.deepEqual(c["node-taint"], ["dedicated=db:NoSchedule"]);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external"]);
    for (const serverOnly of ["advertise-address", "agent-token-file", "tls-san", "disable", "disable-cloud-controller", "write-kubeconfig-mode", "cluster-init"]) {
      assert.equal(c[serverOnly], undefined, serverOnly);
    }
    // Every key an agent gets is a flag `k3s agent` accepts.
    for (const key of Object.keys(c)) assert.ok(AGENT_FLAGS.includes(key), `${key} is not an agent flag`);
  });

  it("no cloud controller: no cloud-provider flags", () => {
    const c = parse(renderK3sConfig(input({ externalCloudProvider: false })));
    assert.equal(c["kubelet-arg"], undefined);
    assert.equal(c["disable-cloud-controller"], undefined);
  });

  it("cilium: flannel off and its network policy controller off on servers, no flannel-iface anywhere", () => {
    const s = parse(renderK3sConfig(input({ cni: "cilium" })));
    assert.equal(s["flannel-backend"], "none");
    assert.equal(s["disable-network-policy"], true);
    assert.equal(s["flannel-iface"], undefined);
    const a = parse(renderK3sConfig(agent({ cni: "cilium" })));
    assert.equal(a["flannel-iface"], undefined);
    assert.equal(a["flannel-backend"], undefined);
  });

  it("pod and service ranges: on servers only, so k3s allocates what the cloud controller and the CNI are given", () => {
    const s = parse(renderK3sConfig(input({ clusterCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/16" })));
    assert.equal(s["cluster-cidr"], "10.244.0.0/16");
    assert.equal(s["service-cidr"], "10.96.0.0/16");
    const a = parse(renderK3sConfig(agent({ clusterCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/16" })));
    assert.equal(a["cluster-cidr"], undefined, "k3s agent has no --cluster-cidr");
    assert.equal(a["service-cidr"], undefined);
    assert.equal(parse(renderK3sConfig(input()))["cluster-cidr"], undefined, "unset: k3s's own default");
  });

  it("disable: union, deduplicated and sorted", () => {
    const c = buildK3sConfig(input({ disable: ["traefik", "local-storage", "traefik"] }));
    assert.deepEqual(c.disable, ["local-storage", "traefik"]);
  });

  it("extra args: repeatable flags become lists, merged with managed lists; booleans become true", () => {
    const c = buildK3sConfig(
      input({
        extraArgs: [
          "--kube-apiserver-arg=audit-log-maxage=30",
          "--kube-apiserver-arg=audit-log-path=/var/log/audit.log",
          "--kubelet-arg=max-pods=150",
          "--etcd-snapshot-compress",
          "--tls-san=api.example.com",
        ],
      }),
    );
    assert.deepEqual(c["kube-apiserver-arg"], ["audit-log-maxage=30", "audit-log-path=/var/log/audit.log"]);
    assert.deepEqual(c["kubelet-arg"], ["cloud-provider=external", "max-pods=150"]);
    assert.equal(c["etcd-snapshot-compress"], true);
    assert.deepEqual(c["tls-san"], ["10.0.1.254", "203.0.113.9", "api.example.com"]);
  });

  it("extra args: a single-valued flag given twice, or colliding with a managed key, is an error", () => {
    assert.throws(() => parseExtraArgs(["--cluster-cidr=10.42.0.0/16", "--cluster-cidr=10.52.0.0/16"]), /--cluster-cidr is given twice/);
    assert.throws(() => buildK3sConfig(input({ extraArgs: ["--node-name=x"] })), /collides/);
    assert.throws(() => parseExtraArgs(["kubelet-arg=x"]), /not a flag/);
  });

  it("extraArgsFor: agents get only the agent-valid part of extraArgs plus agentExtraArgs", () => {
    const extra = ["--kube-apiserver-arg=a=b", "--kubelet-arg=max-pods=150"];
    assert.deepEqual(extraArgsFor("server", extra, ["--kube-proxy-arg=x=y"]), extra);
    assert.deepEqual(extraArgsFor("agent", extra, ["--kube-proxy-arg=x=y"]), ["--kubelet-arg=max-pods=150", "--kube-proxy-arg=x=y"]);
  });

  it("role invariants: cluster-init xor server, agents never init", () => {
    assert.throws(() => buildK3sConfig(input({ serverUrl: "https://x:6443" })), /mutually exclusive/);
    assert.throws(() => buildK3sConfig(input({ clusterInit: false })), /needs the server URL/);
    assert.throws(() => buildK3sConfig(agent({ clusterInit: true, serverUrl: undefined })), /only a server/);
  });

  it("every key the layer manages is reserved against extraArgs", () => {
    const managed = Object.keys(buildK3sConfig(input({ cni: "cilium", clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" }))).concat(Object.keys(buildK3sConfig(agent())));
    const listMerged = ["kubelet-arg", "tls-san"];
    for (const key of new Set(managed)) {
      if (listMerged.includes(key)) continue;
      assert.ok((RESERVED_K3S_FLAGS as readonly string[]).includes(key), `${key} should be in RESERVED_K3S_FLAGS`);
    }
  });

  it("is deterministic: same input, same bytes; label order does not matter", () => {
    const a = renderK3sConfig(input());
    const b = renderK3sConfig(input({ labels: { "topology.kubernetes.io/zone": "fsn1", "node.kubernetes.io/pool": "servers" } }));
    assert.equal(a, renderK3sConfig(input()));
    assert.equal(a, b);
  });
});
