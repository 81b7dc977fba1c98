import { strict as assert } from "node:assert";
import { LONGHORN_MAX_REPLICAS, longhornReplicas, longhornValues } from "./longhorn";

describe("longhorn values", () => {
  it("sets Longhorn replicas to min(3, nodes)", () => {
    assert.deepEqual([1, 2, 3, 5].map((n) => longhornReplicas(n)), [1, 2, 3, 3]);
    assert.equal(longhornReplicas(5, 2), 2);
    assert.equal(LONGHORN_MAX_REPLICAS, 3);
  });

  it("uses one replica count for the default class and the default setting", () => {
    assert.deepEqual(longhornValues({ replicas: 2, isDefault: true }), {
      defaultSettings: { defaultReplicaCount: 2 },
      persistence: { defaultClass: true, defaultClassReplicaCount: 2 },
    });
    assert.equal((longhornValues({ replicas: 1, isDefault: false }) as any).persistence.defaultClass, false);
  });

  it("sets Longhorn's defaultDataPath only when a data path is given (chart 1.12.1 defaultSettings.defaultDataPath)", () => {
    assert.deepEqual((longhornValues({ replicas: 2, isDefault: true, dataPath: "/mnt/longhorn/sdf1" }) as any).defaultSettings, { defaultDataPath: "/mnt/longhorn/sdf1", defaultReplicaCount: 2 });
    assert.ok(!("defaultDataPath" in (longhornValues({ replicas: 2, isDefault: true }) as any).defaultSettings));
  });
});
