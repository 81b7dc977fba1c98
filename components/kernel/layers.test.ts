import { strict as assert } from "node:assert";
import { COMPONENT_LAYERS, LAYERS, Layer, componentToken, layerOfUrn, urnType } from "./layers";

const urn = (chain: string, name = "x", stack = "dev") => `urn:pulumi:${stack}::k3s-gitops::${chain}::${name}`;

describe("kernel layers", () => {
  it("numbers the layers 0 to 5 in table order, with the Layer names matching", () => {
    assert.deepEqual(LAYERS.map((l) => l.id), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(LAYERS.map((l) => l.key), ["infrastructure", "cluster", "cluster-core", "platform", "gitops-engine", "hand-off"]);
    assert.deepEqual(Object.values(Layer), [0, 1, 2, 3, 4, 5]);
  });

  it("gives every component token a layer and keeps the k3s-gitops:<module>:<Name> shape", () => {
    for (const [token, layer] of Object.entries(COMPONENT_LAYERS)) {
      assert.match(token, /^k3s-gitops:[a-z0-9]+:[A-Z][A-Za-z0-9]+$/, token);
      assert.ok(LAYERS.some((l) => l.id === layer), token);
    }
    assert.equal(componentToken("k3s-gitops:k3s:K3sCluster"), "k3s-gitops:k3s:K3sCluster");
    assert.throws(() => componentToken("k3s-gitops:x:Nope"), /k3s-gitops:x:Nope has no layer; add it to COMPONENT_LAYERS in components\/kernel\/layers.ts/);
  });

  it("reads the resource's own type from a URN", () => {
    assert.equal(urnType(urn("k3s-gitops:k3s:K3sCluster$command:remote:Command")), "command:remote:Command");
    assert.equal(urnType(urn("pulumi:pulumi:Stack")), "pulumi:pulumi:Stack");
    assert.equal(urnType("not a urn"), "");
  });

  describe("layerOfUrn", () => {
    it("is the component's own layer", () => {
      assert.equal(layerOfUrn(urn("k3s-gitops:nodes:HetznerNodes")), Layer.Infrastructure);
      assert.equal(layerOfUrn(urn("k3s-gitops:gitops:FluxHandoff")), Layer.HandOff);
    });
    it("is the nearest layered ancestor's layer for a child, however deep", () => {
      assert.equal(layerOfUrn(urn("k3s-gitops:k3s:K3sCluster$command:remote:Command")), Layer.Cluster);
      assert.equal(layerOfUrn(urn("k3s-gitops:platform:Platform$kubernetes:helm.sh/v3:Release")), Layer.Platform);
      // A layered component inside another: the nearer one wins (DnsCredentials in Platform's tree is layer 3 either way,
      // Route53Dns under a layer-3 parent is its own layer 0).
      assert.equal(layerOfUrn(urn("k3s-gitops:platform:Platform$k3s-gitops:dns:Route53Dns$aws:route53/record:Record")), Layer.Infrastructure);
      assert.equal(layerOfUrn(urn("my:app:Wrapper$k3s-gitops:gitops:GitOpsEngine$kubernetes:helm.sh/v3:Release")), Layer.GitOpsEngine);
    });
    it("gives providers, the stack and unlayered resources no layer", () => {
      assert.equal(layerOfUrn(urn("pulumi:pulumi:Stack")), null);
      assert.equal(layerOfUrn(urn("k3s-gitops:k3s:K3sCluster$pulumi:providers:kubernetes")), null);
      assert.equal(layerOfUrn(urn("random:index/randomPassword:RandomPassword")), null);
      assert.equal(layerOfUrn("garbage"), null);
    });
  });
});
