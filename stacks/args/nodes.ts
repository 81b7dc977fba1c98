/**
 * Layer 0's arguments: the validated stack config mapped onto the node components' Args. Pure: no resources, no
 * config reads. The credentials (cloud token, node SSH private key) are read by stacks/config/credentials.ts and
 * passed in.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DigitalOceanNodesArgs } from "@k3s-gitops/components";
import type { ExistingNodesArgs } from "@k3s-gitops/components";
import type { HetznerNodesArgs } from "@k3s-gitops/components";
import type { StackConfig } from "../config/schema";

/** What the node components take from the credentials table. */
export interface NodeCredentials {
  /** The cloud's API token (secret); none for existing hosts. */
  readonly token?: pulumi.Input<string>;
  /** The node SSH private key (secret), from resolveNodeSshPrivateKey: set exactly when the rule requires it. */
  readonly sshPrivateKey?: pulumi.Input<string>;
}

/** `servers`, `agentPools`, `access` and `hetzner` as HetznerNodesArgs. */
export function hetznerNodesArgs(clusterName: string, config: StackConfig, creds: NodeCredentials & { readonly token: pulumi.Input<string> }): HetznerNodesArgs {
  const h = config.hetzner!;
  return {
    clusterName,
    servers: config.servers,
    agentPools: config.agentPools,
    access: config.access,
    networkZone: h.networkZone,
    networkCidr: h.networkCidr,
    subnetCidr: h.subnetCidr,
    image: h.image,
    apiLoadBalancer: h.apiLoadBalancer,
    token: creds.token,
    sshPrivateKey: creds.sshPrivateKey,
  };
}

/** `servers`, `agentPools`, `access` and `digitalocean` as DigitalOceanNodesArgs. */
export function digitalOceanNodesArgs(
  clusterName: string,
  config: StackConfig,
  creds: NodeCredentials & { readonly token: pulumi.Input<string> },
): DigitalOceanNodesArgs {
  const d = config.digitalocean!;
  return {
    clusterName,
    servers: config.servers,
    agentPools: config.agentPools,
    access: config.access,
    region: d.region,
    vpcCidr: d.vpcCidr,
    image: d.image,
    apiLoadBalancer: d.apiLoadBalancer,
    token: creds.token,
    sshPrivateKey: creds.sshPrivateKey,
  };
}

/**
 * `existing` as ExistingNodesArgs. Its ingress NodePorts and storage paths are the platform's, not the nodes'. The
 * key is always set for cloud `existing` (resolveNodeSshPrivateKey's rule); ExistingNodes reports it if not.
 */
export function existingNodesArgs(config: StackConfig, creds: NodeCredentials): ExistingNodesArgs {
  const e = config.existing!;
  return {
    // hostKey is required; the config check refuses a missing one first, and ExistingNodes refuses "" again.
    hosts: e.hosts.map((h) => ({ ...h, hostKey: h.hostKey ?? "" })),
    networkCidr: e.networkCidr,
    bastion: e.bastion ? { ...e.bastion, hostKey: e.bastion.hostKey ?? "" } : undefined,
    apiAddress: e.apiAddress,
    sharedL2: e.sharedL2,
    sshPrivateKey: creds.sshPrivateKey as pulumi.Input<string>,
  };
}
