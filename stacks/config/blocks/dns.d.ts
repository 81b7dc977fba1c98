/**
 * `k3s-gitops:dns`: Route53 records at the ingress, and zone-scoped credentials for external-dns and cert-manager's
 * DNS-01 solver. Standard subdomains (grafana., git., ...) are created by external-dns from Ingresses, not here.
 */
import { z } from "zod";
export declare const DNS_DEFAULTS: {
    readonly region: "us-east-1";
    readonly ttl: 300;
    readonly apex: true;
    readonly wildcard: true;
    readonly certificateSolver: "http01";
};
export declare const CERTIFICATE_SOLVERS: readonly ["http01", "dns01"];
export declare const domainName: z.ZodString;
export declare const dns: z.ZodObject<{
    provider: z.ZodLiteral<"route53">;
    domain: z.ZodString;
    hostedZoneId: z.ZodOptional<z.ZodString>;
    region: z.ZodOptional<z.ZodString>;
    ttl: z.ZodOptional<z.ZodNumber>;
    apex: z.ZodOptional<z.ZodBoolean>;
    wildcard: z.ZodOptional<z.ZodBoolean>;
    certificateSolver: z.ZodOptional<z.ZodEnum<{
        http01: "http01";
        dns01: "dns01";
    }>>;
    ingressAddress: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export type DnsConfig = z.infer<typeof dns>;
