/**
 * composeCluster: the layers, in order, from the validated stack config and nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { DnsCredentials, Dns01Issuers, Route53Dns, ingressAddress } from "@k3s-gitops/components";
import { K3sCluster } from "@k3s-gitops/components";
import { ArgoCdHandoff, FluxHandoff, GitOpsEngine } from "@k3s-gitops/components";
import { catalogEntry } from "@k3s-gitops/components/kernel";
import type { PlatformLayers } from "@k3s-gitops/components";
import { ClusterCore } from "@k3s-gitops/components";
import { Platform } from "@k3s-gitops/components";
import { clusterCoreArgs, platformArgs } from "./args/platform";
import type { ClusterNodes } from "@k3s-gitops/components";
import { dns01IssuersArgs, dnsCredentialsArgs, route53DnsArgs } from "./args/dns";
import { gitOpsEngineArgs, handoffArgs } from "./args/gitops";
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
  const address = ingressAddress(name, { ingress: platform.ingress, provider: cluster.provider, configured: config.dns.ingressAddress });
  const dns = new Route53Dns(name, route53DnsArgs(name, config.dns, address, platform.ingress.release));
  const credentials = new DnsCredentials(`${name}-dns`, dnsCredentialsArgs(dns, cluster, platform));
  const resources: pulumi.Resource[] = [credentials];
  const issuers = dns01IssuersArgs(config, dns.zoneId, credentials, cluster, platform);
  if (issuers) resources.push(new Dns01Issuers(`${name}-dns01`, issuers));
  return {
    outputs: { dnsZoneId: dns.zoneId, dnsRecords: dns.recordFqdns, dnsCredentialsSecret: credentials.secretName },
    resources,
  };
}

/**
 * Layers 4 and 5, after the platform: the engine waits for what its pods need (stacks/args/gitops.ts); the hand-off waits for the engine
 * and depends on the platform's cloud-resource owners, so destroy removes the application tier first.
 */
export function composeGitOps(
  name: string,
  config: StackConfig,
  stack: string,
  cluster: Pick<K3sCluster, "provider"> & Partial<Pick<K3sCluster, "kubeconfig" | "nodesReady">>,
  platform: PlatformLayers,
): Record<string, pulumi.Input<unknown>> {
  const engineArgs = gitOpsEngineArgs(config, cluster, platform);
  if (!config.gitops || !engineArgs) return {};
  const engine = new GitOpsEngine(`${name}-gitops`, engineArgs);
  const mapped = handoffArgs(config.gitops, stack, engine, cluster, platform);
  const handoff =
    mapped.engine === "argocd" ? new ArgoCdHandoff(`${name}-handoff`, mapped.args) : new FluxHandoff(`${name}-handoff`, mapped.args);
  const outputs: Record<string, pulumi.Input<unknown>> = {
    gitopsEngine: config.gitops.engine,
    gitopsPath: mapped.args.path,
    sopsAgeRecipient: platform.sopsAgeKey.publicKey,
  };
  if (handoff.deployPublicKey) outputs.gitDeployPublicKey = handoff.deployPublicKey;
  return outputs;
}
