import { strict as assert } from "node:assert";
import { metricsServerValues } from "./metrics-server";

describe("metricsServerValues", () => {
  it("keeps the chart's defaults", () => {
    assert.deepEqual(metricsServerValues(), {});
  });
});
