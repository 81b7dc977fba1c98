/**
 * DnsCredentials (layer 3): the Route53 IAM user's keys as Kubernetes Secrets, one per namespace that needs them
 * (cert-manager's, for the DNS-01 ClusterIssuer; external-dns's). Secret data only; nothing on a command line.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentToken } from "../kernel/layers";

/** The Secret's name and its two keys: what the ClusterIssuer and the external-dns values refer to. */
export const DNS_SECRET_NAME = "route53-credentials";
export const DNS_SECRET_KEYS = { accessKeyId: "access-key-id", secretAccessKey: "secret-access-key" } as const;

export interface DnsCredentialsArgs {
  readonly accessKeyId: pulumi.Input<string>;
  readonly secretAccessKey: pulumi.Input<string>;
  /** Namespaces that get the Secret, e.g. ["cert-manager", "external-dns"]. */
  readonly namespaces: readonly string[];
  /** Namespaces to create here, because no release owns them yet (external-dns comes later, from git). */
  readonly createNamespaces?: readonly string[];
  readonly provider: k8s.Provider;
  /** What must exist first (the cluster, the cert-manager release that owns its namespace). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** @default route53-credentials */
  readonly secretName?: string;
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
  /** The namespaces holding a Secret; `secrets` is in the same (sorted) order as renderDnsSecrets(namespaces). */
  public readonly namespaces: readonly string[];
  public readonly secrets: k8s.core.v1.Secret[];

  constructor(name: string, args: DnsCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:dns:DnsCredentials"), name, {}, opts);
    this.secretName = args.secretName ?? DNS_SECRET_NAME;
    this.namespaces = [...args.namespaces];
    const child = { parent: this, provider: args.provider };
    const namespaces = [...new Set(args.createNamespaces ?? [])].sort().map(
      (ns) => new k8s.core.v1.Namespace(`${name}-${ns}`, { metadata: { name: ns } }, { ...child, dependsOn: args.dependsOn ?? [] }),
    );
    const stringData = pulumi.secret(
      pulumi.all([args.accessKeyId, args.secretAccessKey]).apply(([id, secret]) => ({
        [DNS_SECRET_KEYS.accessKeyId]: id,
        [DNS_SECRET_KEYS.secretAccessKey]: secret,
      })),
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
}
