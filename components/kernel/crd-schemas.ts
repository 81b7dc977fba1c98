/**
 * Strict schemas for the custom resources the project writes and no kubernetes-models package covers (issue 12).
 *
 * Each one is the project's own transcription, from the CRD's `openAPIV3Schema` at the pinned tag (cited above it), of
 * the fields the project uses, with their types, enums and required fields. A field the schema does not declare is
 * rejected, so a typo fails; a field the CRD has but the project never writes is left out on purpose (add it, from the
 * CRD, when a builder starts writing it). The CRD files themselves are not copied into the repository.
 */
import { S, StrictSchema, resourceSchema } from "./strict-schema";

const secretKeyRef = S.object({ name: S.string(), key: S.string() }, ["name", "key"]);
const stringList = S.array(S.string());

/**
 * Keyed `<apiVersion>/<kind>`. The tags and paths name the CRD each schema was read from.
 */
export const CRD_SCHEMAS: Readonly<Record<string, StrictSchema>> = {
  // metallb/metallb tag metallb-chart-0.16.1, charts/metallb/charts/crds/templates/crds.yaml (v1beta1, served and
  // storage): IPAddressPool spec.addresses (required, string[]), autoAssign, avoidBuggyIPs (boolean).
  "metallb.io/v1beta1/IPAddressPool": resourceSchema({
    spec: S.object({ addresses: stringList, autoAssign: S.boolean, avoidBuggyIPs: S.boolean }, ["addresses"]),
  }),
  // Same file: L2Advertisement spec.ipAddressPools (string[]); nothing required.
  "metallb.io/v1beta1/L2Advertisement": resourceSchema({ spec: S.object({ ipAddressPools: stringList }) }),

  // rancher/system-upgrade-controller tag v0.20.1, pkg/crds/yaml/generated/upgrade.cattle.io_plans.yaml (v1):
  // spec.upgrade required; upgrade/prepare need `image`; concurrency integer; nodeSelector a LabelSelector whose
  // matchExpressions need key and operator; drain.force boolean, drain.skipWaitForDeleteTimeout integer, drain.timeout
  // int-or-string.
  "upgrade.cattle.io/v1/Plan": resourceSchema({
    spec: S.object(
      {
        concurrency: S.integer,
        cordon: S.boolean,
        drain: S.object({ force: S.boolean, skipWaitForDeleteTimeout: S.integer, ignoreDaemonSets: S.boolean, deleteEmptydirData: S.boolean, timeout: S.intOrString }),
        nodeSelector: S.object({
          matchLabels: S.map(S.string()),
          matchExpressions: S.array(S.object({ key: S.string(), operator: S.string(), values: stringList }, ["key", "operator"])),
        }),
        prepare: S.object({ image: S.string(), args: stringList, command: stringList }, ["image"]),
        upgrade: S.object({ image: S.string(), args: stringList, command: stringList }, ["image"]),
        serviceAccountName: S.string(),
        version: S.string(),
        channel: S.string(),
      },
      ["upgrade"],
    ),
  }),

  // external-secrets/external-secrets tag helm-chart-2.9.0, config/crds/bases/external-secrets.io_clustersecretstores.yaml
  // (v1 served and stored; v1beta1 no longer served). The provider block comes from stack config and is passed
  // through; only its shape (one provider, an object) is checked here (checkCrdSchema). @kubernetes-models/external-secrets
  // 2.0.0 does not fit: its v1 provider list is older than this CRD's (it lacks openBao, ovh, ngrok, ...; it still has
  // alibaba and device42, which 2.9.0's v1 no longer has).
  "external-secrets.io/v1/ClusterSecretStore": resourceSchema({ spec: S.object({ provider: S.map(S.freeObject) }, ["provider"]) }),

  // isindir/sops-secrets-operator commit 2cfc1e0a (chart 0.28.0), config/crd/bases/isindir.github.com_sopssecrets.yaml
  // (v1alpha3): spec.secretTemplates required, each with `name` required and string maps; the top-level `sops` block
  // is part of the CRD (age[].recipient/enc, lastmodified, mac, encrypted_suffix, version, ...).
  "isindir.github.com/v1alpha3/SopsSecret": resourceSchema({
    spec: S.object(
      {
        secretTemplates: S.array(
          S.object(
            { name: S.string(), type: S.string(), stringData: S.map(S.string()), data: S.map(S.string()), labels: S.map(S.string()), annotations: S.map(S.string()) },
            ["name"],
          ),
        ),
        suspend: S.boolean,
        enforceOwnership: S.boolean,
      },
      ["secretTemplates"],
    ),
    sops: S.object({
      age: S.array(S.object({ recipient: S.string(), enc: S.string() })),
      lastmodified: S.string(),
      mac: S.string(),
      encrypted_suffix: S.string(),
      encrypted_regex: S.string(),
      mac_only_encrypted: S.boolean,
      version: S.string(),
    }),
  }),

  // controlplaneio-fluxcd/flux-operator tag v0.58.1, config/crd/bases/fluxcd.controlplane.io_fluxinstances.yaml (v1):
  // spec.distribution required with registry and version; components an enum list; cluster.type and size enums.
  "fluxcd.controlplane.io/v1/FluxInstance": resourceSchema({
    spec: S.object(
      {
        distribution: S.object(
          { version: S.string(), registry: S.string(), artifact: S.string(), imagePullSecret: S.string(), variant: S.string(["upstream-alpine", "enterprise-alpine", "enterprise-distroless", "enterprise-distroless-fips"]) },
          ["registry", "version"],
        ),
        components: S.array(
          S.string(["source-controller", "kustomize-controller", "helm-controller", "notification-controller", "image-reflector-controller", "image-automation-controller", "source-watcher"]),
        ),
        cluster: S.object({
          type: S.string(["kubernetes", "openshift", "aws", "azure", "gcp"]),
          networkPolicy: S.boolean,
          multitenant: S.boolean,
          domain: S.string(),
          size: S.string(["small", "medium", "large"]),
        }),
        wait: S.boolean,
        migrateResources: S.boolean,
        // kustomize.patches[]: patch (string, required) and target {group, version, kind, name, namespace,
        // labelSelector, annotationSelector} (all strings), same CRD.
        kustomize: S.object({
          patches: S.array(
            S.object(
              {
                patch: S.string(),
                target: S.object({ group: S.string(), version: S.string(), kind: S.string(), name: S.string(), namespace: S.string(), labelSelector: S.string(), annotationSelector: S.string() }),
              },
              ["patch"],
            ),
          ),
        }),
      },
      ["distribution"],
    ),
  }),

  // ---- application tier (gitops/) ----

  // OT-CONTAINER-KIT/redis-operator tag v0.24.0, charts/redis-operator/crds/crds.yaml (Redis v1beta2): spec.kubernetesConfig
  // required, with `image` required; resources requests/limits int-or-string quantities; podSecurityContext integers.
  "redis.redis.opstreelabs.in/v1beta2/Redis": resourceSchema({
    spec: S.object(
      {
        kubernetesConfig: S.object(
          {
            image: S.string(),
            imagePullPolicy: S.string(),
            resources: S.object({ requests: S.map(S.intOrString), limits: S.map(S.intOrString) }),
          },
          ["image"],
        ),
        podSecurityContext: S.object({ runAsUser: S.integer, runAsGroup: S.integer, fsGroup: S.integer, runAsNonRoot: S.boolean }),
      },
      ["kubernetesConfig"],
    ),
  }),

  // tailscale/tailscale tag v1.102.3, cmd/k8s-operator/deploy/crds/tailscale.com_connectors.yaml (v1alpha1):
  // subnetRouter.advertiseRoutes required (string[]), tags string[], hostnamePrefix string.
  "tailscale.com/v1alpha1/Connector": resourceSchema({
    spec: S.object({
      hostname: S.string(),
      hostnamePrefix: S.string(),
      tags: stringList,
      subnetRouter: S.object({ advertiseRoutes: stringList }, ["advertiseRoutes"]),
      exitNode: S.boolean,
      replicas: S.integer,
    }),
  }),

  // traefik/traefik-helm-chart tag v41.3.0 (the catalog's chart), traefik/crds/traefik.io_middlewares.yaml
  // (v1alpha1): forwardAuth fields; `plugin` is a map whose values preserve unknown fields (a plugin's own config).
  "traefik.io/v1alpha1/Middleware": resourceSchema({
    spec: S.object({
      forwardAuth: S.object({
        address: S.string(),
        trustForwardHeader: S.boolean,
        authResponseHeaders: stringList,
        authRequestHeaders: stringList,
        authSigninURL: S.string(),
      }),
      plugin: S.map(S.freeObject),
    }),
  }),

  // crossplane/crossplane tag v2.3.4, cluster/crds/pkg.crossplane.io_providers.yaml (v1): spec.package required.
  "pkg.crossplane.io/v1/Provider": resourceSchema({ spec: S.object({ package: S.string(), packagePullPolicy: S.string() }, ["package"]) }),

  // crossplane-contrib/provider-upjet-aws tag v2.6.0, package/crds/aws.m.upbound.io_clusterproviderconfigs.yaml
  // (v1beta1): credentials required (source enum; secretRef needs key, name, namespace); endpoint.url required with
  // type enum; endpoint.source enum; the skip_* and s3_use_path_style booleans.
  "aws.m.upbound.io/v1beta1/ClusterProviderConfig": resourceSchema({
    spec: S.object(
      {
        credentials: S.object(
          {
            source: S.string(["None", "Secret", "IRSA", "WebIdentity", "PodIdentity", "Upbound"]),
            secretRef: S.object({ namespace: S.string(), name: S.string(), key: S.string() }, ["key", "name", "namespace"]),
          },
          ["source"],
        ),
        endpoint: S.object(
          {
            url: S.object({ type: S.string(["Static", "Dynamic", "Auto"]), static: S.string() }, ["type"]),
            services: stringList,
            hostnameImmutable: S.boolean,
            source: S.string(["ServiceMetadata", "Custom"]),
          },
          ["url"],
        ),
        s3_use_path_style: S.boolean,
        skip_credentials_validation: S.boolean,
        skip_metadata_api_check: S.boolean,
        skip_region_validation: S.boolean,
        skip_requesting_account_id: S.boolean,
      },
      ["credentials"],
    ),
  }),

  // Same tag, package/crds/s3.aws.m.upbound.io_buckets.yaml (v1beta1): forProvider required with region required;
  // providerConfigRef needs kind and name.
  "s3.aws.m.upbound.io/v1beta1/Bucket": resourceSchema({
    spec: S.object(
      {
        forProvider: S.object({ region: S.string(), forceDestroy: S.boolean, tags: S.map(S.string()) }, ["region"]),
        providerConfigRef: S.object({ kind: S.string(), name: S.string() }, ["kind", "name"]),
      },
      ["forProvider"],
    ),
  }),

  // cloudnative-pg/plugin-barman-cloud tag v0.7.0, config/crd/bases/barmancloud.cnpg.io_objectstores.yaml (v1):
  // configuration required with destinationPath required; s3Credentials key refs need name and key; wal.compression
  // enum; instanceSidecarConfiguration.env entries need name.
  "barmancloud.cnpg.io/v1/ObjectStore": resourceSchema({
    spec: S.object(
      {
        retentionPolicy: S.string(),
        configuration: S.object(
          {
            destinationPath: S.string(),
            endpointURL: S.string(),
            s3Credentials: S.object({ accessKeyId: secretKeyRef, secretAccessKey: secretKeyRef, region: secretKeyRef, sessionToken: secretKeyRef, inheritFromIAMRole: S.boolean }),
            wal: S.object({ compression: S.string(["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"]), maxParallel: S.integer }),
          },
          ["destinationPath"],
        ),
        instanceSidecarConfiguration: S.object({ env: S.array(S.object({ name: S.string(), value: S.string() }, ["name"])) }),
      },
      ["configuration"],
    ),
  }),
};
