import { strict as assert } from "assert";
import { infraTierAllowlist, layerOrder, noAppWorkloadsInIac } from "../policy/rules/layering";
import { UNKNOWN, build, happyStack, mutate, named, runResourcePolicy, runStackPolicy, TEST_CTX } from "./policy-fixtures";

describe("policy layer-order", () => {
  const p = layerOrder();
  it("passes the happy-path stack", async () => assert.deepEqual(await runStackPolicy(p, build(happyStack())), []));

  it("reports a dependency on a higher layer", async () => {
    const stack = mutate("ccm", (s) => s.deps!.push("argocd"));
    const out = await runStackPolicy(p, build(stack));
    assert.equal(out.length, 1);
    assert.match(out[0]!, /"ccm" in layer 2 \(cluster-core\) depends on .*"argocd" in layer 4 \(gitops-engine\)/);
  });

  it("reports a layer 3 resource that does not reach layer 2", async () => {
    const out = await runStackPolicy(p, build(mutate("ingress", (s) => (s.deps = ["kubeconfig"]))));
    assert.ok(out.some((m) => m.includes('"ingress" in layer 3 (platform) does not depend on layer 2')), out.join("\n"));
  });

  it("accepts reaching the layer below through a same-layer release (CRDs) or through property dependencies", async () => {
    const stack = happyStack();
    stack.push({ name: "issuer", type: "kubernetes:cert-manager.io/v1:ClusterIssuer", layer: 3, propDeps: { spec: ["ingress"] } });
    assert.deepEqual(await runStackPolicy(p, build(stack)), []);
  });

  it("exempts local-only resources (random, tls) from reaching the layer below, not from the upward check", async () => {
    const stack = happyStack();
    stack.push({ name: "age-bytes", type: "random:index/randomBytes:RandomBytes", layer: 3 });
    assert.deepEqual(await runStackPolicy(p, build(stack)), []);
    stack.push({ name: "key", type: "tls:index/privateKey:PrivateKey", layer: 3, deps: ["argocd"] });
    assert.match((await runStackPolicy(p, build(stack)))[0]!, /"key" in layer 3 \(platform\) depends on .*layer 4/);
  });

  it("skips an empty layer: layer 3 may depend on layer 1 when layer 2 holds nothing", async () => {
    const stack = happyStack().filter((s) => s.name !== "ccm");
    mutate("ingress", (s) => (s.deps = ["kubeconfig"]), stack);
    assert.deepEqual(await runStackPolicy(p, build(stack)), []);
  });
});

describe("policy infra-tier-allowlist", () => {
  const p = infraTierAllowlist(TEST_CTX);
  const release = (change: (props: Record<string, unknown>) => void = () => undefined) =>
    named(build(mutate("ingress", (s) => change(s.props!))), "ingress");

  it("passes a catalog release in its layer", async () => assert.deepEqual(await runResourcePolicy(p, release()), []));
  it("reports a chart that is not in the catalog as belonging in git", async () => {
    const [m] = await runResourcePolicy(p, release((x) => (x.chart = "wordpress")));
    assert.match(m!, /chart wordpress .* is not in the catalog; it belongs in git/);
  });
  it("reports a version that differs from the catalog", async () => {
    const [m] = await runResourcePolicy(p, release((x) => (x.version = "4.10.0")));
    assert.match(m!, /does not match catalog entry "ingress-nginx" \(expects version 4\.11\.3\)/);
  });
  it("reports a namespace that differs from the catalog", async () => {
    const [m] = await runResourcePolicy(p, release((x) => (x.namespace = "default")));
    assert.match(m!, /expects namespace ingress-nginx/);
  });
  it("reports a catalog chart registered in the wrong layer", async () => {
    const r = named(build(mutate("ingress", (s) => (s.layer = 2))), "ingress");
    const [m] = await runResourcePolicy(p, r);
    assert.match(m!, /expects layer 3 \(platform\)/);
  });
  it("treats an unknown chart as not yet known", async () => {
    assert.deepEqual(await runResourcePolicy(p, release((x) => (x.chart = UNKNOWN))), []);
  });
});

describe("policy no-app-workloads-in-iac", () => {
  const p = noAppWorkloadsInIac(TEST_CTX);
  const one = (type: string, props: Record<string, unknown>, name = "w") => build([{ name, type, layer: 3, props }])[0]!;

  it("allows workloads in catalog namespaces", async () => {
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:apps/v1:Deployment", { metadata: { namespace: "longhorn-system" } })), []);
  });
  for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet", "kubernetes:core/v1:Pod", "kubernetes:batch/v1:Job"]) {
    it(`reports a ${type.split(":")[2]} outside the catalog's namespaces`, async () => {
      const [m] = await runResourcePolicy(p, one(type, { metadata: { name: "shop", namespace: "shop" } }));
      assert.match(m!, new RegExp(`${type.split(":")[2]} "shop" in namespace shop is an application workload`));
    });
  }
  it("reports a workload with no namespace (default)", async () => {
    const [m] = await runResourcePolicy(p, one("kubernetes:apps/v1:Deployment", { metadata: { name: "x" } }));
    assert.match(m!, /in namespace default/);
  });
  it("allows the project's own auto-uncordon CronJob, but no other CronJob", async () => {
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:batch/v1:CronJob", { metadata: { name: "auto-uncordon", namespace: "kube-ops" } })), []);
    const [m] = await runResourcePolicy(p, one("kubernetes:batch/v1:CronJob", { metadata: { name: "backup", namespace: "kube-ops" } }));
    assert.match(m!, /CronJob "backup"/);
  });
  it("allows a LoadBalancer Service only in the ingress namespace", async () => {
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:core/v1:Service", { metadata: { namespace: "ingress-nginx" }, spec: { type: "LoadBalancer" } })), []);
    const [m] = await runResourcePolicy(p, one("kubernetes:core/v1:Service", { metadata: { name: "db", namespace: "longhorn-system" }, spec: { type: "LoadBalancer" } }));
    assert.match(m!, /Service "db" of type LoadBalancer in namespace longhorn-system is outside the ingress/);
  });
  it("treats the shared Gateway and its redirect route as infrastructure", async () => {
    const gw = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
    const route = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
    assert.deepEqual(await runResourcePolicy(p, one(gw, { metadata: { name: "shared", namespace: "traefik" } })), []);
    assert.deepEqual(await runResourcePolicy(p, one(route, { metadata: { name: "shared-https-redirect", namespace: "traefik" } })), []);
  });
  it("treats any other Gateway or route created by Pulumi as application tier", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["kubernetes:gateway.networking.k8s.io/v1:Gateway", { metadata: { name: "shop", namespace: "shop" } }, /Gateway "shop" in namespace shop is application tier/],
      ["kubernetes:gateway.networking.k8s.io/v1:Gateway", { metadata: { name: "extra", namespace: "traefik" } }, /Gateway "extra" in namespace traefik is application tier/],
      ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", { metadata: { name: "grafana", namespace: "monitoring" } }, /HTTPRoute "grafana".*sectionName: https/],
      ["kubernetes:gateway.networking.k8s.io/v1beta1:HTTPRoute", { metadata: { name: "shared", namespace: "traefik" } }, /HTTPRoute "shared" in namespace traefik/],
      ["kubernetes:gateway.networking.k8s.io/v1:GRPCRoute", { metadata: { name: "api", namespace: "apps" } }, /GRPCRoute "api"/],
      ["kubernetes:gateway.networking.k8s.io/v1:TLSRoute", { metadata: { name: "db" } }, /TLSRoute "db" in namespace default/],
    ];
    for (const [type, props, re] of cases) {
      const [m] = await runResourcePolicy(p, one(type, props));
      assert.match(m ?? "(none)", re, type);
    }
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:gateway.networking.k8s.io/v1:GatewayClass", { metadata: { name: "traefik" } })), [], "a GatewayClass exposes nothing");
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", { metadata: { name: UNKNOWN, namespace: "shop" } })), [], "not yet known");
  });
  it("treats an unknown namespace as not yet known", async () => {
    assert.deepEqual(await runResourcePolicy(p, one("kubernetes:apps/v1:Deployment", { metadata: { namespace: UNKNOWN } })), []);
  });
});
