import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ExistingNodes, buildConnection, orderHosts } from "../components/nodes/existing-nodes";
import { runProgram } from "../components/testing/harness";
import { isSecretValue, plainInputs } from "../components/testing/recorder";
import { HOME_HOSTS, SECRETS, existingConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

const BASTION = { host: "bastion.home.example.com", user: "ops", port: 2222 };

describe("ExistingNodes", () => {
  it("passes the bastion through as the @pulumi/command proxy, with the same secret key", () => {
    const c = buildConnection(HOME_HOSTS[0] as never, BASTION, "KEY") as Record<string, any>;
    assert.deepStrictEqual(c, {
      host: "192.168.86.71",
      port: 22,
      user: "ubuntu",
      privateKey: "KEY",
      proxy: { host: "bastion.home.example.com", port: 2222, user: "ops", privateKey: "KEY" },
    });
    assert.strictEqual((buildConnection(HOME_HOSTS[1] as never, undefined, "KEY") as Record<string, any>).proxy, undefined);
  });

  it("orders servers before agents", () => {
    assert.deepStrictEqual(orderHosts([HOME_HOSTS[1], HOME_HOSTS[0]] as never).map((h) => h.name), ["k3s1", "k3s2"]);
  });

  it("registers one preflight per host through the bastion, secret key on the wire, no cloud resources", async () => {
    let nodes: ExistingNodes | undefined;
    const result = await runProgram(
      () => {
        nodes = new ExistingNodes("home", {
          existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS as never, bastion: BASTION },
          sshPrivateKey: pulumi.secret("mock-key"),
        });
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
    assert.strictEqual((n.servers[0]!.connection as Record<string, any>).proxy.user, "ops");
    assert.strictEqual(result.outputs.api!.value, "192.168.86.71");
  });
});

describe("k3s-gitops:existing config", () => {
  const hosts = (...extra: object[]) => [...HOME_HOSTS, ...extra];
  const cases: { title: string; config: Record<string, unknown>; secrets?: Record<string, string>; expect: string[] }[] = [
    { title: "missing block", config: existingConfig({ existing: undefined }), expect: ["k3s-gitops:existing is missing", "hosts"] },
    { title: "two servers", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[0], name: "k3s3", address: "192.168.86.73", privateAddress: "192.168.86.73" }) } }), expect: ["k3s-gitops:existing.hosts is \"2 servers\"", "odd number"] },
    { title: "duplicate host name", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[1], address: "192.168.86.74", privateAddress: "192.168.86.74" }) } }), expect: ["k3s-gitops:existing.hosts[2].name is \"k3s2\"", "unique"] },
    { title: "private address off the LAN", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[1], name: "k3s9", privateAddress: "10.0.0.9" }) } }), expect: ["k3s-gitops:existing.hosts[2].privateAddress is \"10.0.0.9\"", "192.168.86.0/24"] },
    { title: "bad role", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: [{ ...HOME_HOSTS[0], role: "master" }] } }), expect: ["k3s-gitops:existing.hosts[0].role is \"master\"", "server or agent"] },
    { title: "NodePort out of range", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS, ingress: { httpNodePort: 80 } } }), expect: ["k3s-gitops:existing.ingress.httpNodePort is 80", "30000-32767"] },
    { title: "MetalLB pool holding a host", config: existingConfig({ platform: { certManager: { email: "ops@example.com" }, metallb: { enabled: true, addresses: ["192.168.86.70-192.168.86.80"] } } }), expect: ["k3s-gitops:platform.metallb.addresses[0]", "192.168.86.71", "must not hold host addresses"] },
    { title: "Longhorn disks without Longhorn", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS, storage: { longhornDiskPaths: ["/mnt/longhorn/sdf1"] } } }), expect: ["k3s-gitops:existing.storage.longhornDiskPaths", "platform.storage.longhorn.enabled"] },
    { title: "missing SSH key", config: existingConfig(), secrets: {}, expect: ["k3s-gitops:sshPrivateKey is missing", "pulumi config set --secret sshPrivateKey"] },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} before registering anything`, async () => {
      const run = await runStack(c.config, { stack: "home", secrets: c.secrets ?? SECRETS.existing });
      assert.ok(run.error, "expected an error");
      assert.strictEqual(run.resources.length, 0, `registered: ${run.resources.map((r) => r.type).join(", ")}`);
      const line = run.error!.message.split("\n").find((l) => c.expect.every((e) => l.includes(e)));
      assert.ok(line, `no problem line with ${JSON.stringify(c.expect)} in:\n${run.error!.message}`);
    });
  }
});
