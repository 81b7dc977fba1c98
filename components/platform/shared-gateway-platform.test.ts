/** Platform's shared Gateway under the mock engine: created with Traefik after its release, absent otherwise. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { InputPropertiesError } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import { FAKE_KUBECONFIG } from "../testing/mock-state";
import { plainInputs } from "../testing/recorder";
import { Platform } from "./platform";
import type { PlatformArgs } from "./platform-args";

type Ingress = PlatformArgs["ingress"];

async function run(ingress: Ingress, extra: Partial<PlatformArgs> = {}) {
  return runProgram(() => {
    const provider = new k8s.Provider("k8s", { kubeconfig: FAKE_KUBECONFIG });
    new Platform("p", {
      access: { provider, ready: [], kubeconfig: pulumi.secret(FAKE_KUBECONFIG), apiServerUrl: pulumi.output("https://203.0.113.1:6443") },
      cloud: { kind: "none" },
      clusterName: "c",
      nodeCount: 1,
      ingress,
      certManager: { defaultIssuer: "letsencrypt-production" },
      storage: { localPath: { enabled: true, default: true } },
      ...extra,
    });
    return {};
  }, { stack: "dev", config: {}, preview: false });
}

const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

describe("Platform: the shared Gateway", function () {
  this.timeout(30000);

  it("follows Traefik's release, carries the issuer and hostname, and the redirect follows the Gateway", async () => {
    const r = await run({ controller: "traefik", gateway: { hostname: "*.example.com" } });
    if (r.error) throw r.error;
    const traefik = r.resources.find((x) => x.name === "p-traefik")!;
    const gw = r.resources.find((x) => x.type === GATEWAY)!;
    const route = r.resources.find((x) => x.type === ROUTE)!;
    assert.deepEqual(gw.dependencies, [traefik.urn]);
    assert.deepEqual(route.dependencies, [gw.urn]);
    const g = plainInputs(gw);
    assert.equal(g.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-production");
    assert.equal(g.spec.listeners[1].hostname, "*.example.com");
    assert.deepEqual(plainInputs(traefik).values.providers.kubernetesGateway, { enabled: true });
    const cm = plainInputs(r.resources.find((x) => x.name === "p-cert-manager")!);
    assert.deepEqual(cm.values.config.gatewayAPI, { enabled: true });
  });

  it("is absent with ingress-nginx, or when switched off, and Traefik's Gateway provider is then off", async () => {
    const nginx = await run({ controller: "ingress-nginx" });
    if (nginx.error) throw nginx.error;
    assert.ok(!nginx.resources.some((x) => x.type === GATEWAY || x.type === ROUTE));
    const off = await run({ controller: "traefik", gateway: { enabled: false }, nginxIngresses: true });
    if (off.error) throw off.error;
    assert.ok(!off.resources.some((x) => x.type === GATEWAY || x.type === ROUTE));
    const values = plainInputs(off.resources.find((x) => x.name === "p-traefik")!).values;
    assert.deepEqual(values.providers.kubernetesGateway, { enabled: false });
    assert.deepEqual(values.providers.kubernetesIngressNGINX, { enabled: true });
  });

  it("refuses a bad hostname, and the shared Gateway without the Gateway API CRDs", async () => {
    const r = await run({ controller: "traefik", gateway: { hostname: "https://x" } }, { gatewayApi: false });
    assert.ok(r.error instanceof InputPropertiesError, String(r.error));
    assert.deepEqual(r.error.problems.map((p) => p.path), ["ingress.gateway.hostname", "gatewayApi"]);
    assert.equal(r.resources.filter((x) => x.type.startsWith("kubernetes:")).length, 0);
  });
});
