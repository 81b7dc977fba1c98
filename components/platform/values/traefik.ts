/**
 * Values for Traefik 41.3.0 (traefik/values.yaml): `deployment.replicas`, `ingressClass.*`, `service.annotations`,
 * `ports.web.nodePort`, `ports.websecure.nodePort`.
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
}

export function traefikValues(args: IngressValuesArgs): Values {
  return sortedValues({
    deployment: { replicas: args.replicas },
    ingressClass: { enabled: true, isDefaultClass: true, name: args.ingressClass },
    service: { annotations: args.serviceAnnotations },
    ...(args.nodePorts ? { ports: { web: { nodePort: args.nodePorts.http }, websecure: { nodePort: args.nodePorts.https } } } : {}),
  });
}
