import { strict as assert } from "assert";
import { policies } from "../policy/policies";
import { PROJECT, parseArgs, planStack, policyConfigFor } from "../plan/cli";
import { renderMermaid } from "../plan/mermaid";
import { runPolicies } from "../plan/policy-runner";
import { RecordedResource, SECRET_SIG, SIG_KEY, UNKNOWN } from "@k3s-gitops/components/testing";
import { buildReport, serializeReport } from "../plan/report";
import { loadStackFile, mergeStackFiles, parseStackFile } from "../plan/stack-file";
import { criticalPath } from "../plan/summary";
import { PLACEHOLDER_CREDENTIAL } from "../stacks/config/credentials";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

function rec(name: string, type: string, chain: string, rawInputs: Record<string, unknown> = {}, extra: Partial<RecordedResource> = {}): RecordedResource {
  const parentChain = chain.split("$").slice(0, -1);
  return {
    urn: `urn:pulumi:dev::k3s-gitops::${chain}::${name}`,
    type, name, custom: !type.startsWith("k3s-gitops:"),
    parent: parentChain.length > 0 ? `urn:pulumi:dev::k3s-gitops::${parentChain.join("$")}::k3s-dev` : null,
    provider: null, dependencies: [], propertyDependencies: {}, rawInputs,
    options: { ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], deletedWith: null, protect: false, retainOnDelete: false },
    ...extra,
  };
}

const K3S = "k3s-gitops:k3s:K3sCluster";

describe("plan stack-file", () => {
  it("turns secure values into secret placeholders and qualifies bare keys", () => {
    const f = parseStackFile("config:\n  k3s-gitops:hcloudToken:\n    secure: v1:abc\n  servers:\n    count: 3\n", PROJECT);
    assert.deepEqual(f.config, { "k3s-gitops:hcloudToken": PLACEHOLDER_CREDENTIAL, "k3s-gitops:servers": { count: 3 } });
    assert.deepEqual(f.secretKeys, ["k3s-gitops:hcloudToken"]);
  });
  it("lets --config-file replace top-level keys, whole", () => {
    const base = parseStackFile("config:\n  k3s-gitops:servers: {count: 3, size: cx23}\n  k3s-gitops:hcloudToken: {secure: x}\n", PROJECT);
    const over = parseStackFile("config:\n  k3s-gitops:servers: {count: 5}\n  k3s-gitops:hcloudToken: plain\n", PROJECT);
    const merged = mergeStackFiles(base, over);
    assert.deepEqual(merged.config["k3s-gitops:servers"], { count: 5 });
    assert.deepEqual(merged.secretKeys, []);
  });
  it("parses the CLI arguments and rejects unknown ones", () => {
    assert.deepEqual(parseArgs(["--stack", "dev", "--json", "a.json"]), { stack: "dev", json: "a.json" });
    assert.throws(() => parseArgs(["--json", "a.json"]), /--stack <name> is required/);
    assert.throws(() => parseArgs(["--stack", "dev", "--what"]), /unknown argument --what/);
  });
  it("parses the short and --flag=value forms, and names a missing value or a stray argument", () => {
    assert.deepEqual(parseArgs(["-s", "prod", "--mermaid", "m.md", "--config-file", "x.yaml"]), { stack: "prod", mermaid: "m.md", configFile: "x.yaml" });
    assert.deepEqual(parseArgs(["--stack=home", "--json=a.json"]), { stack: "home", json: "a.json" });
    assert.throws(() => parseArgs(["--stack"]), /^Error: --stack needs a value; usage: npm run plan/);
    assert.throws(() => parseArgs(["--json", "--stack", "dev"]), /--json needs a value/);
    assert.throws(() => parseArgs(["--stack", "dev", "extra"]), /unknown argument extra; usage:/);
    assert.throws(() => parseArgs(["--stack", "dev", "-x"]), /unknown argument -x/);
    assert.throws(() => parseArgs(["--stack", ""]), /--stack <name> is required/);
  });
  it("passes the resolved profile to the profile-aware policies", () => {
    const cfg = policyConfigFor({ config: { "k3s-gitops:profile": "prod" }, secretKeys: [] }, "eu-main");
    assert.deepEqual(cfg["ha-control-plane"], { profile: "prod" });
  });
});

describe("plan policy-runner", () => {
  const provider = (kubeconfig: unknown) => [rec("k8s", "pulumi:providers:kubernetes", `${K3S}$pulumi:providers:kubernetes`, { kubeconfig })];

  it("sees wire secrets: a secret kubeconfig passes, a plain one is a mandatory violation", async () => {
    assert.deepEqual((await runPolicies(provider(secret("k")), policies)).violations.filter((v) => v.policy === "secrets-are-secret"), []);
    const [v] = (await runPolicies(provider("k"), policies)).violations.filter((x) => x.policy === "secrets-are-secret");
    assert.equal(v!.enforcement, "mandatory");
    assert.match(v!.message, /kubeconfig in plain text/);
    assert.equal(v!.urn, provider("k")[0]!.urn);
  });
  it("reports an unknown read as not yet known, never as a violation", async () => {
    const r = [rec("fw", "hcloud:index/firewall:Firewall", "k3s-gitops:nodes:HetznerNodes$hcloud:index/firewall:Firewall", { rules: UNKNOWN })];
    const result = await runPolicies(r, policies);
    assert.deepEqual(result.violations.filter((v) => v.policy === "no-public-admin-ports"), []);
    const pinned = [rec("rel", "kubernetes:helm.sh/v3:Release", "k3s-gitops:platform:Platform$kubernetes:helm.sh/v3:Release", { chart: "x", version: UNKNOWN, metadata: UNKNOWN })];
    const r2 = await runPolicies(pinned, [{ name: "reads-unknown", description: "d", enforcementLevel: "mandatory", validateResource: (a, report) => report(String(a.props.metadata.name)) }]);
    assert.deepEqual(r2.violations, []);
    assert.match(r2.notYetKnown[0]!.message, /not yet known: string value at .metadata can't be known during preview/);
  });
  it("applies the pack's enforcement levels, config overrides and disabled", async () => {
    const r = provider("k");
    const advisory = await runPolicies(r, policies, { config: { "secrets-are-secret": "advisory" } });
    assert.equal(advisory.violations.find((v) => v.policy === "secrets-are-secret")!.enforcement, "advisory");
    const disabled = await runPolicies(r, policies, { config: { "secrets-are-secret": { enforcementLevel: "disabled" } } });
    assert.equal(disabled.violations.find((v) => v.policy === "secrets-are-secret"), undefined);
  });
  it("links stack policies' dependencies and parents to resource objects", async () => {
    const comp = rec("k3s-dev", K3S, K3S);
    const dep = rec("a", "command:remote:Command", `${K3S}$command:remote:Command`);
    const user = rec("b", "command:remote:Command", `${K3S}$command:remote:Command`, {}, { dependencies: [dep.urn], propertyDependencies: { create: [dep.urn] } });
    let seen: string[] = [];
    await runPolicies([comp, dep, user], [{
      name: "probe", description: "d", enforcementLevel: "advisory",
      validateStack: (a) => { const b = a.resources.find((x) => x.name === "b")!; seen = [b.dependencies[0]!.name, b.propertyDependencies.create![0]!.name, b.parent!.name]; },
    }]);
    assert.deepEqual(seen, ["a", "a", "k3s-dev"]);
  });
});

describe("plan report, mermaid and critical path", () => {
  const resources = (): RecordedResource[] => {
    const comp = rec("k3s-dev", K3S, K3S);
    const a = rec("a", "command:remote:Command", `${K3S}$command:remote:Command`, { create: secret("K3S_TOKEN=x"), env: UNKNOWN, z: 1, b: { y: 2, x: 1 } });
    const b = rec("b", "command:remote:Command", `${K3S}$command:remote:Command`, {}, { dependencies: [a.urn] });
    const c = rec("c", "command:remote:Command", `${K3S}$command:remote:Command`, {}, { dependencies: [b.urn, a.urn] });
    const p = rec("k8s", "pulumi:providers:kubernetes", "pulumi:providers:kubernetes", {}, { dependencies: [c.urn] });
    return [comp, a, b, c, p];
  };
  const run = (rs: RecordedResource[]) => ({
    resources: rs,
    outputs: { kubeconfig: { value: "x", secret: true, known: true }, ip: { value: undefined, secret: false, known: false }, n: { value: { b: 1, a: 2 }, secret: false, known: true } },
  });

  it("writes the issue's shape with secrets, unknowns, the stack and layers", () => {
    const report = buildReport(run(resources()), [], PROJECT, "dev");
    // Contract v1's keys first, in order; later issues add top-level keys after them (issue 15: estimate).
    assert.deepEqual(Object.keys(report).slice(0, 6), ["version", "project", "stack", "resources", "outputs", "violations"]);
    assert.ok("estimate" in report);
    assert.deepEqual(report.warnings, []);
    const a = report.resources.find((r) => r.name === "a")!;
    assert.deepEqual(Object.keys(a), ["urn", "type", "name", "custom", "parent", "provider", "dependencies", "propertyDependencies", "layer", "inputs", "ignoreChanges", "replaceOnChanges"]);
    assert.deepEqual(Object.keys(report.resources.find((r) => r.name === "k3s-dev")!).includes("ignoreChanges"), false, "components carry no resource options");
    assert.deepEqual(a.inputs, { b: { x: 1, y: 2 }, create: "[secret]", env: "[unknown]", z: 1 });
    assert.equal(a.layer, 1);
    const stack = report.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
    assert.equal(stack.layer, null);
    assert.equal(report.resources.find((r) => r.name === "k8s")!.layer, null);
    assert.equal(report.resources.find((r) => r.name === "k3s-dev")!.parent, stack.urn);
    assert.deepEqual(report.outputs, { ip: "[unknown]", kubeconfig: "[secret]", n: { a: 2, b: 1 } });
  });
  it("is byte-identical whatever the registration order", () => {
    const rs = resources();
    const one = serializeReport(buildReport(run(rs), [], PROJECT, "dev"));
    const two = serializeReport(buildReport(run([...rs].reverse()), [], PROJECT, "dev"));
    assert.equal(one, two);
  });
  it("finds the critical path", () => {
    assert.deepEqual(criticalPath(resources()).map((r) => r.name), ["a", "b", "c", "k8s"]);
  });
  it("collapses 300 nodes of one type into one node and de-duplicates edges", () => {
    const rs: RecordedResource[] = [rec("k3s-dev", K3S, K3S)];
    const net = rec("net", "hcloud:index/network:Network", "k3s-gitops:nodes:HetznerNodes$hcloud:index/network:Network");
    rs.push(net);
    for (let i = 0; i < 300; i++) rs.push(rec(`s${i}`, "hcloud:index/server:Server", "k3s-gitops:nodes:HetznerNodes$hcloud:index/server:Server", {}, { dependencies: [net.urn] }));
    const text = renderMermaid(rs);
    assert.match(text, /hcloud Server x300/);
    assert.equal(text.split("\n").filter((l) => l.includes("-->")).length, 1);
    assert.ok(text.split("\n").length < 20);
  });
});

describe("plan of the real program (dev stack)", function () {
  this.timeout(60000);
  it("runs, applies the pack and writes byte-identical JSON twice", async () => {
    const stackFile = mergeStackFiles(loadStackFile("Pulumi.dev.yaml", PROJECT), {
      config: { "k3s-gitops:platform": { certManager: { email: "ops@example.com" } } },
      secretKeys: [],
    });
    const first = await planStack({ stack: "dev", stackFile });
    if (first.run.error) throw first.run.error;
    assert.ok(first.report.resources.some((r) => r.layer === 0) && first.report.resources.some((r) => r.layer === 1));
    for (const r of first.report.resources) if (r.type.startsWith("pulumi:providers:")) assert.equal(r.layer, null);
    const second = await planStack({ stack: "dev", stackFile });
    assert.equal(serializeReport(first.report), serializeReport(second.report));
  });
});
