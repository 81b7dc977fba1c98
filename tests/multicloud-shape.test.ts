/**
 * Every cloud's example stack evaluates end to end through the program. The ClusterNodes shape contract, from literal
 * args, is components/nodes/types.test.ts.
 */
import * as assert from "assert";
import { SECRETS, stackFileConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

describe("each cloud's example stack evaluates end to end", () => {
  const STACKS: [string, Record<string, string>][] = [
    ["prod", SECRETS.hetzner],
    ["do-dev", SECRETS.digitalocean],
    ["home", SECRETS.existing],
  ];
  for (const [stack, secrets] of STACKS) {
    it(`Pulumi.${stack}.yaml`, async () => {
      const run = await runStack(stackFileConfig(stack), { stack, secrets });
      assert.ifError(run.error);
      assert.strictEqual(run.ofType("k3s-gitops:k3s:K3sCluster").length, 1);
      const nodeComponents = run.resources.filter((r) => r.type.startsWith("k3s-gitops:nodes:"));
      assert.strictEqual(nodeComponents.length, 1);
    });
  }
});
