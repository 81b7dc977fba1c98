"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.gitops = exports.gitAuth = exports.DEPLOY_KEY_ALGORITHMS = exports.STAGE_NAME = exports.DEFAULT_STAGES = exports.GITOPS_ENGINES = void 0;
exports.gitopsCrossCheck = gitopsCrossCheck;
/**
 * `k3s-gitops:gitops`: the GitOps engine (layer 4) and what it is handed (layer 5).
 *
 * `engine` discriminates: Argo CD takes `selfManage`, Flux does not. Repository credentials are chosen by `auth.type`;
 * the secret values themselves never sit here but in the secret keys `gitSshPrivateKey` / `gitHttpsToken`.
 */
const zod_1 = require("zod");
exports.GITOPS_ENGINES = ["argocd", "flux"];
/**
 * The stages shipped in gitops/clusters/<stack>/<engine>/, in order. A stage name is `NN-name`; the number orders the
 * domino (Argo CD sync waves, Flux dependsOn).
 */
exports.DEFAULT_STAGES = ["01-platform-services", "02-sample-app"];
/** `NN-name`: two digits, then a DNS label. */
exports.STAGE_NAME = /^[0-9]{2}-[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/;
/** Key types `tls.PrivateKey` can generate that GitHub, GitLab, Gitea/Forgejo and Bitbucket all accept for deploy keys. */
exports.DEPLOY_KEY_ALGORITHMS = ["ED25519", "ECDSA"];
const repoUrl = zod_1.z
    .string("must be a git URL such as https://github.com/acme/k3s-gitops.git or ssh://git@github.com/acme/k3s-gitops.git")
    .regex(/^(https:\/\/[^\s/]+\/\S+|ssh:\/\/[^\s@]+@[^\s/]+(:[0-9]+)?\/\S+)$/, "must be an https:// or ssh://user@host/path git URL (scp-like git@host:path is not accepted by Flux; write ssh://git@host/path)");
const gitRef = zod_1.z.string().regex(/^[A-Za-z0-9._/-]+$/, "must be a branch name such as main");
const repoPath = zod_1.z
    .string()
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "must be a relative path inside the repo, such as gitops/clusters/dev (no leading ./ or /)")
    .refine((p) => !p.split("/").includes(".."), "must not contain '..'");
exports.gitAuth = zod_1.z.discriminatedUnion("type", [
    /** A public repository: no credentials. */
    zod_1.z.strictObject({ type: zod_1.z.literal("none") }),
    /**
     * SSH. `generate` (the default) creates a deploy key with @pulumi/tls; its public key is the stack output
     * `gitDeployPublicKey`, to add to the git host as a read-only deploy key. `given` reads the secret config key
     * `gitSshPrivateKey`.
     */
    zod_1.z.strictObject({
        type: zod_1.z.literal("ssh"),
        key: zod_1.z.enum(["generate", "given"], "must be generate or given").optional(),
        /** @default ED25519 */
        algorithm: zod_1.z.enum(exports.DEPLOY_KEY_ALGORITHMS, `must be one of ${exports.DEPLOY_KEY_ALGORITHMS.join(", ")}`).optional(),
        /** The host's known_hosts lines (Flux needs them). @default the pinned github.com keys */
        knownHosts: zod_1.z.string().min(1).optional(),
    }),
    /** HTTPS with a token from the secret config key `gitHttpsToken`. */
    zod_1.z.strictObject({
        type: zod_1.z.literal("https"),
        /** @default git (GitHub and Gitea accept any user with a token; GitLab wants oauth2 or the token name) */
        username: zod_1.z.string().min(1).optional(),
    }),
], { error: "must have type none, ssh or https" });
const common = {
    repoUrl,
    /** @default main */
    branch: gitRef.optional(),
    /** The cluster's stage directory. @default gitops/clusters/<stack> */
    path: repoPath.optional(),
    /** @default { type: none } */
    auth: exports.gitAuth.optional(),
    /** Ordered stage names (NN-name). @default the shipped stages: 01-platform-services, 02-sample-app */
    stages: zod_1.z.array(zod_1.z.string().regex(exports.STAGE_NAME, "must be NN-name, such as 01-platform-services")).min(1, "must list at least one stage").optional(),
    /** Automated sync options. @default prune true, selfHeal true */
    sync: zod_1.z
        .strictObject({
        prune: zod_1.z.boolean("must be true or false").optional(),
        selfHeal: zod_1.z.boolean("must be true or false").optional(),
    })
        .optional(),
};
exports.gitops = zod_1.z.discriminatedUnion("engine", [
    zod_1.z.strictObject({
        engine: zod_1.z.literal("argocd"),
        ...common,
        /**
         * Let Argo CD manage its own installation from the same chart, version, release name and values. Upgrades then
         * still start in Pulumi (it renders the values and version), but Argo CD applies them. @default false
         */
        selfManage: zod_1.z.boolean("must be true or false").optional(),
    }),
    zod_1.z.strictObject({ engine: zod_1.z.literal("flux"), ...common }),
], { error: "must set engine to argocd or flux" });
/**
 * Problems spanning keys of the gitops block: stage numbers must be unique and increasing (they order the domino),
 * and the auth type must match the URL's scheme. Reads the raw config defensively.
 */
function gitopsCrossCheck(raw) {
    const g = raw.gitops;
    if (typeof g !== "object" || g === null || Array.isArray(g))
        return [];
    const problems = [];
    if (Array.isArray(g.stages)) {
        let previous = -1;
        const names = new Set();
        g.stages.forEach((stage, i) => {
            if (typeof stage !== "string" || !exports.STAGE_NAME.test(stage))
                return;
            const n = Number(stage.slice(0, 2));
            if (n <= previous) {
                problems.push({ path: ["gitops", "stages", i], value: stage, message: `must have a higher number than the stage before it (${String(previous).padStart(2, "0")}); stages are listed in the order they start` });
            }
            const bare = stage.slice(3);
            if (names.has(bare))
                problems.push({ path: ["gitops", "stages", i], value: stage, message: "repeats a stage name; stage names must be unique" });
            names.add(bare);
            previous = Math.max(previous, n);
        });
    }
    const url = typeof g.repoUrl === "string" ? g.repoUrl : undefined;
    const type = typeof g.auth === "object" && g.auth !== null ? g.auth.type : undefined;
    if (url && type === "ssh" && !url.startsWith("ssh://")) {
        problems.push({ path: ["gitops", "repoUrl"], value: url, message: "must be an ssh://git@host/owner/repo URL when gitops.auth.type is ssh" });
    }
    if (url && type === "https" && !url.startsWith("https://")) {
        problems.push({ path: ["gitops", "repoUrl"], value: url, message: "must be an https:// URL when gitops.auth.type is https" });
    }
    return problems;
}
