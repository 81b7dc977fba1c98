import { strict as assert } from "assert";
import { parse } from "yaml";
import { apiServerUrl, nameKubeconfig, rewriteKubeconfigServer } from "./kubeconfig";
import { FAKE_KUBECONFIG } from "../testing/mock-state";

describe("kubeconfig", () => {
  it("apiServerUrl: https on 6443, brackets for IPv6", () => {
    assert.equal(apiServerUrl("203.0.113.9"), "https://203.0.113.9:6443");
    assert.equal(apiServerUrl("2001:db8::1"), "https://[2001:db8::1]:6443");
    assert.equal(apiServerUrl("api.example.com", 443), "https://api.example.com:443");
  });

  it("rewrites the server of every cluster and keeps the credentials", () => {
    const out = parse(rewriteKubeconfigServer(FAKE_KUBECONFIG, "https://203.0.113.9:6443"));
    const before = parse(FAKE_KUBECONFIG);
    assert.equal(out.clusters[0].cluster.server, "https://203.0.113.9:6443");
    assert.equal(out.clusters[0].cluster["certificate-authority-data"], before.clusters[0].cluster["certificate-authority-data"]);
    assert.deepEqual(out.users, before.users);
    assert.equal(out["current-context"], "default");
    assert.doesNotMatch(rewriteKubeconfigServer(FAKE_KUBECONFIG, "https://x:6443"), /127\.0\.0\.1/);
  });

  it("is deterministic and idempotent", () => {
    const once = rewriteKubeconfigServer(FAKE_KUBECONFIG, "https://203.0.113.9:6443");
    assert.equal(once, rewriteKubeconfigServer(FAKE_KUBECONFIG, "https://203.0.113.9:6443"));
    assert.equal(rewriteKubeconfigServer(once, "https://203.0.113.9:6443"), once);
  });

  it("rejects text that is not a kubeconfig", () => {
    assert.throws(() => rewriteKubeconfigServer("kind: Config\n", "https://x:6443"), /no clusters/);
    assert.throws(() => rewriteKubeconfigServer("clusters: [\n", "https://x:6443"), /not valid YAML/);
  });

  it("names the cluster, user and context after the stack, so several stacks merge without colliding", () => {
    const out = parse(nameKubeconfig(FAKE_KUBECONFIG, "k3s-prod"));
    const before = parse(FAKE_KUBECONFIG);
    assert.deepEqual(out.clusters.map((c: { name: string }) => c.name), ["k3s-prod"]);
    assert.deepEqual(out.users.map((u: { name: string }) => u.name), ["k3s-prod"]);
    assert.deepEqual(out.contexts, [{ name: "k3s-prod", context: { cluster: "k3s-prod", user: "k3s-prod" } }]);
    assert.equal(out["current-context"], "k3s-prod");
    assert.deepEqual(out.users[0].user, before.users[0].user);
    assert.deepEqual(out.clusters[0].cluster, before.clusters[0].cluster);
    assert.doesNotMatch(nameKubeconfig(FAKE_KUBECONFIG, "k3s-dev"), /\bdefault\b/);
    assert.throws(() => nameKubeconfig(FAKE_KUBECONFIG, "bad name"), /must be letters/);
  });
});
