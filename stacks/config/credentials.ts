/**
 * Cloud credentials: from `pulumi config set --secret` or the provider's standard environment variable, always as
 * secret Outputs. A missing credential fails `pulumi up` with a message that says how to set it; previews and the
 * offline plan carry on with a secret placeholder, so a pull request from a fork can still be planned.
 */
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "./errors";

export interface CredentialSpec {
  /** The secret config key under `k3s-gitops:`. */
  readonly key: string;
  /** The provider's standard environment variable. */
  readonly env: string;
  /** What it is for, in the error message. */
  readonly purpose: string;
}

export const PLACEHOLDER_CREDENTIAL = "offline-placeholder-credential";

export class MissingCredentialError extends pulumi.RunError {
  constructor(spec: CredentialSpec) {
    super(
      `${NAMESPACE}:${spec.key} is missing; ${spec.purpose} needs it. ` +
        `Export ${spec.env}, or run \`pulumi config set --secret ${spec.key} <value>\`.`,
    );
    this.name = "MissingCredentialError";
  }
}

/** Resolves a credential as a secret Output, or throws MissingCredentialError outside previews. */
export function resolveCredential(spec: CredentialSpec, env: NodeJS.ProcessEnv = process.env): pulumi.Output<string> {
  const config = new pulumi.Config(NAMESPACE);
  const fromConfig = config.getSecret(spec.key);
  if (fromConfig !== undefined) return fromConfig;
  const fromEnv = env[spec.env];
  if (fromEnv !== undefined && fromEnv !== "") return pulumi.secret(fromEnv);
  if (!pulumi.runtime.isDryRun()) throw new MissingCredentialError(spec);
  pulumi.log.warn(`${spec.env} is not set: previewing with a placeholder ${spec.purpose} credential.`);
  return pulumi.secret(PLACEHOLDER_CREDENTIAL);
}

export const HCLOUD_TOKEN: CredentialSpec = { key: "hcloudToken", env: "HCLOUD_TOKEN", purpose: "Hetzner Cloud (nodes, cloud controller, CSI)" };
export const DIGITALOCEAN_TOKEN: CredentialSpec = { key: "digitaloceanToken", env: "DIGITALOCEAN_TOKEN", purpose: "DigitalOcean (droplets, cloud controller, CSI)" };
export const AWS_ACCESS_KEY_ID: CredentialSpec = { key: "awsAccessKeyId", env: "AWS_ACCESS_KEY_ID", purpose: "AWS Route53 (DNS records, the external-dns/cert-manager IAM user)" };
export const AWS_SECRET_ACCESS_KEY: CredentialSpec = { key: "awsSecretAccessKey", env: "AWS_SECRET_ACCESS_KEY", purpose: "AWS Route53 (DNS records, the external-dns/cert-manager IAM user)" };
export const GIT_SSH_PRIVATE_KEY: CredentialSpec = { key: "gitSshPrivateKey", env: "GIT_SSH_PRIVATE_KEY", purpose: "the GitOps repository (SSH deploy key)" };
export const GIT_HTTPS_TOKEN: CredentialSpec = { key: "gitHttpsToken", env: "GIT_HTTPS_TOKEN", purpose: "the GitOps repository (HTTPS token)" };

/** etcd snapshot uploads (k3s.etcdSnapshots.s3): any S3-compatible store, so not the AWS_* variables Route53 uses. */
export const ETCD_S3_ACCESS_KEY_ID: CredentialSpec = {
  key: "etcdS3AccessKeyId",
  env: "K3S_GITOPS_ETCD_S3_ACCESS_KEY_ID",
  purpose: "etcd snapshot uploads to S3 (k3s.etcdSnapshots.s3)",
};
export const ETCD_S3_SECRET_ACCESS_KEY: CredentialSpec = {
  key: "etcdS3SecretAccessKey",
  env: "K3S_GITOPS_ETCD_S3_SECRET_ACCESS_KEY",
  purpose: "etcd snapshot uploads to S3 (k3s.etcdSnapshots.s3)",
};

/** The SSH key for hosts this project did not create (cloud: existing, or a supplied access.sshPublicKey). */
export const SSH_PRIVATE_KEY: CredentialSpec = {
  key: "sshPrivateKey",
  env: "K3S_GITOPS_SSH_PRIVATE_KEY",
  purpose: "SSH to the nodes (and bastion) with the key they accept",
};

/** A secret config value that may be absent: no environment fallback, no placeholder. */
export interface OptionalSecretSpec {
  /** The secret config key under `k3s-gitops:`. */
  readonly key: string;
  /** What it is for, and what happens without it. */
  readonly purpose: string;
}

/** The SOPS age identity (`AGE-SECRET-KEY-1...`): `pulumi config set --secret ageKey "$(cat key.txt)"`. */
export const AGE_KEY: OptionalSecretSpec = { key: "ageKey", purpose: "the SOPS age identity the GitOps engine decrypts with; absent: the platform generates one" };

/** An optional secret config value as a secret Output, or undefined when it is not set. */
export function resolveOptionalSecret(spec: OptionalSecretSpec): pulumi.Output<string> | undefined {
  // The offline plan cannot decrypt `secure:` values and stands PLACEHOLDER_CREDENTIAL in for them: plan as if the
  // value were absent (an ageKey is then generated), rather than fail parsing the placeholder inside an apply.
  const raw = pulumi.runtime.allConfig()[`${NAMESPACE}:${spec.key}`];
  if (raw === PLACEHOLDER_CREDENTIAL && pulumi.runtime.isDryRun()) return undefined;
  return new pulumi.Config(NAMESPACE).getSecret(spec.key);
}

/**
 * The node SSH private key: the one place the program reads it. The rule: it is needed when the nodes accept a key
 * this program does not generate, that is when access.sshPublicKey is given or the cloud is `existing`; then it is the
 * SSH_PRIVATE_KEY credential (secret config `sshPrivateKey`, or its environment variable), required at `up`.
 * Otherwise undefined, and the node component generates a key pair.
 */
export function resolveNodeSshPrivateKey(
  config: { readonly cloud: string; readonly access: { readonly sshPublicKey?: string } },
  env: NodeJS.ProcessEnv = process.env,
): pulumi.Output<string> | undefined {
  const needed = config.cloud === "existing" || config.access.sshPublicKey !== undefined;
  return needed ? resolveCredential(SSH_PRIVATE_KEY, env) : undefined;
}

/**
 * The private-key formats the SSH clients here read. They are Go programs (the pulumi-command provider, Argo CD's
 * repo server, Flux's source-controller) on golang.org/x/crypto/ssh, whose ParseRawPrivateKey switches on the PEM
 * block type: RSA PRIVATE KEY (PKCS#1), PRIVATE KEY (PKCS#8), EC PRIVATE KEY (SEC 1) and OPENSSH PRIVATE KEY
 * (`ssh-keygen`'s default format); any other type is "ssh: unsupported key type".
 */
export const PRIVATE_KEY_BLOCKS = ["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"] as const;

/**
 * Why `value` is not an SSH private key, or undefined when it is one: one PEM/OpenSSH block of an accepted type,
 * with its END line. The answer never quotes the value (the caller prints "(hidden)"). Pure.
 */
export function privateKeyFormatProblem(value: string): string | undefined {
  const text = value.trim();
  const begin = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n/.exec(text);
  const accepted = "an OpenSSH or PEM private key: the whole file ssh-keygen wrote, from its BEGIN line to its END line (OpenSSH, or RSA, EC or PKCS#8 PEM)";
  if (!begin) {
    if (/^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-|sk-)/.test(text)) return `holds a public key, not the private one; must be ${accepted}`;
    return `must be ${accepted}`;
  }
  const type = begin[1]!;
  if (type === "ENCRYPTED PRIVATE KEY") return "holds a passphrase-protected PKCS#8 key; the SSH clients here take no passphrase, so remove it (ssh-keygen -p -N '' -f <file>)";
  if (!(PRIVATE_KEY_BLOCKS as readonly string[]).includes(type)) return `holds a ${type} block; must be ${accepted}`;
  const end = `-----END ${type}-----`;
  if (!text.endsWith(end)) return `lacks its closing ${end} line, or has text after it (a truncated or pasted-together key); must be ${accepted}`;
  const body = text.slice(begin[0].length, text.length - end.length).replace(/^[A-Za-z-]+: .*\r?\n/gm, "").replace(/\s/g, "");
  if (body === "" || !/^[A-Za-z0-9+/]+=*$/.test(body)) return `holds no base64 between its BEGIN and END lines; must be ${accepted}`;
  return undefined;
}
