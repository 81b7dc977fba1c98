/**
 * Destroy order (issue 12) over the plan's dependency graph, taken in reverse: Pulumi deletes a resource only after
 * everything that depends on it (explicit and property dependencies) and every child of a component. So "A is
 * deleted before B" holds when A depends on B, directly or through a chain. Also: the hand-off no longer waits for the
 * storage releases on `up` (issue 15, item 1), and the destroy guard's delete behaves as documented (run against a
 * fake kubectl).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderDestroyGuardScript } from "@k3s-gitops/components";
import { planStack } from "../plan/cli";
import { requireTool } from "@k3s-gitops/components/testing";
import type { ReportResource } from "../plan/report";

const ROOT = path.join(__dirname, "..");

/** Transitive "depends on" over dependencies, property dependencies and parents (a child goes before its parent's deps). */
function closure(resources: readonly ReportResource[]) {
  const direct = new Map<string, Set<string>>();
  for (const r of resources) {
    const d = new Set<string>(r.dependencies);
    for (const list of Object.values(r.propertyDependencies)) for (const u of list) d.add(u);
    direct.set(r.urn, d);
  }
  // A component's dependencies apply to its children (Pulumi passes dependsOn down to children).
  const memo = new Map<string, Set<string>>();
  const all = (urn: string): Set<string> => {
    const hit = memo.get(urn);
    if (hit) return hit;
    const out = new Set<string>();
    memo.set(urn, out);
    for (const d of direct.get(urn) ?? []) {
      out.add(d);
      for (const x of all(d)) out.add(x);
    }
    return out;
  };
  return { dependsOn: (a: string, b: string) => all(a).has(b), direct };
}

describe("destroy order (prod plan, reversed dependency graph)", function () {
  this.timeout(120_000);
  let resources: readonly ReportResource[];
  let g: ReturnType<typeof closure>;
  const one = (pred: (r: ReportResource) => boolean, what: string) => {
    const found = resources.filter(pred);
    assert.equal(found.length, 1, `exactly one ${what}: ${found.map((f) => f.name).join(", ")}`);
    return found[0]!;
  };
  const release = (chart: string) => one((r) => r.type === "kubernetes:helm.sh/v3:Release" && (r.inputs as { chart?: string }).chart === chart, `${chart} release`);
  const goesBefore = (a: ReportResource, b: ReportResource) => assert.ok(g.dependsOn(a.urn, b.urn), `${a.name} must be deleted before ${b.name}`);

  before(async () => {
    const { report } = await planStack({ stack: "prod", dir: ROOT, convergence: false });
    resources = report.resources;
    g = closure(resources);
  });

  it("the stages go first, then the engine: root Application, AppProject and repo credentials before the Argo CD release", () => {
    const engine = release("argo-cd");
    for (const r of resources.filter((x) => x.type.startsWith("kubernetes:argoproj.io/") || x.name.endsWith("repo-credentials"))) goesBefore(r, engine);
  });

  it("the destroy guard releases volumes before Longhorn, hcloud-csi, the cloud controller and the engine go", () => {
    const guard = one((r) => r.type === "command:local:Command" && r.name.endsWith("destroy-drain"), "destroy guard");
    for (const chart of ["longhorn", "hcloud-csi", "hcloud-cloud-controller-manager", "argo-cd"]) goesBefore(guard, release(chart));
    assert.ok(!resources.some((r) => g.direct.get(r.urn)?.has(guard.urn)), "nothing depends on the guard: it never holds up creation");
    const inputs = guard.inputs as { delete: string; environment: unknown };
    assert.deepEqual(inputs.environment, { K3S_GITOPS_KUBECONFIG: "[secret]" }, "the kubeconfig stays secret");
    assert.match(inputs.delete, /applications\.argoproj\.io\/root/);
  });

  it("LoadBalancer Services go before the cloud controller: every layer-3 release depends on it, the app tier's go through the guard", () => {
    const ccm = release("hcloud-cloud-controller-manager");
    const engine = release("argo-cd");
    for (const r of resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.urn !== ccm.urn && x.urn !== engine.urn)) goesBefore(r, ccm);
    // The engine no longer waits for the cloud controller on up (issue 15: its pods tolerate the uninitialized taint).
    // It owns no LoadBalancer Service itself; the application tier's are deleted by the guard, which the cloud
    // controller outlives (the guard depends on it), after the hand-off's root Application is gone.
    assert.ok(!g.dependsOn(engine.urn, ccm.urn), "the engine does not wait for the cloud controller");
    const guard = one((r) => r.type === "command:local:Command" && r.name.endsWith("destroy-drain"), "destroy guard");
    goesBefore(guard, ccm);
    assert.match((guard.inputs as { delete: string }).delete, /LoadBalancer[\s\S]*delete svc/);
  });

  it("leftovers can be found by label: hcloud-csi labels every volume with the cluster label the servers carry", () => {
    const servers = resources.filter((r) => r.type === "hcloud:index/server:Server");
    assert.ok(servers.length > 0);
    const clusters = new Set(servers.map((s) => (s.inputs as { labels?: Record<string, string> }).labels?.cluster));
    assert.equal(clusters.size, 1, `the servers carry one cluster label: ${[...clusters].join(", ")}`);
    const [cluster] = [...clusters];
    assert.ok(typeof cluster === "string" && cluster !== "");
    const values = (release("hcloud-csi").inputs as { values: { controller?: { volumeExtraLabels?: unknown } } }).values;
    assert.deepEqual(values.controller?.volumeExtraLabels, { cluster });
  });

  it("the hand-off does not wait for Longhorn or hcloud-csi on up (issue 15); the order is the guard's", () => {
    const storage = [release("longhorn"), release("hcloud-csi")];
    for (const r of resources.filter((x) => x.type.startsWith("kubernetes:argoproj.io/"))) {
      for (const s of storage) assert.ok(!g.dependsOn(r.urn, s.urn), `${r.name} must not wait for ${s.name}`);
    }
  });
});

describe("destroy guard script (against a fake kubectl)", () => {
  const script = renderDestroyGuardScript({ engine: "argocd", namespace: "argocd", handoffObject: "applications.argoproj.io/root", keepLoadBalancersIn: ["traefik"] });

  function run(getOutput: string): { status: number | null; calls: string[]; stdout: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-"));
    try {
      const log = path.join(dir, "calls");
      // The fake answers `get <root>` with getOutput, lists one LoadBalancer Service per namespace, and no volumes.
      fs.writeFileSync(
        path.join(dir, "kubectl"),
        [
          "#!/bin/sh",
          `echo "$*" >> ${log}`,
          'case "$*" in',
          `  *"get applications.argoproj.io/root"*) printf '%s' '${getOutput}' ;;`,
          `  *"get svc -A"*) printf 'traefik traefik\\napps web\\n' ;;`,
          "  *\"get pv -o name\"*) ;;",
          "esac",
          "exit 0",
        ].join("\n"),
        { mode: 0o755 },
      );
      const r = spawnSync("/bin/sh", ["-c", script], { env: { PATH: `${dir}:/usr/bin:/bin`, K3S_GITOPS_KUBECONFIG: "apiVersion: v1", K3S_GITOPS_DETECT_SECONDS: "0" }, encoding: "utf8" });
      const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
      return { status: r.status, calls: calls.map((c) => c.replace(/--kubeconfig \S+ --request-timeout=60s /, "")), stdout: r.stdout };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("passes shellcheck", function () {
    requireTool(this, "shellcheck");
    const r = spawnSync("shellcheck", ["-s", "sh", "-"], { input: script, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout);
  });

  it("on a normal up (the root Application stays live) changes nothing", () => {
    const r = run("root/");
    assert.equal(r.status, 0);
    assert.match(r.stdout, /not a destroy, nothing released/);
    assert.ok(!r.calls.some((c) => /delete|patch|wait/.test(c)), r.calls.join("\n"));
  });

  it("on destroy (root gone) releases load balancers outside the ingress, claims and volumes, then sets Longhorn's flag", () => {
    const r = run("");
    assert.equal(r.status, 0, r.stdout);
    const actions = r.calls.filter((c) => /delete|patch/.test(c));
    assert.deepEqual(actions, [
      "-n argocd wait --for=delete applications.argoproj.io/root --timeout=30m",
      "-n apps delete svc web --wait=true --timeout=30m",
      "delete pvc --all --all-namespaces --wait=false",
      "-n longhorn-system patch settings.longhorn.io deleting-confirmation-flag --type=merge -p {\"value\":\"true\"}",
    ]);
  });

  it("also runs while the root Application is being deleted (deletionTimestamp set)", () => {
    const r = run("root/2026-11-22T20:00:00Z");
    assert.ok(r.calls.some((c) => c.startsWith("delete pvc")), r.calls.join("\n"));
  });
});
