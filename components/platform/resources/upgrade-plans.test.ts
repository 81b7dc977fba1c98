import { strict as assert } from "node:assert";
import { validateManifest } from "../../kernel/validate";
import { AGENT_PLAN, K3S_UPGRADE_IMAGE, SERVER_PLAN, SUC_SERVICE_ACCOUNT, buildUpgradePlans } from "./upgrade-plans";

describe("buildUpgradePlans", () => {
  const [server, agent] = buildUpgradePlans("v1.34.3+k3s3", "system-upgrade") as any[];

  it("upgrades servers one at a time, cordoned, to the given version", async () => {
    await validateManifest(server);
    assert.deepEqual(server.metadata, { name: SERVER_PLAN, namespace: "system-upgrade" });
    assert.equal(server.spec.concurrency, 1);
    assert.equal(server.spec.cordon, true);
    assert.equal(server.spec.version, "v1.34.3+k3s3");
    assert.deepEqual(server.spec.nodeSelector.matchExpressions, [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }]);
    assert.equal(server.spec.serviceAccountName, SUC_SERVICE_ACCOUNT);
  });

  it("upgrades agents after the server plan, drained, one at a time", async () => {
    await validateManifest(agent);
    assert.equal(agent.metadata.name, AGENT_PLAN);
    assert.deepEqual(agent.spec.prepare, { image: K3S_UPGRADE_IMAGE, args: ["prepare", SERVER_PLAN] });
    assert.equal(agent.spec.concurrency, 1);
    assert.equal(agent.spec.drain.force, true);
    assert.equal(agent.spec.version, "v1.34.3+k3s3");
    assert.deepEqual(agent.spec.nodeSelector.matchExpressions, [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }]);
  });
});
