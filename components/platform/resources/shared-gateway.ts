/**
 * The cluster's shared Gateway (layer 3) and its HTTP->HTTPS redirect, as pure objects. The names are the contract the
 * application tier routes to (CONTRACTS.md, "Shared Gateway"): routes attach with
 * `parentRefs: [{ name: shared, namespace: traefik, sectionName: https }]`.
 *
 * - GatewayClass `traefik` is the Traefik chart's own (traefik/templates/gatewayclass.yaml at v41.3.0: rendered when
 *   `gatewayClass.enabled` and `providers.kubernetesGateway.enabled`; name defaults to "traefik"; controllerName
 *   `traefik.io/gateway-controller`).
 * - Listener ports are Traefik's entry point ports, not the Service's: `ports.web.port: 8000`, `ports.websecure.port:
 *   8443` (traefik/values.yaml at v41.3.0; the chart's own example listener `gateway.listeners.web.port: 8000` says
 *   "The port must match a port declared in ports section").
 * - The certificate comes from cert-manager's Gateway support: the annotation `cert-manager.io/cluster-issuer` on the
 *   Gateway, a listener with a non-empty hostname, `tls.mode: Terminate` and a certificateRef to a Secret in the
 *   Gateway's namespace (cert-manager docs, usage/gateway, "Supported Annotations"). Without a hostname cert-manager
 *   skips the listener and the Secret must be provided some other way.
 * - Gateway API v1.6 requires `tls` on every listener with protocol HTTPS (CHANGELOG/1.6-CHANGELOG.md, #4788): the
 *   https listener always carries it.
 * - The redirect is a Gateway API HTTPRoute with a RequestRedirect filter on the http listener (Gateway API v1
 *   HTTPRoute filters), not Traefik's entry point redirection: Ingresses on port 80, such as cert-manager's HTTP-01
 *   solver, keep working. The http listener admits routes from its own namespace only, so nothing else can serve
 *   plain HTTP through it.
 */
import { SHARED_GATEWAY } from "../../kernel/catalog";
import { sortedValues } from "../../kernel/serialise";

export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** The names are decided once, in the kernel, where the policy pack reads them too. */
export { SHARED_GATEWAY };

/** The annotation cert-manager's gateway-shim reads (cert-manager docs, usage/gateway). */
export const CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";

export interface SharedGatewayOptions {
  /** The ClusterIssuer that signs the https listener's certificate. */
  readonly clusterIssuer: string;
  /**
   * The https listener's hostname (`*.example.com` needs a DNS-01 issuer). Absent: the listener serves every hostname
   * and cert-manager issues nothing for it. @default none
   */
  readonly hostname?: string;
  /** The Gateway's namespace: the ingress controller's. @default SHARED_GATEWAY.namespace */
  readonly namespace?: string;
}

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/** Why a listener hostname is not acceptable, or undefined. Pure. */
export function gatewayHostnameProblem(hostname: string): string | undefined {
  return HOSTNAME.test(hostname) ? undefined : "must be a DNS name such as apps.example.com or a wildcard such as *.example.com";
}

/** The shared Gateway object. Pure. */
export function buildSharedGateway(opts: SharedGatewayOptions): Record<string, unknown> {
  const namespace = opts.namespace ?? SHARED_GATEWAY.namespace;
  const host = opts.hostname ? { hostname: opts.hostname } : {};
  return sortedValues({
    apiVersion: GATEWAY_API_VERSION,
    kind: "Gateway",
    metadata: { name: SHARED_GATEWAY.name, namespace, annotations: { [CLUSTER_ISSUER_ANNOTATION]: opts.clusterIssuer } },
    spec: {
      gatewayClassName: SHARED_GATEWAY.className,
      listeners: [
        {
          name: SHARED_GATEWAY.http.name,
          port: SHARED_GATEWAY.http.port,
          protocol: "HTTP",
          ...host,
          allowedRoutes: { namespaces: { from: "Same" } },
        },
        {
          name: SHARED_GATEWAY.https.name,
          port: SHARED_GATEWAY.https.port,
          protocol: "HTTPS",
          ...host,
          tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", group: "", name: SHARED_GATEWAY.tlsSecret }] },
          allowedRoutes: { namespaces: { from: "All" } },
        },
      ],
    },
  });
}

/** The HTTPRoute that answers every request on the http listener with a permanent redirect to HTTPS. Pure. */
export function buildHttpsRedirectRoute(namespace: string = SHARED_GATEWAY.namespace): Record<string, unknown> {
  return sortedValues({
    apiVersion: GATEWAY_API_VERSION,
    kind: "HTTPRoute",
    metadata: { name: SHARED_GATEWAY.redirectRoute, namespace },
    spec: {
      parentRefs: [{ name: SHARED_GATEWAY.name, namespace, sectionName: SHARED_GATEWAY.http.name }],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  });
}
