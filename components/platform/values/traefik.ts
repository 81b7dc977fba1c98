/** Values for Traefik 41.3.0 (traefik/values.yaml): `deployment.replicas`, `ingressClass.*`, `service.annotations`. */
import { Values, sortedValues } from "./serialise";

export interface IngressValuesArgs {
  readonly ingressClass: string;
  readonly replicas: number;
  readonly serviceAnnotations: Record<string, string>;
}

export function traefikValues(args: IngressValuesArgs): Values {
  return sortedValues({
    deployment: { replicas: args.replicas },
    ingressClass: { enabled: true, isDefaultClass: true, name: args.ingressClass },
    service: { annotations: args.serviceAnnotations },
  });
}
