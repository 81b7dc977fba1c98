/**
 * The inputs whose change replaces a resource (delete and create, new id, new addresses) instead of updating it in
 * place, for every resource type this project registers. The plan diff (`diff.ts`) reads it.
 *
 * Exports:
 *   interface ReplaceRule { type?; typePattern?; family?; what; inputs; source; confirmed; note?; updateRuns? }
 *   REPLACE_ON_CHANGE: ReplaceRule[]                 the table (docs/offline-plan.md shows it)
 *   rulesFor(type: string): ReplaceRule[]            every rule that applies to a type, most specific first
 *   hasConfirmedRules(type: string): boolean         false: the diff cannot say whether a change replaces it
 *   renderReplaceTable(): string                     the markdown table in docs/offline-plan.md
 *
 * Inputs are Pulumi input paths (camelCase, dotted: `metadata.name`), as they appear in the plan's `inputs`.
 * Sources, checked for this table (a row is `confirmed` only when its source was read):
 *   - Terraform-bridged providers (hcloud, digitalocean, aws, random, tls): the upstream Terraform provider's schema,
 *     attributes with `ForceNew: true` (SDKv2) or a `RequiresReplace` plan modifier (plugin framework). The bridge
 *     turns those into replacements. hcloud: terraform-provider-hcloud v1.66.1, the version pulumi-hcloud v1.39.1
 *     bridges, same attributes on its main branch (2026-08).
 *   - pulumi-command: `provider:"replaceOnChanges"` on `triggers` (provider/pkg/provider/common/inputs.go, v1.2.1).
 *   - pulumi-kubernetes: provider/pkg/provider/diff.go (`forceNewProperties`), helm_release.go (`Diff`), and
 *     provider.go (`DiffConfig`) for the provider itself.
 *   - the engine: a resource whose provider is replaced is replaced too (pkg/resource/deploy/step_generator.go,
 *     `providerChanged`).
 */

export interface ReplaceRule {
  /** The exact type token. One of `type` and `typePattern`. */
  readonly type?: string;
  /** A family of types. One of `type` and `typePattern`. */
  readonly typePattern?: RegExp;
  /** The family in words, for the docs table (with typePattern). */
  readonly family?: string;
  /** What the row covers, for people. */
  readonly what: string;
  /** Input paths whose change replaces the resource. Empty: nothing does (an update in place). */
  readonly inputs: readonly string[];
  readonly source: string;
  /** True when the source was read for this table; false rows are guesses the diff marks as such. */
  readonly confirmed: boolean;
  /** What else a reviewer should know (in-place changes that still hurt, conditions). */
  readonly note?: string;
  /** Set when an update of this type runs something again (a command re-runs its script). */
  readonly updateRuns?: string;
}

const TF_HCLOUD = "terraform-provider-hcloud v1.66.1 schema, ForceNew";
const TF_DO = "terraform-provider-digitalocean schema (main, 2026-08), ForceNew";
const TF_AWS = "terraform-provider-aws schema, ForceNew";
const K8S_DIFF = "pulumi-kubernetes provider/pkg/provider/diff.go forceNewProperties";

/** Kubernetes objects the provider manages one by one (not Helm releases, not the yaml/kustomize components). */
const K8S_OBJECT = /^kubernetes:(?!helm\.sh\/|yaml\/|kustomize\/)[^:]+:[^:]+$/;

export const REPLACE_ON_CHANGE: readonly ReplaceRule[] = [
  // Hetzner Cloud
  {
    type: "hcloud:index/server:Server",
    what: "Hetzner server",
    inputs: ["location", "image", "userData", "sshKeys", "datacenter"],
    source: `${TF_HCLOUD} (internal/server/resource.go)`,
    confirmed: true,
    note: "serverType is not a replacement: an update powers the server off and resizes it in place (resourceServerUpdate). The project ignores changes to userData, image and sshKeys (ignoreChanges), so only a location change replaces a node.",
  },
  { type: "hcloud:index/network:Network", what: "Hetzner network", inputs: ["ipRange"], source: `${TF_HCLOUD} (internal/network/resource.go)`, confirmed: true },
  {
    type: "hcloud:index/networkSubnet:NetworkSubnet",
    what: "Hetzner subnet",
    inputs: ["networkId", "type", "networkZone", "ipRange", "vswitchId"],
    source: `${TF_HCLOUD} (internal/network/resource_subnet.go)`,
    confirmed: true,
  },
  {
    type: "hcloud:index/placementGroup:PlacementGroup",
    what: "Hetzner placement group",
    inputs: [],
    source: "terraform-provider-hcloud v1.66.1 internal/placementgroup/resource.go: no ForceNew attribute",
    confirmed: true,
    note: "type is not ForceNew and the update ignores it; spread is the only valid value today, so it cannot change.",
  },
  { type: "hcloud:index/firewall:Firewall", what: "Hetzner firewall", inputs: [], source: "terraform-provider-hcloud v1.66.1 internal/firewall/resource.go: no ForceNew attribute", confirmed: true },
  { type: "hcloud:index/sshKey:SshKey", what: "Hetzner SSH key", inputs: ["publicKey"], source: "terraform-provider-hcloud v1.66.1 internal/sshkey/resource.go, RequiresReplace", confirmed: true },
  { type: "hcloud:index/loadBalancer:LoadBalancer", what: "Hetzner load balancer", inputs: ["location", "networkZone"], source: `${TF_HCLOUD} (internal/loadbalancer/resource.go)`, confirmed: true },
  {
    type: "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork",
    what: "load balancer network attachment",
    inputs: ["loadBalancerId", "networkId", "subnetId", "ip"],
    source: "terraform-provider-hcloud v1.66.1 internal/loadbalancer/resource_network.go, RequiresReplace",
    confirmed: true,
  },
  {
    type: "hcloud:index/loadBalancerService:LoadBalancerService",
    what: "load balancer service",
    inputs: ["loadBalancerId", "protocol", "listenPort"],
    source: `${TF_HCLOUD} (internal/loadbalancer/resource_service.go)`,
    confirmed: true,
  },
  {
    type: "hcloud:index/loadBalancerTarget:LoadBalancerTarget",
    what: "load balancer target",
    inputs: ["loadBalancerId", "serverId", "labelSelector", "ip"],
    source: `${TF_HCLOUD} (internal/loadbalancer/resource_target.go)`,
    confirmed: true,
  },
  // DigitalOcean
  {
    type: "digitalocean:index/droplet:Droplet",
    what: "DigitalOcean droplet",
    inputs: ["region", "image", "sshKeys", "userData", "vpcUuid", "monitoring", "dropletAgent", "publicNetworking", "gpuPartitionMode"],
    source: `${TF_DO} (digitalocean/droplet/resource_droplet.go)`,
    confirmed: true,
    note: "size is an in-place resize. The project ignores changes to image, sshKeys and userData (ignoreChanges).",
  },
  { type: "digitalocean:index/vpc:Vpc", what: "DigitalOcean VPC", inputs: ["region", "ipRange"], source: `${TF_DO} (digitalocean/vpc/resource_vpc.go)`, confirmed: true },
  { type: "digitalocean:index/firewall:Firewall", what: "DigitalOcean firewall", inputs: [], source: "terraform-provider-digitalocean (main, 2026-08) digitalocean/firewall/resource_firewall.go: no ForceNew attribute", confirmed: true },
  { type: "digitalocean:index/sshKey:SshKey", what: "DigitalOcean SSH key", inputs: ["publicKey"], source: `${TF_DO} (digitalocean/sshkey/resource_ssh_key.go)`, confirmed: true },
  { type: "digitalocean:index/tag:Tag", what: "DigitalOcean tag", inputs: ["name"], source: `${TF_DO} (digitalocean/tag/resource_tag.go)`, confirmed: true },
  {
    type: "digitalocean:index/loadBalancer:LoadBalancer",
    what: "DigitalOcean load balancer",
    inputs: ["region", "vpcUuid", "subnetUuid", "ip", "type", "network", "networkStack"],
    source: `${TF_DO} (digitalocean/loadbalancer/resource_loadbalancer.go)`,
    confirmed: true,
  },
  // AWS
  { type: "aws:route53/record:Record", what: "Route 53 record", inputs: ["name", "zoneId"], source: `${TF_AWS} (internal/service/route53/record.go)`, confirmed: true, note: "type is not ForceNew there." },
  { type: "aws:iam/accessKey:AccessKey", what: "IAM access key", inputs: ["user", "pgpKey"], source: `${TF_AWS} (internal/service/iam/access_key.go)`, confirmed: true },
  { type: "aws:iam/policy:Policy", what: "IAM policy", inputs: ["name", "namePrefix", "path", "description"], source: `${TF_AWS} (internal/service/iam/policy.go)`, confirmed: true },
  { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", what: "IAM policy attachment", inputs: ["user", "policyArn"], source: `${TF_AWS} (internal/service/iam/user_policy_attachment.go)`, confirmed: true },
  { type: "aws:iam/user:User", what: "IAM user", inputs: [], source: "not checked", confirmed: false },
  { typePattern: /^aws:s3\//, family: "`aws:s3/*`", what: "S3 state bucket and its settings", inputs: [], source: "not checked", confirmed: false },
  // random, tls
  {
    type: "random:index/randomPassword:RandomPassword",
    what: "random password",
    inputs: ["keepers", "length", "special", "upper", "lower", "number", "numeric", "minNumeric", "minUpper", "minLower", "minSpecial", "overrideSpecial"],
    source: "terraform-provider-random internal/provider/resource_password.go, RequiresReplace",
    confirmed: true,
    note: "A new password is a new k3s token: nodes that join later would not match the running cluster.",
  },
  { type: "random:index/randomBytes:RandomBytes", what: "random bytes", inputs: ["keepers", "length"], source: "terraform-provider-random internal/provider/resource_bytes.go, RequiresReplace", confirmed: true },
  { type: "tls:index/privateKey:PrivateKey", what: "private key", inputs: ["algorithm", "rsaBits", "ecdsaCurve"], source: "terraform-provider-tls internal/provider/resource_private_key.go, RequiresReplace", confirmed: true },
  // Commands
  {
    typePattern: /^command:(remote|local):Command$/,
    family: "`command:remote:Command`, `command:local:Command`",
    what: "remote or local command",
    inputs: ["triggers"],
    source: "pulumi-command v1.2.1 provider/pkg/provider/common/inputs.go: triggers is replaceOnChanges",
    confirmed: true,
    updateRuns: "its `update` script, or `create` again when there is none (remote/commandController.go Update)",
  },
  // Kubernetes
  {
    type: "pulumi:providers:kubernetes",
    what: "Kubernetes provider",
    inputs: ["kubeconfig", "context", "cluster", "clusterIdentifier", "renderYamlToDirectory"],
    source: "pulumi-kubernetes provider/pkg/provider/provider.go DiffConfig",
    confirmed: true,
    note: "kubeconfig replaces the provider only when its active cluster changes or it is unknown at preview; a replaced provider replaces every resource it manages (engine step_generator.go providerChanged).",
  },
  { type: "kubernetes:helm.sh/v3:Release", what: "Helm release", inputs: ["name", "namespace"], source: "pulumi-kubernetes provider/pkg/provider/helm_release.go Diff (forceNewFields)", confirmed: true },
  { type: "kubernetes:core/v1:Secret", what: "Secret", inputs: ["type", "data", "stringData"], source: `${K8S_DIFF} (Secrets are immutable unless the provider sets enableSecretMutable; this project's does not)`, confirmed: true },
  { typePattern: /^kubernetes:rbac\.authorization\.k8s\.io\/v1:(Cluster)?RoleBinding$/, family: "`kubernetes:rbac.authorization.k8s.io/v1:RoleBinding`, `...:ClusterRoleBinding`", what: "role bindings", inputs: ["roleRef"], source: K8S_DIFF, confirmed: true },
  { type: "kubernetes:storage.k8s.io/v1:StorageClass", what: "storage class", inputs: ["parameters", "provisioner"], source: K8S_DIFF, confirmed: true },
  { type: "kubernetes:batch/v1:Job", what: "Job", inputs: ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"], source: K8S_DIFF, confirmed: true },
  { typePattern: K8S_OBJECT, family: "every `kubernetes:<group>/<version>:<Kind>` object (not Helm releases, yaml or kustomize components)", what: "every Kubernetes object", inputs: ["metadata.name", "metadata.namespace"], source: `${K8S_DIFF} (metadataForceNewProperties)`, confirmed: true, note: "Patch resources (`*Patch`) replace on these only; every other field updates in place (provider.go Diff)." },
  { typePattern: /^kubernetes:(yaml|kustomize)\/v2:/, family: "`kubernetes:yaml/v2:*`, `kubernetes:kustomize/v2:*`", what: "yaml/kustomize components", inputs: [], source: "components: their objects are diffed one by one by the provider, not shown in the plan", confirmed: false },
  { typePattern: /^pulumi:providers:(?!kubernetes$)/, family: "other `pulumi:providers:*`", what: "other providers", inputs: [], source: "not checked", confirmed: false },
  { typePattern: /^pulumiservice:/, family: "`pulumiservice:*`", what: "Pulumi Cloud settings", inputs: [], source: "not checked", confirmed: false },
];

function applies(rule: ReplaceRule, type: string): boolean {
  return rule.type !== undefined ? rule.type === type : (rule.typePattern?.test(type) ?? false);
}

/** Every rule for a type: exact rows first, then families, in table order. */
export function rulesFor(type: string): ReplaceRule[] {
  return [...REPLACE_ON_CHANGE.filter((r) => r.type === type), ...REPLACE_ON_CHANGE.filter((r) => r.type === undefined && applies(r, type))];
}

/** True when some confirmed row covers the type (so "no replacing input changed" means "no replacement"). */
export function hasConfirmedRules(type: string): boolean {
  return rulesFor(type).some((r) => r.confirmed);
}

/** The markdown table of docs/offline-plan.md. Pure. */
export function renderReplaceTable(): string {
  const lines = ["| type | replaced when these inputs change | source | note |", "|---|---|---|---|"];
  for (const r of REPLACE_ON_CHANGE) {
    const type = r.type !== undefined ? `\`${r.type}\`` : (r.family ?? r.what);
    const inputs = r.inputs.length > 0 ? r.inputs.map((i) => `\`${i}\``).join(", ") : "none (updates in place)";
    const source = r.confirmed ? r.source : `**unconfirmed**: ${r.source}`;
    const note = [r.note, r.updateRuns ? `An update runs ${r.updateRuns}.` : undefined].filter(Boolean).join(" ");
    lines.push(`| ${type} | ${r.confirmed ? inputs : "unknown"} | ${source} | ${note.replace(/\|/g, "\\|")} |`);
  }
  return lines.join("\n");
}

if (require.main === module) process.stdout.write(`${renderReplaceTable()}\n`);
