/**
 * Repository credentials for the hand-off: nothing for a public repository, an SSH deploy key (generated with
 * @pulumi/tls, or given as secret config), or an HTTPS token (secret config). Always secret; never in Helm values,
 * never in an Application, never in a command line.
 *
 * Key types: GitHub, GitLab, Gitea/Forgejo and Bitbucket Cloud all accept ssh-ed25519 and ecdsa-sha2-nistp256 deploy
 * keys, and tls.PrivateKey generates both (ED25519; ECDSA with ecdsaCurve P256). RSA is not offered: it is larger and
 * slower for no gain, and some hosts now refuse SHA-1 signatures.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as tls from "@pulumi/tls";
import type { GitAuthConfig } from "../../stacks/config/blocks/gitops";

/** github.com's published ed25519 host key (docs.github.com, "GitHub's SSH key fingerprints"). */
export const GITHUB_KNOWN_HOSTS = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
export const DEFAULT_HTTPS_USERNAME = "git";
export const ARGO_SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";

/** The credential material, resolved: what goes into the Secret. */
export type RepoSecretMaterial =
  | { readonly kind: "ssh"; readonly privateKey: string; readonly knownHosts: string }
  | { readonly kind: "https"; readonly username: string; readonly token: string };

/** Secret data Argo CD reads from a Secret labelled `argocd.argoproj.io/secret-type: repository`. Pure. */
export function argoRepositorySecretData(url: string, material: RepoSecretMaterial): Record<string, string> {
  return material.kind === "ssh"
    ? { type: "git", url, sshPrivateKey: material.privateKey }
    : { type: "git", url, username: material.username, password: material.token };
}

/** Secret data a Flux GitRepository's secretRef reads. Pure. */
export function fluxGitSecretData(material: RepoSecretMaterial): Record<string, string> {
  return material.kind === "ssh"
    ? { identity: material.privateKey, known_hosts: material.knownHosts }
    : { username: material.username, password: material.token };
}

export interface RepoCredentialsArgs {
  readonly engine: "argocd" | "flux";
  readonly repoUrl: string;
  readonly auth: GitAuthConfig;
  /** The engine's namespace: the Secret lives beside it. */
  readonly namespace: string;
  /** The secret config values, resolved by the caller (stacks/): gitSshPrivateKey / gitHttpsToken. */
  readonly givenSshPrivateKey?: pulumi.Output<string>;
  readonly httpsToken?: pulumi.Output<string>;
}

export interface RepoCredentials {
  /** The Secret's name, when there is one. */
  readonly secretName?: string;
  readonly secret?: k8s.core.v1.Secret;
  /** The deploy key's OpenSSH public key, when generated: add it to the git host. */
  readonly publicKey?: pulumi.Output<string>;
}

/** The Secret's name for a stack's hand-off. */
export function repoSecretName(engine: "argocd" | "flux"): string {
  return engine === "argocd" ? "repo-k3s-gitops" : "k3s-gitops-git";
}

/**
 * Creates the deploy key (when generated) and the credentials Secret, as children of `parent`. Every resource waits
 * for `dependsOn` (the engine release: its namespace must exist).
 */
export function createRepoCredentials(
  name: string,
  args: RepoCredentialsArgs,
  opts: { parent: pulumi.Resource; provider: k8s.Provider; dependsOn: readonly pulumi.Resource[] },
): RepoCredentials {
  const auth = args.auth;
  if (auth.type === "none") return {};

  let material: pulumi.Output<RepoSecretMaterial>;
  let publicKey: pulumi.Output<string> | undefined;
  if (auth.type === "ssh") {
    const knownHosts = auth.knownHosts ?? GITHUB_KNOWN_HOSTS;
    let privateKey: pulumi.Output<string>;
    if ((auth.key ?? "generate") === "generate") {
      const algorithm = auth.algorithm ?? "ED25519";
      const key = new tls.PrivateKey(
        `${name}-deploy-key`,
        algorithm === "ECDSA" ? { algorithm, ecdsaCurve: "P256" } : { algorithm },
        { parent: opts.parent, additionalSecretOutputs: ["privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8"] },
      );
      privateKey = pulumi.secret(key.privateKeyOpenssh);
      publicKey = key.publicKeyOpenssh;
    } else {
      if (!args.givenSshPrivateKey) throw new Error("gitops.auth.key is given but no gitSshPrivateKey was resolved");
      privateKey = pulumi.secret(args.givenSshPrivateKey);
    }
    material = privateKey.apply((k) => ({ kind: "ssh" as const, privateKey: k, knownHosts }));
  } else {
    if (!args.httpsToken) throw new Error("gitops.auth.type is https but no gitHttpsToken was resolved");
    const username = auth.username ?? DEFAULT_HTTPS_USERNAME;
    material = args.httpsToken.apply((t) => ({ kind: "https" as const, username, token: t }));
  }

  const secretName = repoSecretName(args.engine);
  const stringData = pulumi.secret(
    material.apply((m) => (args.engine === "argocd" ? argoRepositorySecretData(args.repoUrl, m) : fluxGitSecretData(m))),
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-repo-credentials`,
    {
      metadata: {
        name: secretName,
        namespace: args.namespace,
        labels: args.engine === "argocd" ? { [ARGO_SECRET_TYPE_LABEL]: "repository" } : {},
      },
      type: "Opaque",
      stringData,
    },
    { parent: opts.parent, provider: opts.provider, dependsOn: [...opts.dependsOn], additionalSecretOutputs: ["data", "stringData"] },
  );
  return { secretName, secret, publicKey };
}
