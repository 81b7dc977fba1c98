import { strict as assert } from "node:assert";
import { CRD_SCHEMAS } from "./crd-schemas";
import { S, checkStrict, strictUnknownFields } from "./strict-schema";
import { SchemaError, unknownFields, validateManifest, KubeObject } from "./validate";

type Obj = KubeObject & { spec: Record<string, unknown> } & Record<string, unknown>;
const obj = (apiVersion: string, kind: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Obj =>
  ({ apiVersion, kind, metadata: { name: "x", namespace: "ns", labels: { a: "b" } }, spec, ...extra }) as Obj;

/**
 * One valid example per kind the project writes without a kubernetes-models package, or with one added for issue 12,
 * and a typo'd field in it (a misspelling of a real field) that must fail.
 */
const CASES: { readonly object: Obj; readonly typo: (o: Obj) => Obj; readonly path: string }[] = [
  { object: obj("metallb.io/v1beta1", "IPAddressPool", { addresses: ["192.0.2.0/28"], autoAssign: true }), typo: (o) => ({ ...o, spec: { ...o.spec, autoAsign: true } }), path: "spec.autoAsign" },
  { object: obj("metallb.io/v1beta1", "L2Advertisement", { ipAddressPools: ["default"] }), typo: (o) => ({ ...o, spec: { ipAdressPools: ["default"] } }), path: "spec.ipAdressPools" },
  {
    object: obj("upgrade.cattle.io/v1", "Plan", { concurrency: 1, upgrade: { image: "rancher/k3s-upgrade" }, drain: { force: true, skipWaitForDeleteTimeout: 60 } }),
    typo: (o) => ({ ...o, spec: { ...o.spec, drain: { force: true, skipWaitForDeleteTimout: 60 } } }),
    path: "spec.drain.skipWaitForDeleteTimout",
  },
  { object: obj("external-secrets.io/v1", "ClusterSecretStore", { provider: { aws: { service: "SecretsManager" } } }), typo: (o) => ({ ...o, spec: { ...o.spec, provder: {} } }), path: "spec.provder" },
  {
    object: obj("isindir.github.com/v1alpha3", "SopsSecret", { secretTemplates: [{ name: "s", stringData: { k: "ENC[...]" } }] }, { sops: { age: [{ recipient: "age1x", enc: "e" }], version: "3.13.2" } }),
    typo: (o) => ({ ...o, spec: { secretTemplates: [{ name: "s", stringdata: { k: "v" } }] } }),
    path: "spec.secretTemplates[0].stringdata",
  },
  {
    object: obj("fluxcd.controlplane.io/v1", "FluxInstance", { distribution: { version: "2.9.4", registry: "ghcr.io/fluxcd" }, components: ["source-controller"], wait: true }),
    typo: (o) => ({ ...o, spec: { ...o.spec, distribution: { version: "2.9.4", registry: "ghcr.io/fluxcd", regsitry: "x" } } }),
    path: "spec.distribution.regsitry",
  },
  {
    object: obj("fluxcd.controlplane.io/v1", "FluxInstance", { distribution: { version: "2.9.4", registry: "ghcr.io/fluxcd" }, kustomize: { patches: [{ target: { kind: "Deployment" }, patch: "- op: add" }] } }),
    typo: (o) => ({ ...o, spec: { ...o.spec, kustomize: { patches: [{ target: { knd: "Deployment" }, patch: "- op: add" }] } } }),
    path: "spec.kustomize.patches[0].target.knd",
  },
  {
    object: obj("redis.redis.opstreelabs.in/v1beta2", "Redis", { kubernetesConfig: { image: "quay.io/opstree/redis:v7.0.15", resources: { requests: { cpu: "50m" } } } }),
    typo: (o) => ({ ...o, spec: { ...o.spec, kubernetesConfig: { image: "i", imagePulPolicy: "Always" } } }),
    path: "spec.kubernetesConfig.imagePulPolicy",
  },
  { object: obj("tailscale.com/v1alpha1", "Connector", { subnetRouter: { advertiseRoutes: ["10.42.0.0/16"] }, tags: ["tag:k8s"] }), typo: (o) => ({ ...o, spec: { ...o.spec, subnetRouter: { advertizeRoutes: [] } } }), path: "spec.subnetRouter.advertizeRoutes" },
  {
    object: obj("traefik.io/v1alpha1", "Middleware", { forwardAuth: { address: "http://a", trustForwardHeader: true }, plugin: { sablier: { any: "config" } } }),
    typo: (o) => ({ ...o, spec: { forwardAuth: { adress: "http://a" } } }),
    path: "spec.forwardAuth.adress",
  },
  { object: obj("pkg.crossplane.io/v1", "Provider", { package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.6.0" }), typo: (o) => ({ ...o, spec: { package: "p", pakage: "p" } }), path: "spec.pakage" },
  {
    object: obj("aws.m.upbound.io/v1beta1", "ClusterProviderConfig", { credentials: { source: "Secret", secretRef: { namespace: "n", name: "s", key: "creds" } }, s3_use_path_style: true }),
    typo: (o) => ({ ...o, spec: { ...o.spec, s3_use_pathstyle: true } }),
    path: "spec.s3_use_pathstyle",
  },
  { object: obj("s3.aws.m.upbound.io/v1beta1", "Bucket", { forProvider: { region: "fsn1" }, providerConfigRef: { kind: "ClusterProviderConfig", name: "hetzner" } }), typo: (o) => ({ ...o, spec: { ...o.spec, forProvider: { region: "r", regoin: "r" } } }), path: "spec.forProvider.regoin" },
  {
    object: obj("barmancloud.cnpg.io/v1", "ObjectStore", { configuration: { destinationPath: "s3://b/p/", wal: { compression: "gzip" } }, retentionPolicy: "30d" }),
    typo: (o) => ({ ...o, spec: { ...o.spec, retentionPolcy: "30d" } }),
    path: "spec.retentionPolcy",
  },
  // Kinds checked by the model packages added for issue 12.
  {
    object: obj("gateway.networking.k8s.io/v1", "Gateway", { gatewayClassName: "traefik", listeners: [{ name: "http", port: 8000, protocol: "HTTP" }] }),
    typo: (o) => ({ ...o, spec: { ...o.spec, listeners: [{ name: "http", port: 8000, protocol: "HTTP", hostnme: "a.example" }] } }),
    path: "spec.listeners[0].hostnme",
  },
  { object: obj("gateway.networking.k8s.io/v1", "HTTPRoute", { parentRefs: [{ name: "gw" }], hostnames: ["a.example"] }), typo: (o) => ({ ...o, spec: { ...o.spec, hostname: ["a.example"] } }), path: "spec.hostname" },
  {
    object: obj("gateway.networking.k8s.io/v1", "BackendTLSPolicy", { targetRefs: [{ group: "", kind: "Service", name: "s" }], validation: { hostname: "s.example", wellKnownCACertificates: "System" } }),
    typo: (o) => ({ ...o, spec: { ...o.spec, validaton: {} } }),
    path: "spec.validaton",
  },
  { object: obj("postgresql.cnpg.io/v1", "Cluster", { instances: 1, storage: { size: "1Gi" } }), typo: (o) => ({ ...o, spec: { ...o.spec, instancse: 2 } }), path: "spec.instancse" },
  { object: obj("postgresql.cnpg.io/v1", "ScheduledBackup", { cluster: { name: "db" }, schedule: "0 0 0 * * *" }), typo: (o) => ({ ...o, spec: { ...o.spec, schedul: "x" } }), path: "spec.schedul" },
  { object: obj("monitoring.coreos.com/v1", "PodMonitor", { selector: { matchLabels: { a: "b" } }, podMetricsEndpoints: [{ port: "metrics" }] }), typo: (o) => ({ ...o, spec: { ...o.spec, podMetricEndpoints: [] } }), path: "spec.podMetricEndpoints" },
  {
    object: obj("monitoring.coreos.com/v1", "PrometheusRule", { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0" }] }] }),
    typo: (o) => ({ ...o, spec: { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0", labls: { severity: "warning" } }] }] } }),
    path: "spec.groups[0].rules[0].labls",
  },
];

describe("strict schemas (issue 12)", () => {
  for (const c of CASES) {
    it(`${c.object.apiVersion} ${c.object.kind}: the example validates, the typo ${c.path} fails`, async () => {
      await validateManifest(c.object);
      assert.deepEqual(await unknownFields(c.object), []);
      const bad = c.typo(c.object);
      assert.deepEqual(await unknownFields(bad), [c.path]);
      await assert.rejects(validateManifest(bad), (e: Error) => e instanceof SchemaError && e.message.includes(c.path));
    });
  }

  it("covers every kind in CRD_SCHEMAS", () => {
    const covered = new Set(CASES.map((c) => `${c.object.apiVersion}/${c.object.kind}`));
    assert.deepEqual(Object.keys(CRD_SCHEMAS).filter((k) => !covered.has(k)), []);
  });

  it("checks types, enums and required fields too", () => {
    const schema = S.object({ a: S.string(["x", "y"]), n: S.integer, q: S.intOrString, m: S.map(S.string()), l: S.array(S.boolean) }, ["a"]);
    assert.deepEqual(checkStrict({ a: "x", n: 1, q: "1Gi", m: { k: "v" }, l: [true] }, schema), []);
    assert.deepEqual(checkStrict({ n: 1.5, q: true, m: { k: 1 }, l: ["no"] }, schema), [
      "a is required",
      "l[0] must be a boolean, is string",
      "m.k must be a string, is number",
      "n must be an integer, is number",
      "q must be an integer or a string, is boolean",
    ]);
    assert.deepEqual(checkStrict({ a: "z" }, schema), ['a is "z"; accepted: x, y']);
    assert.deepEqual(strictUnknownFields({ a: "x", b: 1, m: { free: { deep: 1 } } }, schema), ["b"]);
  });
});
