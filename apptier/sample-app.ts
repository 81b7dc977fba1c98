/**
 * Stage 06: the sample app (podinfo) behind an HTTPRoute on the shared Gateway, with a CloudNativePG database and an
 * OpsTree Redis, scaled to zero by Sablier and signed in through OAuth2-Proxy when those are on in the cluster.
 */
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IService } from "kubernetes-models/v1/Service";
import { SABLIER_TRAEFIK_PLUGIN } from "@k3s-gitops/components";
import type { ClusterContext, KubeObject } from "./model";

const NS = "sample-app";
const labels = { "app.kubernetes.io/name": "sample-app" };
/** Traefik Middleware API (traefik/traefik-helm-chart CRDs, traefik.io/v1alpha1). */
const MIDDLEWARE = "traefik.io/v1alpha1";

export function sampleAppObjects(ctx: ClusterContext): KubeObject[] {
  const sablier = ctx.on("sablier") && ctx.cluster.traefikSablierPlugin === true;
  const auth = ctx.on("oauth2-proxy");
  const namespace: INamespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } };
  const deployment: IDeployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "sample-app",
      namespace: NS,
      // Sablier's Kubernetes provider: opt-in label sablier.enable, group by label sablier.group
      // (sablierapp/sablier docs/content/tutorials/providers/kubernetes.md at v1.16.2).
      labels: { ...labels, ...(ctx.on("sablier") ? { "sablier.enable": "true", "sablier.group": "sample-app" } : {}) },
    },
    spec: {
      // No replicas field: Sablier owns the count (0 when idle); the engine must not reset it.
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65534 },
          containers: [
            {
              name: "podinfo",
              image: "ghcr.io/stefanprodan/podinfo:6.7.1",
              ports: [{ name: "http", containerPort: 9898 }],
              env: [
                { name: "DATABASE_HOST", value: "sample-app-db-rw" },
                { name: "DATABASE_PASSWORD", valueFrom: { secretKeyRef: { name: "sample-app-db-app", key: "password" } } },
                // podinfo's --cache-server flag as env (PODINFO_CACHE_SERVER); the operator's Service is named after the CR.
                { name: "PODINFO_CACHE_SERVER", value: "tcp://sample-app-redis:6379" },
              ],
              readinessProbe: { httpGet: { path: "/readyz", port: "http" } },
              livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
              resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "sample-app", namespace: NS },
    spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  };
  const filters: object[] = [];
  const extra: KubeObject[] = [];
  if (auth) {
    // OAuth2-Proxy as forward auth: it answers 202 for signed-in users (upstream static://202) and redirects the others.
    extra.push({
      apiVersion: MIDDLEWARE,
      kind: "Middleware",
      metadata: { name: "oauth2-proxy", namespace: NS },
      spec: {
        forwardAuth: {
          address: "http://oauth2-proxy.identity.svc.cluster.local/",
          trustForwardHeader: true,
          authResponseHeaders: ["X-Auth-Request-User", "X-Auth-Request-Email", "Authorization"],
        },
      },
    });
    filters.push({ type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "oauth2-proxy" } });
  }
  if (sablier) {
    // sablierapp/sablier-traefik-plugin README: plugin.<name>.{sablierUrl, group, sessionDuration, dynamic}, <name> being
    // the name Traefik loads it under (Pulumi's Traefik: platform.ingress.plugins, components TRAEFIK_PLUGINS). Service
    // sablier-<release> port 10000 (sablierapp/helm-charts sablier-1.7.1 templates/service.yaml).
    extra.push({
      apiVersion: MIDDLEWARE,
      kind: "Middleware",
      metadata: { name: "sablier", namespace: NS },
      spec: {
        plugin: {
          [SABLIER_TRAEFIK_PLUGIN]: {
            sablierUrl: "http://sablier-sablier.sablier.svc.cluster.local:10000",
            group: "sample-app",
            sessionDuration: "30m",
            dynamic: { displayName: "Sample app", showDetails: true, refreshFrequency: "5s" },
          },
        },
      },
    });
    filters.push({ type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "sablier" } });
  }
  const host = `sample.${ctx.cluster.domain}`;
  return [
    namespace,
    // CNPG makes the app user's password (Secret sample-app-db-app); default StorageClass (Pulumi's, layer 3).
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "sample-app-db", namespace: NS },
      spec: {
        instances: 1,
        storage: { size: "1Gi" },
        bootstrap: { initdb: { database: "app", owner: "app" } },
        // Barman Cloud plugin as WAL archiver (plugin-barman-cloud v0.14.0 web/docs/usage.md), with sample-app-backups.
        ...(ctx.on("sample-app-backups") ? { plugins: [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "sample-app" } }] } : {}),
      },
    },
    // OT-CONTAINER-KIT/redis-operator v0.24.0 example/v1beta2/redis-standalone.yaml; image tag from charts/redis values (v7.0.15).
    {
      apiVersion: "redis.redis.opstreelabs.in/v1beta2",
      kind: "Redis",
      metadata: { name: "sample-app-redis", namespace: NS },
      spec: {
        podSecurityContext: { runAsUser: 1000, fsGroup: 1000 },
        kubernetesConfig: {
          image: "quay.io/opstree/redis:v7.0.15",
          imagePullPolicy: "IfNotPresent",
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        },
      },
    },
    deployment,
    service,
    ...extra,
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "sample-app", namespace: NS },
      spec: {
        parentRefs: [{ name: "shared", namespace: "traefik", sectionName: "https" }],
        hostnames: [host],
        rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], ...(filters.length ? { filters } : {}), backendRefs: [{ name: "sample-app", port: 80 }] }],
      },
    },
  ] as KubeObject[];
}

const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

/**
 * The sample database's ObjectStore and nightly ScheduledBackup (barmancloud.cnpg.io/v1 ObjectStore: plugin-barman-cloud
 * v0.13.0 CRD and web/docs; ScheduledBackup with method plugin: web/docs/migration.md at v0.13.0, six-field cron).
 * The checksum env is the docs' workaround for S3-compatible stores (issue #393).
 */
export function sampleAppBackupObjects(ctx: ClusterContext): KubeObject[] {
  const store = ctx.cluster.objectStorage;
  if (!store) throw new Error(`cluster ${ctx.cluster.name}: sample-app-backups needs objectStorage (endpoint, bucket)`);
  return [
    {
      apiVersion: "barmancloud.cnpg.io/v1",
      kind: "ObjectStore",
      metadata: { name: "sample-app", namespace: NS },
      spec: {
        retentionPolicy: "30d",
        configuration: {
          destinationPath: `s3://${store.bucket}/sample-app/`,
          endpointURL: store.endpoint,
          s3Credentials: {
            accessKeyId: { name: "sample-app-s3", key: "ACCESS_KEY_ID" },
            secretAccessKey: { name: "sample-app-s3", key: "ACCESS_SECRET_KEY" },
          },
          wal: { compression: "gzip" },
        },
        instanceSidecarConfiguration: {
          env: [
            { name: "AWS_REQUEST_CHECKSUM_CALCULATION", value: "when_required" },
            { name: "AWS_RESPONSE_CHECKSUM_VALIDATION", value: "when_required" },
          ],
        },
      },
    },
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: "sample-app-db-nightly", namespace: NS },
      spec: { cluster: { name: "sample-app-db" }, schedule: "0 0 3 * * *", backupOwnerReference: "self", method: "plugin", pluginConfiguration: { name: BARMAN_PLUGIN } },
    },
  ];
}
