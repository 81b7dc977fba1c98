import { strict as assert } from "node:assert";
import { externalSecretsValues } from "./external-secrets";

describe("externalSecretsValues", () => {
  it("installs the CRDs with the chart", () => {
    assert.deepEqual(externalSecretsValues(), { installCRDs: true });
  });
});
