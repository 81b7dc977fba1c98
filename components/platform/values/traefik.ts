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
 * - `experimental.plugins.<name>.{moduleName, version}` (default `{}`): Traefik downloads each plugin from its catalog
 *   at start-up; the chart turns every entry into `--experimental.plugins.<name>.moduleName/version` flags and mounts
 *   an emptyDir at /plugins-storage (templates/_podtemplate.tpl at v41.3.0; EXAMPLES.md "Using plugins"). A
 *   Middleware uses one as `spec.plugin.<name>`, so `<name>` is the contract between the two.
 */
import { Values, sortedValues } from "../../kernel/serialise";

/**
 * The middleware plugins Pulumi's Traefik can load, by the name Middlewares use under `spec.plugin`.
 * - `sablier`: Sablier's scale-to-zero middleware. Module and version from sablierapp/sablier-traefik-plugin
 *   (`.traefik.yml` import github.com/sablierapp/sablier-traefik-plugin; README "Installation" pins v1.3.0, the
 *   release the Traefik Plugin Catalog lists); the name `sablier` is the one Sablier's docs use
 *   (sablierapp/sablier v1.16.2 docs/content/guides/code-server-traefik-kubernetes.md).
 */
export const TRAEFIK_PLUGINS = {
  sablier: { moduleName: "github.com/sablierapp/sablier-traefik-plugin", version: "v1.3.0" },
} as const satisfies Record<string, { moduleName: string; version: string }>;

export type TraefikPluginName = keyof typeof TRAEFIK_PLUGINS;
export const TRAEFIK_PLUGIN_NAMES = Object.keys(TRAEFIK_PLUGINS) as TraefikPluginName[];

/** The Sablier plugin's name: the key under `experimental.plugins` and under a Middleware's `spec.plugin`. */
export const SABLIER_TRAEFIK_PLUGIN: TraefikPluginName = "sablier";

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
  /** Traefik only: middleware plugins to load (TRAEFIK_PLUGINS). @default none */
  readonly plugins?: readonly TraefikPluginName[];
}

/** The GatewayClass the Traefik chart renders (`gatewayClass.name`; the template's default is also "traefik"). */
export const TRAEFIK_GATEWAY_CLASS = "traefik";

export function traefikValues(args: IngressValuesArgs): Values {
  const gateway = args.gateway ?? false;
  const plugins = [...new Set(args.plugins ?? [])].sort();
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
    ...(plugins.length > 0 ? { experimental: { plugins: Object.fromEntries(plugins.map((p) => [p, { ...TRAEFIK_PLUGINS[p] }])) } } : {}),
    ...(args.nodePorts ? { ports: { web: { nodePort: args.nodePorts.http }, websecure: { nodePort: args.nodePorts.https } } } : {}),
  });
}
