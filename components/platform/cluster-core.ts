/**
 * Layer 2, cluster-core: what pods need before they can schedule and talk. The cloud controller (with its Secret), the
 * CNI when it is not k3s's flannel, MetalLB with its pool, and the Gateway API CRDs (standard channel, the catalog's
 * pinned release manifest), which layer 3 needs before cert-manager and Traefik start. Every release waits for k3s readiness and nothing else;
 * the MetalLB pool waits for the MetalLB release that installs its CRDs.
 *
 * Route handling matches the CNI and what the nodes offer (ClusterNodes.podNetwork): flannel (vxlan overlay) needs no
 * cloud routes, so the Hetzner cloud controller's route controller is off; Cilium on Hetzner runs native routing over
 * the private network, whose per-node pod routes the cloud controller creates (so the pod range lies inside the
 * network); Cilium elsewhere tunnels (VXLAN), or routes directly where the nodes share layer 2.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterAccess } from "../k3s/types";
import type { CloudIntegration, PodNetwork } from "../nodes/types";
import { componentToken } from "../kernel/layers";
import { catalogEntry } from "../kernel/catalog";
import { catalogManifests, catalogRelease, ReleaseContext } from "./release";
import { buildMetallbPool } from "./resources/metallb-pool";
import { ciliumValues } from "./values/cilium";
import { hcloudCcmValues } from "./values/hcloud-ccm";
import { metallbValues } from "./values/metallb";
import { Cni, DEFAULT_CLUSTER_CIDR, DEFAULT_CNI, DEFAULT_POD_ROUTING } from "../kernel/cluster-network";
import { cidrContains, parseCidr, parseIpv4 } from "../kernel/cidr";
import { Problems } from "../kernel/errors";

/** The Secret the Hetzner charts read (both default to name `hcloud`, keys `token` and `network`). */
export const HCLOUD_SECRET = { name: "hcloud", namespace: "kube-system" } as const;

/**
 * The Secret DigitalOcean's cloud controller and CSI driver both read (their release manifests reference name
 * `digitalocean`, key `access-token`, in kube-system).
 */
export const DIGITALOCEAN_SECRET = { name: "digitalocean", namespace: "kube-system", tokenKey: "access-token" } as const;

export interface ClusterCoreArgs {
  /** The cluster: its Kubernetes provider and the readiness every release here waits for. */
  readonly access: ClusterAccess;
  /** What the cloud provides: picks the cloud controller (none for existing hosts) and carries its token, a secret. */
  readonly cloud: CloudIntegration;
  /** The CNI k3s runs with: flannel is k3s's own (nothing installed here), cilium is installed here. @default DEFAULT_CNI (flannel) */
  readonly cni?: Cni;
  /**
   * MetalLB's L2 pool: CIDRs (`192.0.2.0/28`) or IPv4 ranges (`192.0.2.10-192.0.2.20`). Absent or empty: no MetalLB.
   * For clusters without a cloud load balancer (cloud kind `none`); with one, the cloud controller answers instead.
   * @default none
   */
  readonly metallbAddresses?: readonly string[];
  /** The pod CIDR (k3s `--cluster-cidr`), given to the cloud controller and Cilium. @default DEFAULT_CLUSTER_CIDR (10.42.0.0/16) */
  readonly clusterCidr?: string;
  /**
   * Install the Gateway API standard-channel CRDs (catalog `gateway-api`). Turn off only where something else owns
   * them: Traefik's Gateway provider and cert-manager's Gateway support need them. @default DEFAULT_GATEWAY_API_CRDS (true)
   */
  readonly gatewayApiCrds?: boolean;
  /** The nodes' private network (ClusterNodes.networkCidr): Cilium's native-routing CIDR with cloud routes. */
  readonly networkCidr?: string;
  /** How pod traffic crosses between nodes (ClusterNodes.podNetwork). @default { routing: DEFAULT_POD_ROUTING ("tunnel") } */
  readonly podNetwork?: PodNetwork;
}

/** Gateway API is the default way in: its CRDs are part of every cluster's core. */
export const DEFAULT_GATEWAY_API_CRDS = true;

const CNIS: readonly Cni[] = ["flannel", "cilium"];
const CLOUD_KINDS: readonly CloudIntegration["kind"][] = ["hetzner", "digitalocean", "none"];

/** An IPv4 address as a number, for range checks. */
const ipv4Number = (address: string): number | undefined => parseIpv4(address)?.reduce((n, o) => n * 256 + o, 0);

/** True for a CIDR or a `first-last` IPv4 range with first <= last: the IPAddressPool forms this library accepts. Pure. */
export function isMetallbPoolEntry(entry: string): boolean {
  if (typeof entry !== "string") return false;
  if (parseCidr(entry)) return true;
  const [first, last, ...rest] = entry.split("-");
  if (rest.length > 0 || first === undefined || last === undefined) return false;
  const a = ipv4Number(first);
  const b = ipv4Number(last);
  return a !== undefined && b !== undefined && a <= b;
}

/** Checks ClusterCoreArgs and throws one InputPropertiesError listing every problem. */
export function validateClusterCoreArgs(args: ClusterCoreArgs): void {
  const p = new Problems();
  p.check(args.access?.provider !== undefined, "access.provider", undefined, "must be the cluster's k8s.Provider");
  const kind = args.cloud?.kind;
  if (p.check(CLOUD_KINDS.includes(kind), "cloud.kind", kind, `must be one of ${CLOUD_KINDS.join(", ")}`) && args.cloud.kind === "hetzner") {
    p.check(typeof args.cloud.location === "string" && args.cloud.location !== "", "cloud.location", args.cloud.location, "must name a Hetzner location such as fsn1");
  }
  if (args.cni !== undefined) p.check(CNIS.includes(args.cni), "cni", args.cni, `must be one of ${CNIS.join(", ")}`);
  if (args.gatewayApiCrds !== undefined) p.check(typeof args.gatewayApiCrds === "boolean", "gatewayApiCrds", args.gatewayApiCrds, "must be true or false");
  if (args.clusterCidr !== undefined) {
    p.check(parseCidr(args.clusterCidr)?.family === 4, "clusterCidr", args.clusterCidr, "must be an IPv4 CIDR such as 10.42.0.0/16");
  }
  const clusterCidr = args.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
  if ((args.cni ?? DEFAULT_CNI) === "cilium" && args.podNetwork?.routing === "cloud-routes" && parseCidr(clusterCidr)?.family === 4) {
    // The cloud's gateway routes only the network's own range (docs.hetzner.com/networking/networks/technical-concepts/architecture).
    p.check(
      typeof args.networkCidr === "string" && parseCidr(args.networkCidr)?.family === 4 && cidrContains(args.networkCidr, clusterCidr),
      "clusterCidr",
      clusterCidr,
      `must lie inside the nodes' private network ${args.networkCidr ?? "(networkCidr not given)"}: Cilium routes pods natively there, and the cloud routes only the network's own range`,
    );
  }
  (args.metallbAddresses ?? []).forEach((entry, i) => {
    p.check(isMetallbPoolEntry(entry), `metallbAddresses[${i}]`, entry, "must be a CIDR (192.0.2.0/28) or an IPv4 range (192.0.2.10-192.0.2.20) whose first address is not above its last");
  });
  p.throwIfAny("ClusterCore");
}

interface CloudControllerResult {
  readonly resources: pulumi.Resource[];
  readonly owners: pulumi.Resource[];
  /** Objects created first, with nothing to wait for (the credentials Secret): see ClusterCore.anchors. */
  readonly anchors: pulumi.Resource[];
  /** The cloud controller, where pod traffic needs the routes it creates: see ClusterCore.schedulingGates. */
  readonly gates: pulumi.Resource[];
  /** The catalog keys installed. */
  readonly keys: string[];
}

type Kind = CloudIntegration["kind"];
type CloudControllerFactory = (name: string, cloud: CloudIntegration, args: ClusterCoreArgs, ctx: ReleaseContext) => CloudControllerResult;

/** One cloud-controller installer per cloud kind (data, not branches). Existing hosts ("none") have no cloud controller. */
export const CLOUD_CONTROLLERS: Readonly<Record<Kind, CloudControllerFactory>> = {
  hetzner: (name, cloud, args, ctx) => {
    if (cloud.kind !== "hetzner") throw new Error("unreachable");
    const secret = new k8s.core.v1.Secret(
      `${name}-hcloud-secret`,
      {
        metadata: { ...HCLOUD_SECRET },
        type: "Opaque",
        stringData: { token: pulumi.secret(cloud.token), network: pulumi.secret(cloud.networkId) },
      },
      { parent: ctx.parent, provider: ctx.provider, dependsOn: [...ctx.dependsOn] },
    );
    const networkRoutes = (args.cni ?? DEFAULT_CNI) === "cilium";
    const values = hcloudCcmValues({
      clusterCidr: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      networkRoutes,
      loadBalancerLocation: cloud.location,
    });
    const release = catalogRelease(`${name}-hcloud-ccm`, "hcloud-ccm", values, { ...ctx, dependsOn: [...ctx.dependsOn, secret] });
    // With native routing, pods on different nodes talk only once the route controller has created their routes.
    return { resources: [secret, release], owners: [release], keys: ["hcloud-ccm"], anchors: [secret], gates: networkRoutes ? [release] : [] };
  },
  digitalocean: (name, cloud, _args, ctx) => {
    if (cloud.kind !== "digitalocean") throw new Error("unreachable");
    const { tokenKey, ...metadata } = DIGITALOCEAN_SECRET;
    const secret = new k8s.core.v1.Secret(
      `${name}-digitalocean-secret`,
      { metadata, type: "Opaque", stringData: { [tokenKey]: pulumi.secret(cloud.token) } },
      { parent: ctx.parent, provider: ctx.provider, dependsOn: [...ctx.dependsOn], additionalSecretOutputs: ["data", "stringData"] },
    );
    const files = catalogManifests(`${name}-digitalocean-ccm`, "digitalocean-ccm", { ...ctx, dependsOn: [...ctx.dependsOn, secret] });
    // DigitalOcean's cloud controller has no route controller (pods tunnel): it gates nothing.
    return { resources: [secret, ...files], owners: files, keys: ["digitalocean-ccm"], anchors: [secret], gates: [] };
  },
  none: () => ({ resources: [], owners: [], keys: [], anchors: [], gates: [] }),
};

export class ClusterCore extends pulumi.ComponentResource {
  /** Every layer-2 resource; layer 3 depends on these. */
  public readonly resources: readonly pulumi.Resource[];
  /** Releases that own cloud resources (the cloud controller's load balancers). */
  public readonly cloudResourceOwners: readonly pulumi.Resource[];
  /**
   * What a pod that tolerates the cloud controller's `uninitialized` taint still needs before it can run and reach
   * pods on other nodes: the CNI release when it is not k3s's flannel (no CNI, no Ready node), and the cloud
   * controller where it creates the pod routes (Cilium's native routing on Hetzner). The GitOps engine waits for
   * these and nothing else of layer 2 (issue 15): it tolerates the taint, as the layer-2 add-ons do.
   */
  public readonly schedulingGates: readonly pulumi.Resource[];
  /**
   * The layer-2 objects that exist as soon as layer 2 starts and need no readiness (the cloud credentials Secret).
   * Layer-3 objects that need nothing from layer 2 (the SOPS age key) order after these rather than after every
   * release, so they keep the layer order without waiting minutes for it. Without a credentials Secret (existing
   * hosts), the Gateway API CRDs (applied, not awaited for workloads); without those either, every layer-2 resource.
   */
  public readonly anchors: readonly pulumi.Resource[];
  public readonly releaseNames: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterCoreArgs, opts?: pulumi.ComponentResourceOptions) {
    validateClusterCoreArgs(args);
    super(componentToken("k3s-gitops:platform:ClusterCore"), name, {}, opts);
    const ctx: ReleaseContext = { parent: this, provider: args.access.provider, dependsOn: args.access.ready };

    const cloud = CLOUD_CONTROLLERS[args.cloud.kind](name, args.cloud, args, ctx);
    const resources: pulumi.Resource[] = [...cloud.resources];
    const names: string[] = [...cloud.keys];
    const gates: pulumi.Resource[] = [...cloud.gates];

    if ((args.cni ?? DEFAULT_CNI) === "cilium") {
      const values = ciliumValues({
        clusterCidr: args.clusterCidr,
        routing: args.podNetwork?.routing ?? DEFAULT_POD_ROUTING,
        networkCidr: args.networkCidr,
        mtu: args.podNetwork?.mtu,
      });
      const cilium = catalogRelease(`${name}-cilium`, "cilium", values, ctx);
      resources.push(cilium);
      gates.push(cilium);
      names.push("cilium");
    }

    let crds: pulumi.Resource[] = [];
    if (args.gatewayApiCrds ?? DEFAULT_GATEWAY_API_CRDS) {
      crds = catalogManifests(`${name}-gateway-api`, "gateway-api", ctx);
      resources.push(...crds);
      names.push("gateway-api");
    }

    const addresses = args.metallbAddresses ?? [];
    if (addresses.length > 0) {
      const metallb = catalogRelease(`${name}-metallb`, "metallb", metallbValues(), ctx);
      resources.push(metallb);
      names.push("metallb");
      for (const obj of buildMetallbPool(addresses, catalogEntry("metallb").namespace)) {
        resources.push(
          new k8s.apiextensions.CustomResource(`${name}-metallb-${obj.kind.toLowerCase()}`, { ...obj }, {
            parent: this,
            provider: args.access.provider,
            dependsOn: [metallb],
          }),
        );
      }
    }

    this.resources = resources;
    this.cloudResourceOwners = cloud.owners;
    this.schedulingGates = gates;
    this.anchors = cloud.anchors.length > 0 ? cloud.anchors : crds.length > 0 ? crds : [...resources];
    this.releaseNames = pulumi.output(names);
    this.registerOutputs({ releaseNames: this.releaseNames });
  }
}
