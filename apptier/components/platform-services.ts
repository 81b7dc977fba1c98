/**
 * Stage 01, platform services: the CloudNativePG operator and its Barman Cloud plugin, the Redis operator, Crossplane
 * (with the S3 provider), external-dns and Velero.
 */
import type { Component, KubeObject } from "../model";
import { REPOS } from "./shared";

export const PLATFORM_SERVICES: readonly Component[] = [
  // ---------------------------------------------------------------- 01 platform services
  {
    name: "cloudnative-pg",
    stage: "01-platform-services",
    namespace: "cnpg-system",
    description: "CloudNativePG operator",
    defaultOn: true,
    // cloudnative-pg/charts tag cloudnative-pg-v0.29.0, charts/cloudnative-pg/values.yaml (crds.create, monitoring.podMonitorEnabled)
    helm: { repo: REPOS.cnpg, chart: "cloudnative-pg", version: "0.29.0" },
  },
  {
    name: "plugin-barman-cloud",
    stage: "01-platform-services",
    // Plugin docs: it "must be installed in the same namespace as the CloudNativePG operator".
    namespace: "cnpg-system",
    description: "Barman Cloud plugin for CNPG backups to object storage (needs cert-manager: Pulumi's, layer 3)",
    defaultOn: true,
    after: ["cloudnative-pg"],
    // cloudnative-pg/charts tag plugin-barman-cloud-v0.7.0, charts/plugin-barman-cloud/values.yaml (crds.create, certificate.*)
    helm: { repo: REPOS.cnpg, chart: "plugin-barman-cloud", version: "0.7.0" },
  },
  {
    name: "redis-operator",
    stage: "01-platform-services",
    namespace: "redis-operator",
    description: "OpsTree Redis operator (Redis CRs, redis.redis.opstreelabs.in/v1beta2)",
    defaultOn: true,
    // ot-container-kit classic index (gh-pages index.yaml, 2026-05-15): redis-operator 0.24.0; values
    // charts/redis-operator/values.yaml (redisOperator.*, certmanager.enabled: false, no webhook by default)
    helm: { repo: REPOS.otk, chart: "redis-operator", version: "0.24.0" },
  },
  {
    name: "crossplane",
    stage: "01-platform-services",
    namespace: "crossplane-system",
    description: "Crossplane core",
    defaultOn: true,
    // crossplane/crossplane tag v2.3.4, cluster/charts/crossplane/values.yaml (provider.packages, provider.defaultActivations)
    helm: { repo: REPOS.crossplane, chart: "crossplane", version: "2.3.4" },
  },
  {
    name: "crossplane-s3",
    stage: "01-platform-services",
    namespace: "crossplane-system",
    description: "Crossplane S3 provider, ProviderConfigs for AWS S3 and Hetzner Object Storage, an example Bucket",
    defaultOn: false,
    requires: ["crossplane"],
    secrets: [
      {
        name: "s3-credentials",
        namespace: "crossplane-system",
        keys: [{ key: "creds", describe: "AWS INI file: [default] aws_access_key_id = ... / aws_secret_access_key = ... (AWS or Hetzner S3 keys)" }],
      },
    ],
    manifests: { objects: crossplaneS3Objects },
  },
  {
    name: "external-dns",
    stage: "01-platform-services",
    namespace: "external-dns",
    description: "external-dns for Route53 (records for HTTPRoutes on the shared Gateway)",
    defaultOn: false,
    pulumiSecrets: ["external-dns/route53-credentials (Pulumi creates it with dns.provider route53)"],
    // kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1, charts/external-dns/values.yaml
    // (provider.name, sources incl. gateway-httproute, domainFilters, txtOwnerId, env)
    helm: {
      repo: REPOS.externalDns,
      chart: "external-dns",
      version: "1.21.1",
      clusterValues: (ctx) => ({ domainFilters: [ctx.cluster.domain], txtOwnerId: `k3s-gitops-${ctx.cluster.name}` }),
    },
  },
  {
    name: "velero",
    stage: "01-platform-services",
    namespace: "velero",
    description: "Velero backups to S3 (file system backup by the node agent)",
    defaultOn: false,
    secrets: [{ name: "velero-s3-credentials", namespace: "velero", keys: [{ key: "cloud", describe: "AWS INI file: [default] aws_access_key_id=... / aws_secret_access_key=..." }] }],
    // vmware-tanzu/helm-charts tag velero-12.1.0, charts/velero/values.yaml (initContainers, credentials.existingSecret,
    // configuration.backupStorageLocation list, snapshotsEnabled, deployNodeAgent, schedules)
    helm: { repo: REPOS.vmware, chart: "velero", version: "12.1.0" },
  },
];

/**
 * crossplane-contrib/provider-upjet-aws tag v2.6.0: package/crds (ClusterProviderConfig aws.m.upbound.io/v1beta1, namespaced
 * Bucket s3.aws.m.upbound.io/v1beta1 with required forProvider.region), apis/namespaced/v1beta1/types.go (endpoint.url.static,
 * endpoint.services, source Custom, s3_use_path_style, skip_* flags). Package ref: Makefile XPKG_REG_ORGS xpkg.upbound.io/upbound.
 * Hetzner endpoint https://<location>.your-objectstorage.com and region value: NOT CONFIRMED from a stored source.
 */
function crossplaneS3Objects(): KubeObject[] {
  const creds = { source: "Secret", secretRef: { namespace: "crossplane-system", name: "s3-credentials", key: "creds" } };
  return [
    { apiVersion: "pkg.crossplane.io/v1", kind: "Provider", metadata: { name: "provider-aws-s3" }, spec: { package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.6.0" } },
    { apiVersion: "aws.m.upbound.io/v1beta1", kind: "ClusterProviderConfig", metadata: { name: "aws" }, spec: { credentials: creds } },
    {
      apiVersion: "aws.m.upbound.io/v1beta1",
      kind: "ClusterProviderConfig",
      metadata: { name: "hetzner" },
      spec: {
        credentials: creds,
        endpoint: { url: { type: "Static", static: "https://fsn1.your-objectstorage.com" }, services: ["s3"], hostnameImmutable: true, source: "Custom" },
        s3_use_path_style: true,
        skip_region_validation: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      },
    },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "buckets" } },
    {
      apiVersion: "s3.aws.m.upbound.io/v1beta1",
      kind: "Bucket",
      metadata: { name: "example-bucket", namespace: "buckets" },
      spec: { forProvider: { region: "fsn1" }, providerConfigRef: { kind: "ClusterProviderConfig", name: "hetzner" } },
    },
  ];
}
