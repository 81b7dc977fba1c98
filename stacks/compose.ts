/**
 * composeCluster: the layers, in order, from the validated stack config and nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { K3sCluster } from "../components/k3s/k3s-cluster";
import { StackConfig } from "./config/schema";
import { NODE_FACTORIES } from "./node-factories";

export interface ComposedCluster {
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

export function composeCluster(config: StackConfig, stack: string = pulumi.getStack()): ComposedCluster {
  const name = `k3s-${stack}`;
  // Layer 0: nodes.
  const nodes = NODE_FACTORIES[config.cloud](name, config);
  // Layer 1: k3s.
  const cluster = new K3sCluster(name, { nodes, k3s: config.k3s, requirements: { disable: [] } });

  const outputs: Record<string, pulumi.Input<unknown>> = {
    kubeconfig: cluster.kubeconfig,
    apiEndpoint: cluster.apiServerUrl,
    serverAddresses: pulumi.all(nodes.servers.map((n) => n.publicIp)),
    agentAddresses: pulumi.all(nodes.agents.map((n) => n.publicIp)),
  };
  if (nodes.generatedSshPrivateKey) outputs.sshPrivateKey = nodes.generatedSshPrivateKey;
  return { outputs };
}
