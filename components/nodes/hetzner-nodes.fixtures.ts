/**
 * Shared fixtures for the HetznerNodes tests (hetzner-nodes.test.ts, hetzner-nodes-validate.test.ts): prod-like and
 * dev-like args, and a program run. Not a test file; excluded from the package build.
 */
import * as pulumi from "@pulumi/pulumi";
import { RunResult, runProgram } from "../testing/harness";
import { RecordedResource } from "../testing/recorder";
import { HetznerNodes, HetznerNodesArgs } from "./hetzner-nodes";
import { ClusterNodes } from "./types";

export const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32", "198.51.100.0/24"] };

export function prodArgs(over: Partial<HetznerNodesArgs> = {}): Omit<HetznerNodesArgs, "token"> {
  return {
    clusterName: "k3s-prod",
    servers: { count: 3, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] },
    agentPools: [{ name: "workers", count: 2, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"], labels: { tier: "app" } }],
    access: ACCESS,
    networkZone: "eu-central",
    apiLoadBalancer: { enabled: true, type: "lb11", public: true },
    ...over,
  };
}

export function devArgs(): Omit<HetznerNodesArgs, "token"> {
  return prodArgs({
    clusterName: "k3s-dev",
    servers: { count: 1, size: "cx23", locations: ["fsn1"] },
    agentPools: [],
    apiLoadBalancer: { enabled: false },
  });
}

export interface Run extends RunResult {
  nodes?: ClusterNodes;
  ofType(t: string): RecordedResource[];
}

export async function run(args: Omit<HetznerNodesArgs, "token">): Promise<Run> {
  let nodes: ClusterNodes | undefined;
  const result = await runProgram(
    () => {
      nodes = new HetznerNodes(args.clusterName, { ...args, token: pulumi.secret("mock-hcloud-token") }).nodes;
      const out: Record<string, unknown> = {
        apiEndpoint: nodes.apiEndpoint,
        apiPrivateEndpoint: nodes.apiPrivateEndpoint,
        tlsSans: nodes.tlsSans,
        privateIps: pulumi.all([...nodes.servers, ...nodes.agents].map((n) => n.privateIp)),
        connectionKey: nodes.servers[0]!.connection.privateKey,
        hostKeys: pulumi.all([...nodes.servers, ...nodes.agents].map((n) => pulumi.output(n.connection.hostKey!))),
        firstServerIp: nodes.servers[0]!.publicIp,
        cloudToken: nodes.cloud.kind === "hetzner" ? nodes.cloud.token : undefined,
      };
      if (nodes.generatedSshPrivateKey) out.sshPrivateKey = nodes.generatedSshPrivateKey;
      return out;
    },
    { stack: "test", preview: false, config: {} },
  );
  return { ...result, nodes, ofType: (t) => result.resources.filter((r) => r.type === t) };
}
