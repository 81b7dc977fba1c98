/**
 * Layers 0 to 2 of a cluster, from the library alone: no stack config schema, no profiles, just arguments.
 * Swap HetznerNodes for DigitalOceanNodes or ExistingNodes and the rest stays the same: every node component returns
 * the same ClusterNodes shape.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterCore, HetznerNodes, K3sCluster } from "@k3s-gitops/components";

export interface ExampleInputs {
  /** The Hetzner Cloud API token (secret). */
  readonly hcloudToken: pulumi.Input<string>;
  /** Your own address: SSH and the Kubernetes API are open to it alone. */
  readonly adminCidr: string;
}

export function hetznerK3s(inputs: ExampleInputs): Record<string, pulumi.Input<unknown>> {
  const nodes = new HetznerNodes("example", {
    clusterName: "example",
    servers: { count: 3, size: "cpx22", locations: ["fsn1", "nbg1", "hel1"] },
    agentPools: [{ name: "workers", count: 2, size: "cpx32", locations: ["fsn1"] }],
    access: { sshAllowedCidrs: [inputs.adminCidr], apiAllowedCidrs: [inputs.adminCidr] },
    networkZone: "eu-central",
    apiLoadBalancer: { enabled: true },
    token: inputs.hcloudToken,
  });

  const cluster = new K3sCluster("example", {
    nodes: nodes.nodes,
    version: "v1.36.4+k3s1",
    // The cloud controller runs the load balancers, so k3s's own servicelb and Traefik are off.
    disable: ["servicelb", "traefik"],
  });

  const core = new ClusterCore("example-core", { access: cluster, cloud: nodes.nodes.cloud });

  return {
    kubeconfig: cluster.kubeconfig,
    apiEndpoint: cluster.apiServerUrl,
    clusterCoreReleases: core.releaseNames,
  };
}
