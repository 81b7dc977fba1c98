/**
 * Dns01Issuers (layer 3): the Let's Encrypt ClusterIssuers when `k3s-gitops:dns` is set: HTTP-01 through the ingress
 * (the default solver) plus a Route53 DNS-01 solver for the zone, with the IAM user's keys from the
 * `route53-credentials` Secret in cert-manager's namespace. They replace Platform's issuers (PlatformArgs.
 * externalIssuers) because they must wait for that Secret, which waits for the cert-manager release.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DNS_DEFAULTS, DnsConfig } from "../../stacks/config/blocks/dns";
import { componentToken } from "../kernel/layers";
import { ACME_SERVERS, IssuerName, Route53Solver, buildClusterIssuers } from "../platform/resources/cluster-issuers";
import { DNS_SECRET_KEYS, DNS_SECRET_NAME } from "./dns-credentials";

/** The label that opts a Certificate into DNS-01 while HTTP-01 is the default solver. */
export const DNS01_SOLVER_LABEL = { "k3s-gitops.io/acme-solver": "dns01" } as const;

/**
 * The Route53 solver for `dns` and the resolved zone id. certificateSolver http01: selected by DNS01_SOLVER_LABEL
 * only; dns01: selected for every name in the domain (a dnsZones match outranks the selector-less HTTP-01). Pure.
 */
export function route53Solver(dns: Pick<DnsConfig, "domain" | "region" | "certificateSolver">, zoneId: string, secretName: string = DNS_SECRET_NAME): Route53Solver {
  const solver = dns.certificateSolver ?? DNS_DEFAULTS.certificateSolver;
  return {
    region: dns.region ?? DNS_DEFAULTS.region,
    hostedZoneId: zoneId,
    accessKeyIdSecretRef: { name: secretName, key: DNS_SECRET_KEYS.accessKeyId },
    secretAccessKeySecretRef: { name: secretName, key: DNS_SECRET_KEYS.secretAccessKey },
    ...(solver === "dns01" ? { dnsZones: [dns.domain] } : { matchLabels: { ...DNS01_SOLVER_LABEL } }),
  };
}

export interface Dns01IssuersArgs {
  readonly dns: DnsConfig;
  /** The Route53 zone id (Route53Dns.zoneId). */
  readonly zoneId: pulumi.Input<string>;
  readonly email: string;
  readonly ingressClass: string;
  readonly provider: k8s.Provider;
  /** The credentials Secret in cert-manager's namespace (and, through it, the cert-manager release). */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
  /** @default route53-credentials */
  readonly secretName?: string;
}

export class Dns01Issuers extends pulumi.ComponentResource {
  public readonly issuers: k8s.apiextensions.CustomResource[];

  constructor(name: string, args: Dns01IssuersArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:dns:Dns01Issuers"), name, {}, opts);
    const rendered = pulumi.output(args.zoneId).apply((zoneId) =>
      buildClusterIssuers({ email: args.email, ingressClass: args.ingressClass, route53: route53Solver(args.dns, zoneId, args.secretName) }),
    );
    this.issuers = (Object.keys(ACME_SERVERS) as IssuerName[]).sort().map(
      (issuer) =>
        new k8s.apiextensions.CustomResource(
          `${name}-${issuer}`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: issuer },
            spec: rendered.apply((list) => list.find((i) => i.metadata?.name === issuer)!.spec),
          },
          { parent: this, provider: args.provider, dependsOn: args.dependsOn },
        ),
    );
    this.registerOutputs({});
  }
}
