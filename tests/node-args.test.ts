/**
 * The program's side of layer 0: the one read of the node SSH private key (resolveNodeSshPrivateKey and the config
 * check before it), and stacks/args/nodes.ts, which maps the validated config onto the node components' args.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { validateDigitalOceanNodesArgs } from "@k3s-gitops/components";
import { validateExistingNodesArgs } from "@k3s-gitops/components";
import { validateHetznerNodesArgs } from "@k3s-gitops/components";
import { runProgram } from "@k3s-gitops/components/testing";
import { digitalOceanNodesArgs, existingNodesArgs, hetznerNodesArgs } from "../stacks/args/nodes";
import { PLACEHOLDER_CREDENTIAL, resolveNodeSshPrivateKey } from "../stacks/config/credentials";
import { buildConfig, sshKeyProblems } from "../stacks/config/load";
import { SECRETS, TEST_SSH_PRIVATE_KEY, stackFileConfig } from "./multicloud-fixtures";
import { baseConfig, plainInputs, runStack } from "./mocks";

const NS = "k3s-gitops";
const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32", "198.51.100.0/24"] };
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample me@host";

/** Runs resolveNodeSshPrivateKey under the mock engine with the given secret config. */
async function resolveKey(config: { cloud: string; access: { sshPublicKey?: string } }, secrets: Record<string, string>, preview: boolean) {
  let returned: pulumi.Output<string> | undefined;
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries(secrets)) full[`${NS}:${k}`] = v;
  const r = await runProgram(
    () => {
      returned = resolveNodeSshPrivateKey(config, {});
      return { key: returned };
    },
    { stack: "t", config: full, secretKeys: Object.keys(full), preview },
  );
  return { r, returned };
}

describe("the node SSH private key: one read, one rule", () => {
  it("is not read when a key pair is generated (a cloud, no access.sshPublicKey)", async () => {
    const { r, returned } = await resolveKey({ cloud: "hetzner", access: {} }, { sshPrivateKey: "ignored" }, false);
    assert.ifError(r.error);
    assert.equal(returned, undefined);
  });

  it("is the secret config sshPrivateKey when access.sshPublicKey is given or the cloud is existing", async () => {
    for (const config of [{ cloud: "hetzner", access: { sshPublicKey: PUBLIC_KEY } }, { cloud: "digitalocean", access: { sshPublicKey: PUBLIC_KEY } }, { cloud: "existing", access: {} }]) {
      const { r } = await resolveKey(config, { sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----x" }, false);
      assert.ifError(r.error);
      assert.deepEqual([r.outputs.key!.value, r.outputs.key!.secret], ["-----BEGIN OPENSSH PRIVATE KEY-----x", true], config.cloud);
    }
  });

  it("fails `up` with the message that says how to set it, and previews with a secret placeholder", async () => {
    const up = await resolveKey({ cloud: "existing", access: {} }, {}, false);
    assert.match(String(up.r.error), /k3s-gitops:sshPrivateKey is missing/);
    assert.match(String(up.r.error), /pulumi config set --secret sshPrivateKey/);
    const preview = await resolveKey({ cloud: "hetzner", access: { sshPublicKey: PUBLIC_KEY } }, {}, true);
    assert.ifError(preview.r.error);
    assert.equal(preview.r.outputs.key!.value, PLACEHOLDER_CREDENTIAL);
    assert.equal(preview.r.outputs.key!.secret, true);
  });

  it("is caught by config validation too", () => {
    const raw = { access: { ...ACCESS, sshPublicKey: "ssh-ed25519 AAAA x" } };
    assert.equal(sshKeyProblems(raw, [])[0]!.path[0], "sshPrivateKey");
    assert.deepEqual(sshKeyProblems(raw, ["k3s-gitops:sshPrivateKey"]), []);
    assert.deepEqual(sshKeyProblems({ access: ACCESS }, []), []);
  });

  it("reaches HetznerNodes through the program: the supplied public key, no generated key, the key on every connection", async () => {
    const key = TEST_SSH_PRIVATE_KEY;
    const run = await runStack(baseConfig({ access: { ...ACCESS, sshPublicKey: PUBLIC_KEY } }), { secrets: { ...SECRETS.hetzner, sshPrivateKey: key } });
    run.ok();
    assert.equal(run.ofType("tls:index/privateKey:PrivateKey").filter((k) => !k.name.endsWith("-host-key")).length, 0, "no login key generated (host keys always are)");
    assert.equal(plainInputs(run.ofType("hcloud:index/sshKey:SshKey")[0]!).publicKey, PUBLIC_KEY);
    const commands = run.ofType("command:remote:Command");
    assert.ok(commands.length > 0);
    for (const c of commands) assert.equal(plainInputs(c).connection.privateKey, key, c.name);
  });

  it("fails the program before registering anything when the key is missing", async () => {
    const run = await runStack(baseConfig({ access: { ...ACCESS, sshPublicKey: PUBLIC_KEY } }), { secrets: SECRETS.hetzner });
    assert.match(String(run.error), /sshPrivateKey is missing/);
    assert.equal(run.resources.length, 0);
  });
});

describe("stacks/args/nodes.ts maps the validated config onto the node components' args", () => {
  const token = "TOKEN";
  it("Hetzner (prod): pools, access, the hetzner block flattened, credentials passed through", () => {
    const config = buildConfig(stackFileConfig("prod"), "prod");
    const args = hetznerNodesArgs("k3s-prod", config, { token, sshPrivateKey: undefined });
    assert.equal(args.clusterName, "k3s-prod");
    assert.deepEqual(args.servers, config.servers);
    assert.deepEqual(args.agentPools, config.agentPools);
    assert.deepEqual(args.access, config.access);
    assert.equal(args.networkZone, config.hetzner!.networkZone);
    assert.deepEqual(args.apiLoadBalancer, config.hetzner!.apiLoadBalancer);
    assert.equal(args.networkCidr, config.hetzner!.networkCidr);
    assert.equal(args.token, token);
    assert.equal(args.sshPrivateKey, undefined);
    validateHetznerNodesArgs(args);
  });

  it("DigitalOcean (do-dev): the region and VPC flattened", () => {
    const config = buildConfig(stackFileConfig("do-dev"), "do-dev");
    const args = digitalOceanNodesArgs("k3s-do-dev", config, { token });
    assert.equal(args.region, config.digitalocean!.region);
    assert.equal(args.vpcCidr, config.digitalocean!.vpcCidr);
    assert.deepEqual(args.servers, config.servers);
    validateDigitalOceanNodesArgs(args);
  });

  it("existing (home): the hosts, LAN, bastion and API address; the key passed through", () => {
    const config = buildConfig(stackFileConfig("home"), "home");
    const args = existingNodesArgs(config, { sshPrivateKey: "KEY" });
    assert.deepEqual(args.hosts, config.existing!.hosts);
    assert.equal(args.networkCidr, config.existing!.networkCidr);
    assert.deepEqual(args.bastion, config.existing!.bastion);
    assert.equal(args.apiAddress, config.existing!.apiAddress);
    assert.equal(args.sshPrivateKey, "KEY");
    assert.ok(!("ingress" in args) && !("storage" in args), "NodePorts and disks are the platform's");
    validateExistingNodesArgs(args);
  });
});
