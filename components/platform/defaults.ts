/**
 * The platform layers' defaults and fixed names, decided here once. The program's config schema imports them (it
 * never keeps a copy), and the components apply them with `??`.
 */
import { ENGINE_CATALOG_KEYS, catalogEntry } from "../kernel/catalog";
import { ACME_SERVERS, IssuerName } from "./resources/cluster-issuers";
import { HCLOUD_STORAGE_CLASS } from "./values/hcloud-csi";

/** The StorageClass each storage backend makes default, by backend key. */
export const STORAGE_CLASS_NAMES = {
  /** k3s's packaged local-path provisioner. */
  localPath: "local-path",
  longhorn: "longhorn",
  hcloudCsi: HCLOUD_STORAGE_CLASS,
  /** The class DigitalOcean's driver.yaml creates (and annotates default in the release manifest itself). */
  doCsi: "do-block-storage",
} as const;

/** A storage backend that can provide the default StorageClass. */
export type StorageBackend = keyof typeof STORAGE_CLASS_NAMES;

/** The ingress controllers this library installs (each a catalog entry). */
export const INGRESS_CONTROLLERS = ["traefik", "ingress-nginx"] as const;
export type IngressController = (typeof INGRESS_CONTROLLERS)[number];

/** The ClusterIssuers this library creates (both always exist); certificates pick one. */
export const CLUSTER_ISSUERS = Object.keys(ACME_SERVERS) as [IssuerName, ...IssuerName[]];

/** The issuer certificates use when none is chosen: staging, whose rate limits a new cluster cannot exhaust. */
export const DEFAULT_CLUSTER_ISSUER: IssuerName = "letsencrypt-staging";

/** Ingress controller replicas when none is set: this many, but never more than the node count. */
export const DEFAULT_INGRESS_REPLICAS = 2;

/**
 * Kubernetes' default Service NodePort range (kube-apiserver `--service-node-port-range`, default 30000-32767; k3s
 * keeps it). A pinned ingress NodePort must lie inside it.
 */
export const INGRESS_NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Where the SOPS age key goes when no namespace is given: the Flux engine's namespace (flux-system). */
export const DEFAULT_SOPS_NAMESPACE = catalogEntry(ENGINE_CATALOG_KEYS.flux).namespace;
