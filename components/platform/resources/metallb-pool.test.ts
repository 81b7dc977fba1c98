import { strict as assert } from "node:assert";
import { validateManifest } from "../../kernel/validate";
import { METALLB_POOL_NAME, buildMetallbPool } from "./metallb-pool";

describe("buildMetallbPool", () => {
  it("builds an IPAddressPool with the addresses and an L2Advertisement of that pool, in the namespace", async () => {
    const [pool, l2] = buildMetallbPool(["192.0.2.240-192.0.2.250", "198.51.100.0/28"], "metallb-system");
    assert.deepEqual(pool, {
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: METALLB_POOL_NAME, namespace: "metallb-system" },
      spec: { addresses: ["192.0.2.240-192.0.2.250", "198.51.100.0/28"], autoAssign: true },
    });
    assert.deepEqual(l2!.spec, { ipAddressPools: [METALLB_POOL_NAME] });
    assert.equal(l2!.kind, "L2Advertisement");
    for (const o of [pool!, l2!]) await validateManifest(o as any);
  });
});
