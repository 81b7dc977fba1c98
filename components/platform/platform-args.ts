/**
 * The arguments of Platform (layer 3) and the one function that checks them. Pure: no resources, no stack config.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAccess } from "../k3s/types";
import type { CloudIntegration } from "../nodes/types";
import { Problems } from "../kernel/errors";
import { ageIdentityProblem } from "./age-key";
import {
  CLUSTER_ISSUERS,
  INGRESS_CONTROLLERS,
  INGRESS_NODE_PORT_RANGE,
  IngressController,
  STORAGE_CLASS_NAMES,
  StorageBackend,
} from "./defaults";
import type { IssuerName, Route53Solver } from "./resources/cluster-issuers";
import { gatewayHostnameProblem } from "./resources/shared-gateway";
import { TRAEFIK_PLUGIN_NAMES, type IngressNodePorts, type TraefikPluginName } from "./values/traefik";

/** What both ingress controllers accept. */
export interface IngressCommonArgs {
  /** Controller replicas. @default min(DEFAULT_INGRESS_REPLICAS (2), nodeCount) */
  readonly replicas?: number;
  /**
   * Pin the ingress Service's NodePorts, for hosts behind a router that forwards 80/443 to them. Each must lie in
   * INGRESS_NODE_PORT_RANGE (30000-32767). @default allocated by Kubernetes
   */
  readonly nodePorts?: IngressNodePorts;
}

/** Traefik's Gateway API side: the shared Gateway (resources/shared-gateway.ts). */
export interface TraefikGatewayArgs {
  /** Traefik's Kubernetes Gateway provider and the shared Gateway. @default DEFAULT_SHARED_GATEWAY (true) */
  readonly enabled?: boolean;
  /**
   * The https listener's hostname, for which cert-manager issues `shared-gateway-tls` (a wildcard needs a DNS-01
   * issuer). @default none: the listener serves every hostname and cert-manager issues nothing for it
   */
  readonly hostname?: string;
}

/**
 * The ingress controller: exactly one, chosen by `controller`. k3s's packaged Traefik is replaced by either. Traefik
 * is the default and the Gateway API implementation; ingress-nginx is retired upstream (final release 4.15.1 /
 * controller 1.15.1, March 2026) and stays selectable only for existing clusters.
 */
export type PlatformIngressArgs =
  | ({
      readonly controller: "traefik";
      /** @default DEFAULT_SHARED_GATEWAY: Gateway provider on, shared Gateway created */
      readonly gateway?: TraefikGatewayArgs;
      /** Also serve `nginx`-class Ingresses and their annotations (providers.kubernetesIngressNGINX). @default false */
      readonly nginxIngresses?: boolean;
      /**
       * Middleware plugins Traefik loads at start-up (TRAEFIK_PLUGINS), e.g. `sablier` for the application tier's
       * scale-to-zero Middlewares. Traefik then needs to reach plugins.traefik.io. @default none
       */
      readonly plugins?: readonly TraefikPluginName[];
    } & IngressCommonArgs)
  | ({ readonly controller: "ingress-nginx" } & IngressCommonArgs);

/** Traefik runs the Gateway provider and the shared Gateway unless told otherwise. */
export const DEFAULT_SHARED_GATEWAY = true;

/** cert-manager is always installed; these settle its ClusterIssuers. */
export interface CertManagerArgs {
  /**
   * The ACME account email of the Let's Encrypt ClusterIssuers (expiry notices go there). Absent: this component
   * creates no ClusterIssuers. Unused when `externalIssuers` is true.
   * @default none
   */
  readonly email?: string;
  /** The issuer certificates should use (exported as PlatformLayers.clusterIssuer). @default DEFAULT_CLUSTER_ISSUER */
  readonly defaultIssuer?: IssuerName;
  /** A Route53 DNS-01 solver next to the HTTP-01 one. @default none (HTTP-01 only) */
  readonly route53?: Route53Solver;
}

/** A storage backend switched on or off, and whether its StorageClass is the one default. */
export interface StorageBackendArgs {
  readonly enabled: boolean;
  /** Its StorageClass is the cluster's default. Exactly one enabled backend sets this. @default false */
  readonly default?: boolean;
}

/**
 * Storage. Exactly one enabled backend among localPath, longhorn, hcloudCsi and doCsi has `default: true`. A backend
 * that is absent is off.
 */
export interface PlatformStorageArgs {
  /** k3s's own local-path provisioner: k3s installs it, this component only records whether it is the default. @default off */
  readonly localPath?: StorageBackendArgs;
  /** Longhorn, replicated block storage on the nodes' disks. @default off */
  readonly longhorn?: StorageBackendArgs & {
    /** Replicas per volume, at most the node count. @default min(LONGHORN_MAX_REPLICAS (3), nodeCount) */
    readonly replicas?: number;
    /**
     * The absolute path Longhorn stores data under on every node (its default disk): the chart's
     * `defaultSettings.defaultDataPath`. @default Longhorn's own, /var/lib/longhorn/
     */
    readonly dataPath?: string;
  };
  /** The Hetzner Cloud CSI driver (cloud hetzner): StorageClass `hcloud-volumes`. @default off */
  readonly hcloudCsi?: StorageBackendArgs;
  /** The DigitalOcean CSI driver (cloud digitalocean): StorageClass `do-block-storage`. @default off */
  readonly doCsi?: StorageBackendArgs;
  /** The SMB CSI driver, e.g. for a Hetzner Storage Box; never the default class. @default off */
  readonly smb?: {
    readonly enabled: boolean;
    /** The share (`//u12345.your-storagebox.de/backup`); with it, a StorageClass `smb` is created. @default none */
    readonly source?: string;
    /** The Secret (csi-driver-smb's namespace) with `username` and `password`. @default DEFAULT_SMB_SECRET (smb-creds) */
    readonly secretName?: string;
  };
}

export interface PlatformArgs {
  /** The cluster: its Kubernetes provider and the readiness every release waits for. */
  readonly access: ClusterAccess;
  /** What the cloud provides: decides the ingress load balancer's annotations. */
  readonly cloud: CloudIntegration;
  /** The cluster's name: the ingress load balancer is `<clusterName>-ingress`. */
  readonly clusterName: string;
  /** Servers plus agents: bounds the ingress and Longhorn replica counts. */
  readonly nodeCount: number;
  readonly ingress: PlatformIngressArgs;
  readonly certManager: CertManagerArgs;
  readonly storage: PlatformStorageArgs;
  /** External Secrets, and optionally one ClusterSecretStore. @default off */
  readonly externalSecrets?: {
    readonly enabled: boolean;
    /** Its name and the ESO `provider` block, which holds exactly one provider (e.g. `{ aws: {...} }`). @default none */
    readonly clusterSecretStore?: { readonly name: string; readonly provider: Readonly<Record<string, unknown>> };
  };
  /** system-upgrade-controller, the k3s upgrade Plans and the auto-uncordon CronJob. @default off */
  readonly upgrades?: {
    readonly enabled: boolean;
    /** The k3s release the Plans upgrade to (`v1.34.3+k3s3`); changing it upgrades the cluster in place. */
    readonly k3sVersion: string;
  };
  /** Layer 2: every release here waits for these. @default [] */
  readonly clusterCore?: readonly pulumi.Resource[];
  /** Layer-2 releases that own cloud resources (passed through to PlatformLayers). @default [] */
  readonly clusterCoreCloudOwners?: readonly pulumi.Resource[];
  /**
   * ClusterCore.anchors: what the SOPS age key (which needs nothing from layer 2) orders after, instead of every
   * layer-2 release. @default clusterCore
   */
  readonly clusterCoreAnchors?: readonly pulumi.Resource[];
  /** ClusterCore.schedulingGates, passed through to PlatformLayers for the GitOps engine. @default clusterCore */
  readonly schedulingGates?: readonly pulumi.Resource[];
  /** The GitOps engine's namespace, where the SOPS Secret lives. @default DEFAULT_SOPS_NAMESPACE (flux-system) */
  readonly sopsNamespace?: string;
  /** A provided age identity (`AGE-SECRET-KEY-1...`), a secret. Absent: one is generated. @default generated */
  readonly ageKey?: pulumi.Input<string>;
  /** True when k3s's packaged metrics-server is disabled: the catalog's release replaces it. @default false */
  readonly installMetricsServer?: boolean;
  /**
   * The Gateway API CRDs exist (ClusterCore installs them by default): cert-manager's Gateway support is switched on.
   * Must be true for Traefik's shared Gateway. @default true
   */
  readonly gatewayApi?: boolean;
  /**
   * True when the caller creates the ClusterIssuers (e.g. with a DNS-01 solver that must wait for a credentials Secret,
   * which waits for this component's cert-manager release). `certManager.email` is then unused. @default false
   */
  readonly externalIssuers?: boolean;
}

/** The one default StorageClass of a storage block (validation guarantees exactly one). Pure. */
export function defaultStorageClassOf(storage: PlatformStorageArgs): string {
  const found = defaultBackends(storage);
  if (found.length !== 1) throw new Error(`storage must make exactly one StorageClass default; found ${found.length}`);
  return STORAGE_CLASS_NAMES[found[0]!];
}

function defaultBackends(storage: PlatformStorageArgs): StorageBackend[] {
  return (Object.keys(STORAGE_CLASS_NAMES) as StorageBackend[]).filter((k) => {
    const b = storage[k];
    return b?.enabled === true && b.default === true;
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const K8S_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K3S_VERSION = /^v\d+\.\d+\.\d+(-rc\d+)?\+k3s\d+$/;
const SMB_SHARE = /^\/\/[^/\s]+\/\S+$/;
const isCount = (n: unknown): boolean => typeof n === "number" && Number.isInteger(n) && n >= 1;

/**
 * Checks PlatformArgs and throws one InputPropertiesError listing every problem. A provided `ageKey` that is a plain
 * string is checked here; one that arrives as an Output is checked inside `apply` when the component reads it.
 */
export function validatePlatformArgs(args: PlatformArgs): void {
  const p = new Problems();
  p.check(typeof args.clusterName === "string" && args.clusterName !== "", "clusterName", args.clusterName, "must be a non-empty name such as k3s-dev");
  p.check(isCount(args.nodeCount), "nodeCount", args.nodeCount, "must be a whole number, at least 1");

  const ingress = args.ingress;
  if (!(INGRESS_CONTROLLERS as readonly string[]).includes(ingress?.controller)) {
    p.add("ingress.controller", ingress?.controller, `must be one of ${INGRESS_CONTROLLERS.join(", ")}`);
  }
  if (ingress?.replicas !== undefined) p.check(isCount(ingress.replicas), "ingress.replicas", ingress.replicas, "must be a whole number, at least 1");
  if (ingress?.nodePorts) {
    const { min, max } = INGRESS_NODE_PORT_RANGE;
    for (const key of ["http", "https"] as const) {
      const port = ingress.nodePorts[key];
      p.check(Number.isInteger(port) && port >= min && port <= max, `ingress.nodePorts.${key}`, port, `must be a NodePort in ${min}-${max}`);
    }
    if (ingress.nodePorts.http === ingress.nodePorts.https) p.add("ingress.nodePorts.https", ingress.nodePorts.https, "must differ from ingress.nodePorts.http");
  }

  if (ingress?.controller === "traefik" && ingress.plugins !== undefined) {
    if (!Array.isArray(ingress.plugins)) p.add("ingress.plugins", ingress.plugins, `must be a list of plugin names (${TRAEFIK_PLUGIN_NAMES.join(", ")})`);
    else {
      ingress.plugins.forEach((name, i) => {
        p.check((TRAEFIK_PLUGIN_NAMES as readonly string[]).includes(name), `ingress.plugins[${i}]`, name, `must be one of ${TRAEFIK_PLUGIN_NAMES.join(", ")}`);
        if (ingress.plugins!.indexOf(name) !== i) p.add(`ingress.plugins[${i}]`, name, "is listed twice; list each plugin once");
      });
    }
  }
  if (ingress?.controller === "traefik" && ingress.gateway) {
    const g = ingress.gateway;
    if (g.enabled !== undefined) p.check(typeof g.enabled === "boolean", "ingress.gateway.enabled", g.enabled, "must be true or false");
    if (g.hostname !== undefined) {
      const problem = gatewayHostnameProblem(g.hostname);
      if (problem) p.add("ingress.gateway.hostname", g.hostname, problem);
    }
    if ((g.enabled ?? DEFAULT_SHARED_GATEWAY) && args.gatewayApi === false) {
      p.add("gatewayApi", false, "must be true (the Gateway API CRDs installed in layer 2) while ingress.gateway is enabled");
    }
  }

  const cm = args.certManager ?? {};
  if (cm.email !== undefined) p.check(EMAIL.test(cm.email), "certManager.email", cm.email, "must be an email address such as ops@example.com");
  if (cm.defaultIssuer !== undefined) {
    p.check(CLUSTER_ISSUERS.includes(cm.defaultIssuer), "certManager.defaultIssuer", cm.defaultIssuer, `must be one of ${CLUSTER_ISSUERS.join(", ")}`);
  }

  validateStorage(args.storage ?? {}, args.nodeCount, p);

  const store = args.externalSecrets?.clusterSecretStore;
  if (args.externalSecrets?.enabled && store) {
    p.check(K8S_NAME.test(store.name), "externalSecrets.clusterSecretStore.name", store.name, "must be a Kubernetes name such as aws");
    const providers = Object.keys(store.provider ?? {});
    p.check(providers.length === 1, "externalSecrets.clusterSecretStore.provider", providers, "must hold exactly one provider, such as { aws: {...} }");
  }
  if (args.upgrades?.enabled) {
    p.check(K3S_VERSION.test(args.upgrades.k3sVersion ?? ""), "upgrades.k3sVersion", args.upgrades.k3sVersion, "must be a k3s release such as v1.34.3+k3s3");
  }
  if (args.sopsNamespace !== undefined) p.check(K8S_LABEL.test(args.sopsNamespace), "sopsNamespace", args.sopsNamespace, "must be a namespace name such as flux-system");
  if (typeof args.ageKey === "string") {
    const problem = ageIdentityProblem(args.ageKey);
    if (problem) p.add("ageKey", args.ageKey, problem, true);
  }
  p.throwIfAny("Platform");
}

function validateStorage(storage: PlatformStorageArgs, nodeCount: number, p: Problems): void {
  const backends = Object.keys(STORAGE_CLASS_NAMES) as StorageBackend[];
  for (const key of backends) {
    const b = storage[key];
    if (b?.default === true && b.enabled !== true) p.add(`storage.${key}.default`, true, `makes a disabled backend the default StorageClass; enable storage.${key} or set default to false`);
  }
  const defaults = defaultBackends(storage);
  if (defaults.length !== 1) {
    p.add("storage", defaults.length === 0 ? "no default" : defaults.join(", "), `must make exactly one StorageClass default: set default: true on one enabled backend of ${backends.join(", ")}`);
  }
  const replicas = storage.longhorn?.enabled ? storage.longhorn.replicas : undefined;
  if (replicas !== undefined) {
    if (!isCount(replicas)) p.add("storage.longhorn.replicas", replicas, "must be a whole number, at least 1");
    else if (isCount(nodeCount) && replicas > nodeCount) {
      p.add("storage.longhorn.replicas", replicas, `must be at most nodeCount (${nodeCount}): Longhorn places each replica on a different node`);
    }
  }
  const dataPath = storage.longhorn?.enabled ? storage.longhorn.dataPath : undefined;
  if (dataPath !== undefined) p.check(typeof dataPath === "string" && /^\/[^\s]*$/.test(dataPath), "storage.longhorn.dataPath", dataPath, "must be an absolute path such as /mnt/longhorn/sdf1");
  const source = storage.smb?.enabled ? storage.smb.source : undefined;
  if (source !== undefined) p.check(SMB_SHARE.test(source), "storage.smb.source", source, "must be an SMB share such as //u12345.your-storagebox.de/backup");
}
