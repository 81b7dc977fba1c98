/**
 * Layer 2, cluster-core: what pods need before they can schedule and talk. The cloud controller (with its Secret), the
 * CNI when it is not k3s's flannel, and MetalLB with its pool. Every release waits for k3s readiness and nothing else;
 * the MetalLB pool waits for the MetalLB release that installs its CRDs.
 *
 * Route handling matches the CNI: flannel (vxlan overlay) needs no cloud routes, so the cloud controller's route
 * controller is off; Cilium runs native routing over the private network, whose per-node pod routes the cloud
 * controller creates.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterAccess } from "../k3s/types";
import type { CloudIntegration } from "../nodes/types";
import { componentToken } from "../kernel/layers";
import { catalogEntry } from "../kernel/catalog";
import { catalogManifests, catalogRelease, ReleaseContext } from "./release";
import { buildMetallbPool } from "./resources/metallb-pool";
import { ciliumValues } from "./values/cilium";
import { hcloudCcmValues } from "./values/hcloud-ccm";
import { metallbValues } from "./values/metallb";
import { Cni, DEFAULT_CLUSTER_CIDR, DEFAULT_CNI } from "../kernel/cluster-network";


/** The Secret the Hetzner charts read (both default to name `hcloud`, keys `token` and `network`). */
export const HCLOUD_SECRET = { name: "hcloud", namespace: "kube-system" } as const;

/**
 * The Secret DigitalOcean's cloud controller and CSI driver both read (their release manifests reference name
 * `digitalocean`, key `access-token`, in kube-system).
 */
export const DIGITALOCEAN_SECRET = { name: "digitalocean", namespace: "kube-system", tokenKey: "access-token" } as const;

export interface ClusterCoreArgs {
  readonly access: ClusterAccess;
  readonly cloud: CloudIntegration;
  /** @default "flannel" */
  readonly cni?: Cni;
  /** MetalLB's pool; absent or empty: no MetalLB. Mutually exclusive with a cloud load balancer in practice. */
  readonly metallbAddresses?: readonly string[];
  /** The pod CIDR. @default 10.42.0.0/16 */
  readonly clusterCidr?: string;
}

interface CloudControllerResult {
  readonly resources: pulumi.Resource[];
  readonly owners: pulumi.Resource[];
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
    const values = hcloudCcmValues({
      clusterCidr: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      networkRoutes: (args.cni ?? DEFAULT_CNI) === "cilium",
      loadBalancerLocation: cloud.location,
    });
    const release = catalogRelease(`${name}-hcloud-ccm`, "hcloud-ccm", values, { ...ctx, dependsOn: [...ctx.dependsOn, secret] });
    return { resources: [secret, release], owners: [release], keys: ["hcloud-ccm"] };
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
    return { resources: [secret, ...files], owners: files, keys: ["digitalocean-ccm"] };
  },
  none: () => ({ resources: [], owners: [], keys: [] }),
};

export class ClusterCore extends pulumi.ComponentResource {
  /** Every layer-2 resource; layer 3 depends on these. */
  public readonly resources: readonly pulumi.Resource[];
  /** Releases that own cloud resources (the cloud controller's load balancers). */
  public readonly cloudResourceOwners: readonly pulumi.Resource[];
  public readonly releaseNames: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterCoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:platform:ClusterCore"), name, {}, opts);
    const ctx: ReleaseContext = { parent: this, provider: args.access.provider, dependsOn: args.access.ready };

    const cloud = CLOUD_CONTROLLERS[args.cloud.kind](name, args.cloud, args, ctx);
    const resources: pulumi.Resource[] = [...cloud.resources];
    const names: string[] = [...cloud.keys];

    if ((args.cni ?? DEFAULT_CNI) === "cilium") {
      resources.push(catalogRelease(`${name}-cilium`, "cilium", ciliumValues({ clusterCidr: args.clusterCidr }), ctx));
      names.push("cilium");
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
    this.releaseNames = pulumi.output(names);
    this.registerOutputs({ releaseNames: this.releaseNames });
  }
}
