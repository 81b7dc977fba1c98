/**
 * Dns01Issuers (layer 3): the Let's Encrypt ClusterIssuers for a Route53 domain: HTTP-01 through the ingress (the
 * default solver) plus a Route53 DNS-01 solver for the zone, with the IAM user's keys from the `route53-credentials`
 * Secret in cert-manager's namespace. They replace Platform's issuers (PlatformArgs.externalIssuers) because they
 * must wait for that Secret, which waits for the cert-manager release.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError, Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { ACME_SERVERS, IssuerName, Route53Solver, buildClusterIssuers } from "../platform/resources/cluster-issuers";
import { AWS_REGION, AWS_REGION_ACCEPTED, CERTIFICATE_SOLVERS, CertificateSolver, DNS_DEFAULTS, DOMAIN_NAME_ACCEPTED, HOSTED_ZONE_ID, isDomainName } from "./defaults";
import { DNS_SECRET_KEYS, DNS_SECRET_NAME, DNS_SUBDOMAIN, DNS_SUBDOMAIN_ACCEPTED } from "./dns-credentials";

/** The label that opts a Certificate into DNS-01 while HTTP-01 is the default solver. */
export const DNS01_SOLVER_LABEL = { "k3s-gitops.io/acme-solver": "dns01" } as const;

/** What the solver needs to know of the domain. */
export interface Route53SolverOptions {
  /** The zone's domain. */
  readonly domain: string;
  /** The zone's AWS region. @default "us-east-1" */
  readonly region?: string;
  /** Which solver the domain's certificates use. @default "http01" */
  readonly certificateSolver?: CertificateSolver;
}

/**
 * The Route53 solver for a domain and its zone id. certificateSolver http01: selected by DNS01_SOLVER_LABEL only;
 * dns01: selected for every name in the domain (a dnsZones match outranks the selector-less HTTP-01). Pure.
 */
export function route53Solver(dns: Route53SolverOptions, zoneId: string, secretName: string = DNS_SECRET_NAME): Route53Solver {
  const solver = dns.certificateSolver ?? DNS_DEFAULTS.certificateSolver;
  return {
    region: dns.region ?? DNS_DEFAULTS.region,
    hostedZoneId: zoneId,
    accessKeyIdSecretRef: { name: secretName, key: DNS_SECRET_KEYS.accessKeyId },
    secretAccessKeySecretRef: { name: secretName, key: DNS_SECRET_KEYS.secretAccessKey },
    ...(solver === "dns01" ? { dnsZones: [dns.domain] } : { matchLabels: { ...DNS01_SOLVER_LABEL } }),
  };
}

export interface Dns01IssuersArgs extends Route53SolverOptions {
  /** The Route53 zone id (Route53Dns.zoneId). */
  readonly zoneId: pulumi.Input<string>;
  /** The ACME account's e-mail address (Let's Encrypt's expiry notices). */
  readonly email: string;
  /** The IngressClass the HTTP-01 solver uses. */
  readonly ingressClass: string;
  /** Provider for the cluster. */
  readonly provider: k8s.Provider;
  /** The credentials Secret in cert-manager's namespace (and, through it, the cert-manager release). */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
  /** The credentials Secret's name. @default "route53-credentials" */
  readonly secretName?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ZONE_ID_ACCEPTED = "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ";

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateDns01IssuersArgs(args: Dns01IssuersArgs): void {
  const problems = new Problems();
  problems.check(isDomainName(args.domain), "domain", args.domain, DOMAIN_NAME_ACCEPTED);
  if (args.region !== undefined) problems.check(typeof args.region === "string" && AWS_REGION.test(args.region), "region", args.region, AWS_REGION_ACCEPTED);
  if (args.certificateSolver !== undefined) {
    problems.check((CERTIFICATE_SOLVERS as readonly unknown[]).includes(args.certificateSolver), "certificateSolver", args.certificateSolver, `must be one of ${CERTIFICATE_SOLVERS.join(", ")}`);
  }
  if (typeof args.zoneId === "string") problems.check(HOSTED_ZONE_ID.test(args.zoneId), "zoneId", args.zoneId, ZONE_ID_ACCEPTED);
  else problems.check(args.zoneId !== undefined && args.zoneId !== null, "zoneId", args.zoneId, ZONE_ID_ACCEPTED);
  problems.check(typeof args.email === "string" && EMAIL.test(args.email), "email", args.email, "must be an e-mail address such as ops@example.com");
  problems.check(typeof args.ingressClass === "string" && DNS_SUBDOMAIN.test(args.ingressClass), "ingressClass", args.ingressClass, `${DNS_SUBDOMAIN_ACCEPTED}, such as traefik`);
  problems.check(args.provider !== undefined && args.provider !== null, "provider", args.provider, "must be the cluster's k8s.Provider");
  problems.check(Array.isArray(args.dependsOn), "dependsOn", args.dependsOn, "must be a list of resources (the credentials Secret)");
  if (args.secretName !== undefined) problems.check(typeof args.secretName === "string" && DNS_SUBDOMAIN.test(args.secretName), "secretName", args.secretName, DNS_SUBDOMAIN_ACCEPTED);
  problems.throwIfAny("Dns01Issuers");
}

export class Dns01Issuers extends pulumi.ComponentResource {
  public readonly issuers: k8s.apiextensions.CustomResource[];

  constructor(name: string, args: Dns01IssuersArgs, opts?: pulumi.ComponentResourceOptions) {
    validateDns01IssuersArgs(args);
    super(componentToken("k3s-gitops:dns:Dns01Issuers"), name, {}, opts);
    const rendered = pulumi.output(args.zoneId).apply((zoneId) => {
      if (!HOSTED_ZONE_ID.test(zoneId)) throw new InputPropertiesError("Dns01Issuers", [{ path: "zoneId", value: zoneId, accepted: ZONE_ID_ACCEPTED }]);
      return buildClusterIssuers({ email: args.email, ingressClass: args.ingressClass, route53: route53Solver(args, zoneId, args.secretName) });
    });
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
