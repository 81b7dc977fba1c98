import { strict as assert } from "node:assert";
import { csiDriverSmbValues } from "./csi-driver-smb";

describe("csiDriverSmbValues", () => {
  it("runs one controller replica and creates no StorageClass of its own", () => {
    assert.deepEqual(csiDriverSmbValues(), { controller: { replicas: 1 } });
  });
});
