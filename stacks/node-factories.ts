/**
 * One factory per cloud, each returning ClusterNodes. The only place that knows which clouds exist; nothing above
 * layer 0 asks.
 */
import * as pulumi from "@pulumi/pulumi";
import { HetznerNodes } from "../components/nodes/hetzner-nodes";
import { ClusterNodes } from "../components/nodes/types";
import { HCLOUD_TOKEN, resolveCredential } from "./config/credentials";
import { CloudName, StackConfig } from "./config/schema";

export type NodeFactory = (name: string, config: StackConfig) => ClusterNodes;

function hetzner(name: string, config: StackConfig): ClusterNodes {
  const token = resolveCredential(HCLOUD_TOKEN);
  return new HetznerNodes(name, {
    clusterName: name,
    servers: config.servers,
    agentPools: config.agentPools,
    access: config.access,
    hetzner: config.hetzner!,
    token,
  }).nodes;
}

function notYet(cloud: string): NodeFactory {
  return () => {
    throw new pulumi.RunError(`k3s-gitops:cloud is "${cloud}"; it is not yet supported. Use hetzner.`);
  };
}

export const NODE_FACTORIES: Record<CloudName, NodeFactory> = {
  hetzner,
  digitalocean: notYet("digitalocean"),
  existing: notYet("existing"),
};
