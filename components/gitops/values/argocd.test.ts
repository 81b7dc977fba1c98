import { strict as assert } from "assert";
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, TRACKING_METHOD_KEY, buildArgoCdValues, withArgoCdKnownHosts } from "./argocd";

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
