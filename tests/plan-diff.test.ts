import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { SECRET_SIG, SIG_KEY } from "@k3s-gitops/components/testing";
import { DiffablePlan, DiffableResource, diffPlans, parsePath, pathText, renderDiff, withResourceOptions } from "../plan/diff";
import { hasConfirmedRules, renderReplaceTable, rulesFor } from "../plan/replace-on-change";
import { planOf } from "./fixtures/plan-diff/plan-of";

const SERVER = "hcloud:index/server:Server";

function res(name: string, type: string, inputs: Record<string, unknown>, extra: Partial<DiffableResource> = {}): DiffableResource {
  return { urn: `urn:pulumi:prod::k3s-gitops::${type}::${name}`, type, name, custom: true, provider: null, propertyDependencies: {}, inputs, ...extra };
}

const plan = (...resources: DiffableResource[]): DiffablePlan => ({ stack: "prod", resources });
const urnOf = (name: string, type: string) => `urn:pulumi:prod::k3s-gitops::${type}::${name}`;

describe("plan diff on literal plans", () => {
  const server = (inputs: Record<string, unknown>, extra: Partial<DiffableResource> = {}) =>
    res("s1", SERVER, { image: "ubuntu-24.04", location: "fsn1", serverType: "cpx32", ...inputs }, { ignoreChanges: [], ...extra });

  it("lists added and removed resources by URN", () => {
    const d = diffPlans(plan(server({}), res("old", "random:index/randomBytes:RandomBytes", {})), plan(server({}), res("new", "random:index/randomBytes:RandomBytes", {})));
    assert.deepEqual(d.added.map((r) => r.name), ["new"]);
    assert.deepEqual(d.removed.map((r) => r.name), ["old"]);
    assert.deepEqual(d.changed, []);
  });

  it("replaces a server on a location change, resizes it in place on a serverType change", () => {
    const moved = diffPlans(plan(server({})), plan(server({ location: "hel1" })));
    assert.equal(moved.replacements.length, 1);
    assert.equal(moved.replacements[0]!.changes[0]!.replaces!.input, "location");
    assert.match(moved.replacements[0]!.changes[0]!.replaces!.source, /terraform-provider-hcloud.*ForceNew/);
    const resized = diffPlans(plan(server({})), plan(server({ serverType: "cpx42" })));
    assert.deepEqual(resized.replacements, []);
    assert.equal(resized.changed[0]!.action, "update");
  });

  it("respects ignoreChanges: an ignored image change does nothing, a recorded-nowhere one replaces", () => {
    const ignored = diffPlans(plan(server({})), plan(server({ image: "ubuntu-26.04" }, { ignoreChanges: ["userData", "image"] })));
    assert.equal(ignored.changed[0]!.action, "none");
    assert.equal(ignored.changed[0]!.changes[0]!.ignored, true);
    assert.deepEqual(ignored.replacements, []);
    const notRecorded = diffPlans(plan(server({}, { ignoreChanges: undefined })), plan(server({ image: "ubuntu-26.04" }, { ignoreChanges: undefined })));
    assert.equal(notRecorded.replacements.length, 1);
    assert.match(notRecorded.notes.join("\n"), /ignoreChanges is not recorded/);
  });

  it("matches nested and wildcard ignoreChanges paths", () => {
    const before = res("ns", "kubernetes:core/v1:Namespace", { metadata: { name: "a", labels: { x: "1" }, annotations: { "a.b/c": "1" } } }, { ignoreChanges: ["metadata.labels", 'metadata.annotations["a.b/c"]'] });
    const after = { ...before, inputs: { metadata: { name: "a", labels: { x: "2" }, annotations: { "a.b/c": "2" } } } };
    const d = diffPlans(plan(before), plan(after));
    assert.equal(d.changed[0]!.action, "none");
    assert.deepEqual(d.changed[0]!.changes.map((c) => c.path), ['metadata.annotations["a.b/c"]', "metadata.labels.x"]);
    const star = diffPlans(plan({ ...before, ignoreChanges: ["metadata.*"] }), plan({ ...after, ignoreChanges: ["metadata.*"] }));
    assert.equal(star.changed[0]!.action, "none");
  });

  it("replaces a Kubernetes object on a name change, not on a label change; a Helm release on a namespace change", () => {
    const obj = (metadata: Record<string, unknown>) => res("ns", "kubernetes:core/v1:Namespace", { metadata }, { ignoreChanges: [] });
    assert.equal(diffPlans(plan(obj({ name: "a" })), plan(obj({ name: "b" }))).replacements.length, 1);
    assert.equal(diffPlans(plan(obj({ name: "a", labels: { x: "1" } })), plan(obj({ name: "a", labels: { x: "2" } }))).replacements.length, 0);
    const rel = (namespace: string) => res("r", "kubernetes:helm.sh/v3:Release", { name: "traefik", namespace, version: "1" }, { ignoreChanges: [] });
    assert.equal(diffPlans(plan(rel("a")), plan(rel("b"))).replacements[0]!.changes[0]!.replaces!.input, "namespace");
  });

  it("honours the resource option replaceOnChanges", () => {
    const r = (v: string) => res("x", "kubernetes:core/v1:ConfigMap", { metadata: { name: "x" }, data: { k: v } }, { ignoreChanges: [], replaceOnChanges: ["data"] });
    const d = diffPlans(plan(r("1")), plan(r("2")));
    assert.equal(d.replacements[0]!.changes[0]!.replaces!.source, "resource option replaceOnChanges");
  });

  it("masks secrets: never compared when both are secret, printed as [secret] on both sides otherwise", () => {
    const wire = (value: string) => ({ [SIG_KEY]: SECRET_SIG, value });
    const before = res("c", "command:remote:Command", { create: "x", stdin: "[secret]", environment: { TOKEN: "plain-before" }, connection: wire("hunter2") }, { ignoreChanges: [] });
    const after = { ...before, inputs: { create: "x", stdin: "[secret]", environment: { TOKEN: "[secret]" }, connection: wire("hunter3") } };
    const d = diffPlans(plan(before), plan(after));
    assert.deepEqual(d.changed[0]!.changes.map((c) => [c.path, c.before, c.after, c.secret]), [["environment.TOKEN", "[secret]", "[secret]", true]]);
    const text = renderDiff(d);
    for (const leak of ["plain-before", "hunter2", "hunter3"]) assert.ok(!text.includes(leak), `the rendered diff shows ${leak}`);
    assert.match(text, /Secrets are masked and not compared/);
  });

  it("marks a replacement that depends on a value known only at apply as uncertain", () => {
    const d = diffPlans(plan(server({})), plan(server({ location: "[unknown]" })));
    assert.equal(d.replacements[0]!.certain, false);
    assert.equal(d.replacements[0]!.changes[0]!.unknown, true);
  });

  it("follows outputs: a reader's replace-on-change input may replace it, a replaced provider replaces what it manages", () => {
    const s = server({ location: "fsn1" });
    const cmd = res("install", "command:remote:Command", { create: "x", triggers: ["h"] }, { ignoreChanges: ["create"], propertyDependencies: { triggers: [s.urn] } });
    const kubeconfig = res("kubeconfig", "command:remote:Command", { create: "cat" }, { ignoreChanges: [], propertyDependencies: { connection: [s.urn] } });
    const provider = res("k8s", "pulumi:providers:kubernetes", { kubeconfig: "[secret]" }, { ignoreChanges: [], propertyDependencies: { kubeconfig: [kubeconfig.urn] } });
    const ns = res("ns", "kubernetes:core/v1:Namespace", { metadata: { name: "a" } }, { ignoreChanges: [], provider: `${provider.urn}::k8s-id` });
    const d = diffPlans(plan(s, cmd, kubeconfig, provider, ns), plan(server({ location: "hel1" }), cmd, kubeconfig, provider, ns));
    const knock = Object.fromEntries(d.knockOn.map((k) => [k.name, k.action]));
    assert.deepEqual(knock, { install: "replace", kubeconfig: "update", k8s: "replace", ns: "replace" });
    assert.deepEqual(d.knockOn.find((k) => k.name === "ns")!.because, [{ input: "provider", reads: provider.urn }]);
  });

  it("flags an update of a type whose replace-on-change inputs are unconfirmed", () => {
    const r = (v: string) => res("u", "aws:iam/user:User", { name: v }, { ignoreChanges: [] });
    const d = diffPlans(plan(r("a")), plan(r("b")));
    assert.equal(d.changed[0]!.unconfirmed, true);
    assert.match(renderDiff(d), /replace-on-change inputs of this type are unconfirmed/);
  });

  it("renders replacements first, then added and removed, then changed inputs, with a line diff of scripts", () => {
    const script = (v: string) => res("install", "command:remote:Command", { create: `#!/bin/sh\nset -eu\ncurl | INSTALL_K3S_VERSION='${v}' sh -\n` }, { ignoreChanges: ["create"] });
    const d = diffPlans(plan(server({}), script("v1"), res("gone", "random:index/randomBytes:RandomBytes", {})), plan(server({ location: "hel1" }), script("v2"), res("new", "random:index/randomBytes:RandomBytes", {})));
    const text = renderDiff(d);
    const at = (s: string) => text.indexOf(s);
    assert.ok(at("Replaced") >= 0 && at("Replaced") < at("Added:") && at("Added:") < at("Removed:") && at("Removed:") < at("Changed inputs:"), text);
    assert.match(text, /- curl \| INSTALL_K3S_VERSION='v1' sh -\n\s+\+ curl \| INSTALL_K3S_VERSION='v2' sh -/);
    assert.match(renderDiff(d, { markdown: true }), /#### Replaced[^]*```diff/);
  });

  it("writes and reads Pulumi property paths", () => {
    assert.deepEqual(parsePath('spec.containers[0]["app.kubernetes.io/name"][*]'), ["spec", "containers", 0, "app.kubernetes.io/name", "*"]);
    assert.equal(pathText(["metadata", "labels", "app.kubernetes.io/name"]), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(pathText(["networks", 0, "ip"]), "networks[0].ip");
  });

  it("adds recorded options to custom resources only", () => {
    const opts = { ignoreChanges: ["image", "userData"], replaceOnChanges: [], additionalSecretOutputs: [], deletedWith: null, protect: false, retainOnDelete: false };
    const p = withResourceOptions(plan(server({}, { ignoreChanges: undefined })), [{ urn: urnOf("s1", SERVER), custom: true, options: opts }]);
    assert.deepEqual(p.resources[0]!.ignoreChanges, ["image", "userData"]);
  });
});

describe("plan diff replace-on-change table", () => {
  it("covers every type the prod stack registers, with confirmed rows (providers' own config aside)", async () => {
    const prod = await planOf("prod");
    assert.ok(hasConfirmedRules("pulumi:providers:kubernetes"));
    for (const r of prod.resources) {
      if (!r.custom || (r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:providers:kubernetes")) continue;
      assert.ok(rulesFor(r.type).length > 0, `no replace-on-change row for ${r.type}`);
      assert.ok(hasConfirmedRules(r.type), `the replace-on-change row for ${r.type} is unconfirmed`);
    }
  });

  it("docs/offline-plan.md shows the table (regenerate: npx tsx plan/replace-on-change.ts)", () => {
    const doc = readFileSync(join(__dirname, "..", "docs", "offline-plan.md"), "utf8");
    assert.ok(doc.includes(renderReplaceTable()), "docs/offline-plan.md lacks the current replace-on-change table");
  });
});

describe("plan diff fixtures: the prod stack with one config change (tests/fixtures/plan-diff/*.yaml)", () => {
  it("an agent count change adds a node's resources and replaces nothing", async () => {
    const d = diffPlans(await planOf("prod"), await planOf("prod", "agents-4.yaml"));
    assert.deepEqual(d.removed, []);
    assert.deepEqual(d.replacements, []);
    assert.deepEqual(d.knockOn, []);
    // Only the node-count wait on the first server updates (re-runs with the new count; issue 15, no SSH fan-in).
    assert.deepEqual(d.changed.map((c) => [c.name, c.action]), [["k3s-prod-nodes-ready", "update"]], "no other existing resource changes");
    assert.deepEqual(d.added.map((r) => r.name), [
      "k3s-prod-workers-4-drain", "k3s-prod-workers-4-install", "k3s-prod-workers-4-prepare", "k3s-prod-workers-4-ready",
      "k3s-prod-workers-4",
      // Its pinned SSH host key (issue 10).
      "k3s-prod-workers-4-host-key",
    ]);
  });

  it("a k3s version change replaces nothing and re-runs no install: only the upgrade Plans move", async () => {
    const d = diffPlans(await planOf("prod"), await planOf("prod", "k3s-version.yaml"));
    assert.deepEqual([d.added, d.removed, d.replacements, d.knockOn], [[], [], [], []]);
    const acting = d.changed.filter((c) => c.action !== "none");
    assert.deepEqual(acting.map((c) => [c.type, c.action, c.changes.map((x) => x.path)]), [
      ["kubernetes:upgrade.cattle.io/v1:Plan", "update", ["spec.version"]],
      ["kubernetes:upgrade.cattle.io/v1:Plan", "update", ["spec.version"]],
    ]);
    const installs = d.changed.filter((c) => c.name.endsWith("-install"));
    assert.equal(installs.length, 6);
    for (const i of installs) assert.deepEqual(i.changes.map((c) => [c.path, c.ignored]), [["create", true]], i.name);
  });

  it("a location change replaces the server, and says what reads its outputs", async () => {
    const d = diffPlans(await planOf("prod"), await planOf("prod", "location.yaml"));
    assert.deepEqual(d.replacements.map((r) => [r.name, r.changes.map((c) => c.replaces?.input)]), [["k3s-prod-server-3", ["location"]]]);
    const mayReplace = d.knockOn.filter((k) => k.action === "replace").map((k) => k.name);
    assert.ok(mayReplace.includes("k3s-prod-api-lb-target-server-3"), mayReplace.join(", "));
    assert.ok(mayReplace.includes("k3s-prod-server-3-install"));
    const text = renderDiff(d);
    assert.ok(text.indexOf("k3s-prod-server-3") < text.indexOf("May be replaced"));
  });
});
