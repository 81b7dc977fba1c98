import { strict as assert } from "node:assert";
import { validateManifest } from "../../kernel/validate";
import { buildClusterSecretStore } from "./cluster-secret-store";

describe("buildClusterSecretStore", () => {
  it("builds an external-secrets.io/v1 ClusterSecretStore carrying the provider block as given (copied)", async () => {
    const provider = { aws: { service: "SecretsManager", region: "eu-central-1" } };
    const store = buildClusterSecretStore("aws", provider);
    assert.deepEqual(store, { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: "aws" }, spec: { provider } });
    assert.notEqual((store.spec as any).provider, provider);
    await validateManifest(store as any);
  });
});
