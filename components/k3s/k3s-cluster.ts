/**
 * K3sCluster (layer 1): installs k3s over SSH on the nodes layer 0 made, and hands back the kubeconfig, a Kubernetes
 * provider and the readiness handle layer 2 waits on.
 *
 * Per node, as `@pulumi/command` remote commands:
 *   cloud-init wait -> token files (secret, on stdin) ┐
 *                   -> config.yaml (not secret)      ┴-> install (pinned INSTALL_K3S_VERSION) -> wait until Ready
 * The first server starts the embedded etcd cluster (`cluster-init`). Every other server and every agent waits only for
 * the first server to be Ready, then joins it (or the API load balancer's private address) in parallel.
 *
 * Tokens: one server token, and a separate agent token (`agent-token-file` on servers). Agents only ever receive the
 * agent token, so a compromised agent cannot join the control plane. Both are random, secret, written to files by a
 * step that reads them from stdin, and never appear in a command line, a log or config.yaml.
 */
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createHash } from "crypto";
import type { ClusterNode, ClusterNodes } from "../nodes/types";
import { componentToken } from "../kernel/layers";
import { Cni, DEFAULT_CLUSTER_CIDR, DEFAULT_CNI, DEFAULT_SERVICE_CIDR } from "../kernel/cluster-network";
import { DEFAULT_K3S_VERSION, K3sPackagedComponent } from "./defaults";
import { apiServerUrl, rewriteKubeconfigServer } from "./kubeconfig";
import { extraArgsFor, renderK3sConfig } from "./render-config";
import {
  privileged,
  renderDrainNodeScript,
  renderInstallScript,
  renderReadKubeconfigScript,
  renderWaitForCloudInitScript,
  renderWaitForNodeScript,
  renderWriteConfigScript,
  renderWriteSecretFilesScript,
  tokenPathsFor,
} from "./scripts";
import type { ClusterAccess } from "./types";
import { checkResolvedPrivateIp, validateK3sClusterArgs } from "./validate-args";

export const K3S_CLUSTER_TOKEN = componentToken("k3s-gitops:k3s:K3sCluster");

/** Token length: alphanumeric only (no quoting trouble in files or URLs), long enough to be unguessable. */
export const TOKEN_LENGTH = 64;

/**
 * What the layers above ask of k3s itself: packaged components to turn off (k3s's Traefik when the platform brings
 * its own ingress, servicelb when a cloud controller or MetalLB answers LoadBalancer Services, local-storage when
 * another StorageClass is the default). The platform derives it from its own args (platformK3sRequirements).
 */
export interface K3sRequirements {
  /** Added to `disable` in every server's config.yaml. */
  readonly disable: readonly K3sPackagedComponent[];
}

export interface K3sClusterArgs {
  /**
   * The nodes layer 0 made: the `ClusterNodes` any node component returns (or one built by hand). At least one
   * server; the first server starts the embedded etcd cluster, every other node joins it.
   */
  readonly nodes: ClusterNodes;
  /**
   * The exact k3s release every node installs, e.g. `v1.36.4+k3s1` (no channel, no `latest`). A later change
   * neither reinstalls nor replaces a node: upgrades are the upgrade controller's job, and a node added later
   * installs the version pinned at that time.
   * @default DEFAULT_K3S_VERSION
   */
  readonly version?: string;
  /**
   * The CNI: k3s's built-in flannel (VXLAN over each node's private interface), or cilium, which k3s then leaves
   * room for (`flannel-backend: none`, `disable-network-policy`) and the cluster-core layer installs.
   * @default DEFAULT_CNI ("flannel", components/kernel/cluster-network.ts)
   */
  readonly cni?: Cni;
  /** Packaged components k3s must not deploy, on every server (`disable`). @default [] */
  readonly disable?: readonly K3sPackagedComponent[];
  /**
   * Extra `--name[=value]` flags for every server, and for agents where `k3s agent` accepts the flag (AGENT_FLAGS).
   * Repeatable flags (`--kubelet-arg`, `--kube-apiserver-arg`, ...) may repeat; no flag the layer manages itself
   * (RESERVED_K3S_FLAGS) is accepted, nor a `--flannel*` flag with cilium.
   * @default []
   */
  readonly extraArgs?: readonly string[];
  /** Extra flags for agents only, with the same rules as `extraArgs`. @default [] */
  readonly agentExtraArgs?: readonly string[];
  /**
   * The pod range (`cluster-cidr` on every server). Give the cloud controller and the CNI the same value.
   * @default DEFAULT_CLUSTER_CIDR (10.42.0.0/16, k3s's own; rendered explicitly)
   */
  readonly clusterCidr?: string;
  /** The service range (`service-cidr` on every server). @default DEFAULT_SERVICE_CIDR (10.43.0.0/16, k3s's own; rendered explicitly) */
  readonly serviceCidr?: string;
  /** What the layers above ask of k3s: its entries are added to `disable`. @default no extra entries */
  readonly requirements?: K3sRequirements;
}

/** The steps run for one node. */
interface NodeSteps {
  /** The prefix of the node's resource names. */
  readonly prefix: string;
  readonly install: command.remote.Command;
  readonly ready: command.remote.Command;
}

interface NodePlan {
  readonly node: ClusterNode;
  /** The node's property path in the args, e.g. `nodes.agents[1]` (for messages). */
  readonly path: string;
  readonly clusterInit: boolean;
  /** Joining nodes: the URL they join. */
  readonly joinUrl?: pulumi.Output<string>;
  /** What the install waits for besides the node's own steps (the first server being Ready). */
  readonly after: readonly pulumi.Resource[];
  /** The secret stdin for the token step: one token per line, in tokenPathsFor(role) order. */
  readonly tokens: pulumi.Output<string>;
}

/** A script as the connection's SSH user runs it: through `sudo -n` unless the user is root (see `privileged`). */
export function asUser(connection: command.types.input.remote.ConnectionArgs, script: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.all([connection.user, script]).apply(([user, text]) => privileged(text, user));
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The args with every default applied. */
interface ResolvedArgs {
  readonly nodes: ClusterNodes;
  readonly version: string;
  readonly cni: Cni;
  /** `disable` followed by `requirements.disable` (the renderer sorts and deduplicates). */
  readonly disable: readonly string[];
  readonly extraArgs: readonly string[];
  readonly agentExtraArgs: readonly string[];
  readonly clusterCidr: string;
  readonly serviceCidr: string;
}

export class K3sCluster extends pulumi.ComponentResource implements ClusterAccess {
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly ready: readonly pulumi.Resource[];
  public readonly apiServerUrl: pulumi.Output<string>;
  /** The rendered config.yaml per node name (not secret). */
  public readonly nodeConfigs: Readonly<Record<string, pulumi.Output<string>>>;
  /** The k3s release the nodes install (`version`, or DEFAULT_K3S_VERSION). */
  public readonly version: string;
  /** The CNI k3s is configured for (`cni`, or DEFAULT_CNI): what the cluster-core layer must match. */
  public readonly cni: Cni;

  private readonly args: ResolvedArgs;
  private readonly configs: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before anything is registered: a bad argument registers nothing.
    validateK3sClusterArgs(args);
    super(K3S_CLUSTER_TOKEN, name, {}, opts);
    this.configs = {};
    this.args = {
      nodes: args.nodes,
      version: args.version ?? DEFAULT_K3S_VERSION,
      cni: args.cni ?? DEFAULT_CNI,
      disable: [...(args.disable ?? []), ...(args.requirements?.disable ?? [])],
      extraArgs: args.extraArgs ?? [],
      agentExtraArgs: args.agentExtraArgs ?? [],
      clusterCidr: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      serviceCidr: args.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    };
    this.version = this.args.version;
    this.cni = this.args.cni;
    const { nodes } = this.args;
    const first = nodes.servers[0]!;

    const serverToken = new random.RandomPassword(`${name}-token`, { length: TOKEN_LENGTH, special: false }, { parent: this });
    const agentToken = new random.RandomPassword(`${name}-agent-token`, { length: TOKEN_LENGTH, special: false }, { parent: this });
    const serverTokens = pulumi.secret(pulumi.interpolate`${serverToken.result}\n${agentToken.result}\n`);
    const agentTokens = pulumi.secret(pulumi.interpolate`${agentToken.result}\n`);

    // Joining nodes use the API load balancer's private address when there is one, else the first server's.
    const joinUrl = (nodes.apiPrivateEndpoint ?? first.privateIp).apply((host) => apiServerUrl(host));

    const firstSteps = this.nodeSteps(name, { node: first, path: "nodes.servers[0]", clusterInit: true, after: [], tokens: serverTokens });
    const joiners = nodes.servers
      .slice(1)
      .map((node, i) =>
        this.nodeSteps(name, { node, path: `nodes.servers[${i + 1}]`, clusterInit: false, joinUrl, after: [firstSteps.ready], tokens: serverTokens }),
      );
    nodes.agents.forEach((node, i) => {
      const steps = this.nodeSteps(name, { node, path: `nodes.agents[${i}]`, clusterInit: false, joinUrl, after: [firstSteps.ready], tokens: agentTokens });
      // Removing an agent: this command is destroyed before the agent's server (it depends on it), and its delete
      // drains the node and removes it from Kubernetes, from the first server.
      new command.remote.Command(
        `${steps.prefix}-drain`,
        { connection: first.connection, delete: asUser(first.connection, renderDrainNodeScript({ nodeName: node.name })) },
        { parent: this, dependsOn: [steps.ready, ...node.dependsOn] },
      );
    });
    this.ready = [firstSteps.ready, ...joiners.map((s) => s.ready)];

    const readKubeconfig = new command.remote.Command(
      `${name}-kubeconfig`,
      { connection: first.connection, create: asUser(first.connection, renderReadKubeconfigScript()), logging: "none" },
      { parent: this, dependsOn: [firstSteps.ready], additionalSecretOutputs: ["stdout", "stderr"] },
    );
    this.apiServerUrl = nodes.apiEndpoint.apply((host) => apiServerUrl(host));
    this.kubeconfig = pulumi.secret(
      pulumi.all([readKubeconfig.stdout, this.apiServerUrl]).apply(([text, url]) => rewriteKubeconfigServer(text, url)),
    );
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: [...this.ready] });
    this.nodeConfigs = { ...this.configs };

    this.registerOutputs({ kubeconfig: this.kubeconfig, apiServerUrl: this.apiServerUrl });
  }

  /** Renders the node's config.yaml from its resolved addresses. */
  private renderConfig(plan: NodePlan): pulumi.Output<string> {
    const { nodes, cni, disable, extraArgs, agentExtraArgs, clusterCidr, serviceCidr } = this.args;
    const { node } = plan;
    return pulumi
      .all([node.privateIp, node.publicIp, plan.joinUrl ?? pulumi.output(undefined), nodes.tlsSans, nodes.apiEndpoint, nodes.apiPrivateEndpoint ?? pulumi.output("")])
      .apply(([privateIp, publicIp, serverUrl, tlsSans, apiEndpoint, apiPrivateEndpoint]) => {
        checkResolvedPrivateIp(`${plan.path}.privateIp`, privateIp);
        return renderK3sConfig({
          role: node.role,
          clusterInit: plan.clusterInit,
          serverUrl,
          nodeName: node.name,
          privateIp,
          publicIp,
          privateInterface: node.privateInterface,
          labels: node.labels,
          taints: node.taints,
          tlsSans: [...tlsSans, apiEndpoint, apiPrivateEndpoint].filter((s) => s !== ""),
          disable,
          cni,
          externalCloudProvider: nodes.externalCloudProvider,
          extraArgs: extraArgsFor(node.role, extraArgs, agentExtraArgs),
          clusterCidr,
          serviceCidr,
        });
      });
  }

  private nodeSteps(name: string, plan: NodePlan): NodeSteps {
    const { node } = plan;
    const { version, cni, nodes } = this.args;
    // Node names usually already start with the cluster's name (k3s-prod-server-1): do not repeat it.
    const prefix = node.name.startsWith(`${name}-`) ? node.name : `${name}-${node.name}`;
    const connection = node.connection;

    const cloudInit = new command.remote.Command(
      `${prefix}-cloud-init`,
      { connection, create: asUser(connection, renderWaitForCloudInitScript()) },
      { parent: this, dependsOn: [...node.dependsOn] },
    );
    // The tokens travel on stdin only; nothing is logged and every output that could carry them is secret.
    const token = new command.remote.Command(
      `${prefix}-token`,
      { connection, create: asUser(connection, renderWriteSecretFilesScript(tokenPathsFor(node.role))), stdin: plan.tokens, logging: "none" },
      { parent: this, dependsOn: [cloudInit], additionalSecretOutputs: ["stdin", "stdout", "stderr"] },
    );
    const config = this.renderConfig(plan);
    this.configs[node.name] = config;
    const writeConfig = new command.remote.Command(
      `${prefix}-config`,
      { connection, create: asUser(connection, renderWriteConfigScript()), stdin: config },
      { parent: this, dependsOn: [cloudInit] },
    );
    const configHash = config.apply(sha256);
    const createInstall =
      plan.joinUrl === undefined
        ? pulumi.output(renderInstallScript({ role: node.role, version }))
        : plan.joinUrl.apply((joinUrl) => renderInstallScript({ role: node.role, version, joinUrl }));
    // Re-runs: only the hash of this node's own config.yaml triggers a new install run (a replacement of this command,
    // which on an installed node just restarts k3s). `create` is in ignoreChanges because it carries the pinned
    // version: a version bump must neither re-run installs nor replace anything. Upgrades are the upgrade
    // controller's job; new nodes still install the version pinned at the time they are added.
    const install = new command.remote.Command(
      `${prefix}-install`,
      { connection, create: asUser(connection, createInstall), triggers: [configHash] },
      { parent: this, dependsOn: [token, writeConfig, ...plan.after], ignoreChanges: ["create"] },
    );
    // Servers check themselves; agents have no admin kubeconfig, so the first server checks them. With cilium the
    // nodes stay NotReady until layer 2 installs the CNI, so only registration is awaited then.
    const readyConnection = node.role === "server" ? connection : nodes.servers[0]!.connection;
    const ready = new command.remote.Command(
      `${prefix}-ready`,
      {
        connection: readyConnection,
        create: asUser(readyConnection, renderWaitForNodeScript({ nodeName: node.name, requireReady: cni !== "cilium" })),
        triggers: [configHash],
      },
      { parent: this, dependsOn: [install] },
    );
    return { prefix, install, ready };
  }
}
