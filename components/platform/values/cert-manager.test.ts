import { strict as assert } from "node:assert";
import { certManagerValues } from "./cert-manager";

describe("certManagerValues", () => {
  it("installs the CRDs with the chart and keeps them on uninstall (not the deprecated installCRDs)", () => {
    assert.deepEqual(certManagerValues(), { crds: { enabled: true, keep: true } });
    assert.equal((certManagerValues() as any).installCRDs, undefined);
  });

  it("switches on the Gateway API support with the v1.21 ControllerConfiguration form", () => {
    assert.deepEqual((certManagerValues({ gatewayApi: true }) as any).config, {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      gatewayAPI: { enabled: true },
      kind: "ControllerConfiguration",
    });
  });
});
