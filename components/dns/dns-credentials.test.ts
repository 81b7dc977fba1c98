/** DnsCredentials under the mock engine, from literal args. */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { isSecretValue, plainInputs } from "../testing/recorder";
import { DNS_SECRET_KEYS, DnsCredentials, DnsCredentialsArgs, renderDnsSecrets, validateDnsCredentialsArgs } from "./dns-credentials";

describe("DnsCredentials", () => {
  it("writes one Secret per namespace, secret data only, after what it depends on", async () => {
    assert.deepStrictEqual(renderDnsSecrets(["external-dns", "cert-manager", "external-dns"]).map((s) => s.metadata.namespace), ["cert-manager", "external-dns"]);
    let secretIn: string[] = [];
    const r = await runProgram(
      () => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "mock" });
        const c = new DnsCredentials("dns", {
          accessKeyId: "AKIAMOCK",
          secretAccessKey: pulumi.secret("mock-secret"),
          namespaces: ["external-dns", "cert-manager"],
          createNamespaces: ["external-dns"],
          provider,
        });
        secretIn = ["cert-manager", "external-dns", "kube-system"].map((ns) => (c.secretIn(ns) === undefined ? "-" : ns));
        return { name: c.secretName };
      },
      { stack: "dns", config: {}, preview: false },
    );
    if (r.error) throw r.error;
    const secrets = r.resources.filter((x) => x.type === "kubernetes:core/v1:Secret");
    assert.deepStrictEqual(secrets.map((s) => plainInputs(s).metadata.namespace), ["cert-manager", "external-dns"]);
    for (const s of secrets) {
      assert.ok(isSecretValue(s.rawInputs.stringData), "stringData must be secret");
      assert.deepStrictEqual(Object.keys(plainInputs(s).stringData).sort(), [DNS_SECRET_KEYS.accessKeyId, DNS_SECRET_KEYS.secretAccessKey]);
      assert.strictEqual(plainInputs(s).metadata.name, "route53-credentials");
    }
    const ns = r.resources.find((x) => x.type === "kubernetes:core/v1:Namespace")!;
    assert.ok(secrets[1]!.dependencies.includes(ns.urn), "the external-dns Secret waits for its namespace");
    assert.deepStrictEqual(secretIn, ["cert-manager", "external-dns", "-"]);
    assert.strictEqual(r.outputs.name!.value, "route53-credentials");
  });

  it("refuses bad args with one error naming every property, and registers nothing", async () => {
    const bad = {
      accessKeyId: "",
      secretAccessKey: "",
      namespaces: ["cert-manager", "External_DNS"],
      createNamespaces: ["monitoring"],
      provider: {} as k8s.Provider,
      secretName: "Route53",
    } as DnsCredentialsArgs;
    assert.throws(() => validateDnsCredentialsArgs(bad), (err: unknown) => {
      assert.ok(err instanceof InputPropertiesError);
      assert.strictEqual(err.component, "DnsCredentials");
      assert.deepStrictEqual(err.problems.map((p) => p.path), ["accessKeyId", "secretAccessKey", "namespaces[1]", "createNamespaces[0]", "secretName"]);
      assert.match(err.message, /secretAccessKey is \[secret\]/);
      return true;
    });
    const r = await runProgram(() => {
      new DnsCredentials("t", { ...bad, namespaces: [] });
      return {};
    }, { stack: "dns", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError);
    assert.match(r.error.message, /namespaces is \[\]: must list at least one namespace/);
    assert.strictEqual(r.resources.length, 0);
  });

  it("refuses an empty key that arrives as an Output when it resolves, without printing it", async () => {
    const r = await runProgram(() => {
      new DnsCredentials("t", { accessKeyId: pulumi.output("AKIA"), secretAccessKey: pulumi.secret(""), namespaces: ["cert-manager"], provider: new k8s.Provider("k8s", { kubeconfig: "mock" }) });
      return {};
    }, { stack: "dns", config: {}, preview: false });
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.match(r.error.message, /secretAccessKey is \[secret\]/);
  });
});
