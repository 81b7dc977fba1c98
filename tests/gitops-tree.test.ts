/**
 * The shipped application tier (gitops/): every YAML document parses and validates, every kustomization builds
 * offline with kubectl, and nothing from the infrastructure tier (the catalog) appears in it.
 *
 * Validation: kinds with a kubernetes-models package (core/apps/networking, argoproj.io, Flux source/helm/kustomize,
 * cert-manager) are checked against their JSON schema. Kinds without one (postgresql.cnpg.io Cluster) and
 * kustomize's own kustomization.yaml get structural checks only: apiVersion, kind and metadata.name.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { APPLICATION_TIER_HELM_REPOS, THIS_REPO_LABEL, validateObject, KubeObject } from "@k3s-gitops/components";
import { CATALOG, CatalogEntry } from "@k3s-gitops/components/kernel";
import { DEFAULT_STAGES } from "@k3s-gitops/components";
import { hasTool, requireTool } from "@k3s-gitops/components/testing";

const GITOPS = path.join(__dirname, "..", "gitops");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const yamlFiles = walk(GITOPS).filter((f) => /\.ya?ml$/.test(f));
/** Helm chart templates and chart metadata are not Kubernetes manifests. */
const isChartFile = (f: string) => f.includes(`${path.sep}templates${path.sep}`) || /Chart\.yaml$/.test(f);
/** Helm values files: plain YAML, not objects. */
const isValuesFile = (f: string) => /values(-[a-z]+)?\.yaml$/.test(path.basename(f));
const isKustomization = (f: string) => path.basename(f) === "kustomization.yaml";
const manifestFiles = yamlFiles.filter((f) => !isChartFile(f) && !isValuesFile(f) && !isKustomization(f));
const kustomizationDirs = yamlFiles.filter(isKustomization).map(path.dirname);

function docs(file: string): unknown[] {
  const parsed = parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const d of parsed) if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
  return parsed.map((d) => d.toJS()).filter((d) => d !== null);
}

function kustomize(dir: string): KubeObject[] {
  const out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 20000 });
  return parseAllDocuments(out).map((d) => d.toJS() as KubeObject).filter(Boolean);
}

const rendered = new Map<string, KubeObject[]>();

describe("gitops/ tree", () => {
  before(() => {
    // Without kubectl the tests below that need the rendered output skip (or fail under CI=true: requireTool).
    if (hasTool("kubectl")) for (const dir of kustomizationDirs) rendered.set(dir, kustomize(dir));
  });

  it("has files to check", () => {
    assert.ok(manifestFiles.length >= 10, `only ${manifestFiles.length} manifests`);
    assert.ok(kustomizationDirs.length >= 15, `only ${kustomizationDirs.length} kustomizations`);
  });

  it("every YAML file parses", () => {
    for (const f of yamlFiles.filter((f) => !isChartFile(f) || /Chart\.yaml$/.test(f))) assert.doesNotThrow(() => docs(f), f);
  });

  it("every manifest validates against its schema (models where they exist, structure otherwise)", async () => {
    let modelled = 0;
    const unmodelled = new Set<string>();
    for (const f of manifestFiles) {
      for (const d of docs(f)) {
        const o = d as KubeObject;
        if (await validateObject(o)) modelled++;
        else unmodelled.add(`${o.apiVersion}/${o.kind}`);
      }
    }
    assert.ok(modelled >= 15, `only ${modelled} documents checked by a model`);
    assert.deepEqual([...unmodelled].sort(), ["postgresql.cnpg.io/v1/Cluster"]);
  });

  it("kubectl kustomize builds every kustomization offline, and the output validates", async function () {
    requireTool(this, "kubectl");
    for (const [dir, objects] of rendered) {
      assert.ok(objects.length > 0, `${dir} renders nothing`);
      for (const o of objects) await validateObject(o);
    }
  });

  it("ships every default stage for both engines on dev and prod", function () {
    requireTool(this, "kubectl");
    for (const cluster of ["dev", "prod"]) {
      for (const engine of ["argocd", "flux"]) {
        for (const stage of DEFAULT_STAGES) {
          const dir = path.join(GITOPS, "clusters", cluster, engine, stage);
          assert.ok(rendered.has(dir), `${path.relative(GITOPS, dir)} has no kustomization`);
        }
      }
    }
  });

  it("the Argo CD stages hold only Applications in project platform; Flux stage 01 only sources, releases and their values", function () {
    requireTool(this, "kubectl");
    for (const [dir, objects] of rendered) {
      const rel = path.relative(GITOPS, dir);
      if (/clusters\/\w+\/argocd\//.test(rel)) {
        for (const o of objects) {
          assert.equal(o.kind, "Application", `${rel}: ${o.kind}`);
          assert.equal((o as any).spec.project, "platform");
          assert.ok((o as any).metadata.labels?.[THIS_REPO_LABEL], `${rel}: ${o.metadata?.name} lacks ${THIS_REPO_LABEL}`);
        }
      }
      if (/clusters\/\w+\/flux\/01-/.test(rel)) {
        assert.deepEqual([...new Set(objects.map((o) => o.kind))].sort(), ["ConfigMap", "HelmRelease", "HelmRepository"]);
      }
    }
  });

  it("contains no infrastructure-tier component: no chart or repository from the catalog", function () {
    requireTool(this, "kubectl");
    const catalog = Object.values(CATALOG as Record<string, CatalogEntry>);
    assert.ok(catalog.some((e) => e.chart === "argo-cd") && catalog.some((e) => e.chart === "flux-operator"), "catalog lacks the engines");
    const charts: string[] = [];
    for (const objects of rendered.values()) {
      for (const o of objects as any[]) {
        if (o.kind === "Application") for (const s of o.spec.sources ?? [o.spec.source]) if (s.chart) charts.push(s.chart);
        if (o.kind === "HelmRelease") charts.push(o.spec.chart.spec.chart);
      }
    }
    assert.ok(charts.length >= 8, `found only ${charts.length} chart references`);
    for (const chart of charts) {
      const hit = catalog.find((e) => e.chart === chart);
      assert.equal(hit, undefined, `gitops/ installs ${chart}, which the catalog puts in layer ${hit?.layer} (${hit?.role})`);
    }
    // Also by name, in case the catalog is still being filled: storage, CNI, cloud controllers and engines.
    const forbidden = /^(argo-cd|flux2?|flux-operator|gateway-api|longhorn|cilium|flannel|hcloud-cloud-controller-manager|hcloud-csi|digitalocean-cloud-controller-manager|csi-digitalocean|metallb|cert-manager|ingress-nginx|traefik)$/;
    for (const chart of charts) assert.doesNotMatch(chart, forbidden);
  });

  it("Argo CD and Flux install the same chart versions from the same repositories", function () {
    requireTool(this, "kubectl");
    const argo = new Map<string, string>();
    const flux = new Map<string, string>();
    const repos = new Map<string, string>();
    for (const objects of rendered.values()) {
      for (const o of objects as any[]) {
        if (o.kind === "Application") for (const s of o.spec.sources ?? []) if (s.chart) argo.set(s.chart, `${s.repoURL} ${s.targetRevision}`);
        if (o.kind === "HelmRepository") repos.set(o.metadata.name, o.spec.url);
        if (o.kind === "HelmRelease") flux.set(o.spec.chart.spec.chart, `${o.spec.chart.spec.sourceRef.name} ${o.spec.chart.spec.version}`);
      }
    }
    assert.ok(argo.size >= 4);
    for (const [chart, spec] of argo) {
      const [repo, version] = spec.split(" ");
      const [repoName, fluxVersion] = (flux.get(chart) ?? "").split(" ");
      assert.equal(fluxVersion, version, `${chart}: Argo ${version}, Flux ${fluxVersion}`);
      assert.equal(repos.get(repoName!), repo, `${chart}: repository differs`);
      assert.match(version!, /^\d+\.\d+\.\d+$/, `${chart} is not pinned to an exact version`);
      assert.ok((APPLICATION_TIER_HELM_REPOS as readonly string[]).includes(repo!), `${repo} is not in the platform project's sourceRepos`);
    }
  });

  it("holds no plain Secret: only SOPS-encrypted ones would be allowed", function () {
    for (const f of manifestFiles) {
      for (const d of docs(f) as any[]) {
        if (d.kind === "Secret") assert.ok(d.sops, `${f} holds a plain Secret`);
      }
    }
    requireTool(this, "kubectl");
    for (const objects of rendered.values()) for (const o of objects as any[]) if (o.kind === "Secret") assert.ok(o.sops);
  });

  it("the monitoring core is ephemeral with short retention; long-term storage is a separate, optional file", () => {
    const core = docs(path.join(GITOPS, "base/kube-prometheus-stack/values.yaml"))[0] as any;
    assert.deepEqual(core.prometheus.prometheusSpec.storageSpec, {});
    assert.match(core.prometheus.prometheusSpec.retention, /^\d+h$/);
    assert.equal(core.grafana.persistence.enabled, false);
    const lt = docs(path.join(GITOPS, "base/kube-prometheus-stack/values-longterm.yaml"))[0] as any;
    assert.ok(lt.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate);
    const text = walk(path.join(GITOPS, "engines")).map((f) => fs.readFileSync(f, "utf8")).join("\n");
    assert.doesNotMatch(text, /values-longterm/);
  });

  it("the sample app gets TLS from the cluster's Let's Encrypt issuer and its database the default StorageClass", function () {
    requireTool(this, "kubectl");
    const issuers: Record<string, string> = { dev: "letsencrypt-staging", prod: "letsencrypt-production" };
    for (const cluster of ["dev", "prod"]) {
      const objects = rendered.get(path.join(GITOPS, "clusters", cluster, "flux", "02-sample-app"))! as any[];
      const ingress = objects.find((o) => o.kind === "Ingress");
      assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], issuers[cluster]);
      assert.equal(ingress.spec.tls[0].hosts[0], ingress.spec.rules[0].host);
      const db = objects.find((o) => o.kind === "Cluster");
      assert.equal(db.spec.storage.storageClass, undefined);
    }
  });
});
