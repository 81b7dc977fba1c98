/**
 * Stage 05: tenants, declared in ONE typed list. Each gets a namespace with quota, limits, default-deny network
 * policies (allowing DNS, the ingress controller, the CNPG operator, monitoring and the API server), an admin
 * RoleBinding for its group, and its own Kanidm (id.<tenant>.<domain>) and Stalwart (mail.<tenant>.<domain>).
 */
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { ILimitRange } from "kubernetes-models/v1/LimitRange";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { IService } from "kubernetes-models/v1/Service";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { loadBalancerAnnotations } from "@k3s-gitops/components";
import { httpRoute } from "./components";
import type { ClusterSpec, KubeObject, Tenant } from "./model";

/** The tenants. Add one here and run `npm run gitops`. */
export const TENANTS: readonly Tenant[] = [
  {
    name: "example",
    adminGroup: "example-admins",
    clusters: ["dev", "prod", "home", "example"],
    quota: { cpu: "2", memory: "4Gi", storage: "20Gi", pods: 20 },
    kanidm: true,
    stalwart: true,
  },
];

export const tenantNamespace = (t: Tenant) => `tenant-${t.name}`;
const nsSelector = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

function networkPolicies(ns: string, cluster: ClusterSpec): INetworkPolicy[] {
  const np = (name: string, spec: INetworkPolicy["spec"]): INetworkPolicy => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });
  return [
    np("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    np("allow-same-namespace", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] }),
    np("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ...nsSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    }),
    // Traefik (the shared Gateway's controller) runs in namespace traefik (CONTRACTS.md).
    np("allow-ingress-controller", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [nsSelector("traefik")] }] }),
    // CNPG's operator talks to the instance manager; Prometheus scrapes.
    np("allow-operators-and-monitoring", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [nsSelector("cnpg-system"), nsSelector("monitoring")] }] }),
    // CNPG instances call the API server; Stalwart sends mail. Everything outside the cluster's own ranges, on those ports.
    np("allow-egress-api-and-mail", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [cluster.podCidr] } }],
          ports: [443, 6443, 25, 465, 587].map((port) => ({ protocol: "TCP", port })),
        },
      ],
    }),
  ];
}

function kanidm(t: Tenant, ns: string, domain: string): KubeObject[] {
  const host = `id.${t.name}.${domain}`;
  const labels = { "app.kubernetes.io/name": "kanidm" };
  // kanidm/kanidm v1.11.1 examples/server_container.toml: bindaddress, db_path, tls_chain/tls_key, domain, origin;
  // the container reads /data/server.toml (book). Kanidm always serves TLS: a cert-manager self-signed cert here.
  const config: IConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kanidm-config", namespace: ns },
    data: {
      "server.toml": [
        'version = "2"',
        'bindaddress = "0.0.0.0:8443"',
        'db_path = "/data/kanidm.db"',
        'tls_chain = "/tls/tls.crt"',
        'tls_key = "/tls/tls.key"',
        `domain = "${host}"`,
        `origin = "https://${host}"`,
        "",
      ].join("\n"),
    },
  };
  const sts: IStatefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "kanidm", namespace: ns },
    spec: {
      serviceName: "kanidm",
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "kanidmd",
              // ghcr.io/kanidm/kanidmd:<tag> is what kanidm's CI (docker_build_kanidmd.yml) pushes.
              image: "ghcr.io/kanidm/kanidmd:v1.11.1",
              ports: [{ name: "https", containerPort: 8443 }],
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "config", mountPath: "/data/server.toml", subPath: "server.toml" },
                { name: "tls", mountPath: "/tls", readOnly: true },
              ],
              resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            },
          ],
          volumes: [
            { name: "config", configMap: { name: "kanidm-config" } },
            { name: "tls", secret: { secretName: "kanidm-tls" } },
          ],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  };
  const svc: IService = { apiVersion: "v1", kind: "Service", metadata: { name: "kanidm", namespace: ns }, spec: { selector: labels, ports: [{ name: "https", port: 8443, targetPort: "https" }] } };
  return [
    { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: "selfsigned", namespace: ns }, spec: { selfSigned: {} } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "kanidm-tls", namespace: ns },
      spec: { secretName: "kanidm-tls", dnsNames: [host, `kanidm.${ns}.svc`], issuerRef: { name: "selfsigned", kind: "Issuer" } },
    },
    config as KubeObject,
    sts as KubeObject,
    svc as KubeObject,
    httpRoute("kanidm", ns, host, "kanidm", 8443),
    // Kanidm only speaks TLS: the Gateway connects with TLS, checking the certificate above
    // (gateway-api v1.6.1 config/crd/standard backendtlspolicies, v1; the standard channel Pulumi installs). The spec
    // names ConfigMaps holding ca.crt; whether Traefik also accepts the Secret kind (cert-manager writes ca.crt into
    // the Secret) is NOT CONFIRMED.
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "BackendTLSPolicy",
      metadata: { name: "kanidm", namespace: ns },
      spec: {
        targetRefs: [{ group: "", kind: "Service", name: "kanidm" }],
        validation: { caCertificateRefs: [{ group: "", kind: "Secret", name: "kanidm-tls" }], hostname: `kanidm.${ns}.svc` },
      },
    },
  ];
}

/**
 * Stalwart's mail listeners, as v0.16.18 creates them on first start when none exist
 * (crates/common/src/manager/defaults.rs: smtp 25 plain/STARTTLS, submissions 465 implicit TLS, imaps 993 implicit
 * TLS; also pop3s 995, sieve 4190, https 443, http 8080, not exposed here). There is no default listener on 587
 * (submission with STARTTLS): add one in Stalwart first, then list it here (gitops/README.md).
 */
export const STALWART_MAIL_PORTS = [
  { name: "smtp", port: 25 },
  { name: "submissions", port: 465 },
  { name: "imaps", port: 993 },
] as const;

const STALWART_LABELS = { "app.kubernetes.io/name": "stalwart" };

/**
 * The tenant's mail ports from outside: a LoadBalancer Service with each of the cluster's clouds' annotations (Hetzner
 * or DigitalOcean load balancer; MetalLB from its pool on existing hosts), and the NetworkPolicy that lets that
 * traffic past the namespace's default deny.
 */
export function stalwartMailExposure(t: Tenant, ns: string, cluster: ClusterSpec): KubeObject[] {
  // No load balancer name: several clusters sync one directory (dev, pr, do-dev) and a shared name would make one
  // cloud controller adopt another cluster's load balancer; each is named after its Service's UID instead.
  const annotations = Object.assign({}, ...cluster.loadBalancerClouds.map((c) => loadBalancerAnnotations(c))) as Record<string, string>;
  const svc: IService = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "stalwart-mail", namespace: ns, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      type: "LoadBalancer",
      selector: STALWART_LABELS,
      ports: STALWART_MAIL_PORTS.map((p) => ({ name: p.name, protocol: "TCP", port: p.port, targetPort: p.name })),
    },
  };
  const np: INetworkPolicy = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-mail-in", namespace: ns },
    spec: {
      podSelector: { matchLabels: STALWART_LABELS },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: STALWART_MAIL_PORTS.map((p) => ({ protocol: "TCP", port: p.port })) }],
    },
  };
  return [svc as KubeObject, np as KubeObject];
}

function stalwart(t: Tenant, ns: string, cluster: ClusterSpec): KubeObject[] {
  const domain = cluster.domain;
  const labels = STALWART_LABELS;
  // stalwartlabs/stalwart v0.16.18: config.json holds one DataStore object (crates/registry/src/schema/structs.rs, PostgreSql
  // variant; secret from an environment variable). Dockerfile: uid 2000, /etc/stalwart, /var/lib/stalwart, HTTP on 8080.
  const dataStore = {
    "@type": "PostgreSql",
    host: `stalwart-db-rw.${ns}.svc`,
    port: 5432,
    database: "stalwart",
    authUsername: "stalwart",
    authSecret: { "@type": "EnvironmentVariable", variableName: "DB_PASSWORD" },
    useTls: true,
    allowInvalidCerts: true,
  };
  const sts: IStatefulSet = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "stalwart", namespace: ns },
    spec: {
      serviceName: "stalwart",
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { fsGroup: 2000 },
          containers: [
            {
              name: "stalwart",
              image: "stalwartlabs/stalwart:v0.16.18",
              env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "stalwart-db-app", key: "password" } } }],
              ports: [
                { name: "http", containerPort: 8080 },
                ...STALWART_MAIL_PORTS.map((p) => ({ name: p.name, containerPort: p.port })),
              ],
              // The official docs' reference chart probes /healthz/live and /healthz/ready on the HTTP listener.
              readinessProbe: { httpGet: { path: "/healthz/ready", port: "http" } },
              livenessProbe: { httpGet: { path: "/healthz/live", port: "http" }, initialDelaySeconds: 30 },
              volumeMounts: [
                { name: "config", mountPath: "/etc/stalwart", readOnly: true },
                { name: "data", mountPath: "/var/lib/stalwart" },
              ],
              resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            },
          ],
          volumes: [{ name: "config", configMap: { name: "stalwart-config" } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  };
  const svc: IService = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "stalwart", namespace: ns },
    spec: { selector: labels, ports: [{ name: "http", port: 8080, targetPort: "http" }, ...STALWART_MAIL_PORTS.map((p) => ({ name: p.name, port: p.port, targetPort: p.name }))] },
  };
  return [
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "stalwart-db", namespace: ns },
      spec: { instances: 1, storage: { size: "2Gi" }, bootstrap: { initdb: { database: "stalwart", owner: "stalwart" } } },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "stalwart-config", namespace: ns }, data: { "config.json": JSON.stringify(dataStore, null, 2) + "\n" } },
    sts as KubeObject,
    svc as KubeObject,
    httpRoute("stalwart", ns, `mail.${t.name}.${domain}`, "stalwart", 8080),
    ...stalwartMailExposure(t, ns, cluster),
  ];
}

/** Every object of one tenant on one cluster. Pure. */
export function tenantObjects(t: Tenant, cluster: ClusterSpec): KubeObject[] {
  const ns = tenantNamespace(t);
  const namespace: INamespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "k3s-gitops.io/tenant": t.name } } };
  const quota: IResourceQuota = {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "tenant", namespace: ns },
    spec: { hard: { "requests.cpu": t.quota.cpu, "requests.memory": t.quota.memory, "limits.memory": t.quota.memory, "requests.storage": t.quota.storage, pods: String(t.quota.pods) } },
  };
  const limits: ILimitRange = {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "tenant-defaults", namespace: ns },
    spec: { limits: [{ type: "Container", defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { memory: "256Mi" }, max: { memory: "2Gi" } }] },
  };
  const admins: IRoleBinding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "tenant-admins", namespace: ns },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: t.adminGroup }],
  };
  return [
    namespace as KubeObject,
    quota as KubeObject,
    limits as KubeObject,
    ...(networkPolicies(ns, cluster) as KubeObject[]),
    admins as unknown as KubeObject,
    ...(t.kanidm ? kanidm(t, ns, cluster.domain) : []),
    ...(t.stalwart ? stalwart(t, ns, cluster) : []),
  ];
}
