/**
 * Layer 3, platform: ingress, cert-manager and its issuers, storage, External Secrets, the SOPS age key, the upgrade
 * controller with its Plans, and the auto-uncordon CronJob. Every release waits for layer 2 (and k3s readiness) and for
 * nothing else in its own layer; each custom resource waits for the release that installs its CRDs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { InputPropertiesError } from "../kernel/errors";
import { ageIdentityProblem, ageKeyFromBytes, parseAgeIdentity, renderAgeKeyFile } from "./age-key";
import { catalogEntry } from "../kernel/catalog";
import { componentToken } from "../kernel/layers";
import { DEFAULT_CLUSTER_ISSUER, DEFAULT_INGRESS_REPLICAS, DEFAULT_SOPS_NAMESPACE, IngressController, STORAGE_CLASS_NAMES } from "./defaults";
import { DEFAULT_SHARED_GATEWAY, PlatformArgs, defaultStorageClassOf, validatePlatformArgs } from "./platform-args";
import { catalogManifests, catalogRelease, ReleaseContext } from "./release";
import { sopsOperatorRelease, wantsSopsOperator } from "./sops-operator";
import { buildClusterIssuers } from "./resources/cluster-issuers";
import { buildClusterSecretStore } from "./resources/cluster-secret-store";
import { DEFAULT_SMB_SECRET, buildSmbStorageClass } from "./resources/smb-storage-class";
import { SHARED_GATEWAY, buildHttpsRedirectRoute, buildSharedGateway } from "./resources/shared-gateway";
import { buildUpgradePlans } from "./resources/upgrade-plans";
import type { PlatformLayers } from "./types";
import { UNCORDON_NAME, buildUncordonCronJob, buildUncordonRbac } from "./uncordon";
import { certManagerValues } from "./values/cert-manager";
import { csiDriverSmbValues } from "./values/csi-driver-smb";
import { externalSecretsValues } from "./values/external-secrets";
import { hcloudCsiValues } from "./values/hcloud-csi";
import { ingressNginxValues } from "./values/ingress-nginx";
import { loadBalancerAnnotations } from "./values/load-balancer-annotations";
import { longhornReplicas, longhornValues } from "./values/longhorn";
import { metricsServerValues } from "./values/metrics-server";
import { Values } from "../kernel/serialise";
import { IngressValuesArgs, traefikValues } from "./values/traefik";

/** The StorageClass DigitalOcean's driver.yaml creates, annotated default in the release manifest itself. */
export const DO_STORAGE_CLASS = STORAGE_CLASS_NAMES.doCsi;
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The Secret the GitOps engine reads the age identity from (Flux's `decryption.secretRef`; key `age.agekey`). */
export const SOPS_SECRET_NAME = "sops-age";
export const SOPS_SECRET_KEY = "age.agekey";

/**
 * Each ingress controller: its catalog key, IngressClass and values builder.
 *
 * `service` is the LoadBalancer Service the chart creates for its release name (the catalog's releaseName equals the
 * chart name): traefik 41.3.0 names it `traefik.fullname` (templates/_service.tpl, `traefik.service-name` for the
 * default service); ingress-nginx 4.15.1 names it `<fullname>-<controller.name>` (templates/controller-service.yaml,
 * _helpers.tpl `ingress-nginx.controller.fullname`, values.yaml controller.name: controller).
 */
export const INGRESS: Readonly<Record<IngressController, { key: string; ingressClass: string; service: string; values: (a: IngressValuesArgs) => Values }>> = {
  traefik: { key: "traefik", ingressClass: "traefik", service: "traefik", values: traefikValues },
  "ingress-nginx": { key: "ingress-nginx", ingressClass: "nginx", service: "ingress-nginx-controller", values: ingressNginxValues },
};

/** The pair of a provided identity, checked inside `apply` (the value arrives as an Output); the message never shows it. */
function providedAgeKey(text: string) {
  const problem = ageIdentityProblem(text);
  if (problem) throw new InputPropertiesError("Platform", [{ path: "ageKey", value: text, accepted: problem, secret: true }]);
  return parseAgeIdentity(text);
}

export class Platform extends pulumi.ComponentResource {
  public readonly layers: PlatformLayers;
  public readonly sopsPublicKey: pulumi.Output<string>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePlatformArgs(args);
    super(componentToken("k3s-gitops:platform:Platform"), name, {}, opts);
    const provider = args.access.provider;
    const clusterCore = args.clusterCore ?? [];
    const sopsNamespace = args.sopsNamespace ?? DEFAULT_SOPS_NAMESPACE;
    const ctx: ReleaseContext = { parent: this, provider, dependsOn: [...args.access.ready, ...clusterCore] };
    const child = (dependsOn: readonly pulumi.Resource[]) => ({ parent: this, provider, dependsOn: [...dependsOn] });
    const resources: pulumi.Resource[] = [];
    const owners: pulumi.Resource[] = [...(args.clusterCoreCloudOwners ?? [])];
    const release = (suffix: string, key: string, values: Values) => {
      const r = catalogRelease(`${name}-${suffix}`, key, values, ctx);
      resources.push(r);
      return r;
    };

    // Ingress.
    const ingress = INGRESS[args.ingress.controller];
    const gatewayApi = args.gatewayApi ?? true;
    const traefik = args.ingress.controller === "traefik" ? args.ingress : undefined;
    const sharedGateway = traefik !== undefined && (traefik.gateway?.enabled ?? DEFAULT_SHARED_GATEWAY);
    const ingressRelease = release(ingress.key, ingress.key, ingress.values({
      ingressClass: ingress.ingressClass,
      replicas: args.ingress.replicas ?? Math.min(DEFAULT_INGRESS_REPLICAS, args.nodeCount),
      serviceAnnotations: loadBalancerAnnotations(args.cloud, `${args.clusterName}-ingress`),
      ...(args.ingress.nodePorts ? { nodePorts: args.ingress.nodePorts } : {}),
      ...(traefik ? { gateway: sharedGateway, nginxIngresses: traefik.nginxIngresses ?? false, plugins: traefik.plugins ?? [] } : {}),
    }));

    // cert-manager and the ClusterIssuers (which wait for its CRDs). Its Gateway support needs the Gateway API CRDs at
    // start-up; they are layer 2, which every release here waits for.
    const certManager = release("cert-manager", "cert-manager", certManagerValues({ gatewayApi }));
    const clusterIssuer = args.certManager.defaultIssuer ?? DEFAULT_CLUSTER_ISSUER;

    // The shared Gateway (layer 3): it waits for Traefik, whose chart renders its GatewayClass, and the redirect waits
    // for the Gateway. The Gateway API CRDs come from layer 2.
    let gateway: PlatformLayers["gateway"];
    if (sharedGateway) {
      const namespace = catalogEntry(ingress.key).namespace;
      const gw = new k8s.apiextensions.CustomResource(`${name}-shared-gateway`, {
        ...buildSharedGateway({ clusterIssuer, hostname: traefik?.gateway?.hostname, namespace }),
      } as k8s.apiextensions.CustomResourceArgs, child([ingressRelease]));
      const redirect = new k8s.apiextensions.CustomResource(`${name}-shared-https-redirect`, {
        ...buildHttpsRedirectRoute(namespace),
      } as k8s.apiextensions.CustomResourceArgs, child([gw]));
      resources.push(gw, redirect);
      gateway = { name: SHARED_GATEWAY.name, namespace, resource: gw };
    }
    const cm = args.certManager;
    if (cm.email && !args.externalIssuers) {
      for (const issuer of buildClusterIssuers({ email: cm.email, ingressClass: ingress.ingressClass, route53: cm.route53 })) {
        resources.push(new k8s.apiextensions.CustomResource(`${name}-${issuer.metadata!.name}`, { ...issuer }, child([certManager])));
      }
    }

    // Storage. local-path is k3s's own (k3sRequirements keeps or disables it).
    const storage = args.storage;
    if (storage.longhorn?.enabled) {
      owners.push(release("longhorn", "longhorn", longhornValues({
        replicas: longhornReplicas(args.nodeCount, storage.longhorn.replicas),
        isDefault: storage.longhorn.default ?? false,
        dataPath: storage.longhorn.dataPath,
      })));
    }
    if (storage.hcloudCsi?.enabled) {
      owners.push(release("hcloud-csi", "hcloud-csi", hcloudCsiValues({ isDefault: storage.hcloudCsi.default ?? false, clusterName: args.clusterName })));
    }
    if (storage.doCsi?.enabled) {
      // Release manifests, not a chart: driver.yaml marks do-block-storage default, so when another class is the
      // default, a server-side-apply patch (forced: the ConfigFile owns the field) clears the annotation.
      const files = catalogManifests(`${name}-do-csi`, "do-csi", ctx);
      resources.push(...files);
      owners.push(...files);
      if (!storage.doCsi.default) {
        resources.push(new k8s.storage.v1.StorageClassPatch(`${name}-do-csi-not-default`, {
          metadata: { name: DO_STORAGE_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: "false", "pulumi.com/patchForce": "true" } },
        }, child(files)));
      }
    }
    if (storage.smb?.enabled) {
      const smb = release("csi-driver-smb", "csi-driver-smb", csiDriverSmbValues());
      owners.push(smb);
      if (storage.smb.source) {
        const ns = catalogEntry("csi-driver-smb").namespace;
        const sc = buildSmbStorageClass(storage.smb.source, storage.smb.secretName ?? DEFAULT_SMB_SECRET, ns);
        resources.push(new k8s.storage.v1.StorageClass(`${name}-smb`, sc as k8s.storage.v1.StorageClassArgs, child([smb])));
      }
    }

    // External Secrets and the optional ClusterSecretStore.
    if (args.externalSecrets?.enabled) {
      const eso = release("external-secrets", "external-secrets", externalSecretsValues());
      const store = args.externalSecrets.clusterSecretStore;
      if (store) {
        resources.push(new k8s.apiextensions.CustomResource(`${name}-cluster-secret-store`, { ...buildClusterSecretStore(store.name, { ...store.provider }) }, child([eso])));
      }
    }

    // metrics-server, only when k3s's packaged one is off.
    if (args.installMetricsServer) release("metrics-server", "metrics-server", metricsServerValues());

    // system-upgrade-controller (pinned release manifests: CRD file, controller file), its Plans and auto-uncordon.
    if (args.upgrades?.enabled) {
      const suc = catalogEntry("system-upgrade-controller");
      const files = (suc.manifests ?? []).map(
        (file, i) => new k8s.yaml.v2.ConfigFile(`${name}-suc-${i === 0 ? "crds" : "controller"}`, { file }, child(ctx.dependsOn)),
      );
      resources.push(...files);
      for (const plan of buildUpgradePlans(args.upgrades.k3sVersion, suc.namespace)) {
        resources.push(new k8s.apiextensions.CustomResource(`${name}-${plan.metadata.name}`, { ...plan }, child(files)));
      }
      resources.push(...this.uncordon(name, suc.namespace, provider, files));
    }

    // The SOPS age key, in the GitOps engine's namespace.
    // It needs nothing from layer 2: it orders after layer 2's anchors, not after its releases' readiness (issue 15).
    const sops = this.sopsKey(name, args.ageKey, sopsNamespace, provider, [...args.access.ready, ...(args.clusterCoreAnchors ?? clusterCore)]);
    resources.push(...sops.resources);
    this.sopsPublicKey = sops.publicKey;
    // Argo CD stacks: the operator that decrypts SopsSecrets with that key (issue 12).
    if (wantsSopsOperator(sopsNamespace)) {
      resources.push(sopsOperatorRelease(`${name}-sops-secrets-operator`, ctx, { secretName: SOPS_SECRET_NAME, secretKey: SOPS_SECRET_KEY, secret: sops.secret }));
    }

    this.layers = {
      clusterCore: [...clusterCore],
      schedulingGates: [...(args.schedulingGates ?? clusterCore)],
      platform: resources,
      cloudResourceOwners: owners,
      sopsAgeKey: { secretName: SOPS_SECRET_NAME, namespace: sopsNamespace, publicKey: sops.publicKey, resource: sops.secret },
      defaultStorageClass: defaultStorageClassOf(storage),
      ingressClass: ingress.ingressClass,
      clusterIssuer,
      gateway,
      ingress: { release: ingressRelease, namespace: catalogEntry(ingress.key).namespace, serviceName: ingress.service },
      certManager,
    };
    this.registerOutputs({ sopsPublicKey: this.sopsPublicKey });
  }

  private uncordon(name: string, upgradeNamespace: string, provider: k8s.Provider, after: readonly pulumi.Resource[]): pulumi.Resource[] {
    const ns = "kube-system";
    const opts = (dependsOn: readonly pulumi.Resource[]) => ({ parent: this, provider, dependsOn: [...dependsOn] });
    const rbac = buildUncordonRbac(ns, upgradeNamespace);
    const sa = new k8s.core.v1.ServiceAccount(`${name}-uncordon`, { metadata: { name: UNCORDON_NAME, namespace: ns } }, opts(after));
    const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-uncordon`, rbac.clusterRole as k8s.rbac.v1.ClusterRoleArgs, opts(after));
    const role = new k8s.rbac.v1.Role(`${name}-uncordon`, rbac.role as k8s.rbac.v1.RoleArgs, opts(after));
    const subjects = [{ kind: "ServiceAccount", name: UNCORDON_NAME, namespace: ns }];
    const crb = new k8s.rbac.v1.ClusterRoleBinding(`${name}-uncordon`, {
      metadata: { name: UNCORDON_NAME },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: UNCORDON_NAME },
      subjects,
    }, opts([clusterRole, sa]));
    const rb = new k8s.rbac.v1.RoleBinding(`${name}-uncordon`, {
      metadata: { name: UNCORDON_NAME, namespace: upgradeNamespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: UNCORDON_NAME },
      subjects,
    }, opts([role, sa]));
    const cron = new k8s.batch.v1.CronJob(`${name}-uncordon`, buildUncordonCronJob(ns, upgradeNamespace) as k8s.batch.v1.CronJobArgs, opts([crb, rb]));
    return [sa, clusterRole, role, crb, rb, cron];
  }

  /**
   * The age identity as a Secret in the engine's namespace. The Namespace is created here (layer 3) so the Secret can
   * exist before the engine; the engine's Helm release (layer 4) runs with createNamespace, which accepts an existing
   * namespace, and must not template a Namespace object of its own.
   */
  private sopsKey(name: string, ageKey: pulumi.Input<string> | undefined, namespaceName: string, provider: k8s.Provider, dependsOn: readonly pulumi.Resource[]) {
    const opts = (d: readonly pulumi.Resource[]) => ({ parent: this, provider, dependsOn: [...d] });
    let pair: pulumi.Output<{ identity: string; recipient: string }>;
    const extra: pulumi.Resource[] = [];
    if (ageKey !== undefined) {
      pair = pulumi.secret(ageKey).apply(providedAgeKey);
    } else {
      const bytes = new random.RandomBytes(`${name}-sops-age-bytes`, { length: 32 }, { parent: this });
      extra.push(bytes);
      pair = pulumi.secret(bytes.base64).apply((b64) => ageKeyFromBytes(Buffer.from(b64, "base64")));
    }
    const namespace = new k8s.core.v1.Namespace(`${name}-sops-namespace`, { metadata: { name: namespaceName } }, opts(dependsOn));
    const secret = new k8s.core.v1.Secret(
      `${name}-sops-age`,
      {
        metadata: { name: SOPS_SECRET_NAME, namespace: namespaceName },
        type: "Opaque",
        stringData: { [SOPS_SECRET_KEY]: pulumi.secret(pair.apply(renderAgeKeyFile)) },
      },
      { ...opts([namespace]), additionalSecretOutputs: ["data", "stringData"] },
    );
    const publicKey = pulumi.unsecret(pair.apply((p) => p.recipient));
    return { resources: [...extra, namespace, secret], secret, publicKey };
  }
}
