"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dns = exports.domainName = exports.CERTIFICATE_SOLVERS = exports.DNS_DEFAULTS = void 0;
/**
 * `k3s-gitops:dns`: Route53 records at the ingress, and zone-scoped credentials for external-dns and cert-manager's
 * DNS-01 solver. Standard subdomains (grafana., git., ...) are created by external-dns from Ingresses, not here.
 */
const zod_1 = require("zod");
exports.DNS_DEFAULTS = {
    region: "us-east-1",
    ttl: 300,
    apex: true,
    wildcard: true,
    certificateSolver: "http01",
};
exports.CERTIFICATE_SOLVERS = ["http01", "dns01"];
exports.domainName = zod_1.z
    .string()
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase domain name such as example.com (no trailing dot, no wildcard)");
exports.dns = zod_1.z.strictObject({
    provider: zod_1.z.literal("route53", "must be route53 (the only DNS provider so far)"),
    /** The zone's domain, e.g. example.com. */
    domain: exports.domainName,
    /** The hosted zone id (Z...). When absent the public zone is looked up by `domain`. */
    hostedZoneId: zod_1.z.string().regex(/^Z[A-Z0-9]{4,32}$/, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
    /** AWS region for the provider and cert-manager's solver. @default us-east-1 */
    region: zod_1.z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as us-east-1 or eu-central-1").optional(),
    /** Record TTL in seconds. @default 300 */
    ttl: zod_1.z.number("must be a number of seconds").int("must be whole seconds").min(60, "must be at least 60").max(86400, "must be at most 86400").optional(),
    /** Create the apex A record. @default true */
    apex: zod_1.z.boolean("must be true or false").optional(),
    /** Create the *.domain A record. @default true */
    wildcard: zod_1.z.boolean("must be true or false").optional(),
    /**
     * Which ACME solver certificates in `domain` use. http01 (default): HTTP-01 through the ingress; the Route53 DNS-01
     * solver is there for Certificates labelled `k3s-gitops.io/acme-solver: dns01` (wildcards need it). dns01: every
     * name in `domain` uses DNS-01. @default http01
     */
    certificateSolver: zod_1.z.enum(exports.CERTIFICATE_SOLVERS, `must be one of ${exports.CERTIFICATE_SOLVERS.join(", ")}`).optional(),
    /** Point the records here instead of the ingress load balancer (a router's public IPv4, a reserved IP). */
    ingressAddress: zod_1.z
        .string()
        .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "must be a public IPv4 address such as 203.0.113.20")
        .optional(),
});
