/**
 * One factory per cloud, each returning ClusterNodes. The only place that knows which clouds exist; nothing above
 * layer 0 asks. Each reads its credentials from the credentials table and maps the config with stacks/args/nodes.ts.
 */
import { DigitalOceanNodes } from "@k3s-gitops/components";
import { ExistingNodes } from "@k3s-gitops/components";
import { HetznerNodes } from "@k3s-gitops/components";
import { ClusterNodes } from "@k3s-gitops/components";
import { digitalOceanNodesArgs, existingNodesArgs, hetznerNodesArgs } from "./args/nodes";
import { DIGITALOCEAN_TOKEN, HCLOUD_TOKEN, resolveCredential, resolveNodeSshPrivateKey } from "./config/credentials";
import { CloudName, StackConfig } from "./config/schema";

export type NodeFactory = (name: string, config: StackConfig) => ClusterNodes;

function hetzner(name: string, config: StackConfig): ClusterNodes {
  const token = resolveCredential(HCLOUD_TOKEN);
  const sshPrivateKey = resolveNodeSshPrivateKey(config);
  return new HetznerNodes(name, hetznerNodesArgs(name, config, { token, sshPrivateKey })).nodes;
}

function digitaloceanNodes(name: string, config: StackConfig): ClusterNodes {
  const token = resolveCredential(DIGITALOCEAN_TOKEN);
  const sshPrivateKey = resolveNodeSshPrivateKey(config);
  return new DigitalOceanNodes(name, digitalOceanNodesArgs(name, config, { token, sshPrivateKey })).nodes;
}

function existingNodes(name: string, config: StackConfig): ClusterNodes {
  // Required at `up`; a secret placeholder in previews and the offline plan, like the cloud tokens.
  const sshPrivateKey = resolveNodeSshPrivateKey(config);
  return new ExistingNodes(name, existingNodesArgs(config, { sshPrivateKey })).nodes;
}

export const NODE_FACTORIES: Record<CloudName, NodeFactory> = {
  hetzner,
  digitalocean: digitaloceanNodes,
  existing: existingNodes,
};
