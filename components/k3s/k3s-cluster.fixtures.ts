/**
 * Shared fixtures for the K3sCluster tests (k3s-cluster.test.ts, k3s-cluster-steps.test.ts): a hand-built ClusterNodes,
 * a program run, and lookups over the recorded resources. Not a test file; excluded from the package build.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { ClusterNode, ClusterNodes } from "../nodes/types";
import { RunResult, runProgram } from "../testing/harness";
import { RecordedResource, plainInputs } from "../testing/recorder";
import { K3sCluster, K3sClusterArgs } from "./k3s-cluster";

export const VERSION = "v1.36.4+k3s1";
export const CMD = "command:remote:Command";
export const LB_PUBLIC = "203.0.113.200";
export const LB_PRIVATE = "10.0.1.254";

export interface Shape {
  readonly servers: number;
  readonly agents: number;
  readonly lb?: boolean;
  readonly externalCloudProvider?: boolean;
  /** K3sCluster's own args on top of the defaults below. */
  readonly args?: Partial<Omit<K3sClusterArgs, "nodes">>;
}

/**
 * A ClusterNodes literal built by hand (no node component): a stand-in host resource per node (so dependsOn is
 * real), plain Output addresses, an SSH connection with a secret key.
 */
export function fakeNodes(shape: Shape): ClusterNodes {
  const make = (role: "server" | "agent", i: number): ClusterNode => {
    const name = role === "server" ? `k3s-test-server-${i + 1}` : `k3s-test-workers-${i + 1}`;
    const host = new command.local.Command(`${name}-host`, { create: "true" });
    const publicIp = pulumi.output(`203.0.113.${(role === "server" ? 10 : 100) + i}`);
    return {
      name,
      role,
      pool: role === "server" ? "servers" : "workers",
      publicIp,
      privateIp: pulumi.output(`10.0.1.${(role === "server" ? 2 : 100) + i}`),
      privateInterface: "enp7s0",
      connection: { host: publicIp, user: "root", privateKey: pulumi.secret("mock-openssh-private-key:fake") },
      labels: { "k3s-gitops/pool": role === "server" ? "servers" : "workers" },
      taints: [],
      dependsOn: [host],
    };
  };
  const servers = Array.from({ length: shape.servers }, (_, i) => make("server", i));
  const agents = Array.from({ length: shape.agents }, (_, i) => make("agent", i));
  return {
    servers,
    agents,
    apiEndpoint: pulumi.output(shape.lb ? LB_PUBLIC : "203.0.113.10"),
    apiPrivateEndpoint: shape.lb ? pulumi.output(LB_PRIVATE) : undefined,
    tlsSans: pulumi.output(shape.lb ? [LB_PUBLIC] : []),
    networkCidr: "10.0.0.0/16",
    externalCloudProvider: shape.externalCloudProvider ?? true,
    cloud: { kind: "none" },
  };
}

export async function run(shape: Shape): Promise<RunResult> {
  const result = await runProgram(
    () => {
      const cluster = new K3sCluster("k3s-test", {
        nodes: fakeNodes(shape),
        version: VERSION,
        cni: "flannel",
        disable: ["traefik"],
        requirements: { disable: ["local-storage"] },
        ...shape.args,
      });
      return {
        kubeconfig: cluster.kubeconfig,
        apiServerUrl: cluster.apiServerUrl,
        readyCount: cluster.ready.length,
        version: cluster.version,
        cni: cluster.cni,
      };
    },
    { stack: "test", preview: false, config: {} },
  );
  if (result.error) throw result.error;
  return result;
}

export const named = (r: RunResult, name: string): RecordedResource => {
  const found = r.resources.find((x) => x.name === name);
  if (!found) throw new Error(`no ${name}; have ${r.resources.map((x) => x.name).join(", ")}`);
  return found;
};
export const commands = (r: RunResult) => r.resources.filter((x) => x.type === CMD);
/** The config.yaml a node's prepare step writes (its stdin), parsed. */
export const configOf = (r: RunResult, node: string) => parse(plainInputs(named(r, `${node}-prepare`)).stdin as string);

export function depth(r: RunResult, res: RecordedResource, memo = new Map<string, number>()): number {
  if (memo.has(res.urn)) return memo.get(res.urn)!;
  let best = 0;
  for (const d of res.dependencies) {
    const dep = r.resources.find((x) => x.urn === d);
    if (dep) best = Math.max(best, 1 + depth(r, dep, memo));
  }
  memo.set(res.urn, best);
  return best;
}

export function waitsFor(r: RunResult, from: RecordedResource, to: RecordedResource): boolean {
  const seen = new Set<string>();
  const stack = [...from.dependencies];
  while (stack.length > 0) {
    const urn = stack.pop()!;
    if (urn === to.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    stack.push(...(r.resources.find((x) => x.urn === urn)?.dependencies ?? []));
  }
  return false;
}

