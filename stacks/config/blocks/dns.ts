/**
 * `k3s-gitops:dns`: Route53 records at the ingress, and zone-scoped credentials for external-dns and cert-manager's
 * DNS-01 solver. Standard subdomains (grafana., git., ...) are created by external-dns from Ingresses, not here.
 */
import { z } from "zod";
import { AWS_REGION, CERTIFICATE_SOLVERS, DOMAIN_NAME, HOSTED_ZONE_ID } from "@k3s-gitops/components";

export const domainName = z
  .string()
  .regex(DOMAIN_NAME, "must be a lowercase domain name such as example.com (no trailing dot, no wildcard)");

export const dns = z.strictObject({
  provider: z.literal("route53", "must be route53 (the only DNS provider so far)"),
  /** The zone's domain, e.g. example.com. */
  domain: domainName,
  /** The hosted zone id (Z...). When absent the public zone is looked up by `domain`. */
  hostedZoneId: z.string().regex(HOSTED_ZONE_ID, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
  /** AWS region for the provider and cert-manager's solver. @default us-east-1 */
  region: z.string().regex(AWS_REGION, "must be an AWS region such as us-east-1 or eu-central-1").optional(),
  /** Record TTL in seconds. @default 300 */
  ttl: z.number("must be a number of seconds").int("must be whole seconds").min(60, "must be at least 60").max(86400, "must be at most 86400").optional(),
  /** Create the apex A record. @default true */
  apex: z.boolean("must be true or false").optional(),
  /** Create the *.domain A record. @default true */
  wildcard: z.boolean("must be true or false").optional(),
  /**
   * Which ACME solver certificates in `domain` use. http01 (default): HTTP-01 through the ingress; the Route53 DNS-01
   * solver is there for Certificates labelled `k3s-gitops.io/acme-solver: dns01` (wildcards need it). dns01: every
   * name in `domain` uses DNS-01. @default http01
   */
  certificateSolver: z.enum(CERTIFICATE_SOLVERS, `must be one of ${CERTIFICATE_SOLVERS.join(", ")}`).optional(),
  /** Point the records here instead of the ingress load balancer (a router's public IPv4, a reserved IP). */
  ingressAddress: z
    .string()
    .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "must be a public IPv4 address such as 203.0.113.20")
    .optional(),
});

export type DnsConfig = z.infer<typeof dns>;
