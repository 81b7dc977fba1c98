/**
 * The layer model: the one table that the components, the policy pack and the offline plan share.
 *
 * Layers 0 to 5 are the infrastructure tier, managed by Pulumi. Layer 6 and above is the application tier, which only
 * the GitOps engine applies, from git.
 */
export const LAYERS = [
  { id: 0, key: "infrastructure", title: "infrastructure", holds: "network, firewall, SSH key, servers, load balancers, DNS" },
  { id: 1, key: "cluster", title: "cluster", holds: "k3s on every node, the join token, the kubeconfig" },
  { id: 2, key: "cluster-core", title: "cluster-core", holds: "cloud controller, CNI, MetalLB" },
  { id: 3, key: "platform", title: "platform", holds: "ingress, cert-manager, storage, External Secrets, SOPS key, upgrades" },
  { id: 4, key: "gitops-engine", title: "gitops-engine", holds: "Argo CD or Flux" },
  { id: 5, key: "hand-off", title: "hand-off", holds: "repository credentials, root app, stages" },
] as const;

export type LayerId = (typeof LAYERS)[number]["id"];
export type LayerKey = (typeof LAYERS)[number]["key"];

export const Layer = {
  Infrastructure: 0,
  Cluster: 1,
  ClusterCore: 2,
  Platform: 3,
  GitOpsEngine: 4,
  HandOff: 5,
} as const satisfies Record<string, LayerId>;

/**
 * The layer of every component type this project registers. A resource belongs to the layer of its nearest ancestor
 * component listed here. Each component file declares its token from this table (see `componentToken`).
 */
export const COMPONENT_LAYERS: Readonly<Record<string, LayerId>> = {
  "k3s-gitops:nodes:HetznerNodes": Layer.Infrastructure,
  "k3s-gitops:nodes:DigitalOceanNodes": Layer.Infrastructure,
  "k3s-gitops:nodes:ExistingNodes": Layer.Infrastructure,
  "k3s-gitops:dns:Route53Dns": Layer.Infrastructure,
  "k3s-gitops:dns:DnsCredentials": Layer.Platform,
  "k3s-gitops:dns:Dns01Issuers": Layer.Platform,
  "k3s-gitops:dns:DnsRecords": Layer.Platform,
  "k3s-gitops:state:StateBucket": Layer.Infrastructure,
  "k3s-gitops:k3s:K3sCluster": Layer.Cluster,
  "k3s-gitops:platform:ClusterCore": Layer.ClusterCore,
  "k3s-gitops:platform:Platform": Layer.Platform,
  "k3s-gitops:gitops:GitOpsEngine": Layer.GitOpsEngine,
  "k3s-gitops:gitops:ArgoCdHandoff": Layer.HandOff,
  "k3s-gitops:gitops:FluxHandoff": Layer.HandOff,
};

/** Returns the token for a component, failing loudly if the layer table does not know it. */
export function componentToken(token: string): string {
  if (!(token in COMPONENT_LAYERS)) {
    throw new Error(`component type ${token} has no layer; add it to COMPONENT_LAYERS in components/kernel/layers.ts`);
  }
  return token;
}

/** The type part of a URN: `urn:pulumi:stack::project::a$b$c::name` gives `c`. */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/**
 * The layer of a resource: its own type's, else its nearest layered ancestor's. The URN's type chain (`a$b$c`) names
 * every ancestor's type, so the URN alone decides it. Providers and the stack itself have no layer (null).
 *
 * The one layer resolver: the offline plan's report and the policy pack both call it.
 */
export function layerOfUrn(urn: string): LayerId | null {
  const chain = (urn.split("::")[2] ?? "").split("$");
  const own = chain[chain.length - 1] ?? "";
  if (own.startsWith("pulumi:providers:") || own === "pulumi:pulumi:Stack") return null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const layer = COMPONENT_LAYERS[chain[i]!];
    if (layer !== undefined) return layer;
  }
  return null;
}
