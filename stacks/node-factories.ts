/**
 * One factory per cloud, each returning ClusterNodes. The only place that knows which clouds exist; nothing above
 * layer 0 asks.
 */
import * as pulumi from "@pulumi/pulumi";
import { DigitalOceanNodes } from "../components/nodes/digitalocean-nodes";
import { ExistingNodes } from "../components/nodes/existing-nodes";
import { HetznerNodes } from "../components/nodes/hetzner-nodes";
import { ClusterNodes } from "../components/nodes/types";
import { DIGITALOCEAN_TOKEN, HCLOUD_TOKEN, SSH_PRIVATE_KEY, resolveCredential } from "./config/credentials";
import { NAMESPACE } from "./config/errors";
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

/** The secret `sshPrivateKey`, or a clear error before any resource is registered. */
function sshPrivateKey(why: string): pulumi.Output<string> {
  const key = new pulumi.Config(NAMESPACE).getSecret("sshPrivateKey");
  if (key === undefined) {
    throw new pulumi.RunError(
      `${NAMESPACE}:sshPrivateKey is missing; ${why}. Run \`pulumi config set --secret sshPrivateKey < ~/.ssh/id_ed25519\`.`,
    );
  }
  return key;
}

function digitaloceanNodes(name: string, config: StackConfig): ClusterNodes {
  const token = resolveCredential(DIGITALOCEAN_TOKEN);
  const key = config.access.sshPublicKey !== undefined ? sshPrivateKey("access.sshPublicKey is set, so the install steps need its private key") : undefined;
  return new DigitalOceanNodes(name, {
    clusterName: name,
    servers: config.servers,
    agentPools: config.agentPools,
    access: config.access,
    digitalocean: config.digitalocean!,
    token,
    ...(key ? { sshPrivateKey: key } : {}),
  }).nodes;
}

function existingNodes(name: string, config: StackConfig): ClusterNodes {
  // A credential like the cloud tokens: required at `up`, a secret placeholder in previews and the offline plan.
  const key = resolveCredential(SSH_PRIVATE_KEY);
  return new ExistingNodes(name, { existing: config.existing!, sshPrivateKey: key }).nodes;
}

export const NODE_FACTORIES: Record<CloudName, NodeFactory> = {
  hetzner,
  digitalocean: digitaloceanNodes,
  existing: existingNodes,
};
