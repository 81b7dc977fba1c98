/**
 * `k3s-gitops:gitops`: the GitOps engine (layer 4) and what it is handed (layer 5).
 *
 * `engine` discriminates: Argo CD takes `selfManage`, Flux does not. Repository credentials are chosen by `auth.type`;
 * the secret values themselves never sit here but in the secret keys `gitSshPrivateKey` / `gitHttpsToken`.
 */
import { z } from "zod";
export declare const GITOPS_ENGINES: readonly ["argocd", "flux"];
export type GitOpsEngineName = (typeof GITOPS_ENGINES)[number];
/**
 * The stages shipped in gitops/clusters/<stack>/<engine>/, in order. A stage name is `NN-name`; the number orders the
 * domino (Argo CD sync waves, Flux dependsOn).
 */
export declare const DEFAULT_STAGES: readonly ["01-platform-services", "02-sample-app"];
/** `NN-name`: two digits, then a DNS label. */
export declare const STAGE_NAME: RegExp;
/** Key types `tls.PrivateKey` can generate that GitHub, GitLab, Gitea/Forgejo and Bitbucket all accept for deploy keys. */
export declare const DEPLOY_KEY_ALGORITHMS: readonly ["ED25519", "ECDSA"];
export declare const gitAuth: z.ZodDiscriminatedUnion<[z.ZodObject<{
    type: z.ZodLiteral<"none">;
}, z.core.$strict>, z.ZodObject<{
    type: z.ZodLiteral<"ssh">;
    key: z.ZodOptional<z.ZodEnum<{
        generate: "generate";
        given: "given";
    }>>;
    algorithm: z.ZodOptional<z.ZodEnum<{
        ED25519: "ED25519";
        ECDSA: "ECDSA";
    }>>;
    knownHosts: z.ZodOptional<z.ZodString>;
}, z.core.$strict>, z.ZodObject<{
    type: z.ZodLiteral<"https">;
    username: z.ZodOptional<z.ZodString>;
}, z.core.$strict>], "type">;
export declare const gitops: z.ZodDiscriminatedUnion<[z.ZodObject<{
    selfManage: z.ZodOptional<z.ZodBoolean>;
    repoUrl: z.ZodString;
    branch: z.ZodOptional<z.ZodString>;
    path: z.ZodOptional<z.ZodString>;
    auth: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
        type: z.ZodLiteral<"none">;
    }, z.core.$strict>, z.ZodObject<{
        type: z.ZodLiteral<"ssh">;
        key: z.ZodOptional<z.ZodEnum<{
            generate: "generate";
            given: "given";
        }>>;
        algorithm: z.ZodOptional<z.ZodEnum<{
            ED25519: "ED25519";
            ECDSA: "ECDSA";
        }>>;
        knownHosts: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>, z.ZodObject<{
        type: z.ZodLiteral<"https">;
        username: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>], "type">>;
    stages: z.ZodOptional<z.ZodArray<z.ZodString>>;
    sync: z.ZodOptional<z.ZodObject<{
        prune: z.ZodOptional<z.ZodBoolean>;
        selfHeal: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>;
    engine: z.ZodLiteral<"argocd">;
}, z.core.$strict>, z.ZodObject<{
    repoUrl: z.ZodString;
    branch: z.ZodOptional<z.ZodString>;
    path: z.ZodOptional<z.ZodString>;
    auth: z.ZodOptional<z.ZodDiscriminatedUnion<[z.ZodObject<{
        type: z.ZodLiteral<"none">;
    }, z.core.$strict>, z.ZodObject<{
        type: z.ZodLiteral<"ssh">;
        key: z.ZodOptional<z.ZodEnum<{
            generate: "generate";
            given: "given";
        }>>;
        algorithm: z.ZodOptional<z.ZodEnum<{
            ED25519: "ED25519";
            ECDSA: "ECDSA";
        }>>;
        knownHosts: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>, z.ZodObject<{
        type: z.ZodLiteral<"https">;
        username: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>], "type">>;
    stages: z.ZodOptional<z.ZodArray<z.ZodString>>;
    sync: z.ZodOptional<z.ZodObject<{
        prune: z.ZodOptional<z.ZodBoolean>;
        selfHeal: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>;
    engine: z.ZodLiteral<"flux">;
}, z.core.$strict>], "engine">;
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
export declare function gitopsCrossCheck(raw: RawConfig): Problem[];
export {};
