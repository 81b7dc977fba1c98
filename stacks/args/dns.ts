/**
 * The dns block -> Route53Dns, DnsCredentials and Dns01Issuers args. Pure: creates no resources; reads the AWS keys
 * only through stacks/config/credentials.ts.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { DnsCredentials, DnsCredentialsArgs, Dns01IssuersArgs, Route53Dns, Route53DnsArgs } from "@k3s-gitops/components";
import { catalogEntry } from "@k3s-gitops/components/kernel";
import type { PlatformLayers } from "@k3s-gitops/components";
import { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, resolveCredential } from "../config/credentials";
import type { StackConfig } from "../config/schema";

export type DnsConfig = NonNullable<StackConfig["dns"]>;

/** The external-dns namespace: its release comes from git (layer 6), so Pulumi creates the namespace for its Secret. */
export const EXTERNAL_DNS_NAMESPACE = "external-dns";

/** The optional dns keys, copied only when set (the component applies its own defaults). */
function optional<K extends keyof DnsConfig>(dns: DnsConfig, keys: readonly K[]): Pick<DnsConfig, K> {
  const out: Partial<DnsConfig> = {};
  for (const k of keys) if (dns[k] !== undefined) out[k] = dns[k];
  return out as Pick<DnsConfig, K>;
}

/**
 * Layer 0 (records at layer 3): the zone, the records at `ingressAddress` (dns.ingressAddress wins over the address
 * read from the ingress Service), and the zone-scoped IAM user.
 */
export function route53DnsArgs(name: string, dns: DnsConfig, ingressAddress: pulumi.Input<string>, ingressRelease: pulumi.Resource): Route53DnsArgs {
  return {
    clusterName: name,
    domain: dns.domain,
    ...optional(dns, ["hostedZoneId", "region", "ttl", "apex", "wildcard"] as const),
    ingressAddress: dns.ingressAddress ?? ingressAddress,
    recordsDependOn: [ingressRelease],
    accessKeyId: resolveCredential(AWS_ACCESS_KEY_ID),
    secretAccessKey: resolveCredential(AWS_SECRET_ACCESS_KEY),
  };
}

/** Layer 3: the keys as Secrets in cert-manager's and external-dns's namespaces, after the platform. */
export function dnsCredentialsArgs(
  dns: Pick<Route53Dns, "accessKeyId" | "secretAccessKey">,
  cluster: { provider: k8s.Provider; ready: readonly pulumi.Resource[] },
  platform: PlatformLayers,
): DnsCredentialsArgs {
  return {
    accessKeyId: dns.accessKeyId,
    secretAccessKey: dns.secretAccessKey,
    namespaces: [catalogEntry("cert-manager").namespace, EXTERNAL_DNS_NAMESPACE],
    createNamespaces: [EXTERNAL_DNS_NAMESPACE],
    provider: cluster.provider,
    dependsOn: [...cluster.ready, ...platform.platform],
  };
}

/**
 * Layer 3: the DNS-01-capable ClusterIssuers, when cert-manager has an e-mail; they wait for the Secret in
 * cert-manager's namespace and for the release with the CRD.
 */
export function dns01IssuersArgs(
  config: StackConfig,
  zoneId: pulumi.Input<string>,
  credentials: Pick<DnsCredentials, "secretIn" | "secretName">,
  cluster: { provider: k8s.Provider },
  platform: PlatformLayers,
): Dns01IssuersArgs | undefined {
  const email = config.platform.certManager.email;
  if (!config.dns || !email) return undefined;
  const secret = credentials.secretIn(catalogEntry("cert-manager").namespace);
  return {
    domain: config.dns.domain,
    ...optional(config.dns, ["region", "certificateSolver"] as const),
    zoneId,
    email,
    ingressClass: platform.ingressClass,
    provider: cluster.provider,
    dependsOn: [...(secret ? [secret] : []), ...(platform.certManager ? [platform.certManager] : [])],
    secretName: credentials.secretName,
  };
}
