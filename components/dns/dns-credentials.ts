/**
 * DnsCredentials (layer 3): the Route53 IAM user's keys as Kubernetes Secrets, one per namespace that needs them
 * (cert-manager's, for the DNS-01 ClusterIssuer; external-dns's). Secret data only; nothing on a command line.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError, Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";

/** The Secret's name and its two keys: what the ClusterIssuer and the external-dns values refer to. */
export const DNS_SECRET_NAME = "route53-credentials";
export const DNS_SECRET_KEYS = { accessKeyId: "access-key-id", secretAccessKey: "secret-access-key" } as const;

/** A Kubernetes namespace name: an RFC 1123 label, at most 63 characters. */
export const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A Kubernetes object name such as a Secret's: an RFC 1123 subdomain, at most 253 characters. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN_ACCEPTED = "must be a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253 characters)";
const DNS_LABEL_ACCEPTED = "must be a namespace name (lowercase letters, digits and '-', at most 63 characters)";

export interface DnsCredentialsArgs {
  /** The IAM access key id (Route53Dns.accessKeyId). */
  readonly accessKeyId: pulumi.Input<string>;
  /** The IAM secret access key (Route53Dns.secretAccessKey). Secret. */
  readonly secretAccessKey: pulumi.Input<string>;
  /** Namespaces that get the Secret, e.g. ["cert-manager", "external-dns"]. */
  readonly namespaces: readonly string[];
  /** Namespaces to create here, because no release owns them yet (external-dns comes later, from git). @default [] */
  readonly createNamespaces?: readonly string[];
  /** Provider for the cluster. */
  readonly provider: k8s.Provider;
  /** What must exist first (the cluster, the cert-manager release that owns its namespace). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** The Secrets' name. @default "route53-credentials" */
  readonly secretName?: string;
}

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateDnsCredentialsArgs(args: DnsCredentialsArgs): void {
  const problems = new Problems();
  for (const key of ["accessKeyId", "secretAccessKey"] as const) {
    const v = args[key];
    problems.check(v !== undefined && v !== null && v !== "", key, v, "must be the IAM access key's value (a non-empty string)", key === "secretAccessKey" && v !== undefined);
  }
  if (problems.check(Array.isArray(args.namespaces) && args.namespaces.length > 0, "namespaces", args.namespaces, "must list at least one namespace")) {
    args.namespaces.forEach((ns, i) => problems.check(typeof ns === "string" && DNS_LABEL.test(ns), `namespaces[${i}]`, ns, DNS_LABEL_ACCEPTED));
  }
  if (args.createNamespaces !== undefined) {
    if (problems.check(Array.isArray(args.createNamespaces), "createNamespaces", args.createNamespaces, "must be a list of namespace names")) {
      args.createNamespaces.forEach((ns, i) => {
        if (problems.check(typeof ns === "string" && DNS_LABEL.test(ns), `createNamespaces[${i}]`, ns, DNS_LABEL_ACCEPTED) && Array.isArray(args.namespaces)) {
          problems.check(args.namespaces.includes(ns), `createNamespaces[${i}]`, ns, "must be one of namespaces (a namespace created here is one that gets the Secret)");
        }
      });
    }
  }
  problems.check(args.provider !== undefined && args.provider !== null, "provider", args.provider, "must be the cluster's k8s.Provider");
  if (args.secretName !== undefined) problems.check(typeof args.secretName === "string" && DNS_SUBDOMAIN.test(args.secretName), "secretName", args.secretName, DNS_SUBDOMAIN_ACCEPTED);
  problems.throwIfAny("DnsCredentials");
}

/** The Secret bodies, sorted by namespace. Pure. */
export function renderDnsSecrets(namespaces: readonly string[], secretName: string = DNS_SECRET_NAME) {
  return [...new Set(namespaces)].sort().map((namespace) => ({
    metadata: { name: secretName, namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "k3s-gitops" } },
    type: "Opaque",
    keys: [DNS_SECRET_KEYS.accessKeyId, DNS_SECRET_KEYS.secretAccessKey],
  }));
}

export class DnsCredentials extends pulumi.ComponentResource {
  public readonly secretName: string;
  /** The namespaces holding a Secret, as given; `secrets` is sorted and de-duplicated, as renderDnsSecrets(namespaces). */
  public readonly namespaces: readonly string[];
  public readonly secrets: k8s.core.v1.Secret[];

  constructor(name: string, args: DnsCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateDnsCredentialsArgs(args);
    super(componentToken("k3s-gitops:dns:DnsCredentials"), name, {}, opts);
    this.secretName = args.secretName ?? DNS_SECRET_NAME;
    this.namespaces = [...args.namespaces];
    const child = { parent: this, provider: args.provider };
    const namespaces = [...new Set(args.createNamespaces ?? [])].sort().map(
      (ns) => new k8s.core.v1.Namespace(`${name}-${ns}`, { metadata: { name: ns } }, { ...child, dependsOn: args.dependsOn ?? [] }),
    );
    // Keys that arrive as Outputs are checked when they resolve.
    const stringData = pulumi.secret(
      pulumi.all([args.accessKeyId, args.secretAccessKey]).apply(([id, secret]) => {
        const empty = [
          ...(typeof id !== "string" || id === "" ? [{ path: "accessKeyId", value: id, accepted: "must be a non-empty string" }] : []),
          ...(typeof secret !== "string" || secret === "" ? [{ path: "secretAccessKey", value: secret, accepted: "must be a non-empty string", secret: true }] : []),
        ];
        if (empty.length > 0) throw new InputPropertiesError("DnsCredentials", empty);
        return { [DNS_SECRET_KEYS.accessKeyId]: id, [DNS_SECRET_KEYS.secretAccessKey]: secret };
      }),
    );
    this.secrets = renderDnsSecrets(args.namespaces, this.secretName).map(
      (s) =>
        new k8s.core.v1.Secret(
          `${name}-${s.metadata.namespace}`,
          { metadata: s.metadata, type: s.type, stringData },
          { ...child, dependsOn: [...(args.dependsOn ?? []), ...namespaces], additionalSecretOutputs: ["data", "stringData"] },
        ),
    );
    this.registerOutputs({ secretName: this.secretName });
  }

  /** The Secret in `namespace`, if it holds one. */
  public secretIn(namespace: string): k8s.core.v1.Secret | undefined {
    const index = renderDnsSecrets(this.namespaces, this.secretName).findIndex((s) => s.metadata.namespace === namespace);
    return index < 0 ? undefined : this.secrets[index];
  }
}
