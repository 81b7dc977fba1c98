/**
 * Issue 13's defaults, end to end through the offline plan: Gateway API by default (CRDs in layer 2, Traefik's Gateway
 * provider, the shared Gateway with TLS in layer 3), Flux through the Flux Operator, and ingress-nginx selectable only
 * with a retirement warning.
 */
import { strict as assert } from "assert";
import { planStack } from "../plan/cli";
import { loadStackFile, mergeStackFiles, parseStackFile } from "../plan/stack-file";
import { ingressArgs } from "../stacks/args/platform";
import { configWarnings, formatWarning } from "../stacks/config/warnings";
import { plainInputs } from "@k3s-gitops/components/testing";
import { CATALOG, SHARED_GATEWAY } from "@k3s-gitops/components/kernel";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const layerOf = (urn: string) => urn.split("::")[2]!;

/** Runs `fn` and returns what it logged (pulumi.log.warn falls back to the console without an engine). */
async function captureLogs<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log, info: console.info };
  const grab = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  Object.assign(console, { error: grab, warn: grab, log: grab, info: grab });
  try {
    return { value: await fn(), lines };
  } finally {
    Object.assign(console, saved);
  }
}

describe("Gateway API by default (prod plan)", function () {
  this.timeout(120000);
  let run: Awaited<ReturnType<typeof planStack>>["run"];
  before(async () => {
    ({ run } = await planStack({ stack: "prod" }));
    if (run.error) throw run.error;
  });

  it("applies the pinned standard-channel CRDs in layer 2, before cert-manager and Traefik", () => {
    const crds = run.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigFile" && r.name.endsWith("-gateway-api-0"))!;
    assert.ok(crds, "the Gateway API ConfigFile");
    assert.equal(plainInputs(crds).file, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml");
    assert.match(layerOf(crds.urn), /ClusterCore/);
    for (const chart of ["cert-manager", "traefik"]) {
      const rel = run.resources.find((r) => r.type === RELEASE && plainInputs(r).chart === chart)!;
      assert.ok(rel.dependencies.includes(crds.urn), `${chart} waits for the Gateway API CRDs`);
    }
    const cm = plainInputs(run.resources.find((r) => r.type === RELEASE && plainInputs(r).chart === "cert-manager")!);
    assert.deepEqual(cm.values.config.gatewayAPI, { enabled: true });
  });

  it("runs Traefik with its Gateway provider and its Ingress provider", () => {
    const traefik = plainInputs(run.resources.find((r) => r.type === RELEASE && plainInputs(r).chart === "traefik")!);
    assert.deepEqual(traefik.values.providers.kubernetesGateway, { enabled: true });
    assert.deepEqual(traefik.values.providers.kubernetesIngress, { enabled: true });
    assert.deepEqual(traefik.values.gatewayClass, { enabled: true, name: "traefik" });
    assert.deepEqual(traefik.values.gateway, { enabled: false });
  });

  it("creates the shared Gateway with TLS from the cluster issuer, and the HTTPS redirect", () => {
    const gw = run.resources.find((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway")!;
    assert.ok(gw, "a Gateway");
    const g = plainInputs(gw);
    assert.deepEqual([g.metadata.name, g.metadata.namespace], [SHARED_GATEWAY.name, SHARED_GATEWAY.namespace]);
    assert.equal(g.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-production");
    const https = g.spec.listeners.find((l: any) => l.name === "https");
    assert.deepEqual(https.tls.certificateRefs.map((c: any) => c.name), ["shared-gateway-tls"]);
    const traefik = run.resources.find((r) => r.type === RELEASE && plainInputs(r).chart === "traefik")!;
    assert.ok(gw.dependencies.includes(traefik.urn), "the Gateway waits for Traefik (its GatewayClass)");
    const redirect = run.resources.find((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")!;
    assert.equal(plainInputs(redirect).spec.rules[0].filters[0].requestRedirect.scheme, "https");
    assert.match(layerOf(gw.urn), /Platform/);
  });
});

describe("Flux through the Flux Operator (dev plan)", function () {
  this.timeout(120000);
  it("installs the operator and a FluxInstance with a pinned distribution, no flux2 chart, and the hand-off waits for the instance", async () => {
    const { run } = await planStack({ stack: "dev" });
    if (run.error) throw run.error;
    const charts = run.resources.filter((r) => r.type === RELEASE).map((r) => plainInputs(r).chart as string);
    assert.ok(charts.includes("oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator"), charts.join());
    assert.ok(!charts.some((c) => c.endsWith("flux2")), "no community flux2 chart");
    assert.ok(!("flux2" in CATALOG));
    const fi = run.resources.find((r) => r.type === "kubernetes:fluxcd.controlplane.io/v1:FluxInstance")!;
    assert.equal(plainInputs(fi).spec.distribution.version, "2.9.4");
    const source = run.resources.find((r) => r.type === "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository")!;
    assert.ok(source.dependencies.includes(fi.urn), "the GitRepository waits for the FluxInstance (Flux's CRDs)");
    const ks = run.resources.filter((r) => r.type === "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization");
    assert.ok(ks.length > 0);
    for (const k of ks) assert.equal(plainInputs(k).spec.decryption.provider, "sops", "SOPS decryption keeps working");
  });
});

describe("ingress-nginx: selectable, never a default, with a retirement warning", function () {
  this.timeout(120000);
  it("plans with the warning on the warning channel", async () => {
    const base = loadStackFile("Pulumi.dev.yaml", "k3s-gitops");
    const over = parseStackFile("config:\n  k3s-gitops:platform:\n    certManager: {email: ops@example.com}\n    ingress: {controller: ingress-nginx}\n", "k3s-gitops");
    const { value } = await captureLogs(() => planStack({ stack: "dev", stackFile: mergeStackFiles(base, over) }));
    if (value.run.error) throw value.run.error;
    assert.ok(value.warnings.some((l) => l.startsWith("warning: k3s-gitops:platform.ingress.controller: is ingress-nginx, retired upstream")), value.warnings.join("\n"));
    assert.deepEqual(value.report.warnings, value.warnings, "the plan JSON carries the same lines");
    assert.ok(!value.run.resources.some((r) => r.type.startsWith("kubernetes:gateway.networking.k8s.io/")), "no shared Gateway without Traefik");
    assert.deepEqual(value.policy.violations.filter((v) => v.enforcement === "mandatory"), []);
  });

  it("warns only for ingress-nginx, and names ignored Traefik-only keys", () => {
    const platform = (ingress: Record<string, unknown>) => ({ platform: { ingress } }) as any;
    const ctx = { stack: "dev", projectDir: process.cwd() };
    assert.deepEqual(configWarnings(platform({ controller: "traefik" }), ctx), []);
    const w = configWarnings(platform({ controller: "ingress-nginx", nginxIngresses: true }), ctx).map(formatWarning);
    assert.equal(w.length, 2);
    assert.match(w[0]!, /^warning: k3s-gitops:platform\.ingress\.controller: is ingress-nginx, retired upstream in March 2026 \(final release: chart 4\.15\.1, controller 1\.15\.1/);
    assert.match(w[1]!, /^warning: k3s-gitops:platform\.ingress\.nginxIngresses: is ignored/);
  });

  it("maps the Traefik-only keys, and derives a wildcard hostname only for an all-DNS-01 zone", () => {
    const cfg = (ingress: Record<string, unknown>, dns?: Record<string, unknown>) => ({ platform: { ingress }, ...(dns ? { dns } : {}) }) as any;
    assert.deepEqual(ingressArgs(cfg({ controller: "ingress-nginx", replicas: 2 }), undefined), { controller: "ingress-nginx", replicas: 2 });
    assert.deepEqual(ingressArgs(cfg({ controller: "traefik", nginxIngresses: true }), undefined), { controller: "traefik", replicas: undefined, nginxIngresses: true });
    assert.deepEqual((ingressArgs(cfg({ controller: "traefik" }, { domain: "example.com", certificateSolver: "dns01" }), undefined) as any).gateway, { hostname: "*.example.com" });
    assert.equal((ingressArgs(cfg({ controller: "traefik" }, { domain: "example.com" }), undefined) as any).gateway, undefined, "HTTP-01 cannot issue a wildcard");
    assert.deepEqual((ingressArgs(cfg({ controller: "traefik", gateway: { hostname: "apps.example.com", enabled: true } }), undefined) as any).gateway, { enabled: true, hostname: "apps.example.com" });
  });
});
