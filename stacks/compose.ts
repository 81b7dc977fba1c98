/**
 * composeCluster: the layers, in order, from the validated stack config and nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { DnsCredentials, renderDnsSecrets } from "../components/dns/dns-credentials";
import { Dns01Issuers } from "../components/dns/dns01-issuers";
import { ingressAddress } from "../components/dns/ingress-address";
import { Route53Dns } from "../components/dns/route53-dns";
import { K3sCluster } from "../components/k3s/k3s-cluster";
import { ArgoCdHandoff, FluxHandoff, GitOpsEngine } from "../components/gitops";
import { catalogEntry } from "../components/kernel/catalog";
import type { PlatformLayers } from "../components/platform/types";
import { ClusterCore } from "../components/platform/cluster-core";
import { Platform } from "../components/platform/platform";
import { clusterCoreArgs, platformArgs } from "./args/platform";
import type { ClusterNodes } from "../components/nodes/types";
import { DEFAULT_STAGES } from "./config/blocks/gitops";
import { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, CredentialSpec, resolveCredential } from "./config/credentials";
import { StackConfig } from "./config/schema";
import { NODE_FACTORIES } from "./node-factories";
import { k3sClusterArgs } from "./args/k3s";

export interface ComposedCluster {
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

export function composeCluster(config: StackConfig, stack: string = pulumi.getStack()): ComposedCluster {
  const name = `k3s-${stack}`;
  // Layer 0: nodes.
  const nodes = NODE_FACTORIES[config.cloud](name, config);
  // Layer 1: k3s.
  const cluster = new K3sCluster(name, k3sClusterArgs(config, nodes));
  // Layers 2 and 3: the infrastructure tier's releases.
  const composed = composePlatform(name, config, nodes, cluster);

  const outputs: Record<string, pulumi.Input<unknown>> = {
    kubeconfig: cluster.kubeconfig,
    apiEndpoint: cluster.apiServerUrl,
    serverAddresses: pulumi.all(nodes.servers.map((n) => n.publicIp)),
    agentAddresses: pulumi.all(nodes.agents.map((n) => n.publicIp)),
  };
  if (nodes.generatedSshPrivateKey) outputs.sshPrivateKey = nodes.generatedSshPrivateKey;
  // DNS: records at the ingress load balancer (or dns.ingressAddress), credentials Secrets, DNS-01 issuers.
  const dns = composeDns(name, config, cluster, composed);
  Object.assign(outputs, dns.outputs);
  // The hand-off waits for the DNS issuers too: they are part of the platform the application tier relies on.
  const platform: PlatformLayers = { ...composed, platform: [...composed.platform, ...dns.resources] };
  outputs.sopsAgeRecipient = platform.sopsAgeKey.publicKey;
  outputs.defaultStorageClass = platform.defaultStorageClass;
  // Layers 4 and 5.
  Object.assign(outputs, composeGitOps(name, config, stack, cluster, platform));
  return { outputs };
}

/**
 * Layers 2 and 3: ClusterCore waits for k3s readiness; Platform waits for ClusterCore. Exports nothing secret.
 */
export function composePlatform(name: string, config: StackConfig, nodes: ClusterNodes, cluster: K3sCluster): PlatformLayers {
  const core = new ClusterCore(`${name}-core`, clusterCoreArgs(config, nodes, cluster));
  return new Platform(`${name}-platform`, platformArgs(name, config, nodes, cluster, core)).layers;
}

/** The external-dns namespace: its release comes from git (layer 6), so Pulumi creates the namespace for its Secret. */
export const EXTERNAL_DNS_NAMESPACE = "external-dns";

/**
 * When `k3s-gitops:dns` is set: Route53 records and IAM (layer 0), the Secrets with its keys and the ClusterIssuers
 * with the DNS-01 solver (layer 3). The records point at the ingress controller's load-balancer address, read from
 * its Service after its release (or at dns.ingressAddress, e.g. for NodePorts), and depend on that release. The
 * Secrets wait for the platform (the cert-manager release owns their namespace); the issuers wait for the Secrets.
 */
export function composeDns(
  name: string,
  config: StackConfig,
  cluster: Pick<K3sCluster, "provider" | "ready">,
  platform: PlatformLayers,
): { outputs: Record<string, pulumi.Input<unknown>>; resources: pulumi.Resource[] } {
  if (!config.dns) return { outputs: {}, resources: [] };
  if (!platform.ingress) throw new Error("composeDns needs the platform's ingress release (PlatformLayers.ingress)");
  const dns = new Route53Dns(name, {
    clusterName: name,
    dns: config.dns,
    ingressAddress: ingressAddress(name, { ingress: platform.ingress, provider: cluster.provider, configured: config.dns.ingressAddress }),
    recordsDependOn: [platform.ingress.release],
    accessKeyId: resolveCredential(AWS_ACCESS_KEY_ID),
    secretAccessKey: resolveCredential(AWS_SECRET_ACCESS_KEY),
  });
  const credentials = new DnsCredentials(`${name}-dns`, {
    accessKeyId: dns.accessKeyId,
    secretAccessKey: dns.secretAccessKey,
    namespaces: [catalogEntry("cert-manager").namespace, EXTERNAL_DNS_NAMESPACE],
    createNamespaces: [EXTERNAL_DNS_NAMESPACE],
    provider: cluster.provider,
    dependsOn: [...cluster.ready, ...platform.platform],
  });
  const resources: pulumi.Resource[] = [credentials];
  const email = config.platform.certManager.email;
  if (email) {
    const certManagerNs = catalogEntry("cert-manager").namespace;
    resources.push(
      new Dns01Issuers(`${name}-dns01`, {
        dns: config.dns,
        zoneId: dns.zoneId,
        email,
        ingressClass: platform.ingressClass,
        provider: cluster.provider,
        // The Secret in cert-manager's namespace (renderDnsSecrets sorts by namespace) and the release with the CRD.
        dependsOn: [
          ...credentials.secrets.filter((_, i) => renderDnsSecrets(credentials.namespaces)[i]!.metadata.namespace === certManagerNs),
          ...(platform.certManager ? [platform.certManager] : []),
        ],
        secretName: credentials.secretName,
      }),
    );
  }
  return {
    outputs: { dnsZoneId: dns.zoneId, dnsRecords: dns.recordFqdns, dnsCredentialsSecret: credentials.secretName },
    resources,
  };
}

export const GIT_SSH_PRIVATE_KEY: CredentialSpec = { key: "gitSshPrivateKey", env: "GIT_SSH_PRIVATE_KEY", purpose: "the GitOps repository (SSH deploy key)" };
export const GIT_HTTPS_TOKEN: CredentialSpec = { key: "gitHttpsToken", env: "GIT_HTTPS_TOKEN", purpose: "the GitOps repository (HTTPS token)" };
export const DEFAULT_GITOPS_BRANCH = "main";
export const DEFAULT_SYNC = { prune: true, selfHeal: true } as const;

/** The cluster's stage directory in the repo: gitops/clusters/<stack> unless gitops.path says otherwise. */
export function gitopsPath(config: NonNullable<StackConfig["gitops"]>, stack: string): string {
  return config.path ?? `gitops/clusters/${stack}`;
}

/**
 * Layers 4 and 5, after the platform: the engine waits for layer 2 (clusterCore); the hand-off waits for the engine
 * and depends on the platform's cloud-resource owners, so destroy removes the application tier first.
 */
export function composeGitOps(
  name: string,
  config: StackConfig,
  stack: string,
  cluster: Pick<K3sCluster, "provider">,
  platform: PlatformLayers,
): Record<string, pulumi.Input<unknown>> {
  const g = config.gitops;
  if (!g) return {};
  const engine = new GitOpsEngine(`${name}-gitops`, {
    engine: g.engine,
    provider: cluster.provider,
    // Layer 2 (the cloud controller has initialised the nodes), and the one layer-3 piece the engine truly needs:
    // its namespace with the SOPS age key, which the platform creates. Nothing else in layer 3 holds it back.
    dependsOn: [...platform.clusterCore, platform.sopsAgeKey.resource],
    highAvailability: config.profile === "prod",
  });
  const auth = g.auth ?? { type: "none" as const };
  const common = {
    engine,
    provider: cluster.provider,
    platform,
    repoUrl: g.repoUrl,
    branch: g.branch ?? DEFAULT_GITOPS_BRANCH,
    path: gitopsPath(g, stack),
    stages: g.stages ?? [...DEFAULT_STAGES],
    sync: { prune: g.sync?.prune ?? DEFAULT_SYNC.prune, selfHeal: g.sync?.selfHeal ?? DEFAULT_SYNC.selfHeal },
    auth,
    givenSshPrivateKey: auth.type === "ssh" && auth.key === "given" ? resolveCredential(GIT_SSH_PRIVATE_KEY) : undefined,
    httpsToken: auth.type === "https" ? resolveCredential(GIT_HTTPS_TOKEN) : undefined,
  };
  const handoff =
    g.engine === "argocd"
      ? new ArgoCdHandoff(`${name}-handoff`, { ...common, selfManage: g.selfManage ?? false })
      : new FluxHandoff(`${name}-handoff`, common);
  const outputs: Record<string, pulumi.Input<unknown>> = {
    gitopsEngine: g.engine,
    gitopsPath: common.path,
    sopsAgeRecipient: platform.sopsAgeKey.publicKey,
  };
  if (handoff.deployPublicKey) outputs.gitDeployPublicKey = handoff.deployPublicKey;
  return outputs;
}
