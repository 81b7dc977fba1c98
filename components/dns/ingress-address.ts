/**
 * Where the DNS records point: the ingress controller's LoadBalancer Service address, read from the cluster after its
 * release is installed (`helm.v3.Release` waits for the Service's load balancer), or a configured address instead.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** The ingress controller's Service, as PlatformLayers.ingress describes it. */
export interface IngressService {
  readonly release: pulumi.Resource;
  readonly namespace: string;
  readonly serviceName: string;
}

/** The first load-balancer IP of a Service status. Throws when there is none (an A record needs an IPv4). Pure. */
export function loadBalancerIp(status: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined, service: string): string {
  const entries = status?.loadBalancer?.ingress ?? [];
  const ip = entries.find((e) => typeof e.ip === "string" && e.ip !== "")?.ip;
  if (ip === undefined) {
    const hostname = entries.find((e) => e.hostname)?.hostname;
    throw new pulumi.RunError(
      `the ingress Service ${service} has no load-balancer IP${hostname ? ` (only the hostname ${hostname})` : ""}; ` +
        "give the address the records should point at instead (IngressAddressArgs.configured; for NodePorts: a router or node address)",
    );
  }
  return ip;
}

export interface IngressAddressArgs {
  /** The ingress controller's release and Service (PlatformLayers.ingress). */
  readonly ingress: IngressService;
  /** Provider for the cluster, to read the Service. */
  readonly provider: k8s.Provider;
  /** An address to use instead (a router's public IPv4, a reserved IP): then no Service is read. @default undefined */
  readonly configured?: string;
}

/**
 * The address as an Output. With a configured address: that address, still ordered after the ingress release by the
 * records' dependsOn. Otherwise a read of `<namespace>/<serviceName>` that depends on the release.
 */
export function ingressAddress(name: string, args: IngressAddressArgs, parent?: pulumi.Resource): pulumi.Output<string> {
  if (args.configured !== undefined) return pulumi.output(args.configured);
  const id = `${args.ingress.namespace}/${args.ingress.serviceName}`;
  const service = k8s.core.v1.Service.get(`${name}-ingress-service`, id, { provider: args.provider, dependsOn: [args.ingress.release], parent });
  return service.status.apply((status) => loadBalancerIp(status as never, id));
}
