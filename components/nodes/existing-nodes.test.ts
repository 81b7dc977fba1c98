import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { isSecretValue, plainInputs } from "../testing/recorder";
import { EXISTING_AGENT_POOL, EXISTING_HOST_DEFAULTS, ExistingHost, ExistingNodes, ExistingNodesArgs, buildConnection, orderHosts, validateExistingNodesArgs } from "./existing-nodes";

/** TEST-ONLY host keys: public halves of throwaway keys whose private halves were discarded. */
const KEY1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J";
const KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOXlZMoWwtABcIGAS0ioAk9C7QWIdi642wiv9w7YfVF";
const KEYB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIILYoufnbL/WNHceAzk66ABs6+XoGbZVySY755TbFe1F";

const HOME_HOSTS: ExistingHost[] = [
  { name: "k3s1", address: "192.168.86.71", privateAddress: "192.168.86.71", role: "server", sshUser: "ubuntu", privateInterface: "enp1s0", hostKey: KEY1 },
  { name: "k3s2", address: "192.168.86.72", privateAddress: "192.168.86.72", role: "agent", labels: { "node.example.com/disk": "ssd" }, hostKey: KEY2 },
];
const BASTION = { host: "bastion.home.example.com", user: "ops", port: 2222, hostKey: KEYB };

const homeArgs = (extra: Partial<ExistingNodesArgs> = {}): ExistingNodesArgs => ({
  networkCidr: "192.168.86.0/24",
  hosts: HOME_HOSTS,
  bastion: BASTION,
  sshPrivateKey: pulumi.secret("mock-key"),
  ...extra,
});

describe("ExistingNodes", () => {
  it("passes the bastion through as the @pulumi/command proxy, with the same secret key", () => {
    const c = buildConnection(HOME_HOSTS[0]!, BASTION, "KEY") as Record<string, any>;
    assert.deepStrictEqual(c, {
      host: "192.168.86.71",
      port: 22,
      user: "ubuntu",
      privateKey: "KEY",
      hostKey: KEY1,
      proxy: { host: "bastion.home.example.com", port: 2222, user: "ops", privateKey: "KEY", hostKey: KEYB },
    });
    assert.strictEqual((buildConnection(HOME_HOSTS[1]!, undefined, "KEY") as Record<string, any>).proxy, undefined);
  });

  it("defaults the user, port and bastion user from EXISTING_HOST_DEFAULTS and the host", () => {
    assert.deepStrictEqual(EXISTING_HOST_DEFAULTS, { sshUser: "root", sshPort: 22, privateInterface: "eth0" });
    const c = buildConnection(HOME_HOSTS[1]!, { host: "jump", hostKey: KEYB }, "KEY") as Record<string, any>;
    assert.deepStrictEqual([c.user, c.port, c.proxy.user, c.proxy.port], ["root", 22, "root", 22]);
  });

  it("orders servers before agents", () => {
    assert.deepStrictEqual(orderHosts([HOME_HOSTS[1]!, HOME_HOSTS[0]!]).map((h) => h.name), ["k3s1", "k3s2"]);
  });

  it("registers one preflight per host through the bastion, secret key on the wire, no cloud resources", async () => {
    let nodes: ExistingNodes | undefined;
    const result = await runProgram(
      () => {
        nodes = new ExistingNodes("home", homeArgs());
        return { api: nodes.nodes.apiEndpoint };
      },
      { stack: "home", config: {}, preview: false },
    );
    if (result.error) throw result.error;
    const cmds = result.resources.filter((r) => r.type === "command:remote:Command");
    assert.deepStrictEqual(cmds.map((c) => c.name), ["home-k3s1-preflight", "home-k3s2-preflight"]);
    for (const c of cmds) {
      // The key makes the whole connection (host and bastion) a secret on the wire.
      assert.ok(isSecretValue(c.rawInputs.connection), "the connection must be secret");
      assert.ok(!JSON.stringify({ ...c.rawInputs, connection: undefined }).includes("mock-key"));
      assert.strictEqual(plainInputs(c).connection.proxy.host, "bastion.home.example.com");
    }
    assert.match(plainInputs(cmds[0]!).create, /iface='enp1s0'/);
    assert.match(plainInputs(cmds[1]!).create, /iface='eth0'/);
    assert.ok(!result.resources.some((r) => /^(hcloud|digitalocean|aws):/.test(r.type)));
    const n = nodes!.nodes;
    assert.deepStrictEqual(n.cloud, { kind: "none" });
    assert.strictEqual(n.externalCloudProvider, false);
    assert.deepStrictEqual(n.podNetwork, { routing: "tunnel" }, "not said to share layer 2: tunnel");
    assert.strictEqual((n.servers[0]!.connection as Record<string, any>).proxy.user, "ops");
    assert.strictEqual(result.outputs.api!.value, "192.168.86.71");
    assert.deepStrictEqual([n.servers[0]!.pool, n.agents[0]!.pool], ["servers", EXISTING_AGENT_POOL]);
    assert.deepStrictEqual(n.agents[0]!.labels, { "node.example.com/disk": "ssd" });
  });

  it("uses apiAddress for the API endpoint when given", async () => {
    let api: pulumi.Output<string> | undefined;
    const result = await runProgram(() => {
      api = new ExistingNodes("home", homeArgs({ apiAddress: "k3s.home.example.com", bastion: undefined })).nodes.apiEndpoint;
      return { api };
    }, { stack: "home", config: {}, preview: false });
    if (result.error) throw result.error;
    assert.strictEqual(result.outputs.api!.value, "k3s.home.example.com");
  });
});

describe("validateExistingNodesArgs", () => {
  it("accepts the homelab args", () => validateExistingNodesArgs(homeArgs()));

  it("lists every problem at once with its path, never printing the key, and registers nothing", async () => {
    const bad: ExistingNodesArgs = {
      networkCidr: "192.168.86.0/24",
      hosts: [
        ...HOME_HOSTS,
        { name: "k3s2", address: "192.168.86.72", privateAddress: "10.0.0.9", role: "server", sshPort: 70000, privateInterface: "eth0; reboot", hostKey: KEY2 },
        { name: "k3s4", address: "192.168.86.74", privateAddress: "192.168.86.71", role: "master" as never, hostKey: "" },
      ],
      bastion: { host: "", port: 0, hostKey: KEYB },
      sshPrivateKey: undefined as never,
    };
    assert.throws(() => validateExistingNodesArgs(bad), (e: unknown) => {
      assert.ok(e instanceof InputPropertiesError);
      assert.strictEqual(e.component, "ExistingNodes");
      for (const part of [
        "hosts is \"2 servers\": must hold 1, or an odd number",
        "hosts[2].name is \"k3s2\": duplicates hosts[1].name",
        "hosts[2].sshPort is 70000: must be a port number",
        "hosts[2].privateAddress is \"10.0.0.9\": must lie inside networkCidr 192.168.86.0/24",
        "hosts[2].privateInterface is \"eth0; reboot\": must be a network interface name",
        "hosts[3].role is \"master\": must be server or agent",
        "hosts[3].privateAddress is \"192.168.86.71\": duplicates hosts[0].privateAddress",
        "bastion.host is \"\"",
        "bastion.port is 0",
        "sshPrivateKey is missing: is required",
        "hosts[3].hostKey is \"\": is required: the host's SSH host key (ssh-ed25519 AAAA...), pinned on every connection. Read it with `ssh-keyscan -t ed25519 192.168.86.74`",
      ]) assert.ok(e.message.includes(part), `missing ${JSON.stringify(part)} in:\n${e.message}`);
      assert.strictEqual(e.problems.length, 11);
      return true;
    });
    const r = await runProgram(() => {
      new ExistingNodes("bad", bad);
      return {};
    }, { stack: "home", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.strictEqual(r.resources.length, 0);
  });

  it("refuses a second host on the same SSH endpoint, but not one behind another forwarded port", () => {
    const twin = { name: "k3s3", address: "192.168.86.71", privateAddress: "192.168.86.73", role: "agent" as const, hostKey: KEY2 };
    assert.throws(() => validateExistingNodesArgs(homeArgs({ hosts: [...HOME_HOSTS, twin] })), /hosts\[2\]\.address is "192\.168\.86\.71": duplicates hosts\[0\]/);
    validateExistingNodesArgs(homeArgs({ hosts: [...HOME_HOSTS, { ...twin, sshPort: 2203 }] }));
  });

  it("requires a pinned host key on every host and on the bastion, naming the ssh-keyscan line with the port", () => {
    const noKeys = homeArgs({
      hosts: [{ ...HOME_HOSTS[0]!, hostKey: undefined as never, sshPort: 2201 }, HOME_HOSTS[1]!],
      bastion: { ...BASTION, hostKey: "not a key" },
    });
    assert.throws(() => validateExistingNodesArgs(noKeys), (e: unknown) => {
      assert.ok(e instanceof InputPropertiesError);
      assert.match(e.message, /hosts\[0\]\.hostKey is missing: is required: .*`ssh-keyscan -p 2201 -t ed25519 192\.168\.86\.71`/);
      assert.match(e.message, /bastion\.hostKey is "not a key": is required: .*`ssh-keyscan -p 2222 -t ed25519 bastion\.home\.example\.com`/);
      return true;
    });
  });

  it("pins the host key on the host's connection and the bastion's on the proxy, in the registered steps", async () => {
    const result = await runProgram(() => {
      new ExistingNodes("home", homeArgs());
      return {};
    }, { stack: "home", config: {}, preview: false });
    if (result.error) throw result.error;
    const cmds = result.resources.filter((r) => r.type === "command:remote:Command").map(plainInputs);
    assert.deepStrictEqual(cmds.map((c) => [c.connection.hostKey, c.connection.proxy.hostKey]), [[KEY1, KEYB], [KEY2, KEYB]]);
  });

  it("refuses no hosts and a non-IPv4 LAN", () => {
    assert.throws(() => validateExistingNodesArgs(homeArgs({ hosts: [], networkCidr: "fd00::/64" })), (e: unknown) => {
      assert.ok(e instanceof InputPropertiesError);
      assert.match(e.message, /networkCidr is "fd00::\/64": must be an IPv4 CIDR/);
      assert.match(e.message, /hosts is \[\]: must list at least one host with role server/);
      return true;
    });
  });
});
