/**
 * Repository credentials for the hand-off: nothing for a public repository, an SSH deploy key (generated with
 * @pulumi/tls, or given), or an HTTPS token. Always secret; never in Helm values, never in an Application, never in a
 * command line.
 *
 * Key types: GitHub, GitLab, Gitea/Forgejo and Bitbucket Cloud all accept ssh-ed25519 and ecdsa-sha2-nistp256 deploy
 * keys, and tls.PrivateKey generates both (ED25519; ECDSA with ecdsaCurve P256). RSA is not offered: it is larger and
 * slower for no gain, and some hosts now refuse SHA-1 signatures.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as tls from "@pulumi/tls";
import { InputPropertiesError, Problems } from "../kernel/errors";

/** github.com's published ed25519 host key (docs.github.com, "GitHub's SSH key fingerprints"). */
export const GITHUB_KNOWN_HOSTS = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
export const DEFAULT_HTTPS_USERNAME = "git";
export const ARGO_SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";

/** Key types `tls.PrivateKey` can generate that GitHub, GitLab, Gitea/Forgejo and Bitbucket all accept for deploy keys. */
export const DEPLOY_KEY_ALGORITHMS = ["ED25519", "ECDSA"] as const;
export type DeployKeyAlgorithm = (typeof DEPLOY_KEY_ALGORITHMS)[number];
export const DEFAULT_DEPLOY_KEY_ALGORITHM: DeployKeyAlgorithm = "ED25519";
/** The git auth types, for messages. */
export const GIT_AUTH_TYPES = ["none", "https", "ssh"] as const;

/** A deploy key generated here; its public half is the hand-off's `deployPublicKey`, to add to the git host. */
export interface GeneratedSshKey {
  readonly source: "generate";
  /** The key type. @default "ED25519" */
  readonly algorithm?: DeployKeyAlgorithm;
}

/** A deploy key you already have (mutually exclusive with generating one). */
export interface GivenSshKey {
  readonly source: "given";
  /** The private key (OpenSSH or PEM). Secret: pass it as a secret Output. */
  readonly privateKey: pulumi.Input<string>;
}

/** An SSH deploy key: generated or given. */
export type GitSshKey = GeneratedSshKey | GivenSshKey;

/** A public repository: no credentials. */
export interface GitAuthNone {
  readonly type: "none";
}

/** HTTPS with a token; the repository URL must be https://. */
export interface GitAuthHttps {
  readonly type: "https";
  /** The token (a password to git). Secret: pass it as a secret Output. */
  readonly token: pulumi.Input<string>;
  /** The user name sent with the token. @default "git" (GitHub and Gitea accept any; GitLab wants oauth2 or the token's name) */
  readonly username?: string;
}

/** SSH with a deploy key; the repository URL must be ssh://. */
export interface GitAuthSsh {
  readonly type: "ssh";
  /** The deploy key. @default { source: "generate", algorithm: "ED25519" } */
  readonly key?: GitSshKey;
  /**
   * The host's known_hosts lines. Flux checks them (the hand-off's Secret); Argo CD reads its engine's ConfigMap, so
   * pass the same lines as GitOpsEngineArgs.knownHosts. Required for any ssh host but github.com.
   * @default GITHUB_KNOWN_HOSTS
   */
  readonly knownHosts?: string;
}

/** How the engine authenticates to the GitOps repository: one of none, https or ssh. */
export type GitAuth = GitAuthNone | GitAuthHttps | GitAuthSsh;

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

/** The URL scheme a repository URL must have for an auth type, if any. Pure. */
export function requiredUrlScheme(authType: GitAuth["type"] | undefined): "ssh://" | "https://" | undefined {
  return authType === "ssh" ? "ssh://" : authType === "https" ? "https://" : undefined;
}

const isEmptyString = (v: unknown) => typeof v !== "string" || v.trim() === "";

/**
 * Records every problem of `auth` (at `path`) and of its fit with `repoUrl` (at `urlPath`). Secret values that arrive
 * as plain strings are checked here and never printed; those that arrive as Outputs are checked when they resolve.
 */
export function checkGitAuth(problems: Problems, auth: GitAuth | undefined, repoUrl: unknown, path = "auth", urlPath = "repoUrl"): void {
  if (auth === undefined) return;
  if (typeof auth !== "object" || auth === null || !(GIT_AUTH_TYPES as readonly unknown[]).includes((auth as { type?: unknown }).type)) {
    problems.add(`${path}.type`, (auth as { type?: unknown } | null)?.type, `must be one of ${GIT_AUTH_TYPES.join(", ")}`);
    return;
  }
  const scheme = requiredUrlScheme(auth.type);
  if (scheme && typeof repoUrl === "string" && !repoUrl.startsWith(scheme)) {
    problems.add(urlPath, repoUrl, `must be an ${scheme} URL when ${path}.type is ${auth.type}`);
  }
  if (auth.type === "https") {
    if (auth.token === undefined || (typeof auth.token === "string" && auth.token === "")) {
      problems.add(`${path}.token`, auth.token, "must be the token (a non-empty secret string)", auth.token !== undefined);
    }
    if (auth.username !== undefined) problems.check(!isEmptyString(auth.username), `${path}.username`, auth.username, "must be a non-empty user name");
  } else if (auth.type === "ssh") {
    const key = auth.key;
    if (key !== undefined) {
      if (key.source === "generate") {
        if (key.algorithm !== undefined) {
          problems.check((DEPLOY_KEY_ALGORITHMS as readonly unknown[]).includes(key.algorithm), `${path}.key.algorithm`, key.algorithm, `must be one of ${DEPLOY_KEY_ALGORITHMS.join(", ")}`);
        }
      } else if (key.source === "given") {
        if (key.privateKey === undefined || (typeof key.privateKey === "string" && key.privateKey === "")) {
          problems.add(`${path}.key.privateKey`, key.privateKey, "must be the deploy key's private key (a non-empty secret string)", key.privateKey !== undefined);
        }
      } else {
        problems.add(`${path}.key.source`, (key as { source?: unknown }).source, "must be generate or given");
      }
    }
    if (auth.knownHosts !== undefined) problems.check(!isEmptyString(auth.knownHosts), `${path}.knownHosts`, auth.knownHosts, "must be known_hosts lines such as \"github.com ssh-ed25519 AAAA...\"");
    // The default (GITHUB_KNOWN_HOSTS) holds github.com's key only: any other host could never be verified.
    const host = typeof repoUrl === "string" ? /^ssh:\/\/(?:[^@/]*@)?([^:/]+)/.exec(repoUrl)?.[1] : undefined;
    if (host !== undefined && host.toLowerCase() !== "github.com" && auth.knownHosts === undefined) {
      problems.add(`${path}.knownHosts`, auth.knownHosts, `is required for ssh host ${host}: the default known hosts hold github.com's key only; give the lines ssh-keyscan ${host} prints (Argo CD also needs them as GitOpsEngine's knownHosts)`);
    }
  }
}

/** A secret input, refused when it resolves to nothing (an Output's value is only known when it resolves). */
function nonEmptySecret(value: pulumi.Input<string>, component: string, path: string): pulumi.Output<string> {
  return pulumi.output(value).apply((v) => {
    if (typeof v !== "string" || v === "") {
      throw new InputPropertiesError(component, [{ path, value: v, accepted: "must be a non-empty secret string", secret: v !== undefined }]);
    }
    return v;
  });
}

export interface RepoCredentialsArgs {
  /** Which engine reads the Secret: it decides the Secret's name, label and keys. */
  readonly engine: "argocd" | "flux";
  /** The repository URL (Argo CD matches the Secret to Applications by it). */
  readonly repoUrl: string;
  /** The credentials. @default { type: "none" } */
  readonly auth?: GitAuth;
  /** The engine's namespace: the Secret lives beside it. */
  readonly namespace: string;
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
 * for `dependsOn` (the engine release: its namespace must exist). The hand-off's validator has checked `auth`.
 */
export function createRepoCredentials(
  name: string,
  args: RepoCredentialsArgs,
  opts: { parent: pulumi.Resource; provider: k8s.Provider; dependsOn: readonly pulumi.Resource[] },
): RepoCredentials {
  const auth = args.auth ?? { type: "none" };
  if (auth.type === "none") return {};
  const component = args.engine === "argocd" ? "ArgoCdHandoff" : "FluxHandoff";

  let material: pulumi.Output<RepoSecretMaterial>;
  let publicKey: pulumi.Output<string> | undefined;
  if (auth.type === "ssh") {
    const knownHosts = auth.knownHosts ?? GITHUB_KNOWN_HOSTS;
    const key = auth.key ?? { source: "generate" };
    let privateKey: pulumi.Output<string>;
    if (key.source === "generate") {
      const algorithm = key.algorithm ?? DEFAULT_DEPLOY_KEY_ALGORITHM;
      const generated = new tls.PrivateKey(
        `${name}-deploy-key`,
        algorithm === "ECDSA" ? { algorithm, ecdsaCurve: "P256" } : { algorithm },
        { parent: opts.parent, additionalSecretOutputs: ["privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8"] },
      );
      privateKey = pulumi.secret(generated.privateKeyOpenssh);
      publicKey = generated.publicKeyOpenssh;
    } else {
      privateKey = pulumi.secret(nonEmptySecret(key.privateKey, component, "auth.key.privateKey"));
    }
    material = privateKey.apply((k) => ({ kind: "ssh" as const, privateKey: k, knownHosts }));
  } else {
    const username = auth.username ?? DEFAULT_HTTPS_USERNAME;
    material = nonEmptySecret(auth.token, component, "auth.token").apply((t) => ({ kind: "https" as const, username, token: t }));
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
