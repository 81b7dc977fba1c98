/**
 * K3sCluster (layer 1): installs k3s over SSH on the nodes layer 0 made, and hands back the kubeconfig, a Kubernetes
 * provider and the readiness handle layer 2 waits on.
 *
 * Per node, as `@pulumi/command` remote commands:
 *   prepare (cloud-init wait, then config.yaml, not secret)
 *     -> install (token files from the secret stdin, verified installer, pinned version) -> ready
 * The first server starts the embedded etcd cluster (`cluster-init`). Once it is up, one step on it builds the
 * CA-pinned join tokens (`K10<sha256 of the cluster CA>::server:<secret>`, `...::node:<secret>`), a secret output.
 * Every other server and every agent joins the first server's private address with them, in parallel.
 *
 * Readiness is checked on each node itself (its service and kubelet health); one step on the first server then waits
 * for the expected node count. So no host ever serves one SSH session per node (sshd MaxStartups 10:30:100).
 * The provider and the layers above wait for the first server only, and depend on every node's host, so destroy still
 * removes them before any node (docs/dependencies.md says why each edge exists).
 *
 * Tokens: one server token, and a separate agent token (`agent-token-file` on servers). Agents only ever receive the
 * agent token, so a compromised agent cannot join the control plane. Both are random, secret, written to files by the
 * install step, which reads them from stdin, and never appear in a command line, a log or config.yaml.
 */
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createHash } from "crypto";
import type { ClusterNode, ClusterNodes } from "../nodes/types";
import { componentToken } from "../kernel/layers";
import { Cni, DEFAULT_CLUSTER_CIDR, DEFAULT_CNI, DEFAULT_SERVICE_CIDR } from "../kernel/cluster-network";
import { DEFAULT_K3S_VERSION } from "./defaults";
import { apiServerUrl, nameKubeconfig, rewriteKubeconfigServer } from "./kubeconfig";
import { EtcdSnapshotsConfig, extraArgsFor, renderK3sConfig } from "./render-config";
import {
  privileged,
  renderDrainNodeScript,
  renderInstallScript,
  renderReadKubeconfigScript,
  renderPrepareNodeScript,
  renderRefreshTokensScript,
  renderSecureTokensScript,
  renderWaitForEndpointScript,
  renderWaitForLocalNodeScript,
  renderWaitForNodeCountScript,
  renderWaitForNodeScript,
  serviceName,
  tokenPathsFor,
} from "./scripts";
import { DEFAULT_ETCD_SNAPSHOT_RETENTION, DEFAULT_ETCD_SNAPSHOT_SCHEDULE, ETCD_S3_CONFIG_SECRET, K3sClusterArgs } from "./k3s-cluster-args";
import type { ClusterAccess } from "./types";
import { checkResolvedPrivateIp, validateK3sClusterArgs } from "./validate-args";

// The args and their defaults live in k3s-cluster-args.ts; importers of this file still find them here.
export { DEFAULT_ETCD_SNAPSHOT_RETENTION, DEFAULT_ETCD_SNAPSHOT_SCHEDULE, ETCD_S3_CONFIG_SECRET } from "./k3s-cluster-args";
export type { EtcdSnapshotsArgs, EtcdSnapshotsS3Args, K3sClusterArgs, K3sRequirements } from "./k3s-cluster-args";

export const K3S_CLUSTER_TOKEN = componentToken("k3s-gitops:k3s:K3sCluster");

/** Token length: alphanumeric only (no quoting trouble in files or URLs), long enough to be unguessable. */
export const TOKEN_LENGTH = 64;

/** At most this many SSH sessions on one host at a time, at any cluster size (sshd MaxStartups 10:30:100, MaxSessions 10). */
export const MAX_SSH_SESSIONS_PER_HOST = 10;

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
  /** The secret stdin of the install step: one token per line, in tokenPathsFor(role) order. */
  readonly tokens: pulumi.Output<string>;
  /**
   * Where the node's readiness is checked: "self" runs `k3s kubectl get node` on the node (servers hold the admin
   * kubeconfig); "local" checks the node's own service and kubelet health (agents; no session on a server).
   */
  readonly readiness: "self" | "local";
}

/**
 * A script as the connection's SSH user runs it: through `sudo -n` unless the user is root (see `privileged`). Plain
 * in, plain out: the same value on the wire as an Output with no dependencies, without the Output's promises (the
 * plan registers several per node; issue 15).
 */
export function asUser(connection: command.types.input.remote.ConnectionArgs, script: pulumi.Input<string>): pulumi.Input<string> {
  const user = connection.user;
  if ((user === undefined || typeof user === "string") && typeof script === "string") return privileged(script, user);
  return pulumi.all([user, script]).apply(([u, text]) => privileged(text, u));
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
  readonly etcdSnapshots: EtcdSnapshotsConfig;
  readonly clusterCidr: string;
  readonly serviceCidr: string;
}

export class K3sCluster extends pulumi.ComponentResource implements ClusterAccess {
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly provider: k8s.Provider;
  public readonly ready: readonly pulumi.Resource[];
  /** The step on the first server that waits until every node has joined (what needs every node waits on it). */
  public readonly nodesReady: command.remote.Command;
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
      etcdSnapshots: {
        schedule: args.etcdSnapshots?.schedule ?? DEFAULT_ETCD_SNAPSHOT_SCHEDULE,
        retention: args.etcdSnapshots?.retention ?? DEFAULT_ETCD_SNAPSHOT_RETENTION,
        ...(args.etcdSnapshots?.s3 ? { s3ConfigSecret: ETCD_S3_CONFIG_SECRET } : {}),
      },
      clusterCidr: args.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      serviceCidr: args.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    };
    this.version = this.args.version;
    this.cni = this.args.cni;
    const { nodes } = this.args;
    const first = nodes.servers[0]!;

    const serverToken = new random.RandomPassword(`${name}-token`, { length: TOKEN_LENGTH, special: false }, { parent: this });
    const agentToken = new random.RandomPassword(`${name}-agent-token`, { length: TOKEN_LENGTH, special: false }, { parent: this });
    // The first server starts with the short (password-only) tokens: "only the short token format can be used when
    // starting the first server" (k3s-io/docs cli/token.md; research §4).
    const firstTokens = pulumi.secret(pulumi.interpolate`${serverToken.result}\n${agentToken.result}\n`);

    // Joining nodes go straight to the first server's private address: no wait for a load balancer's health check.
    const joinUrl = first.privateIp.apply((host) => apiServerUrl(host));

    const firstSteps = this.nodeSteps(name, { node: first, path: "nodes.servers[0]", clusterInit: true, after: [], tokens: firstTokens, readiness: "self" });

    // Once the first server is up: the CA-pinned tokens, built on it from its CA file, a secret output only.
    const secureTokens = new command.remote.Command(
      `${name}-join-tokens`,
      { connection: first.connection, create: asUser(first.connection, renderSecureTokensScript()), stdin: firstTokens, logging: "none" },
      { parent: this, dependsOn: [firstSteps.ready], additionalSecretOutputs: ["stdin", "stdout", "stderr"] },
    );
    const secure = secureTokens.stdout.apply((out) => {
      const [server, agent] = out.trim().split("\n");
      const shape = /^K10[0-9a-f]{64}::(server|node):\S+$/;
      if (!server || !agent || !shape.test(server) || !shape.test(agent)) {
        throw new Error(`${name}-join-tokens did not print two CA-pinned tokens (K10<hash>::server:…, K10<hash>::node:…)`);
      }
      return { server, agent };
    });
    // Joining servers: the pinned server token; their agent-token file holds the same short agent password as the
    // first server's (a critical value that must match on all servers). Agents: the pinned agent token only.
    const joinerTokens = pulumi.secret(pulumi.interpolate`${secure.server}\n${agentToken.result}\n`);
    const agentTokens = pulumi.secret(pulumi.interpolate`${secure.agent}\n`);

    const joiners = nodes.servers
      .slice(1)
      .map((node, i) =>
        this.nodeSteps(name, { node, path: `nodes.servers[${i + 1}]`, clusterInit: false, joinUrl, after: [firstSteps.ready], tokens: joinerTokens, readiness: "self" }),
      );
    const agents = nodes.agents.map((node, i) =>
      this.nodeSteps(name, { node, path: `nodes.agents[${i}]`, clusterInit: false, joinUrl, after: [firstSteps.ready], tokens: agentTokens, readiness: "local" }),
    );
    // Removing an agent: its drain command is destroyed before the agent's host (it depends on it), and its delete
    // drains the node and removes it from Kubernetes, from the first server. The drains form MAX_SSH_SESSIONS_PER_HOST
    // lanes (each depends on the one MAX_SSH_SESSIONS_PER_HOST before it), so destroying any number of agents opens
    // at most that many sessions on the first server at once.
    const drains: command.remote.Command[] = [];
    nodes.agents.forEach((node, i) => {
      const lane = i >= MAX_SSH_SESSIONS_PER_HOST ? [drains[i - MAX_SSH_SESSIONS_PER_HOST]!] : [];
      drains.push(
        new command.remote.Command(
          `${agents[i]!.prefix}-drain`,
          { connection: first.connection, delete: asUser(first.connection, renderDrainNodeScript({ nodeName: node.name })) },
          { parent: this, dependsOn: [agents[i]!.ready, ...node.dependsOn, ...lane] },
        ),
      );
    });
    // One command on the first server waits for the whole cluster: every node registered (and Ready with flannel).
    // It starts once every join's k3s has started (the installs), beside each node's own readiness check: it polls
    // the API itself, so it need not wait for those checks. Only what needs every node waits on it (prod's HA Argo
    // CD, whose redis-ha spreads over three nodes); a failed join still fails `pulumi up` here.
    const expected = nodes.servers.length + nodes.agents.length;
    this.nodesReady = new command.remote.Command(
      `${name}-nodes-ready`,
      {
        connection: first.connection,
        // No trigger: a new count changes the script, and the command provider re-runs `create` on an update
        // (pulumi-command v1.2.1 remote/commandController.go Update), replacing nothing.
        create: asUser(first.connection, renderWaitForNodeCountScript({ expected, requireReady: this.args.cni !== "cilium" })),
      },
      { parent: this, dependsOn: [...joiners.map((s) => s.install), ...agents.map((s) => s.install)] },
    );

    // Clients reach the API at apiEndpoint. Where that is a load balancer (nodes.apiDependsOn), wait for its health
    // check once, from the first server through its private address; otherwise it is the first server itself.
    const apiDeps = nodes.apiDependsOn ?? [];
    const apiWait: pulumi.Resource[] = [];
    if (apiDeps.length > 0 && nodes.apiPrivateEndpoint !== undefined) {
      const url = nodes.apiPrivateEndpoint.apply((host) => apiServerUrl(host));
      apiWait.push(
        new command.remote.Command(
          `${name}-api-endpoint`,
          { connection: first.connection, create: asUser(first.connection, url.apply((u) => renderWaitForEndpointScript({ url: u }))) },
          { parent: this, dependsOn: [firstSteps.ready, ...apiDeps] },
        ),
      );
    }
    // The layers above wait for the first server (and the load balancer where clients use it), and depend on every
    // node's host: creation does not queue behind the joins, and destroy still removes them before any node.
    const hosts = [...new Set([...nodes.servers, ...nodes.agents].flatMap((n) => [...n.dependsOn]))];
    this.ready = [firstSteps.ready, ...apiWait, ...apiDeps, ...hosts];

    const readKubeconfig = new command.remote.Command(
      `${name}-kubeconfig`,
      { connection: first.connection, create: asUser(first.connection, renderReadKubeconfigScript()), logging: "none" },
      { parent: this, dependsOn: [firstSteps.ready, ...apiWait], additionalSecretOutputs: ["stdout", "stderr"] },
    );
    this.apiServerUrl = nodes.apiEndpoint.apply((host) => apiServerUrl(host));
    const kubeconfigName = args.kubeconfigName ?? name;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([readKubeconfig.stdout, this.apiServerUrl])
        .apply(([text, url]) => nameKubeconfig(rewriteKubeconfigServer(text, url), kubeconfigName)),
    );
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: [...this.ready] });
    this.nodeConfigs = { ...this.configs };

    // S3 upload settings and keys: a Secret in kube-system, read by k3s at every snapshot (the Secret "does not need
    // to exist when K3s starts"; k3s ADR etcd-s3-secret.md, research §3). Keys as the ADR lists them.
    const s3 = args.etcdSnapshots?.s3;
    if (s3 !== undefined) {
      new k8s.core.v1.Secret(
        `${name}-etcd-s3`,
        {
          metadata: { name: ETCD_S3_CONFIG_SECRET, namespace: "kube-system" },
          type: "Opaque",
          stringData: {
            "etcd-s3-endpoint": s3.endpoint,
            "etcd-s3-bucket": s3.bucket,
            "etcd-s3-region": s3.region ?? "us-east-1",
            "etcd-s3-folder": s3.folder ?? "",
            "etcd-s3-access-key": pulumi.secret(s3.accessKeyId),
            "etcd-s3-secret-key": pulumi.secret(s3.secretAccessKey),
          },
        },
        { parent: this, provider: this.provider },
      );
    }

    this.registerOutputs({ kubeconfig: this.kubeconfig, apiServerUrl: this.apiServerUrl });
  }

  /** Renders the node's config.yaml from its resolved addresses. */
  private renderConfig(plan: NodePlan): pulumi.Output<string> {
    const { nodes, cni, disable, extraArgs, agentExtraArgs, etcdSnapshots, clusterCidr, serviceCidr } = this.args;
    const { node } = plan;
    // tls-san: the API's stable addresses and the node's own public address, never the other servers' (the first
    // server would wait for every server to exist). Each server adds its own names to the shared serving certificate
    // when it starts (k3s dynamiclistener; node-external-ip is a SAN, GHSA-m4hf-6vgr-75r2), with no re-run of the
    // first server's install.
    return pulumi
      .all([node.privateIp, node.publicIp, plan.joinUrl ?? pulumi.output(undefined), nodes.apiEndpoint, nodes.apiPrivateEndpoint ?? pulumi.output("")])
      .apply(([privateIp, publicIp, serverUrl, apiEndpoint, apiPrivateEndpoint]) => {
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
          tlsSans: [apiEndpoint, apiPrivateEndpoint, publicIp].filter((s) => s !== ""),
          disable,
          cni,
          externalCloudProvider: nodes.externalCloudProvider,
          extraArgs: extraArgsFor(node.role, extraArgs, agentExtraArgs),
          ...(node.role === "server" ? { etcdSnapshots } : {}),
          clusterCidr,
          serviceCidr,
        });
      });
  }

  private nodeSteps(name: string, plan: NodePlan): NodeSteps {
    const { node } = plan;
    const { version, cni } = this.args;
    // Node names usually already start with the cluster's name (k3s-prod-server-1): do not repeat it.
    const prefix = node.name.startsWith(`${name}-`) ? node.name : `${name}-${node.name}`;
    const connection = node.connection;

    // One session prepares the node: it waits for cloud-init, then writes config.yaml from stdin (not secret, so plans
    // and diffs show it). A new config changes stdin, and the command provider re-runs `create` on an update
    // (pulumi-command v1.2.1 remote/commandController.go Update).
    const config = this.renderConfig(plan);
    this.configs[node.name] = config;
    const prepare = new command.remote.Command(
      `${prefix}-prepare`,
      { connection, create: asUser(connection, renderPrepareNodeScript()), stdin: config },
      { parent: this, dependsOn: [...node.dependsOn] },
    );
    const configHash = config.apply(sha256);
    // The install carries the tokens, on stdin only, and writes them to their files first: a joining node's tokens
    // exist once the first server is up, and only the install needs them, so the node's prepare step runs meanwhile.
    // Nothing is logged and every output that could carry them is secret; a failure still reports the script's output
    // (pulumi-command v1.2.1 remote/commandOutputs.go run wraps stdout and stderr into the error). A change of the
    // tokens alone is an update, which runs `update` when it is set (remote/commandController.go Update): it restarts
    // k3s only if a token file really changed, so a stack whose installs did not carry the tokens yet (they were a
    // separate step) takes this layout without a restart of every node.
    const tokenPaths = tokenPathsFor(node.role);
    const createInstall =
      plan.joinUrl === undefined
        ? pulumi.output(renderInstallScript({ role: node.role, version, tokenPaths }))
        : plan.joinUrl.apply((joinUrl) => renderInstallScript({ role: node.role, version, joinUrl, tokenPaths }));
    // A failed install is retried by the next `pulumi up`: the script exits non-zero on any failure (download, digest,
    // installer run), pulumi-command v1.2.1 (remote/commandController.go Create) then returns that plain error, not an
    // infer.ResourceInitFailedError, and the engine records a partial state only for ErrorResourceInitFailed
    // (pulumi/pulumi resource plugin parseError). So the command is not saved as created.
    // Re-runs: only the hash of this node's own config.yaml triggers a new install run (a replacement of this command,
    // which on an installed node just restarts k3s). `create` is in ignoreChanges because it carries the pinned
    // version: a version bump must neither re-run installs nor replace anything. Upgrades are the upgrade
    // controller's job; new nodes still install the version pinned at the time they are added.
    const install = new command.remote.Command(
      `${prefix}-install`,
      {
        connection,
        create: asUser(connection, createInstall),
        // Only the tokens changed (stdin): refresh the files, restart k3s only if they differ (renderRefreshTokensScript).
        update: asUser(connection, renderRefreshTokensScript({ tokenPaths, service: serviceName(node.role) })),
        stdin: plan.tokens,
        logging: "none",
        triggers: [configHash],
      },
      { parent: this, dependsOn: [prepare, ...plan.after], ignoreChanges: ["create"], additionalSecretOutputs: ["stdin", "stdout", "stderr"] },
    );
    // Each node is checked on itself: servers ask their own API for their Node; agents check their own service and
    // kubelet health (no session on a server per agent). With cilium the nodes stay NotReady until layer 2 installs
    // the CNI, so servers only await registration then.
    const readyScript =
      plan.readiness === "self"
        ? renderWaitForNodeScript({ nodeName: node.name, requireReady: cni !== "cilium" })
        : renderWaitForLocalNodeScript({ role: node.role });
    const ready = new command.remote.Command(
      `${prefix}-ready`,
      { connection, create: asUser(connection, readyScript), triggers: [configHash] },
      { parent: this, dependsOn: [install] },
    );
    return { prefix, install, ready };
  }
}
