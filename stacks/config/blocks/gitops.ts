/**
 * `k3s-gitops:gitops`: the GitOps engine (layer 4) and what it is handed (layer 5).
 *
 * `engine` discriminates: Argo CD takes `selfManage`, Flux does not. Repository credentials are chosen by `auth.type`;
 * the secret values themselves never sit here but in the secret keys `gitSshPrivateKey` / `gitHttpsToken`.
 */
import { z } from "zod";
import { DEPLOY_KEY_ALGORITHMS, requiredUrlScheme } from "@k3s-gitops/components";
import { GIT_BRANCH, GIT_REPO_URL, REPO_PATH, STAGE_NAME, stageOrderProblems } from "@k3s-gitops/components";

export const GITOPS_ENGINES = ["argocd", "flux"] as const;
export type GitOpsEngineName = (typeof GITOPS_ENGINES)[number];

const repoUrl = z
  .string("must be a git URL such as https://github.com/acme/k3s-gitops.git or ssh://git@github.com/acme/k3s-gitops.git")
  .regex(
    GIT_REPO_URL,
    "must be an https:// or ssh://user@host/path git URL (scp-like git@host:path is not accepted by Flux; write ssh://git@host/path)",
  );

const httpsUrl = (example: string) =>
  z
    .string(`must be an https:// URL such as ${example}`)
    .regex(/^https:\/\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?(\/\S*)?$/, `must be an https:// URL such as ${example}`)
    .refine((u) => !u.endsWith("/"), "must not end with a slash");

/**
 * Argo CD sign-in through the application tier's Dex (stage 02: components `dex`, `argocd-ui`, `argocd-sso`). The
 * client secret is read from a labelled Secret that git delivers as a SopsSecret (gitops/README.md).
 */
export const argoCdSso = z.strictObject({
  /** Argo CD's external URL: the argocd-ui route, https://argocd.<domain>. */
  url: httpsUrl("https://argocd.example.com"),
  /** Dex's issuer, exactly as Dex's config.issuer: https://dex.<domain>. */
  issuer: httpsUrl("https://dex.example.com"),
  /** @default argocd (Dex's static client) */
  clientId: z.string().regex(/^\S+$/, "must be a client id without spaces, such as argocd").optional(),
  /** @default { name: argocd-oidc, key: clientSecret } */
  clientSecret: z
    .strictObject({
      name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Secret name such as argocd-oidc"),
      key: z.string().regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret key such as clientSecret"),
    })
    .optional(),
});

const gitRef = z.string().regex(GIT_BRANCH, "must be a branch name such as main");

const repoPath = z
  .string()
  .regex(REPO_PATH, "must be a relative path inside the repo, such as gitops/clusters/dev (no leading ./ or /)")
  .refine((p) => !p.split("/").includes(".."), "must not contain '..'");

export const gitAuth = z.discriminatedUnion(
  "type",
  [
    /** A public repository: no credentials. */
    z.strictObject({ type: z.literal("none") }),
    /**
     * SSH. `generate` (the default) creates a deploy key with @pulumi/tls; its public key is the stack output
     * `gitDeployPublicKey`, to add to the git host as a read-only deploy key. `given` reads the secret config key
     * `gitSshPrivateKey`.
     */
    z.strictObject({
      type: z.literal("ssh"),
      key: z.enum(["generate", "given"], "must be generate or given").optional(),
      /** @default ED25519 */
      algorithm: z.enum(DEPLOY_KEY_ALGORITHMS, `must be one of ${DEPLOY_KEY_ALGORITHMS.join(", ")}`).optional(),
      /** The host's known_hosts lines (Flux needs them). @default the pinned github.com keys */
      knownHosts: z.string().min(1).optional(),
    }),
    /** HTTPS with a token from the secret config key `gitHttpsToken`. */
    z.strictObject({
      type: z.literal("https"),
      /** @default git (GitHub and Gitea accept any user with a token; GitLab wants oauth2 or the token name) */
      username: z.string().min(1).optional(),
    }),
  ],
  { error: "must have type none, ssh or https" },
);

const common = {
  repoUrl,
  /** @default main */
  branch: gitRef.optional(),
  /** The cluster's stage directory. @default gitops/clusters/<stack> */
  path: repoPath.optional(),
  /** @default { type: none } */
  auth: gitAuth.optional(),
  /** Ordered stage names (NN-name). @default the shipped stages: 01-platform-services ... 06-apps (DEFAULT_STAGES) */
  stages: z.array(z.string().regex(STAGE_NAME, "must be NN-name, such as 01-platform-services")).min(1, "must list at least one stage").optional(),
  /** Automated sync options. @default prune true, selfHeal true */
  sync: z
    .strictObject({
      prune: z.boolean("must be true or false").optional(),
      selfHeal: z.boolean("must be true or false").optional(),
    })
    .optional(),
};

export const gitops = z.discriminatedUnion(
  "engine",
  [
    z.strictObject({
      engine: z.literal("argocd"),
      ...common,
      /**
       * Let Argo CD manage its own installation from the same chart, version, release name and values. Upgrades then
       * still start in Pulumi (it renders the values and version), but Argo CD applies them. @default false
       */
      selfManage: z.boolean("must be true or false").optional(),
      /** Sign-in through Dex (see argoCdSso). @default none: the local admin only */
      sso: argoCdSso.optional(),
    }),
    z.strictObject({ engine: z.literal("flux"), ...common }),
  ],
  { error: "must set engine to argocd or flux" },
);

export type GitOpsConfig = z.infer<typeof gitops>;
export type GitAuthConfig = z.infer<typeof gitAuth>;

type RawConfig = Record<string, any>;
interface Problem {
  readonly path: (string | number)[];
  readonly value?: unknown;
  readonly message: string;
}

/**
 * Problems spanning keys of the gitops block: stage numbers must be unique and increasing (they order the domino),
 * and the auth type must match the URL's scheme. Reads the raw config defensively.
 */
export function gitopsCrossCheck(raw: RawConfig): Problem[] {
  const g = raw.gitops;
  if (typeof g !== "object" || g === null || Array.isArray(g)) return [];
  const problems: Problem[] = [];
  if (Array.isArray(g.stages)) {
    for (const p of stageOrderProblems(g.stages)) problems.push({ path: ["gitops", "stages", p.index], value: p.value, message: p.accepted });
  }
  if (g.engine === "flux" && g.sso !== undefined) {
    problems.push({ path: ["gitops", "sso"], value: typeof g.sso?.url === "string" ? g.sso.url : "set", message: "is Argo CD's sign-in through Dex and Flux has no UI to sign in to; remove it, or set gitops.engine to argocd" });
  }
  const url = typeof g.repoUrl === "string" ? g.repoUrl : undefined;
  const type = typeof g.auth === "object" && g.auth !== null ? g.auth.type : undefined;
  const scheme = requiredUrlScheme(type === "ssh" || type === "https" ? type : undefined);
  if (url && scheme === "ssh://" && !url.startsWith(scheme)) {
    problems.push({ path: ["gitops", "repoUrl"], value: url, message: "must be an ssh://git@host/owner/repo URL when gitops.auth.type is ssh" });
  }
  if (url && scheme === "https://" && !url.startsWith(scheme)) {
    problems.push({ path: ["gitops", "repoUrl"], value: url, message: "must be an https:// URL when gitops.auth.type is https" });
  }
  return problems;
}
