/**
 * Strict validation of what Pulumi creates (issue 12): every Kubernetes object the shipped stacks register is validated
 * (its kubernetes-models class, or the project's strict schema for a kind without one), with unknown fields rejected,
 * and no kind may go unchecked. The gitops/ tree gets the same check in tests/gitops-tree.test.ts.
 *
 * The plan redacts secrets and unknowns to the strings "[secret]" and "[unknown]". Those values cannot be checked
 * offline, so they are dropped before the full validation (their builders' unit tests check their shape); the
 * unknown-field check sees the object as recorded.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { unknownFields, validateManifest, KubeObject } from "@k3s-gitops/components/kernel";
import { planStack } from "../plan/cli";

const ROOT = path.join(__dirname, "..");
const STACKS = ["dev", "prod", "home", "do-dev", "pr"];

/**
 * Kubernetes resource types that are not one object the program builds: Helm releases (their chart's objects are the
 * chart's, pinned in the catalog) and `yaml/v2:ConfigFile`, which applies an upstream release manifest by URL (Gateway
 * API CRDs, system-upgrade-controller, DigitalOcean's CCM and CSI) that cannot be fetched offline.
 */
const NOT_OBJECTS = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:yaml/v2:ConfigFile"]);

const REDACTED = new Set(["[secret]", "[unknown]"]);
function withoutRedacted(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !REDACTED.has(x as string)).map(withoutRedacted);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => !REDACTED.has(x as string)).map(([k, x]) => [k, withoutRedacted(x)]));
}

describe("strict validation of the objects Pulumi creates", function () {
  this.timeout(120_000);
  for (const stack of STACKS) {
    it(`${stack}: every object validates, no kind is skipped, no unknown field`, async () => {
      const { report } = await planStack({ stack, dir: ROOT, convergence: false });
      const problems: string[] = [];
      const kinds = new Set<string>();
      for (const r of report.resources) {
        if (!r.type.startsWith("kubernetes:") || NOT_OBJECTS.has(r.type)) continue;
        const o = r.inputs as unknown as KubeObject;
        if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
          problems.push(`${r.type} ${r.name}: not an object with apiVersion and kind, and not in NOT_OBJECTS`);
          continue;
        }
        kinds.add(`${o.apiVersion}/${o.kind}`);
        const unknown = await unknownFields(o);
        if (unknown === undefined) problems.push(`${r.type} ${r.name}: ${o.apiVersion} ${o.kind} is checked by nothing`);
        else for (const u of unknown) problems.push(`${r.type} ${r.name}: unknown field ${u}`);
        // A patch is partial by design (required fields absent): its unknown fields are checked above.
        if (r.type.endsWith("Patch")) continue;
        await validateManifest(withoutRedacted(o) as KubeObject).catch((e: Error) => problems.push(`${r.type} ${r.name}: ${e.message}`));
      }
      assert.deepEqual(problems, []);
      // Every shipped stack has the shared Gateway and its route (issue 13) and the k3s upgrade Plans.
      for (const k of ["gateway.networking.k8s.io/v1/Gateway", "gateway.networking.k8s.io/v1/HTTPRoute", "upgrade.cattle.io/v1/Plan"]) assert.ok(kinds.has(k), `${stack} registers no ${k}`);
    });
  }

  it("a typo in an object Pulumi creates is caught (the shared Gateway, the FluxInstance)", async () => {
    const { report } = await planStack({ stack: "dev", dir: ROOT, convergence: false });
    const find = (kind: string) => report.resources.find((r) => (r.inputs as { kind?: string }).kind === kind)!.inputs as unknown as KubeObject & { spec: Record<string, unknown> };
    const gateway = find("Gateway");
    assert.deepEqual(await unknownFields({ ...gateway, spec: { ...gateway.spec, listners: [] } } as KubeObject), ["spec.listners"]);
    const flux = find("FluxInstance");
    assert.deepEqual(await unknownFields({ ...flux, spec: { ...flux.spec, wiat: true } } as KubeObject), ["spec.wiat"]);
  });
});
