/**
 * Strict validation of what Pulumi creates (issue 12): every Kubernetes object the shipped stacks register, with a
 * kubernetes-models schema, has no field its schema does not declare. (Secrets and unknowns are redacted to strings
 * in the plan; unknownFields ignores type errors, so they do not matter here.) The gitops/ tree gets the same check
 * through validateObject in tests/gitops-tree.test.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { unknownFields, KubeObject } from "@k3s-gitops/components/kernel";
import { planStack } from "../plan/cli";

const ROOT = path.join(__dirname, "..");

describe("strict validation of the objects Pulumi creates", function () {
  this.timeout(120_000);
  for (const stack of ["dev", "prod", "home", "do-dev"]) {
    it(`${stack}: no unknown field in any modelled object`, async () => {
      const { report } = await planStack({ stack, dir: ROOT, convergence: false });
      let checked = 0;
      const problems: string[] = [];
      for (const r of report.resources) {
        const o = r.inputs as unknown as KubeObject;
        if (!r.type.startsWith("kubernetes:") || typeof o.apiVersion !== "string" || typeof o.kind !== "string" || r.type.endsWith("Patch")) continue;
        const unknown = await unknownFields(o);
        if (unknown === undefined) continue;
        checked++;
        for (const u of unknown) problems.push(`${r.type} ${r.name}: ${u}`);
      }
      assert.deepEqual(problems, []);
      assert.ok(checked >= 5, `only ${checked} objects checked`);
    });
  }
});
