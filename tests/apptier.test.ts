/**
 * The typed application tier (apptier/): the committed gitops/ output is what `npm run gitops` renders, the stage list
 * is the hand-off's, the shipped clusters' default stages need no credentials, and the example tenant is complete.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { APPLICATION_TIER_HELM_REPOS, DEFAULT_STAGES, SABLIER_TRAEFIK_PLUGIN, buildArgoCdSsoValues, traefikValues } from "@k3s-gitops/components";
import { COMPONENTS, HELM_REPOS } from "../apptier/components";
import { CLUSTERS, EXAMPLE_ALL, SHIPPED } from "../apptier/clusters";
import { staleFiles } from "../apptier/cli";
import { STAGES, type ClusterSpec } from "../apptier/model";
import { enabledComponents, renderAll, secretTemplate } from "../apptier/render";
import { STALWART_MAIL_PORTS, TENANTS, tenantObjects } from "../apptier/tenants";

const ROOT = path.join(__dirname, "..");
const objectsOf = (content: string) => parseAllDocuments(content).map((d) => d.toJS()).filter(Boolean) as any[];

describe("apptier: the typed application tier", () => {
  const files = renderAll();

  it("the committed gitops/ output is up to date (run `npm run gitops` after editing apptier/)", () => {
    assert.deepEqual(staleFiles(ROOT), []);
  });

  it("renders the hand-off's stages, in order, for every cluster and engine", () => {
    assert.deepEqual([...STAGES], [...DEFAULT_STAGES]);
    for (const c of CLUSTERS) for (const e of ["argocd", "flux"]) for (const s of STAGES) assert.ok(files.has(`gitops/clusters/${c.name}/${e}/${s}/kustomization.yaml`), `${c.name}/${e}/${s}`);
  });

  it("the Argo CD platform project may read exactly the tier's Helm repositories", () => {
    assert.deepEqual(HELM_REPOS.map((r) => r.url).sort(), [...APPLICATION_TIER_HELM_REPOS].sort());
  });

  it("every Helm component has hand-written base values and an exact chart version", () => {
    for (const c of COMPONENTS.filter((c) => c.helm)) {
      assert.ok(fs.existsSync(path.join(ROOT, "gitops/base", c.name, "values.yaml")), `${c.name} has no gitops/base/${c.name}/values.yaml`);
      assert.match(c.helm!.version, /^\d+\.\d+\.\d+$/);
    }
  });

  it("components that need credentials are off by default; default-on charts reference no Secret", () => {
    for (const c of COMPONENTS) {
      if (c.secrets?.length || c.pulumiSecrets?.length) assert.equal(c.defaultOn, false, `${c.name} needs credentials but is on by default`);
      if (c.defaultOn && c.helm) {
        const text = fs.readFileSync(path.join(ROOT, "gitops/base", c.name, "values.yaml"), "utf8");
        assert.doesNotMatch(text.replace(/^\s*#.*$/gm, ""), /existingSecret|secretRef|secretKeyRef|secretName/, `${c.name}'s values reference a Secret`);
      }
    }
  });

  it("the shipped clusters' stages wrap only the Secret directories of what they enable, and reference only Secrets the tree or those directories make", () => {
    for (const cluster of SHIPPED) {
      const made = new Set<string>();
      const referenced: string[] = [];
      // The committed encrypted Secrets of the components the cluster enables (home: its placeholder tunnel token).
      for (const name of cluster.enable) {
        const dir = path.join(ROOT, "gitops", "clusters", cluster.name, "secrets", name);
        for (const need of COMPONENTS.find((c) => c.name === name)!.secrets ?? []) {
          const docs = fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((f) => objectsOf(fs.readFileSync(path.join(dir, f), "utf8"))) : [];
          const found = docs.find((d) => d.kind === "Secret" && d.metadata.name === need.name && d.metadata.namespace === need.namespace);
          assert.ok(found?.sops, `${cluster.name}: ${name} needs ${need.namespace}/${need.name} SOPS-encrypted in ${path.relative(ROOT, dir)}`);
          made.add(`${need.namespace}/${need.name}`);
        }
      }
      for (const [rel, content] of files) {
        if (!rel.startsWith(`gitops/clusters/${cluster.name}/`) || !rel.endsWith(".yaml")) continue;
        for (const m of content.matchAll(/clusters\/[^/\s]+\/secrets\/([^/\s"]+)/g)) assert.ok(cluster.enable.includes(m[1]!), `${rel} wraps the Secret directory of ${m[1]}, which ${cluster.name} does not enable`);
        for (const o of objectsOf(content)) {
          // CNPG makes <cluster>-app; cert-manager makes a Certificate's secretName.
          if (o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io")) made.add(`${o.metadata.namespace}/${o.metadata.name}-app`);
          if (o.kind === "Certificate") made.add(`${o.metadata.namespace}/${o.spec.secretName}`);
          const walk = (v: any): void => {
            if (Array.isArray(v)) return v.forEach(walk);
            if (v && typeof v === "object") {
              if (v.secretKeyRef?.name) referenced.push(`${o.metadata?.namespace}/${v.secretKeyRef.name}`);
              if (typeof v.secretName === "string" && o.kind !== "Certificate") referenced.push(`${o.metadata?.namespace}/${v.secretName}`);
              if (v.secretRef?.name && o.kind !== "Kustomization") referenced.push(`${o.metadata?.namespace}/${v.secretRef.name}`);
              Object.values(v).forEach(walk);
            }
          };
          walk(o);
        }
      }
      for (const r of referenced) assert.ok(made.has(r), `${cluster.name}: ${r} is referenced but nothing in the default stages makes it`);
    }
  });

  it("every Secret a component needs has a template per engine, with placeholders only", () => {
    for (const c of COMPONENTS) {
      for (const s of c.secrets ?? []) {
        for (const e of ["flux", "argocd"] as const) {
          const t = files.get(`gitops/secret-templates/${e}/${s.namespace}-${s.name}.yaml.example`);
          assert.ok(t, `${s.name} (${e}) has no template`);
          const doc = parse(t!.split("\n").filter((l) => !l.startsWith("#")).join("\n"));
          const data = e === "flux" ? doc.stringData : doc.spec.secretTemplates[0].stringData;
          assert.deepEqual(Object.keys(data).sort(), s.keys.map((k) => k.key).sort());
          for (const v of Object.values(data)) assert.match(String(v), /^REPLACE: /);
        }
        assert.equal(objectsOf(secretTemplate(s, "argocd"))[0].apiVersion, "isindir.github.com/v1alpha3");
      }
    }
  });

  it("an enabled component with Secrets gets a secrets wrapper from gitops/clusters/<cluster>/secrets/<component>/ before it", () => {
    const argo = objectsOf(files.get("gitops/clusters/example/argocd/02-identity-edge/dex.yaml")!);
    const secrets = argo.find((a) => a.metadata.name === "dex-secrets");
    assert.equal(secrets.spec.source.path, "gitops/clusters/example/secrets/dex");
    assert.ok(Number(secrets.metadata.annotations["argocd.argoproj.io/sync-wave"]) < Number(argo.find((a) => a.metadata.name === "dex").metadata.annotations["argocd.argoproj.io/sync-wave"]));
    const flux = objectsOf(files.get("gitops/clusters/example/flux/02-identity-edge/dex.yaml")!);
    const ks = flux.find((k) => k.metadata.name === "dex-secrets");
    assert.equal(ks.spec.path, "./gitops/clusters/example/secrets/dex");
    assert.deepEqual(ks.spec.decryption, { provider: "sops", secretRef: { name: "sops-age" } });
  });

  it("Dex gets the cluster's connectors and the static clients Grafana, Argo CD (Argo CD stacks) and OAuth2-Proxy", () => {
    const argo = parse(files.get("gitops/clusters/example/argocd/values/dex/values.yaml")!);
    assert.deepEqual(argo.config.staticClients.map((c: any) => c.id), ["grafana", "argocd", "oauth2-proxy"]);
    assert.equal(argo.config.connectors[0].type, "github");
    assert.equal(argo.config.issuer, "https://dex.example.com");
    const flux = parse(files.get("gitops/clusters/example/flux/values/dex/values.yaml")!);
    assert.deepEqual(flux.config.staticClients.map((c: any) => c.id), ["grafana", "oauth2-proxy"]);
    for (const c of argo.config.staticClients) assert.ok(c.secretEnv && !c.secret, "client secrets come from the encrypted env");
  });

  it("Argo CD SSO: the SopsSecret template makes the labelled Secret Pulumi's oidc.config reads, for Dex's argocd client", () => {
    const tmpl = parse(files.get("gitops/secret-templates/argocd/argocd-argocd-oidc.yaml.example")!);
    const t = tmpl.spec.secretTemplates[0];
    const cfg = parse((buildArgoCdSsoValues({ url: "https://argocd.example.com", issuer: "https://dex.example.com" }) as any).configs.cm["oidc.config"]);
    assert.equal(`$${t.name}:${Object.keys(t.stringData)[0]}`, cfg.clientSecret);
    assert.deepEqual(t.labels, { "app.kubernetes.io/part-of": "argocd" });
    assert.equal(tmpl.metadata.namespace, "argocd");
    const dex = parse(files.get("gitops/clusters/example/argocd/values/dex/values.yaml")!);
    const client = dex.config.staticClients.find((c: any) => c.id === cfg.clientID);
    assert.deepEqual(client.redirectURIs, ["https://argocd.example.com/auth/callback"]);
    assert.equal(dex.config.issuer, cfg.issuer);
    const route = objectsOf(files.get("gitops/clusters/example/argocd/components/argocd-ui/manifests.yaml")!)[0];
    assert.deepEqual([route.kind, route.spec.hostnames, route.spec.parentRefs[0].name, route.spec.rules[0].backendRefs], ["HTTPRoute", ["argocd.example.com"], "shared", [{ name: "argocd-server", port: 80 }]]);
    assert.throws(() => enabledComponents({ ...SHIPPED[1]!, enable: ["argocd-sso"] }, "argocd"), /argocd-sso requires dex/);
  });

  it("refuses unknown components, unmet requirements and empty stages", () => {
    const base: ClusterSpec = { ...SHIPPED[0]!, enable: [] };
    assert.throws(() => enabledComponents({ ...base, enable: ["nope"] }, "flux"), /unknown component nope/);
    assert.throws(() => enabledComponents({ ...base, enable: ["oauth2-proxy"] }, "flux"), /oauth2-proxy requires dex/);
    assert.throws(() => renderAll(COMPONENTS, [{ ...base, disable: ["sablier"] }], []), /stage 04-operations has no component/);
    assert.deepEqual(enabledComponents(base, "flux").filter((c) => c.engine === "argocd"), []);
    assert.ok(enabledComponents(EXAMPLE_ALL, "argocd").some((c) => c.name === "argocd-ui"));
  });

  it("the sample app's Sablier Middleware names the plugin as Pulumi's Traefik loads it, and only where the cluster says Traefik does", () => {
    const sablier = (cluster: string) =>
      objectsOf(files.get(`gitops/clusters/${cluster}/flux/components/sample-app/manifests.yaml`)!).find((o) => o.kind === "Middleware" && o.metadata.name === "sablier");
    for (const c of CLUSTERS) {
      const mw = sablier(c.name);
      assert.equal(mw !== undefined, c.traefikSablierPlugin === true, `${c.name}: Middleware iff traefikSablierPlugin`);
      if (!mw) continue;
      assert.deepEqual(Object.keys(mw.spec.plugin), [SABLIER_TRAEFIK_PLUGIN]);
      const loaded = traefikValues({ ingressClass: "traefik", replicas: 1, serviceAnnotations: {}, plugins: [SABLIER_TRAEFIK_PLUGIN] }) as any;
      assert.ok(Object.keys(loaded.experimental.plugins).includes(Object.keys(mw.spec.plugin)[0]!));
    }
    assert.ok(SHIPPED.every((c) => c.traefikSablierPlugin === true), "dev and prod run Sablier (stage 04) and its Traefik integration");
  });

  it("the sample database archives to object storage only where sample-app-backups is on, and that needs objectStorage", () => {
    const db = (cluster: string) => objectsOf(files.get(`gitops/clusters/${cluster}/flux/components/sample-app/manifests.yaml`)!).find((o) => o.kind === "Cluster");
    assert.equal(db("dev").spec.plugins, undefined);
    assert.deepEqual(db("example").spec.plugins, [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "sample-app" } }]);
    const store = objectsOf(files.get("gitops/clusters/example/flux/components/sample-app-backups/manifests.yaml")!).find((o) => o.kind === "ObjectStore");
    assert.equal(store.spec.configuration.destinationPath, "s3://example-backups/sample-app/");
    const { objectStorage: _, ...noStore } = EXAMPLE_ALL;
    assert.throws(() => renderAll(COMPONENTS, [noStore], TENANTS), /sample-app-backups needs objectStorage/);
  });

  it("each tenant's Stalwart takes SMTP, submissions and IMAPS from outside: a LoadBalancer Service for the cluster's clouds, let past default deny", () => {
    assert.deepEqual(STALWART_MAIL_PORTS.map((p) => p.port), [25, 465, 993]);
    const objs = (cluster: ClusterSpec) => tenantObjects(TENANTS[0]!, cluster) as any[];
    for (const cluster of CLUSTERS) {
      const o = objs(cluster);
      const sts = o.find((x) => x.kind === "StatefulSet" && x.metadata.name === "stalwart");
      const lb = o.find((x) => x.kind === "Service" && x.metadata.name === "stalwart-mail");
      assert.equal(lb.spec.type, "LoadBalancer");
      assert.deepEqual(lb.spec.selector, sts.spec.template.metadata.labels);
      const containerPorts = new Map(sts.spec.template.spec.containers[0].ports.map((p: any) => [p.name, p.containerPort]));
      assert.deepEqual(lb.spec.ports.map((p: any) => [p.port, containerPorts.get(p.targetPort)]), [[25, 25], [465, 465], [993, 993]]);
      const np = o.find((x) => x.kind === "NetworkPolicy" && x.metadata.name === "allow-mail-in");
      assert.deepEqual(np.spec.podSelector.matchLabels, sts.spec.template.metadata.labels);
      assert.deepEqual(np.spec.ingress[0].ports.map((p: any) => p.port), [25, 465, 993]);
    }
    const dev = objs(SHIPPED.find((c) => c.name === "dev")!).find((x) => x.metadata.name === "stalwart-mail");
    assert.deepEqual(dev.metadata.annotations, {
      "load-balancer.hetzner.cloud/location": "fsn1",
      "load-balancer.hetzner.cloud/use-private-ip": "true",
      "service.beta.kubernetes.io/do-loadbalancer-protocol": "tcp",
    });
    assert.ok(!JSON.stringify(dev.metadata.annotations).includes("name"), "no shared load balancer name");
    const metallb = objs({ ...SHIPPED[0]!, loadBalancerClouds: [{ kind: "none" }] }).find((x) => x.metadata.name === "stalwart-mail");
    assert.equal(metallb.metadata.annotations, undefined, "MetalLB needs no annotation");
  });

  it("one example tenant: namespace, quota, limits, default-deny with DNS and ingress allowances, admin RBAC, Kanidm and Stalwart", () => {
    assert.equal(TENANTS.length, 1);
    const t = TENANTS[0]!;
    const objects = tenantObjects(t, SHIPPED[0]!) as any[];
    const kinds = (k: string) => objects.filter((o) => o.kind === k);
    const ns = `tenant-${t.name}`;
    assert.equal(kinds("Namespace")[0].metadata.name, ns);
    for (const o of objects.filter((o) => o.kind !== "Namespace")) assert.equal(o.metadata.namespace, ns, `${o.kind} ${o.metadata.name}`);
    assert.ok(kinds("ResourceQuota")[0].spec.hard["requests.cpu"]);
    assert.ok(kinds("LimitRange")[0].spec.limits[0].defaultRequest);
    const deny = kinds("NetworkPolicy").find((p) => p.metadata.name === "default-deny");
    assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.ok(kinds("NetworkPolicy").some((p) => p.spec.egress?.some((e: any) => e.ports?.some((x: any) => x.port === 53))));
    assert.ok(kinds("NetworkPolicy").some((p) => JSON.stringify(p.spec.ingress ?? []).includes('"traefik"')));
    assert.deepEqual(kinds("RoleBinding")[0].subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: t.adminGroup }]);
    assert.deepEqual(kinds("HTTPRoute").map((r) => r.spec.hostnames[0]).sort(), [`id.${t.name}.dev.example.com`, `mail.${t.name}.dev.example.com`]);
    assert.equal(kinds("Cluster")[0].metadata.name, "stalwart-db");
    assert.deepEqual(kinds("StatefulSet").map((s) => s.metadata.name).sort(), ["kanidm", "stalwart"]);
    // Rendered from the list into every cluster it names, and wrapped for both engines in stage 05.
    for (const c of t.clusters) {
      assert.ok(files.has(`gitops/clusters/${c}/tenants/${t.name}/manifests.yaml`));
      assert.ok(files.has(`gitops/clusters/${c}/flux/05-tenants/tenant-${t.name}.yaml`));
      assert.ok(files.has(`gitops/clusters/${c}/argocd/05-tenants/tenant-${t.name}.yaml`));
    }
  });
});
