/**
 * Values for ingress-nginx 4.15.1 (charts/ingress-nginx/values.yaml): `controller.replicaCount`,
 * `controller.ingressClass`, `controller.ingressClassResource.{name,enabled,default}`, `controller.service.annotations`,
 * `controller.service.nodePorts.{http,https}`.
 */
import { Values, sortedValues } from "../../kernel/serialise";
import type { IngressValuesArgs } from "./traefik";

export function ingressNginxValues(args: IngressValuesArgs): Values {
  return sortedValues({
    controller: {
      replicaCount: args.replicas,
      ingressClass: args.ingressClass,
      ingressClassResource: { name: args.ingressClass, enabled: true, default: true },
      service: {
        annotations: args.serviceAnnotations,
        ...(args.nodePorts ? { nodePorts: { http: args.nodePorts.http, https: args.nodePorts.https } } : {}),
      },
    },
  });
}
