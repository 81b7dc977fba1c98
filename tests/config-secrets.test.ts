/** Secret config formats are checked when the config loads, never echoed; a stack with a valid ageKey plans offline. */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { ageKeyFromBytes } from "@k3s-gitops/components";
import { PROJECT, planStack } from "../plan/cli";
import { loadStackFile } from "../plan/stack-file";
import { PLACEHOLDER_CREDENTIAL } from "../stacks/config/credentials";
import { ConfigError } from "../stacks/config/errors";
import { secretFormatProblems } from "../stacks/config/load";
import { TEST_SSH_PRIVATE_KEY } from "./multicloud-fixtures";
import { baseConfig, runStack } from "./mocks";

const CONFIG = baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" } });
const TOKEN = { hcloudToken: "mock-hcloud-token-0123456789" };

describe("secret config formats", function () {
  this.timeout(60000);
  const bad: [string, Record<string, string>, RegExp][] = [
    ["a malformed ageKey", { ageKey: "AGE-SECRET-KEY-1NOTAKEYATALL" }, /k3s-gitops:ageKey is "\(hidden\)": .*age identity/],
    ["an age recipient given as ageKey", { ageKey: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p" }, /k3s-gitops:ageKey is "\(hidden\)"/],
    // The SSH private keys (stacks/config/credentials.ts privateKeyFormatProblem): the login key and the git deploy key.
    ["a path given as sshPrivateKey", { sshPrivateKey: "~/.ssh/id_ed25519-secretpath" }, /k3s-gitops:sshPrivateKey is "\(hidden\)": must be an OpenSSH or PEM private key/],
    ["a public key given as sshPrivateKey", { sshPrivateKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKQJYnW13ne4n0idu6tLi+SJ6wPpCdyt6dd6H8NDmw5J me@laptop" }, /k3s-gitops:sshPrivateKey is "\(hidden\)": holds a public key/],
    ["a truncated sshPrivateKey", { sshPrivateKey: TEST_SSH_PRIVATE_KEY.slice(0, 60) }, /k3s-gitops:sshPrivateKey is "\(hidden\)": lacks its closing -----END OPENSSH PRIVATE KEY----- line/],
    ["a certificate given as sshPrivateKey", { sshPrivateKey: TEST_SSH_PRIVATE_KEY.replace(/OPENSSH PRIVATE KEY/g, "CERTIFICATE") }, /k3s-gitops:sshPrivateKey is "\(hidden\)": holds a CERTIFICATE block/],
    ["a passphrase-protected PKCS#8 sshPrivateKey", { sshPrivateKey: TEST_SSH_PRIVATE_KEY.replace(/OPENSSH PRIVATE KEY/g, "ENCRYPTED PRIVATE KEY") }, /k3s-gitops:sshPrivateKey is "\(hidden\)": holds a passphrase-protected/],
    ["a non-base64 body in sshPrivateKey", { sshPrivateKey: TEST_SSH_PRIVATE_KEY.replace("VEVTVC1PTkxZOiBub3QgYSBrZXk=", "not*base64!") }, /k3s-gitops:sshPrivateKey is "\(hidden\)": holds no base64/],
    ["a token given as gitSshPrivateKey", { gitSshPrivateKey: "ghp_notakeyatall0123456789" }, /k3s-gitops:gitSshPrivateKey is "\(hidden\)": must be an OpenSSH or PEM private key/],
    ["a public key given as gitSshPrivateKey", { gitSshPrivateKey: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= deploy" }, /k3s-gitops:gitSshPrivateKey is "\(hidden\)": holds a public key/],
  ];
  for (const [title, secrets, expected] of bad) {
    it(`refuses ${title} before any resource, without echoing it`, async () => {
      const run = await runStack(CONFIG, { secrets: { ...TOKEN, ...secrets } });
      assert.ok(run.error instanceof ConfigError, String(run.error));
      assert.match(run.error!.message, expected);
      for (const v of Object.values(secrets)) assert.ok(!run.error!.message.includes(v), "the secret is never echoed");
      assert.equal(run.resources.length, 0);
    });
  }

  it("accepts OpenSSH and PEM private keys (RSA, EC, PKCS#8), and checks an environment-variable key too", () => {
    const as = (type: string) => TEST_SSH_PRIVATE_KEY.replace(/OPENSSH PRIVATE KEY/g, type);
    for (const key of [TEST_SSH_PRIVATE_KEY, as("RSA PRIVATE KEY"), as("EC PRIVATE KEY"), as("PRIVATE KEY"), `  ${TEST_SSH_PRIVATE_KEY.replace(/\n/g, "\r\n")}  `]) {
      assert.deepEqual(secretFormatProblems({ "k3s-gitops:sshPrivateKey": key, "k3s-gitops:gitSshPrivateKey": key }), [], key.slice(11, 30));
    }
    assert.deepEqual(secretFormatProblems({ "k3s-gitops:sshPrivateKey": PLACEHOLDER_CREDENTIAL }), [], "the offline plan's placeholder is not checked");
    const [fromEnv] = secretFormatProblems({}, { K3S_GITOPS_SSH_PRIVATE_KEY: "not-a-key-from-env" });
    assert.deepEqual([fromEnv?.path, fromEnv?.value], [["sshPrivateKey"], "(hidden)"]);
    assert.match(fromEnv!.message, /\(read from K3S_GITOPS_SSH_PRIVATE_KEY\)/);
    assert.ok(!JSON.stringify(fromEnv).includes("not-a-key-from-env"));
    assert.deepEqual(secretFormatProblems({ "k3s-gitops:sshPrivateKey": TEST_SSH_PRIVATE_KEY }, { K3S_GITOPS_SSH_PRIVATE_KEY: "junk" }), [], "config wins over the environment");
  });

  it("plans a stack that sets a valid ageKey, offline", async () => {
    const { identity, recipient } = ageKeyFromBytes(randomBytes(32));
    const run = await runStack(CONFIG, { preview: true, secrets: { ...TOKEN, ageKey: `# created: now\n# public key: ${recipient}\n${identity}\n` } });
    if (run.error) throw run.error;
    assert.ok(run.resources.length > 0);
    assert.ok(run.resources.some((r) => r.type === "kubernetes:core/v1:Secret" && r.name.includes("sops")), "the sops-age Secret is registered");
  });

  it("the offline plan plans a stack file that sets ageKey (a secure: value it cannot decrypt)", async () => {
    const file = loadStackFile("Pulumi.dev.yaml", PROJECT);
    const stackFile = {
      config: { ...file.config, [`${PROJECT}:ageKey`]: PLACEHOLDER_CREDENTIAL },
      secretKeys: [...file.secretKeys, `${PROJECT}:ageKey`],
    };
    const result = await planStack({ stack: "dev", stackFile });
    if (result.run.error) throw result.run.error;
    assert.deepEqual(result.policy.violations.filter((v) => v.enforcement === "mandatory"), []);
  });
});
