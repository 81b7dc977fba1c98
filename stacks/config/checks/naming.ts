/**
 * Kubernetes naming rules for node labels and taints, and the labels a kubelet may not set on itself.
 *
 * Label keys: an optional DNS-subdomain prefix (at most 253 characters) and a name of at most 63 (Kubernetes
 * "Labels and Selectors", syntax and character set). Label and taint values: at most 63.
 *
 * NodeRestriction (Kubernetes admission controllers reference, "NodeRestriction"; research/convergence-destroy.md
 * section 9): kubelets may not set labels under `kubernetes.io` or `k8s.io` (or a subdomain) except kubernetes.io/
 * hostname, arch, os, the instance-type and topology region/zone labels, and the `kubelet.kubernetes.io/` and
 * `node.kubernetes.io/` prefixes; `node-restriction.kubernetes.io/` never. k3s registers node labels through the
 * kubelet, so a pool with a forbidden label never joins.
 */
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The labels NodeRestriction lets a kubelet set (admission-controllers reference, NodeRestriction). */
const KUBELET_LABELS = [
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
];
const KUBELET_PREFIXES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

/** Why a label key is not a valid Kubernetes label key, or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix) || prefix.split(".").some((l) => l.length > 63))) {
    return "has a prefix that is not a DNS subdomain of at most 253 characters (lowercase labels of at most 63, such as example.com)";
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return "has a name that is not 1 to 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric";
  return undefined;
}

/** Why a kubelet may not set this label on its own node, or undefined. */
export function nodeRestrictionProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash);
  const k8s = (d: string) => prefix === d || prefix.endsWith(`.${d}`);
  if (k8s("node-restriction.kubernetes.io")) return "uses the node-restriction.kubernetes.io prefix, which only administrators may set: the kubelet's registration is refused and the node never joins";
  if (!k8s("kubernetes.io") && !k8s("k8s.io")) return undefined;
  if (KUBELET_LABELS.includes(key) || KUBELET_PREFIXES.includes(prefix)) return undefined;
  return "is a kubernetes.io/k8s.io label that the NodeRestriction admission plugin forbids kubelets to set on themselves: the node never joins; use your own prefix (example.com/role) or the node.kubernetes.io/ prefix";
}

function labelProblems(labels: unknown, at: (string | number)[]): ConfigProblem[] {
  if (!isObject(labels)) return [];
  const out: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const bad = labelKeyProblem(key) ?? nodeRestrictionProblem(key);
    if (bad) out.push({ path: [...at, key], value: key, message: `is not an accepted node label key: it ${bad}` });
    else if (typeof value === "string" && value.length > 63) out.push({ path: [...at, key], value, message: "must be a label value of at most 63 characters" });
  }
  return out;
}

function taintProblems(taints: unknown, at: (string | number)[]): ConfigProblem[] {
  return asArray(taints).flatMap((t, i) => {
    if (typeof t !== "string") return [];
    const m = /^([^=:]+)(=([^:]*))?:(\w+)$/.exec(t);
    if (!m) return [];
    const bad = labelKeyProblem(m[1]!);
    if (bad) return [{ path: [...at, i], value: t, message: `has a key that ${bad}` }];
    if (m[3] !== undefined && m[3].length > 63) return [{ path: [...at, i], value: t, message: "has a value longer than 63 characters" }];
    return [];
  });
}

export function namingCheck(raw: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (isObject(raw.servers)) {
    out.push(...labelProblems(raw.servers.labels, ["servers", "labels"]), ...taintProblems(raw.servers.taints, ["servers", "taints"]));
  }
  asArray(raw.agentPools).forEach((p, i) => {
    if (isObject(p)) out.push(...labelProblems(p.labels, ["agentPools", i, "labels"]), ...taintProblems(p.taints, ["agentPools", i, "taints"]));
  });
  if (isObject(raw.existing)) {
    asArray(raw.existing.hosts).forEach((h, i) => {
      if (isObject(h)) out.push(...labelProblems(h.labels, ["existing", "hosts", i, "labels"]), ...taintProblems(h.taints, ["existing", "hosts", i, "taints"]));
    });
  }
  // Secret names the platform reads: DNS subdomains (Kubernetes "Object Names and IDs").
  const p = isObject(raw.platform) ? raw.platform : {};
  const secretName = (v: unknown, at: (string | number)[]) => {
    if (typeof v === "string" && (v.length > 253 || !DNS_SUBDOMAIN.test(v))) out.push({ path: at, value: v, message: "must be a Kubernetes object name: lowercase a-z, 0-9, '-' and '.', at most 253 characters" });
  };
  if (isObject(p.storage) && isObject(p.storage.smb)) secretName(p.storage.smb.secretName, ["platform", "storage", "smb", "secretName"]);
  const r53 = isObject(p.certManager) && isObject(p.certManager.route53) ? p.certManager.route53 : undefined;
  for (const key of ["accessKeyIdSecretRef", "secretAccessKeySecretRef"]) {
    if (r53 && isObject(r53[key])) secretName(r53[key].name, ["platform", "certManager", "route53", key, "name"]);
  }
  const css = isObject(p.externalSecrets) && isObject(p.externalSecrets.clusterSecretStore) ? p.externalSecrets.clusterSecretStore : undefined;
  if (css && typeof css.name === "string" && css.name.length > 253) out.push({ path: ["platform", "externalSecrets", "clusterSecretStore", "name"], value: css.name, message: "must be at most 253 characters" });
  return out;
}
