/**
 * Stage 04, operations: Sablier, the Tailscale operator, and the tunnels for clusters without a public address
 * (cloudflared, sish).
 */
import type { ClusterContext, Component, KubeObject } from "../model";
import { REPOS, httpRoute } from "./shared";

export const OPERATIONS: readonly Component[] = [
  // ---------------------------------------------------------------- 04 operations
  {
    name: "sablier",
    stage: "04-operations",
    namespace: "sablier",
    description: "Sablier scale-to-zero (Kubernetes provider), reached by Traefik's sablier plugin at sablier-sablier.sablier:10000",
    defaultOn: true,
    // sablierapp/helm-charts tag sablier-1.7.1, charts/sablier/values.yaml (rbac.cnpg, rbac.otkRedis, logLevel; port 10000)
    helm: { repo: REPOS.sablier, chart: "sablier", version: "1.7.1" },
  },
  {
    name: "tailscale-operator",
    stage: "04-operations",
    namespace: "tailscale",
    description: "Tailscale operator and a subnet router Connector advertising the pod, service and host ranges",
    defaultOn: false,
    secrets: [
      {
        name: "operator-oauth",
        namespace: "tailscale",
        keys: [
          { key: "client_id", describe: "Tailscale OAuth client id (scopes devices:core, auth_keys; tag tag:k8s-operator)" },
          { key: "client_secret", describe: "Tailscale OAuth client secret" },
        ],
      },
    ],
    // tailscale/tailscale tag v1.102.3, cmd/k8s-operator/deploy/chart/values.yaml: oauth.* empty -> the deployment mounts the
    // pre-created Secret operator-oauth (keys client_id, client_secret). Connector: k8s-operator/apis/v1alpha1/types_connector.go.
    helm: { repo: REPOS.tailscale, chart: "tailscale-operator", version: "1.102.3" },
    manifests: {
      objects: (ctx) => [
        {
          apiVersion: "tailscale.com/v1alpha1",
          kind: "Connector",
          metadata: { name: "cluster-routes" },
          spec: {
            hostnamePrefix: `k3s-${ctx.cluster.name}`,
            tags: ["tag:k8s"],
            subnetRouter: { advertiseRoutes: [ctx.cluster.podCidr, ctx.cluster.serviceCidr, ...ctx.cluster.hostCidrs] },
          },
        },
      ],
    },
  },
  {
    name: "cloudflared",
    stage: "04-operations",
    namespace: "cloudflared",
    description: "cloudflared tunnel (remotely managed, token) for clusters behind NAT, such as home",
    defaultOn: false,
    secrets: [{ name: "cloudflared-token", namespace: "cloudflared", keys: [{ key: "token", describe: "the tunnel token from the Cloudflare dashboard (Zero Trust > Tunnels)" }] }],
    manifests: { objects: cloudflaredObjects },
  },
  {
    name: "sish",
    stage: "04-operations",
    namespace: "sish",
    description: "sish, a self-hosted SSH tunnel server (an alternative to cloudflared on a public host)",
    defaultOn: false,
    secrets: [
      {
        name: "sish-keys",
        namespace: "sish",
        keys: [
          { key: "ssh_host_key", describe: "the server's SSH private host key (ssh-keygen -t ed25519)" },
          { key: "authorized_keys", describe: "public keys of the clients allowed to open tunnels" },
        ],
      },
    ],
    manifests: { objects: sishObjects },
  },
];

/**
 * cloudflared as a plain Deployment (cloudflare/helm-charts cloudflare-tunnel-remote 0.1.2 has no existing-Secret option):
 * the chart's command and probe, TUNNEL_TOKEN from the encrypted Secret (cloudflare/cloudflared cmd/cloudflared/tunnel/
 * subcommands.go), image tag 2026.8.2 (newest cloudflared tag in the snapshot).
 */
/** Its namespace comes from the stage (render.ts: a manifests-only component with Secrets), not from these objects. */
function cloudflaredObjects(): KubeObject[] {
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "cloudflared", namespace: "cloudflared" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { "app.kubernetes.io/name": "cloudflared" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "cloudflared" } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 65532 },
            containers: [
              {
                name: "cloudflared",
                image: "cloudflare/cloudflared:2026.8.2",
                command: ["cloudflared", "tunnel", "--no-autoupdate", "--metrics", "0.0.0.0:2000", "run"],
                env: [{ name: "TUNNEL_TOKEN", valueFrom: { secretKeyRef: { name: "cloudflared-token", key: "token" } } }],
                ports: [{ name: "metrics", containerPort: 2000 }],
                livenessProbe: { httpGet: { path: "/ready", port: 2000 }, failureThreshold: 1, initialDelaySeconds: 10, periodSeconds: 10 },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
              },
            ],
          },
        },
      },
    },
  ];
}

/** sish (antoniomika/sish v2.23.0, deploy/docker-compose.yml flags); no chart upstream. HTTPS is terminated by the Gateway. */
function sishObjects(ctx: ClusterContext): KubeObject[] {
  const labels = { "app.kubernetes.io/name": "sish" };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "sish", namespace: "sish" },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "sish",
                image: "antoniomika/sish:v2.23.0",
                args: [
                  "--ssh-address=:2222",
                  "--http-address=:8080",
                  "--https=false",
                  "--authentication-keys-directory=/keys/pubkeys",
                  "--private-keys-directory=/keys/host",
                  "--bind-random-ports=false",
                  "--bind-random-subdomains=false",
                  `--domain=tunnel.${ctx.cluster.domain}`,
                ],
                ports: [
                  { name: "ssh", containerPort: 2222 },
                  { name: "http", containerPort: 8080 },
                ],
                volumeMounts: [
                  { name: "pubkeys", mountPath: "/keys/pubkeys", readOnly: true },
                  { name: "host", mountPath: "/keys/host", readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: "pubkeys", secret: { secretName: "sish-keys", items: [{ key: "authorized_keys", path: "authorized_keys" }] } },
              { name: "host", secret: { secretName: "sish-keys", items: [{ key: "ssh_host_key", path: "ssh_key" }] } },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "sish-ssh", namespace: "sish" },
      spec: { type: "LoadBalancer", selector: labels, ports: [{ name: "ssh", port: 2222, targetPort: "ssh" }] },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: "sish-http", namespace: "sish" }, spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
    httpRoute("sish", "sish", `tunnel.${ctx.cluster.domain}`, "sish-http", 80),
  ];
}
