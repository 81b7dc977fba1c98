/**
 * The DNS components' defaults and the rules their args share (Route53Dns, Dns01Issuers): domain names, AWS regions,
 * hosted zone ids.
 */

/** Defaults of Route53Dns (region, ttl, apex, wildcard) and Dns01Issuers (region, certificateSolver). */
export const DNS_DEFAULTS = {
  region: "us-east-1",
  ttl: 300,
  apex: true,
  wildcard: true,
  certificateSolver: "http01",
} as const;

/**
 * Which ACME solver certificates in the domain use. http01: HTTP-01 through the ingress, and the Route53 DNS-01 solver
 * only for Certificates labelled `k3s-gitops.io/acme-solver: dns01` (wildcards need it). dns01: every name in the
 * domain uses DNS-01.
 */
export const CERTIFICATE_SOLVERS = ["http01", "dns01"] as const;
export type CertificateSolver = (typeof CERTIFICATE_SOLVERS)[number];

/** A lowercase domain name without a trailing dot or wildcard; each label 1-63 characters (RFC 1035 2.3.4). */
export const DOMAIN_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** RFC 1035 2.3.4: 255 octets on the wire, so 253 characters written out without the trailing dot. */
export const MAX_DOMAIN_LENGTH = 253;
/** A Route53 hosted zone id, bare (Z...). */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{4,32}$/;
/** An AWS region such as us-east-1, eu-central-1 or us-gov-west-1. */
export const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Route53's TTL range, in seconds (Route53 API reference, ResourceRecordSet.TTL: 0 to 2147483647). */
export const ROUTE53_TTL_RANGE = { min: 0, max: 2147483647 } as const;

/** True for a domain name DOMAIN_NAME accepts and that fits RFC 1035's length. Pure. */
export function isDomainName(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_DOMAIN_LENGTH && DOMAIN_NAME.test(value);
}

export const DOMAIN_NAME_ACCEPTED = "must be a lowercase domain name such as example.com (no trailing dot, no wildcard; labels of 1-63 characters, at most 253 in all)";
export const AWS_REGION_ACCEPTED = "must be an AWS region such as us-east-1 or eu-central-1";
