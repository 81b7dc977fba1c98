import { strict as assert } from "node:assert";
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { ClusterNodes } from "../nodes/types";
import { runProgram } from "../testing/harness";
import { K3sCluster } from "./k3s-cluster";
import type { ClusterAccess } from "./types";

/** One server, built by hand: a stand-in host, literal addresses, a root SSH connection. */
function oneServer(): ClusterNodes {
  const host = new command.local.Command("s1-host", { create: "true" });
  const publicIp = pulumi.output("203.0.113.10");
  return {
    servers: [
      {
        name: "s1",
        role: "server",
        pool: "servers",
        publicIp,
        privateIp: pulumi.output("10.0.1.2"),
        privateInterface: "eth1",
        connection: { host: publicIp, user: "root", privateKey: pulumi.secret("fake-key") },
        labels: {},
        taints: [],
        dependsOn: [host],
      },
    ],
    agents: [],
    apiEndpoint: publicIp,
    tlsSans: pulumi.output([]),
    networkCidr: "10.0.0.0/16",
    externalCloudProvider: false,
    cloud: { kind: "none" },
  };
}

describe("ClusterAccess: what the k3s layer hands to the platform", () => {
  it("K3sCluster provides it: a secret kubeconfig at the API endpoint, a provider, the readiness handles", async () => {
    let provider: unknown;
    let ready: readonly pulumi.Resource[] = [];
    const r = await runProgram(
      () => {
        // Typed as the contract the platform layers take, so a K3sCluster that stops providing it fails to compile.
        const access: ClusterAccess = new K3sCluster("c", { nodes: oneServer() });
        provider = access.provider;
        ready = access.ready;
        return { kubeconfig: access.kubeconfig, apiServerUrl: access.apiServerUrl };
      },
      { stack: "test", preview: false, config: {} },
    );
    if (r.error) throw r.error;
    assert.ok(provider instanceof k8s.Provider);
    // The first server's readiness, then every node's host (destroy order only).
    assert.equal(ready.length, 2);
    assert.equal(r.outputs.apiServerUrl!.value, "https://203.0.113.10:6443");
    assert.equal(r.outputs.kubeconfig!.secret, true);
    assert.equal(parse(r.outputs.kubeconfig!.value as string).clusters[0].cluster.server, "https://203.0.113.10:6443");
    const readyUrns = await Promise.all(ready.map((x) => new Promise<string>((resolve) => x.urn.apply(resolve))));
    assert.deepEqual(readyUrns.map((u) => u.split("::").pop())[0], "c-s1-ready");
  });
});
