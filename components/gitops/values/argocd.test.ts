import { strict as assert } from "assert";
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, TRACKING_METHOD_KEY, buildArgoCdValues, withArgoCdKnownHosts } from "./argocd";
import { ENGINE_TOLERATIONS } from "./scheduling";

const UNINITIALIZED = { key: "node.cloudprovider.kubernetes.io/uninitialized", operator: "Equal", value: "true", effect: "NoSchedule" };

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
    const ha = buildArgoCdValues({ highAvailability: true }) as any;
    assert.equal(ha["redis-ha"].enabled, true);
    assert.deepEqual([ha.server, ha.repoServer], [{ replicas: 2 }, { replicas: 2 }]);
  });

  it("every Argo CD pod tolerates the cloud controller's uninitialized taint, redis-ha's and its HAProxy's too", () => {
    assert.deepEqual([...ENGINE_TOLERATIONS], [UNINITIALIZED]);
    assert.deepEqual((buildArgoCdValues() as any).global.tolerations, [UNINITIALIZED]);
    const ha = buildArgoCdValues({ highAvailability: true }) as any;
    assert.deepEqual(ha.global.tolerations, [UNINITIALIZED]);
    // The redis-ha subchart does not read global.tolerations: its own keys (argo-cd values.yaml, redis-ha block).
    assert.deepEqual(ha["redis-ha"].tolerations, [UNINITIALIZED]);
    assert.deepEqual(ha["redis-ha"].haproxy.tolerations, [UNINITIALIZED]);
  });

  it("withArgoCdKnownHosts sets configs.ssh.knownHosts (argo-cd 10.1.1's key for argocd-ssh-known-hosts-cm), keeping the rest", () => {
    const base = buildArgoCdValues();
    assert.equal(withArgoCdKnownHosts(base, undefined), base);
    const out = withArgoCdKnownHosts(base, "h ssh-ed25519 AAAA\nh2 ssh-rsa BBBB\n") as { configs: Record<string, unknown> };
    assert.deepEqual(out.configs.ssh, { knownHosts: "h ssh-ed25519 AAAA\nh2 ssh-rsa BBBB\n" });
    assert.deepEqual(out.configs.cm, (base.configs as Record<string, unknown>).cm);
    assert.equal((withArgoCdKnownHosts(base, "h ssh-ed25519 AAAA") as { configs: { ssh: { knownHosts: string } } }).configs.ssh.knownHosts, "h ssh-ed25519 AAAA\n");
    assert.equal((base.configs as Record<string, unknown>).ssh, undefined, "the input is not changed");
  });
});
