import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CRD_SCHEMAS } from "./crd-schemas";
import {
  MODEL_MODULES,
  SchemaError,
  TYPELESS_FIELDS,
  checkCrdSchema,
  modelFor,
  modelPackageOf,
  unknownFields,
  validateManifest,
  validateObject,
  validated,
} from "./validate";

const pool = (spec: Record<string, unknown>) => ({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "p", namespace: "metallb-system" }, spec });
const configMap = (data: unknown) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "d" }, data });

describe("kernel validate", () => {
  describe("checkCrdSchema", () => {
    it("passes a valid object and names every problem of a bad one", () => {
      assert.deepEqual(checkCrdSchema(pool({ addresses: ["192.0.2.1-192.0.2.9"], autoAssign: true })), []);
      assert.deepEqual(checkCrdSchema(pool({ addresses: [1], autoAssign: "yes" })), ["spec.addresses[0] must be a string, is number", "spec.autoAssign must be a boolean, is string"]);
      assert.deepEqual(checkCrdSchema({ ...pool({}), metadata: {} }), ["metadata.name is required", "spec.addresses is required"]);
    });
    it("wants integers, required nested fields and exactly one secret store provider", () => {
      const plan = { apiVersion: "upgrade.cattle.io/v1", kind: "Plan", metadata: { name: "server" }, spec: { concurrency: 1.5, upgrade: {} } };
      assert.deepEqual(checkCrdSchema(plan), ["spec.concurrency must be an integer, is number", "spec.upgrade.image is required"]);
      const store = (provider: unknown) => ({ apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: "s" }, spec: { provider } });
      assert.deepEqual(checkCrdSchema(store({ aws: {} })), []);
      assert.deepEqual(checkCrdSchema(store({ aws: {}, vault: {} })), ["spec.provider must hold exactly one provider"]);
    });
    it("rejects an unknown field, naming it and what is accepted there", () => {
      assert.deepEqual(checkCrdSchema(pool({ addresses: ["192.0.2.0/28"], autoAsign: true })), [
        "spec.autoAsign is an unknown field (accepted here: addresses, autoAssign, avoidBuggyIPs)",
      ]);
    });
    it("says when it has no schema for a kind", () => {
      assert.deepEqual(checkCrdSchema({ apiVersion: "x/v1", kind: "Y", metadata: { name: "n" } }), ["no strict schema for x/v1 Y"]);
      assert.ok(Object.keys(CRD_SCHEMAS).every((k) => k.split("/").length >= 2 && !MODEL_MODULES[k.slice(0, k.lastIndexOf("/"))]), "a kind with a model package needs no own schema");
    });
  });

  describe("validateObject", () => {
    it("checks modelled kinds with their kubernetes-models class", async () => {
      assert.ok(await modelFor("v1", "ConfigMap"));
      assert.equal(await modelFor("v1", "NoSuchKind"), undefined);
      assert.equal(await modelFor("x/v1", "Y"), undefined);
      // The kind's own module (kubernetes-models/v1/ConfigMap), the same class the group's index exports.
      const group = (await (new Function("s", "return import(s)") as (s: string) => Promise<Record<string, unknown>>)("kubernetes-models/v1"));
      assert.equal(await modelFor("v1", "ConfigMap"), group.ConfigMap);
      assert.equal(await validateObject(configMap({ a: "b" })), true);
      await assert.rejects(validateObject(configMap({ a: 1 })), (e: Error) => e instanceof SchemaError && /^ConfigMap d\/c: /.test(e.message));
    });
    it("checks CRD kinds without a model against CRD_SCHEMAS", async () => {
      assert.equal(await validateObject(pool({ addresses: ["192.0.2.0/28"] })), true);
      await assert.rejects(validateObject(pool({})), /IPAddressPool metallb-system\/p: spec.addresses is required/);
    });
    it("returns false for a kind nothing knows, and refuses an object without apiVersion, kind and name", async () => {
      assert.equal(await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), false);
      await assert.rejects(validateObject({ apiVersion: "v1", kind: "ConfigMap" }), /ConfigMap \(no name\): needs apiVersion, kind and metadata.name/);
    });
  });

  describe("validateManifest and validated", () => {
    it("validateManifest also refuses a kind nothing can check", async () => {
      await validateManifest(configMap({}));
      await validateManifest(pool({ addresses: ["192.0.2.0/28"] }));
      await assert.rejects(validateManifest({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), /no kubernetes-models class and no strict schema for example.com\/v1 Widget/);
    });
    it("validated resolves to the object itself, or rejects", async () => {
      const cm = configMap({ a: "b" });
      assert.equal(await validated(cm), cm);
      await assert.rejects(validated(configMap({ a: 1 })), SchemaError);
    });
  });
});

// The hand-off objects' validator was components/gitops/objects/models.ts; it is this one now.
describe("object models", () => {
  it("finds a model by apiVersion and kind, and none for unmodelled kinds", async () => {
    assert.equal(typeof (await modelFor("v1", "ConfigMap")), "function");
    assert.equal(await modelFor("example.com/v1", "Widget"), undefined);
    assert.equal(await modelFor("v1", "NoSuchKind"), undefined);
  });

  it("checks a modelled object, passes an unmodelled one, refuses one without a name", async () => {
    assert.equal(await validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y" } }), true);
    assert.equal(await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "x" } }), false);
    await assert.rejects(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: {} }), /ConfigMap \(no name\): needs apiVersion, kind and metadata.name/);
    await assert.rejects(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "y" }, data: { a: 1 } } as never), (err: unknown) => {
      assert.ok(err instanceof SchemaError);
      assert.match(err.message, /^ConfigMap y\/x: /);
      return true;
    });
  });

  it("validated resolves to the same object", async () => {
    const o = { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } };
    assert.equal(await validated(o), o);
  });

  describe("unknown fields (strict validation)", () => {
    const app = (automated: Record<string, unknown>) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "a", namespace: "argocd", labels: { any: "label" }, annotations: { "argocd.argoproj.io/sync-wave": "1" } },
      spec: {
        project: "platform",
        source: { repoURL: "https://example.com/r.git", path: "p", helm: { valuesObject: { free: { form: ["values", { are: "not checked" }] } } } },
        destination: { server: "https://kubernetes.default.svc", namespace: "x" },
        syncPolicy: { automated, syncOptions: ["CreateNamespace=true"] },
      },
    });

    it("rejects a typo such as syncPolicy.automated.pruen, and names the path", async () => {
      assert.deepEqual(await unknownFields(app({ pruen: true })), ["spec.syncPolicy.automated.pruen"]);
      await assert.rejects(validateObject(app({ pruen: true })), (e: Error) => e instanceof SchemaError && /unknown field\(s\) spec\.syncPolicy\.automated\.pruen/.test(e.message));
      assert.equal(await validateObject(app({ prune: true, selfHeal: true })), true);
    });

    it("finds unknown fields deep in core kinds, and leaves maps and free-form objects alone", async () => {
      const dep = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d", labels: { a: "b" } },
        spec: {
          replicass: 2,
          selector: { matchLabels: { a: "b" } },
          template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i", imagePullPolicyy: "Always", resources: { limits: { memory: "1Gi" } } }] } },
        },
      };
      assert.deepEqual(await unknownFields(dep), ["spec.replicass", "spec.template.spec.containers[0].imagePullPolicyy"]);
      assert.deepEqual(await unknownFields(configMap({ any: "key" })), []);
      assert.equal(await unknownFields({ apiVersion: "x.example.com/v1", kind: "Thing", metadata: { name: "t" } }), undefined);
    });

    it("TYPELESS_FIELDS is exactly what the installed models declare but never read (recomputed from node_modules)", () => {
      const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      const packages = new Set(Object.keys(MODEL_MODULES).map((v) => modelPackageOf(v)!));
      packages.add("@kubernetes-models/apimachinery");
      for (const pkg of packages) {
        const root = path.dirname(require.resolve(`${pkg}/package.json`));
        const declared = new Set<string>();
        const read = new Set<string>();
        for (const f of walk(root)) {
          const text = fs.readFileSync(f, "utf8");
          if (f.endsWith(".d.ts")) for (const m of text.matchAll(/^\s+"([A-Za-z0-9_$.-]+)"\??:/gm)) declared.add(m[1]!);
          if (f.includes("_schemas") && f.endsWith(".js")) {
            for (const m of text.matchAll(/data\.([A-Za-z0-9_$]+)/g)) read.add(m[1]!);
            for (const m of text.matchAll(/data\["([^"]+)"\]/g)) read.add(m[1]!);
          }
        }
        assert.deepEqual([...declared].filter((x) => !read.has(x)).sort(), [...(TYPELESS_FIELDS[pkg] ?? ["(missing from TYPELESS_FIELDS)"])], pkg);
      }
    });
  });
});
