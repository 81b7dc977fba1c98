/** Secret config formats are checked when the config loads, never echoed; a stack with a valid ageKey plans offline. */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { ageKeyFromBytes } from "@k3s-gitops/components";
import { PROJECT, planStack } from "../plan/cli";
import { loadStackFile } from "../plan/stack-file";
import { PLACEHOLDER_CREDENTIAL } from "../stacks/config/credentials";
import { ConfigError } from "../stacks/config/errors";
import { baseConfig, runStack } from "./mocks";

const CONFIG = baseConfig({ cloud: "hetzner", k3s: { version: "v1.36.4+k3s1" } });
const TOKEN = { hcloudToken: "mock-hcloud-token-0123456789" };

describe("secret config formats", function () {
  this.timeout(60000);
  const bad: [string, Record<string, string>, RegExp][] = [
    ["a malformed ageKey", { ageKey: "AGE-SECRET-KEY-1NOTAKEYATALL" }, /k3s-gitops:ageKey is "\(hidden\)": .*age identity/],
    ["an age recipient given as ageKey", { ageKey: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p" }, /k3s-gitops:ageKey is "\(hidden\)"/],
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
