import { strict as assert } from "assert";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { isSecretValue, plainInputs } from "../testing/recorder";
import { DEFAULT_HETZNER_LB_TYPE, PLACEMENT_GROUP_MAX_SERVERS } from "./hetzner-nodes";
import { ACCESS, Run, devArgs, prodArgs, run } from "./hetzner-nodes.fixtures";

// The argument checks (validateHetznerNodesArgs) are tested in hetzner-nodes-validate.test.ts.

describe("HetznerNodes (prod-like: 3 servers, 2 agents, load balancer)", function () {
  let r: Run;
  before(async () => {
    r = await run(prodArgs());
    if (r.error) throw r.error;
  });

  it("creates the network and a cloud subnet with the default ranges", () => {
    const [net] = r.ofType("hcloud:index/network:Network");
    // 10.0.0.0/8 holds k3s's pod range, so Cilium can route pods through the network (issue 10; was 10.0.0.0/16).
    assert.equal(plainInputs(net!).ipRange, "10.0.0.0/8");
    const [subnet] = r.ofType("hcloud:index/networkSubnet:NetworkSubnet");
    assert.deepEqual(
      { type: plainInputs(subnet!).type, networkZone: plainInputs(subnet!).networkZone, ipRange: plainInputs(subnet!).ipRange },
      { type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" },
    );
    assert.equal(r.nodes!.networkCidr, "10.0.0.0/8");
    // Hetzner networks are layer 3: pods are routed by the cloud controller's routes, over a 1450-byte MTU.
    assert.deepEqual(r.nodes!.podNetwork, { routing: "cloud-routes", mtu: 1450 });
  });

  it("opens only 22 and 6443 inbound, from the given CIDRs, never from the world", () => {
    const fws = r.ofType("hcloud:index/firewall:Firewall");
    assert.equal(fws.length, 1);
    const rules = plainInputs(fws[0]!).rules as { direction: string; protocol: string; port: string; sourceIps: string[] }[];
    assert.deepEqual(
      rules.map((x) => [x.direction, x.protocol, x.port, x.sourceIps]),
      [
        ["in", "tcp", "22", ["203.0.113.10/32"]],
        ["in", "tcp", "6443", ["198.51.100.0/24", "203.0.113.10/32"]],
      ],
    );
    for (const rule of rules) for (const ip of rule.sourceIps) assert.ok(ip !== "0.0.0.0/0" && ip !== "::/0");
  });

  it("creates 3 servers and 2 agents, spread over the locations, labelled, behind the firewall", () => {
    const servers = r.ofType("hcloud:index/server:Server").map(plainInputs);
    assert.deepEqual(
      servers.map((s) => [s.name, s.location, s.serverType, s.labels.role, s.labels.pool, s.labels.cluster]),
      [
        ["k3s-prod-server-1", "fsn1", "cpx32", "server", "servers", "k3s-prod"],
        ["k3s-prod-server-2", "nbg1", "cpx32", "server", "servers", "k3s-prod"],
        ["k3s-prod-server-3", "hel1", "cpx32", "server", "servers", "k3s-prod"],
        ["k3s-prod-workers-1", "fsn1", "cpx32", "agent", "workers", "k3s-prod"],
        ["k3s-prod-workers-2", "nbg1", "cpx32", "agent", "workers", "k3s-prod"],
      ],
    );
    for (const s of servers) {
      assert.equal(s.image, "ubuntu-24.04");
      assert.equal(s.firewallIds.length, 1);
      assert.ok(Number.isInteger(s.placementGroupId), "hcloud ids are integers");
      assert.ok(s.firewallIds.every(Number.isInteger));
      assert.ok(Number.isInteger(s.networks[0].networkId));
      assert.equal(s.networks.length, 1);
      assert.match(s.userData, /^#cloud-config\n/);
      assert.match(s.userData, /open-iscsi/);
    }
    assert.deepEqual(servers.map((s) => s.networks[0].ip), ["10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"]);
    assert.equal(r.nodes!.servers.length, 3);
    assert.equal(r.nodes!.agents.length, 2);
    assert.deepEqual(r.nodes!.agents[0]!.labels, { tier: "app" });
    assert.equal(r.nodes!.agents[0]!.privateInterface, "enp7s0");
    assert.deepEqual(r.outputs.privateIps!.value, ["10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"]);
  });

  it("never replaces a live node for userData, image or sshKeys, and waits for the subnet", () => {
    const subnet = r.ofType("hcloud:index/networkSubnet:NetworkSubnet")[0]!;
    for (const s of r.ofType("hcloud:index/server:Server")) {
      assert.deepEqual([...s.options.ignoreChanges].sort(), ["image", "sshKeys", "userData"]);
      assert.ok(s.dependencies.includes(subnet.urn), `${s.name} waits for the subnet`);
    }
  });

  it("uses the explicit hcloud provider, built from the secret token, for every hcloud resource", () => {
    const [provider] = r.ofType("pulumi:providers:hcloud");
    assert.ok(provider, "an explicit provider");
    assert.ok(isSecretValue(provider!.rawInputs.token), "token is secret");
    const hcloud = r.resources.filter((x) => x.type.startsWith("hcloud:"));
    assert.ok(hcloud.length > 10);
    for (const x of hcloud) assert.ok(x.provider?.startsWith(provider!.urn), `${x.name} uses the explicit provider`);
    assert.equal(r.outputs.cloudToken!.secret, true);
  });

  it("puts each pool in its own spread placement group", () => {
    const pgs = r.ofType("hcloud:index/placementGroup:PlacementGroup").map(plainInputs);
    assert.deepEqual(pgs.map((p) => [p.name, p.type]), [["k3s-prod-servers-1", "spread"], ["k3s-prod-workers-1", "spread"]]);
  });

  it("fronts the servers with a load balancer on 6443 that targets their private IPs", () => {
    const [lb] = r.ofType("hcloud:index/loadBalancer:LoadBalancer");
    assert.equal(plainInputs(lb!).loadBalancerType, "lb11");
    assert.equal(plainInputs(lb!).location, "fsn1");
    const [svc] = r.ofType("hcloud:index/loadBalancerService:LoadBalancerService").map(plainInputs);
    assert.equal(svc!.protocol, "tcp");
    assert.equal(svc!.listenPort, 6443);
    assert.equal(svc!.destinationPort, 6443);
    const [lbNet] = r.ofType("hcloud:index/loadBalancerNetwork:LoadBalancerNetwork");
    assert.equal(plainInputs(lbNet!).ip, "10.0.1.2");
    const targets = r.ofType("hcloud:index/loadBalancerTarget:LoadBalancerTarget");
    assert.equal(targets.length, 3, "one target per server, none for agents");
    for (const t of targets) {
      assert.equal(plainInputs(t).usePrivateIp, true);
      assert.equal(plainInputs(t).type, "server");
      assert.ok(t.dependencies.includes(lbNet!.urn), "targets wait for the LB's network attachment");
    }
    const lbIp = r.outputs.apiEndpoint!.value as string;
    assert.match(lbIp, /^203\.0\.113\./);
    assert.equal(r.outputs.apiPrivateEndpoint!.value, "10.0.1.2");
    const sans = r.outputs.tlsSans!.value as string[];
    assert.ok(sans.includes(lbIp) && sans.includes("10.0.1.2"));
    assert.equal(sans.length, 5, "LB public + private, and 3 server public IPs");
  });

  it("makes the load balancer public only when asked, since Hetzner firewalls cannot guard it", () => {
    const [lbNet] = r.ofType("hcloud:index/loadBalancerNetwork:LoadBalancerNetwork");
    assert.equal(plainInputs(lbNet!).enablePublicInterface, true, "this fixture opts in with public: true");
  });

  it("generates an ED25519 key whose private key is secret, and uses it for every connection", () => {
    const [key] = r.ofType("tls:index/privateKey:PrivateKey").filter((k) => !k.name.endsWith("-host-key"));
    assert.equal(plainInputs(key!).algorithm, "ED25519");
    assert.ok(key!.options.additionalSecretOutputs.includes("privateKeyOpenssh"));
    assert.equal(r.outputs.sshPrivateKey!.secret, true);
    assert.match(String(r.outputs.sshPrivateKey!.value), /^mock-openssh-private-key-/);
    assert.equal(r.outputs.connectionKey!.secret, true);
    const [sshKey] = r.ofType("hcloud:index/sshKey:SshKey");
    assert.match(plainInputs(sshKey!).publicKey, /^ssh-ed25519 /);
    assert.equal(r.nodes!.servers[0]!.connection.user, "root");
  });

  it("hands the cloud controller what it needs", () => {
    assert.equal(r.nodes!.externalCloudProvider, true);
    assert.equal(r.nodes!.cloud.kind, "hetzner");
    if (r.nodes!.cloud.kind === "hetzner") {
      assert.equal(r.nodes!.cloud.networkZone, "eu-central");
      assert.equal(r.nodes!.cloud.location, "fsn1");
    }
  });
});

describe("HetznerNodes (dev-like: one server, no load balancer)", () => {
  it("has no load balancer and points the API at the server's public IP", async () => {
    const r = await run(devArgs());
    if (r.error) throw r.error;
    assert.equal(r.ofType("hcloud:index/loadBalancer:LoadBalancer").length, 0);
    assert.equal(r.ofType("hcloud:index/loadBalancerTarget:LoadBalancerTarget").length, 0);
    const [server] = r.ofType("hcloud:index/server:Server");
    assert.equal(plainInputs(server!).serverType, "cx23");
    assert.equal(r.nodes!.apiPrivateEndpoint, undefined);
    assert.match(String(r.outputs.apiEndpoint!.value), /^203\.0\.113\./);
    assert.deepEqual(r.outputs.tlsSans!.value, [r.outputs.apiEndpoint!.value]);
  });

  it("renders identical inputs twice", async () => {
    const a = await run(devArgs());
    const b = await run(devArgs());
    assert.deepEqual(a.resources.map(plainInputs), b.resources.map(plainInputs));
  });
});

describe("HetznerNodes placement groups", () => {
  it("keeps exactly 10 in one spread group, and splits the 11th off", async () => {
    const r = await run(prodArgs({ agentPools: [{ name: "ten", count: 10, size: "cpx32" }, { name: "eleven", count: 11, size: "cpx32" }], apiLoadBalancer: undefined }));
    if (r.error) throw r.error;
    const names = r.ofType("hcloud:index/placementGroup:PlacementGroup").map((p) => plainInputs(p).name);
    assert.deepEqual(names, ["k3s-prod-servers-1", "k3s-prod-ten-1", "k3s-prod-eleven-1", "k3s-prod-eleven-2"]);
  });

  it("splits a pool larger than 10 into several spread groups of at most 10", async () => {
    assert.equal(PLACEMENT_GROUP_MAX_SERVERS, 10);
    const r = await run(prodArgs({ agentPools: [{ name: "big", count: 23, size: "cax11" }], apiLoadBalancer: undefined }));
    if (r.error) throw r.error;
    const pgs = r.ofType("hcloud:index/placementGroup:PlacementGroup");
    assert.deepEqual(pgs.map((p) => plainInputs(p).name), ["k3s-prod-servers-1", "k3s-prod-big-1", "k3s-prod-big-2", "k3s-prod-big-3"]);
    const servers = r.ofType("hcloud:index/server:Server");
    const count = new Map<string, number>();
    for (const s of servers) {
      const pg = s.propertyDependencies.placementGroupId![0]!;
      count.set(pg, (count.get(pg) ?? 0) + 1);
    }
    assert.deepEqual([...count.values()], [3, 10, 10, 3]);
    // Agents without locations fall back to the servers' locations, round-robin.
    const big = servers.map(plainInputs).filter((s) => s.labels.pool === "big");
    assert.deepEqual(big.slice(0, 4).map((s) => s.location), ["fsn1", "nbg1", "hel1", "fsn1"]);
  });
});

describe("HetznerNodes with a supplied SSH public key", () => {
  const withKey = () => prodArgs({ access: { ...ACCESS, sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample me@host" } });

  it("uses the key and the secret sshPrivateKey arg, generating nothing", async () => {
    const r = await run({ ...withKey(), sshPrivateKey: pulumi.secret("mock-openssh-private-key:mock") });
    if (r.error) throw r.error;
    assert.equal(r.ofType("tls:index/privateKey:PrivateKey").filter((k) => !k.name.endsWith("-host-key")).length, 0, "no login key generated (host keys always are)");
    assert.equal(r.nodes!.generatedSshPrivateKey, undefined);
    assert.equal(r.outputs.connectionKey!.secret, true);
    assert.equal(r.outputs.connectionKey!.value, "mock-openssh-private-key:mock");
    assert.equal(plainInputs(r.ofType("hcloud:index/sshKey:SshKey")[0]!).publicKey, withKey().access.sshPublicKey);
  });

  it("keeps a plain-text private key arg secret on the wire", async () => {
    const r = await run({ ...withKey(), sshPrivateKey: "mock-openssh-private-key:plain" });
    if (r.error) throw r.error;
    assert.equal(r.outputs.connectionKey!.secret, true);
  });

  it("fails before registering anything when the private key is missing", async () => {
    const r = await run(withKey());
    assert.match(String(r.error), /sshPrivateKey is missing/);
    assert.ok(r.error instanceof InputPropertiesError);
    assert.equal(r.resources.filter((x) => x.custom).length, 0);
  });

  it("fails once the key resolves empty, naming the property and not the value", async () => {
    const r = await run({ ...withKey(), sshPrivateKey: pulumi.secret("") });
    assert.match(String(r.error), /HetznerNodes[\s\S]*sshPrivateKey is \[secret\]: must be the non-empty OpenSSH private key/);
  });
});

describe("HetznerNodes API load balancer, private by default", function () {
  let r: Run;
  before(async () => {
    r = await run(prodArgs({ apiLoadBalancer: { enabled: true } }));
    if (r.error) throw r.error;
  });

  it("has no public interface, so nothing answers 6443 outside the firewall", () => {
    const [lbNet] = r.ofType("hcloud:index/loadBalancerNetwork:LoadBalancerNetwork");
    assert.equal(plainInputs(lbNet!).enablePublicInterface, false);
    assert.equal(plainInputs(r.ofType("hcloud:index/loadBalancer:LoadBalancer")[0]!).loadBalancerType, DEFAULT_HETZNER_LB_TYPE);
  });

  it("lets nodes join through its private address and kubectl use the first server's firewalled address", () => {
    assert.equal(r.outputs.apiPrivateEndpoint!.value, "10.0.1.2");
    const [first] = r.ofType("hcloud:index/server:Server");
    assert.ok(first, "servers exist");
    assert.equal(r.outputs.apiEndpoint!.value, r.outputs.firstServerIp!.value);
    const sans = r.outputs.tlsSans!.value as string[];
    assert.ok(sans.includes("10.0.1.2"));
    assert.equal(sans.length, 4, "LB private address and 3 server public IPs; no LB public address");
  });
});

describe("HetznerNodes host keys", () => {
  it("generates one ed25519 host key per server, puts it in the server's (secret) user data and pins it on its connection", async () => {
    const r = await run(prodArgs());
    if (r.error) throw r.error;
    const keys = r.ofType("tls:index/privateKey:PrivateKey").filter((k) => k.name.endsWith("-host-key"));
    assert.equal(keys.length, 5);
    for (const k of keys) {
      assert.equal(plainInputs(k).algorithm, "ED25519");
      assert.ok(k.options.additionalSecretOutputs.includes("privateKeyOpenssh"));
    }
    const servers = r.ofType("hcloud:index/server:Server");
    for (const s of servers) {
      assert.ok(isSecretValue(s.rawInputs.userData), "user data holding a private key is secret");
      const doc = parse(plainInputs(s).userData);
      assert.match(doc.ssh_keys.ed25519_private, new RegExp(`^mock-openssh-private-key-k3s-prod-${plainInputs(s).name.slice("k3s-prod-".length)}-host-key$`));
    }
    const pinned = r.outputs.hostKeys!.value as string[];
    assert.equal(new Set(pinned).size, 5, "one key per node");
    for (const k of pinned) assert.match(k, /^ssh-ed25519 AAAA\S+ k3s-prod-\S+-host-key$/);
  });
});

describe("HetznerNodes defaults", () => {
  it("applies an explicit network, subnet and image instead of the defaults", async () => {
    const r = await run({ ...devArgs(), networkCidr: "10.8.0.0/16", subnetCidr: "10.8.4.0/24", image: "debian-12" });
    if (r.error) throw r.error;
    assert.equal(plainInputs(r.ofType("hcloud:index/network:Network")[0]!).ipRange, "10.8.0.0/16");
    assert.equal(plainInputs(r.ofType("hcloud:index/networkSubnet:NetworkSubnet")[0]!).ipRange, "10.8.4.0/24");
    const [server] = r.ofType("hcloud:index/server:Server").map(plainInputs);
    assert.equal(server!.image, "debian-12");
    assert.equal(server!.networks[0].ip, "10.8.4.10");
  });
});
