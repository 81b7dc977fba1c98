import { strict as assert } from "assert";
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, TRACKING_METHOD_KEY, buildArgoCdValues } from "./argocd";

describe("Argo CD values", () => {
  it("engine values turn on annotation tracking and the Application health check, and carry no credentials", () => {
    const cm = (buildArgoCdValues() as { configs: { cm: Record<string, string> } }).configs.cm;
    assert.equal(cm[TRACKING_METHOD_KEY], "annotation");
    assert.equal(cm[APPLICATION_HEALTH_KEY], APPLICATION_HEALTH_LUA);
    assert.match(APPLICATION_HEALTH_LUA, /st\.health\.status/);
    assert.doesNotMatch(JSON.stringify(buildArgoCdValues({ highAvailability: true })), /repositories|sshPrivateKey|password/);
  });

  it("turns Dex off, and the HA layout on only when asked", () => {
    const plain = buildArgoCdValues();
    assert.deepEqual(plain.dex, { enabled: false });
    assert.equal(plain["redis-ha"], undefined);
    const ha = buildArgoCdValues({ highAvailability: true });
    assert.deepEqual([ha["redis-ha"], ha.server, ha.repoServer], [{ enabled: true }, { replicas: 2 }, { replicas: 2 }]);
  });
});
