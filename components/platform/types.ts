/**
 * What the platform layers (2 and 3) hand to the GitOps layers (4 and 5).
 */
import * as pulumi from "@pulumi/pulumi";

export interface SopsAgeKey {
  /** The Secret holding the age private key (key `age.agekey`), in the GitOps engine's namespace. */
  readonly secretName: string;
  readonly namespace: string;
  /** The age recipient (`age1...`), not secret: put it in `.sops.yaml`. */
  readonly publicKey: pulumi.Output<string>;
  readonly resource: pulumi.Resource;
}

export interface PlatformLayers {
  /** Layer 2 resources: layer 3's releases wait for these (cloud controller, CNI, MetalLB, Gateway API CRDs). */
  readonly clusterCore: readonly pulumi.Resource[];
  /**
   * What the GitOps engine's pods need before they can run (ClusterCore.schedulingGates: the CNI release, the cloud
   * controller where it routes pods). The engine tolerates the `uninitialized` taint and waits for these alone.
   */
  readonly schedulingGates: readonly pulumi.Resource[];
  /** Layer 3 resources. */
  readonly platform: readonly pulumi.Resource[];
  /**
   * Releases that own cloud resources the application tier creates (the cloud controller for LoadBalancer Services,
   * CSI drivers and Longhorn for volumes). The hand-off depends on them, so `pulumi destroy` removes the hand-off, and
   * with it the application tier, while they still run.
   */
  readonly cloudResourceOwners: readonly pulumi.Resource[];
  readonly sopsAgeKey: SopsAgeKey;
  /** The name of the one default StorageClass. */
  readonly defaultStorageClass: string;
  /** The IngressClass name of the chosen ingress controller. */
  readonly ingressClass: string;
  /** The ClusterIssuer certificates should use (staging in dev, production in prod). */
  readonly clusterIssuer: string;
  /** The ingress controller's release and the LoadBalancer Service it creates (DNS records point at its address). */
  readonly ingress?: { readonly release: pulumi.Resource; readonly namespace: string; readonly serviceName: string };
  /** The shared Gateway (Traefik clusters): routes attach to `name`/`namespace`, sectionName `https`. */
  readonly gateway?: { readonly name: string; readonly namespace: string; readonly resource: pulumi.Resource };
  /** The cert-manager release (it owns the cert-manager namespace and the ClusterIssuer CRD). */
  readonly certManager?: pulumi.Resource;
}
