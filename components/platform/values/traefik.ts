/**
 * Values for Traefik 41.3.0 (traefik/values.yaml at tag v41.3.0): `deployment.replicas`, `ingressClass.*`,
 * `service.annotations`, `ports.web.nodePort`, `ports.websecure.nodePort`, and the providers:
 * - `providers.kubernetesIngress.enabled` (default true): Ingresses keep working;
 * - `providers.kubernetesGateway.enabled` (default false): the Gateway API provider, with `gatewayClass.enabled` and
 *   `gatewayClass.name` (the chart renders GatewayClass `traefik`, controllerName traefik.io/gateway-controller) and
 *   `gateway.enabled: false` (the chart's own default Gateway is off: Platform creates the shared one). The chart ships
 *   no Gateway API CRDs: layer 2 installs them;
 * - `providers.kubernetesIngressNGINX.enabled` (default false; spelled so since chart 40.0.0): Traefik also serves
 *   Ingresses of class `nginx` with their NGINX annotations, the migration path off the retired ingress-nginx.
 */
import { Values, sortedValues } from "../../kernel/serialise";

/** Fixed NodePorts for the ingress Service (existing hosts: a router forwards 80/443 to them). */
export interface IngressNodePorts {
  readonly http: number;
  readonly https: number;
}

export interface IngressValuesArgs {
  readonly ingressClass: string;
  readonly replicas: number;
  readonly serviceAnnotations: Record<string, string>;
  /** Pin the Service's NodePorts (the Service stays type LoadBalancer, which allocates them). @default allocated */
  readonly nodePorts?: IngressNodePorts;
  /** Traefik only: the Kubernetes Gateway provider and the chart's GatewayClass. @default false */
  readonly gateway?: boolean;
  /** Traefik only: also serve `nginx`-class Ingresses (providers.kubernetesIngressNGINX). @default false */
  readonly nginxIngresses?: boolean;
}

/** The GatewayClass the Traefik chart renders (`gatewayClass.name`; the template's default is also "traefik"). */
export const TRAEFIK_GATEWAY_CLASS = "traefik";

export function traefikValues(args: IngressValuesArgs): Values {
  const gateway = args.gateway ?? false;
  return sortedValues({
    deployment: { replicas: args.replicas },
    ingressClass: { enabled: true, isDefaultClass: true, name: args.ingressClass },
    service: { annotations: args.serviceAnnotations },
    providers: {
      kubernetesIngress: { enabled: true },
      kubernetesGateway: { enabled: gateway },
      ...(args.nginxIngresses ? { kubernetesIngressNGINX: { enabled: true } } : {}),
    },
    ...(gateway ? { gateway: { enabled: false }, gatewayClass: { enabled: true, name: TRAEFIK_GATEWAY_CLASS } } : {}),
    ...(args.nodePorts ? { ports: { web: { nodePort: args.nodePorts.http }, websecure: { nodePort: args.nodePorts.https } } } : {}),
  });
}
