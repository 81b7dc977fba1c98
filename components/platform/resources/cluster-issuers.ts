/** The Let's Encrypt ClusterIssuers: HTTP-01 through the chosen ingress class, DNS-01 through Route53 as an option. */
import type { IClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer" with { "resolution-mode": "import" };

export const ACME_SERVERS = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
} as const;

export type IssuerName = keyof typeof ACME_SERVERS;

export interface Route53Solver {
  readonly region: string;
  readonly hostedZoneId: string;
  readonly accessKeyIdSecretRef?: { readonly name: string; readonly key: string };
  readonly secretAccessKeySecretRef?: { readonly name: string; readonly key: string };
  readonly dnsZones?: readonly string[];
  /** Certificates carrying these labels use this solver (an opt-in next to the default HTTP-01). */
  readonly matchLabels?: Readonly<Record<string, string>>;
}

export interface ClusterIssuerArgs {
  readonly email: string;
  readonly ingressClass: string;
  readonly route53?: Route53Solver;
}

/** One ClusterIssuer per ACME server, deterministic. Pure. */
export function buildClusterIssuers(args: ClusterIssuerArgs): IClusterIssuer[] {
  return (Object.keys(ACME_SERVERS) as IssuerName[]).sort().map((name) => {
    const solvers: NonNullable<IClusterIssuer["spec"]["acme"]>["solvers"] = [{ http01: { ingress: { ingressClassName: args.ingressClass } } }];
    const r = args.route53;
    if (r) {
      solvers.push({
        ...(r.dnsZones || r.matchLabels
          ? { selector: { ...(r.dnsZones ? { dnsZones: [...r.dnsZones] } : {}), ...(r.matchLabels ? { matchLabels: { ...r.matchLabels } } : {}) } }
          : {}),
        dns01: {
          route53: {
            region: r.region,
            hostedZoneID: r.hostedZoneId,
            ...(r.accessKeyIdSecretRef ? { accessKeyIDSecretRef: { ...r.accessKeyIdSecretRef } } : {}),
            ...(r.secretAccessKeySecretRef ? { secretAccessKeySecretRef: { ...r.secretAccessKeySecretRef } } : {}),
          },
        },
      });
    }
    return {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name },
      spec: { acme: { server: ACME_SERVERS[name], email: args.email, privateKeySecretRef: { name: `${name}-account-key` }, solvers } },
    };
  });
}
