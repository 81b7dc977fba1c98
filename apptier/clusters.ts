/**
 * The clusters with a directory under gitops/clusters/. The shipped stacks: dev, prod and home have their own; do-dev
 * and pr use gitops/clusters/dev (Pulumi.do-dev.yaml, Pulumi.pr.yaml). Default stages converge with no credentials:
 * every component needing a Secret is off unless a cluster enables it here (and commits the encrypted Secret).
 */
import type { ClusterSpec } from "./model";

/** k3s defaults: --cluster-cidr 10.42.0.0/16, --service-cidr 10.43.0.0/16 (components/kernel DEFAULT_CLUSTER_CIDR). */
const K3S_PODS = "10.42.0.0/16";
const K3S_SERVICES = "10.43.0.0/16";

export const SHIPPED: readonly ClusterSpec[] = [
  {
    name: "dev",
    domain: "dev.example.com",
    // Synced by dev and pr (Hetzner, fsn1: the dev profile) and do-dev (DigitalOcean).
    loadBalancerClouds: [{ kind: "hetzner", location: "fsn1" }, { kind: "digitalocean" }],
    clusterIssuer: "letsencrypt-staging",
    podCidr: K3S_PODS,
    serviceCidr: K3S_SERVICES,
    hostCidrs: ["10.0.0.0/16"],
    // Pulumi's Traefik loads the plugin in every stack syncing this directory (platform.ingress.plugins).
    traefikSablierPlugin: true,
    enable: [],
  },
  {
    name: "prod",
    domain: "prod.example.com",
    // Hetzner's load balancers go to the first server location (Pulumi.prod.yaml: fsn1).
    loadBalancerClouds: [{ kind: "hetzner", location: "fsn1" }],
    clusterIssuer: "letsencrypt-production",
    podCidr: K3S_PODS,
    serviceCidr: K3S_SERVICES,
    hostCidrs: ["10.0.0.0/16"],
    // Pulumi's Traefik loads the plugin in every stack syncing this directory (platform.ingress.plugins).
    traefikSablierPlugin: true,
    enable: [],
  },
  {
    // The homelab (Pulumi.home.yaml): existing hosts on a LAN behind NAT. cloudflared carries the cluster's public
    // names out through a Cloudflare tunnel (sish is the self-hosted option: see gitops/README.md). Its token arrives
    // SOPS-encrypted in gitops/clusters/home/secrets/cloudflared/; the committed one is a TEST-ONLY placeholder.
    name: "home",
    domain: "home.example.com",
    // The dev profile's default issuer (Pulumi.home.yaml: profile dev).
    clusterIssuer: "letsencrypt-staging",
    loadBalancerClouds: [{ kind: "none" }],
    podCidr: K3S_PODS,
    serviceCidr: K3S_SERVICES,
    // Pulumi.home.yaml existing.networkCidr.
    hostCidrs: ["192.168.86.0/24"],
    traefikSablierPlugin: true,
    enable: ["cloudflared"],
  },
];

/**
 * Every component on: a rendered catalogue of the whole tier (built and validated by the tests), and the model to copy
 * when turning components on. No stack syncs it; it would need every Secret under gitops/clusters/example/secrets/.
 */
export const EXAMPLE_ALL: ClusterSpec = {
  name: "example",
  domain: "example.com",
  loadBalancerClouds: [{ kind: "hetzner", location: "fsn1" }],
  clusterIssuer: "letsencrypt-production",
  podCidr: K3S_PODS,
  serviceCidr: K3S_SERVICES,
  hostCidrs: ["10.0.0.0/16"],
  traefikSablierPlugin: true,
  // Hetzner Object Storage (endpoint format https://<location>.your-objectstorage.com: NOT CONFIRMED from a stored source).
  objectStorage: { endpoint: "https://fsn1.your-objectstorage.com", bucket: "example-backups" },
  enable: [
    "crossplane-s3",
    "external-dns",
    "velero",
    "dex",
    "oauth2-proxy",
    "argocd-ui",
    "argocd-sso",
    "grafana-sso",
    "alertmanager-receivers",
    "thanos",
    "loki",
    "alloy",
    "tailscale-operator",
    "cloudflared",
    "sish",
    "sample-app-backups",
  ],
  values: {
    dex: {
      config: {
        connectors: [
          {
            type: "github",
            id: "github",
            name: "GitHub",
            config: { clientID: "$GITHUB_CLIENT_ID", clientSecret: "$GITHUB_CLIENT_SECRET", redirectURI: "https://dex.example.com/callback" },
          },
        ],
      },
    },
    velero: {
      configuration: {
        backupStorageLocation: [
          {
            name: "default",
            provider: "aws",
            bucket: "example-velero",
            default: true,
            config: { region: "fsn1", s3ForcePathStyle: "true", s3Url: "https://fsn1.your-objectstorage.com" },
          },
        ],
      },
    },
  },
};

/** Every cluster the generator renders. */
export const CLUSTERS: readonly ClusterSpec[] = [...SHIPPED, EXAMPLE_ALL];
