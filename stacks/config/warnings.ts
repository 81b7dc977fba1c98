/**
 * The warning channel for risky-but-legal configuration: one line per finding, `warning: k3s-gitops:<key path>: <why>`.
 * Pure: the program logs the lines (pulumi.log.warn), the plan can print them.
 *
 * Minimal version added by issue 13 (the hostile-input issue, 11, owns the full channel and may replace this file).
 */
import type { StackConfig } from "./schema";

export const WARNING_PREFIX = "warning: k3s-gitops:";

/** One warning line. */
export function warningLine(keyPath: string, why: string): string {
  return `${WARNING_PREFIX}${keyPath}: ${why}`;
}

/**
 * ingress-nginx is retired: its final release is chart 4.15.1 / controller 1.15.1 (kubernetes/ingress-nginx commit
 * dbb11b92, 2026-03-20), its README opens with "Ingress NGINX Retirement" and says not to deploy it, and it was never
 * tested on Kubernetes 1.36. Source: kubernetes/ingress-nginx README.md at HEAD; Kubernetes blog 2025-11-11.
 */
export const INGRESS_NGINX_RETIRED =
  "ingress-nginx is retired (final release: chart 4.15.1, controller 1.15.1, March 2026; no further security fixes, never tested on Kubernetes 1.36). " +
  "Use traefik, the default: it serves the shared Gateway, keeps serving Ingresses, and with platform.ingress.nginxIngresses serves nginx-class Ingresses and their annotations";

/** Every warning the validated config raises, in key-path order. Pure. */
export function configWarnings(config: Pick<StackConfig, "platform">): string[] {
  const out: string[] = [];
  const ingress = config.platform?.ingress;
  if (ingress?.controller === "ingress-nginx") {
    out.push(warningLine("platform.ingress.controller", INGRESS_NGINX_RETIRED));
    if (ingress.gateway !== undefined) out.push(warningLine("platform.ingress.gateway", "is ignored: only traefik serves the shared Gateway"));
    if (ingress.nginxIngresses !== undefined) out.push(warningLine("platform.ingress.nginxIngresses", "is ignored: it is traefik's migration path for nginx-class Ingresses"));
  }
  return out;
}
