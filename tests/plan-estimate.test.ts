import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { EstimateResource, estimatePlan, formatSeconds, renderEstimate } from "../plan/estimate";
import { DEFAULT_STEP_COST, ResolvedCost, STEP_COSTS, StepCost, renderStepCostTable, stepCostOf } from "../plan/step-costs";
import { planOf } from "./fixtures/plan-diff/plan-of";

/** A test step: URN `urn:<name>`, waiting on the named resources. */
function step(name: string, deps: string[] = [], extra: Partial<EstimateResource> = {}): EstimateResource {
  return { urn: `urn:${name}`, type: "test:index:Step", name, custom: true, parent: null, provider: null, dependencies: deps.map((d) => `urn:${d}`), layer: null, ...extra };
}

/** Costs by resource name: a number is the same at low, mid and high. */
function costsBy(table: Record<string, number | [number, number, number]>): (r: EstimateResource) => ResolvedCost {
  return (r) => {
    const c = table[r.name] ?? 0;
    const [low, mid, high] = typeof c === "number" ? [c, c, c] : c;
    return { cost: { low, mid, high }, basis: "test", known: true };
  };
}

const names = (e: { criticalPath: readonly { name: string }[] }) => e.criticalPath.map((s) => s.name);

describe("plan estimate: time-weighted longest path", () => {
  it("a chain adds up, for each of low, mid and high", () => {
    const e = estimatePlan({ resources: [step("a"), step("b", ["a"]), step("c", ["b"])] }, { costOf: costsBy({ a: [1, 2, 3], b: [2, 4, 6], c: [0.5, 1, 1.5] }) });
    assert.deepEqual([e.low, e.mid, e.high], [3.5, 7, 10.5]);
    assert.deepEqual(names(e), ["a", "b", "c"]);
    assert.deepEqual(e.criticalPath.map((s) => s.finishAt), [2, 6, 7]);
    assert.equal(e.gitopsReadyAt, null);
  });

  it("a diamond waits for its slower branch, which can differ between low and high", () => {
    const resources = [step("a"), step("b", ["a"]), step("c", ["a"]), step("d", ["b", "c"])];
    const e = estimatePlan({ resources }, { costOf: costsBy({ a: 1, b: [1, 5, 5], c: [3, 2, 9], d: 1 }) });
    assert.deepEqual([e.low, e.mid, e.high], [5, 7, 11]);
    assert.deepEqual(names(e), ["a", "b", "d"]);
  });

  it("parallel branches take the longer; GitOps-ready is the hand-off's finish, not the end of everything", () => {
    const resources = [step("x1"), step("x2", ["x1"], { layer: 5 }), step("y1"), step("y2", ["y1"])];
    const e = estimatePlan({ resources }, { costOf: costsBy({ x1: 3, x2: 4, y1: 10, y2: 1 }) });
    assert.equal(e.mid, 11);
    assert.deepEqual(e.gitopsReadyAt, { low: 7, mid: 7, high: 7 });
    assert.deepEqual(names(e), ["x1", "x2"], "the critical path ends in the hand-off");
    const withoutHandOff = estimatePlan({ resources: resources.map((r) => ({ ...r, layer: null })) }, { costOf: costsBy({ x1: 3, x2: 4, y1: 10, y2: 1 }) });
    assert.deepEqual(names(withoutHandOff), ["y1", "y2"], "without a hand-off it ends at the last finisher");
  });

  it("a hand-off step that does nothing on create (cost 0/0/0, the destroy guard) does not mark GitOps-ready", () => {
    const resources = [step("engine"), step("root", ["engine"], { layer: 5 }), step("slow"), step("guard", ["engine", "slow"], { layer: 5 })];
    const e = estimatePlan({ resources }, { costOf: costsBy({ engine: 100, root: 2, slow: 300, guard: 0 }) });
    assert.deepEqual(e.gitopsReadyAt, { low: 102, mid: 102, high: 102 });
    assert.deepEqual(names(e), ["engine", "root"]);
    assert.equal(e.mid, 300, "the whole run still waits for the slow branch");
  });

  it("waiting for a component waits for its descendants; children do not wait for their parent", () => {
    const resources = [
      step("slow"),
      step("comp", ["slow"], { custom: false }),
      step("k1", [], { parent: "urn:comp" }),
      step("inner", [], { parent: "urn:comp", custom: false }),
      step("k2", [], { parent: "urn:inner" }),
      step("x", ["comp"]),
    ];
    const e = estimatePlan({ resources }, { costOf: costsBy({ slow: 20, k1: 3, k2: 10, x: 1 }) });
    assert.equal(e.mid, 21, "x waits for slow through comp (20), and for k2 through the nested component (10)");
    assert.deepEqual(names(e), ["slow", "x"]);
    const kids = estimatePlan({ resources: resources.filter((r) => r.name !== "x") }, { costOf: costsBy({ slow: 20, k1: 3, k2: 10 }) });
    assert.equal(kids.mid, 20, "k1 and k2 start at 0 although their parent waits for slow");
  });

  it("a resource waits for its provider", () => {
    const resources = [step("kubeconfig"), step("p", ["kubeconfig"], { type: "pulumi:providers:kubernetes" }), step("obj", [], { provider: "urn:p::p-id" })];
    const e = estimatePlan({ resources }, { costOf: costsBy({ kubeconfig: 5, p: 1, obj: 2 }) });
    assert.equal(e.mid, 8);
    assert.deepEqual(names(e), ["kubeconfig", "p", "obj"]);
  });

  it("unknown types get the default cost and a warning; components are free", () => {
    const e = estimatePlan({ resources: [step("m", [], { type: "mystery:index/thing:Thing" }), step("c", ["m"], { type: "k3s-gitops:test:Comp", custom: false })] });
    assert.deepEqual(e.unknownTypes, ["mystery:index/thing:Thing"]);
    assert.equal(e.mid, DEFAULT_STEP_COST.mid);
    assert.match(e.warnings.join("\n"), /no step cost for mystery:index\/thing:Thing/);
    assert.deepEqual(names(e), ["m"], "zero-cost components are left out of the path");
  });

  it("survives a dependency cycle with a warning", () => {
    const e = estimatePlan({ resources: [step("a", ["b"]), step("b", ["a"])] }, { costOf: costsBy({ a: 1, b: 1 }) });
    assert.match(e.warnings.join("\n"), /dependency cycle/);
  });

  it("is linear: a 50,000-step chain and a 300-way fan-in, no recursion", () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => step(`s${i}`, i === 0 ? [] : [`s${i - 1}`]));
    const started = Date.now();
    const e = estimatePlan({ resources: chain }, { costOf: () => ({ cost: { low: 0.5, mid: 1, high: 2 }, basis: "test", known: true }) });
    assert.deepEqual([e.low, e.mid, e.high], [25_000, 50_000, 100_000]);
    const fan = [...Array.from({ length: 300 }, (_, i) => step(`agent${i}`)), step("all", Array.from({ length: 300 }, (_, i) => `agent${i}`))];
    assert.equal(estimatePlan({ resources: fan }, { costOf: costsBy({ agent299: 7, all: 1 }) }).mid, 8);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it("formats seconds", () => {
    assert.equal(formatSeconds(42.5), "42.5s");
    assert.equal(formatSeconds(365), "6m 05s");
    assert.equal(formatSeconds(365.5), "6m 05.5s");
  });
});

describe("plan step costs", () => {
  const cost = (type: string, name = "x", custom = true): StepCost => stepCostOf({ type, name, custom }).cost;

  it("gives the issue's measured ranges", () => {
    assert.deepEqual(cost("hcloud:index/server:Server"), { low: 10, mid: 15, high: 20 });
    assert.deepEqual(cost("kubernetes:helm.sh/v3:Release"), { low: 30, mid: 105, high: 180 });
    assert.deepEqual(cost("command:remote:Command", "k3s-prod-server-1-prepare"), { low: 30.5, mid: 45.5, high: 60.5 }, "cloud-init 30-60 s, and the file writes");
    assert.deepEqual(cost("command:remote:Command", "k3s-prod-workers-2-install"), { low: 20, mid: 32.5, high: 45 });
  });

  it("reads a command's role from its name, and warns on a role it does not know", () => {
    assert.deepEqual(cost("command:remote:Command", "k3s-prod-workers-1-drain"), { low: 0, mid: 0, high: 0 });
    assert.ok(cost("command:remote:Command", "k3s-prod-kubeconfig").high <= 3);
    const odd = stepCostOf({ type: "command:remote:Command", name: "k3s-prod-something-new" });
    assert.equal(odd.known, false);
    assert.equal(odd.missing, "command-role");
  });

  it("makes components free, except remote components that stand in for their objects", () => {
    assert.equal(cost("k3s-gitops:k3s:K3sCluster", "k3s-prod", false).high, 0);
    assert.ok(cost("kubernetes:yaml/v2:ConfigFile", "suc", false).mid > 0);
    assert.deepEqual(cost("random:index/randomPassword:RandomPassword"), { low: 0, mid: 0, high: 0 });
    assert.ok(cost("kubernetes:core/v1:Namespace").high <= 3);
  });

  it("keeps every figure a multiple of 0.5 s and ordered low <= mid <= high", () => {
    for (const [type, row] of Object.entries(STEP_COSTS)) {
      const { low, mid, high } = row.cost;
      assert.ok(low <= mid && mid <= high, type);
      for (const v of [low, mid, high]) assert.equal(v * 2, Math.round(v * 2), `${type}: ${v}`);
    }
  });

  it("docs/offline-plan.md shows the table (regenerate: npx tsx plan/step-costs.ts)", () => {
    const doc = readFileSync(join(__dirname, "..", "docs", "offline-plan.md"), "utf8");
    assert.ok(doc.includes(renderStepCostTable()), "docs/offline-plan.md lacks the current step-cost table");
  });
});

describe("plan estimate of the prod stack", () => {
  it("ends its critical path in the hand-off, with mid between low and high and every type known", async () => {
    const e = estimatePlan(await planOf("prod"));
    const last = e.criticalPath[e.criticalPath.length - 1]!;
    assert.equal(last.layer, 5);
    assert.equal(last.type, "kubernetes:argoproj.io/v1alpha1:Application");
    assert.ok(e.gitopsReadyAt);
    assert.equal(e.gitopsReadyAt.mid, last.finishAt);
    assert.ok(e.gitopsReadyAt.low < e.gitopsReadyAt.mid && e.gitopsReadyAt.mid < e.gitopsReadyAt.high);
    assert.ok(e.low < e.mid && e.mid < e.high);
    assert.deepEqual(e.unknownTypes, []);
    assert.deepEqual(e.warnings, []);
    assert.equal(e.criticalPath[0]!.layer === 0 || e.criticalPath[0]!.layer === null, true, "the path starts in the infrastructure");
    assert.match(renderEstimate(e), /^Estimated time to GitOps-ready: \d+m \d/);
  });

  it("is at least 25% shorter than before issue 15 (6m 25.5s at mid, docs/offline-plan.md), from the same cost table", async () => {
    const e = estimatePlan(await planOf("prod"));
    assert.ok(e.gitopsReadyAt!.mid <= 0.75 * 385.5, `GitOps-ready at ${formatSeconds(e.gitopsReadyAt!.mid)}`);
  });

  it("the engine waits for neither the cloud controller nor storage, and HA Argo CD waits for every node", async () => {
    const plan = await planOf("prod");
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of plan.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    // Everything a resource waits for on create: its dependencies, its provider, and a component's descendants.
    const waitsFor = (urn: string): Set<string> => {
      const seen = new Set<string>();
      const todo = [urn];
      while (todo.length > 0) {
        const r = byUrn.get(todo.pop()!)!;
        const next = [...(r.dependencies ?? []), ...(r.provider ? [r.provider.slice(0, r.provider.lastIndexOf("::"))] : [])];
        for (const n of next) {
          for (const m of [n, ...(children.get(n) ?? [])]) if (!seen.has(m) && byUrn.has(m)) (seen.add(m), todo.push(m));
        }
      }
      return seen;
    };
    const named = (n: string) => plan.resources.find((r) => r.name === n)!;
    const engine = waitsFor(named("k3s-prod-gitops-argocd").urn);
    for (const n of ["k3s-prod-core-hcloud-ccm", "k3s-prod-platform-hcloud-csi", "k3s-prod-platform-longhorn", "k3s-prod-core-gateway-api-0"]) {
      assert.ok(named(n), n);
      assert.ok(!engine.has(named(n).urn), `the engine must not wait for ${n}`);
    }
    assert.ok(engine.has(named("k3s-prod-nodes-ready").urn), "redis-ha's hard anti-affinity needs three nodes");
    assert.ok(engine.has(named("k3s-prod-platform-sops-age").urn), "its namespace and the age key");
    // Destroy order is kept by the guard, which waits for the engine and the cloud controller.
    const guard = named("k3s-prod-handoff-destroy-drain");
    for (const n of ["k3s-prod-gitops-argocd", "k3s-prod-core-hcloud-ccm", "k3s-prod-platform-hcloud-csi"]) assert.ok(guard.dependencies!.includes(named(n).urn), n);
  });
});
