/** `k3s-gitops:platform`: the infrastructure tier's add-ons (layers 2 and 3). Profiles supply the defaults. */
import { z } from "zod";
export declare const INGRESS_CONTROLLERS: readonly ["traefik", "ingress-nginx"];
export declare const ISSUERS: readonly ["letsencrypt-staging", "letsencrypt-production"];
export declare const AWS_REGION: RegExp;
export declare const platform: z.ZodObject<{
    ingress: z.ZodObject<{
        controller: z.ZodEnum<{
            traefik: "traefik";
            "ingress-nginx": "ingress-nginx";
        }>;
        replicas: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>;
    certManager: z.ZodObject<{
        email: z.ZodOptional<z.ZodEmail>;
        defaultIssuer: z.ZodEnum<{
            "letsencrypt-staging": "letsencrypt-staging";
            "letsencrypt-production": "letsencrypt-production";
        }>;
        route53: z.ZodOptional<z.ZodObject<{
            region: z.ZodString;
            hostedZoneId: z.ZodString;
            accessKeyIdSecretRef: z.ZodOptional<z.ZodObject<{
                name: z.ZodString;
                key: z.ZodString;
            }, z.core.$strict>>;
            secretAccessKeySecretRef: z.ZodOptional<z.ZodObject<{
                name: z.ZodString;
                key: z.ZodString;
            }, z.core.$strict>>;
            dnsZones: z.ZodOptional<z.ZodArray<z.ZodString>>;
        }, z.core.$strict>>;
    }, z.core.$strict>;
    storage: z.ZodObject<{
        localPath: z.ZodObject<{
            enabled: z.ZodBoolean;
            default: z.ZodBoolean;
        }, z.core.$strict>;
        longhorn: z.ZodOptional<z.ZodObject<{
            enabled: z.ZodBoolean;
            default: z.ZodBoolean;
            replicas: z.ZodOptional<z.ZodNumber>;
        }, z.core.$strict>>;
        hcloudCsi: z.ZodOptional<z.ZodObject<{
            enabled: z.ZodBoolean;
            default: z.ZodBoolean;
        }, z.core.$strict>>;
        doCsi: z.ZodOptional<z.ZodObject<{
            enabled: z.ZodBoolean;
            default: z.ZodBoolean;
        }, z.core.$strict>>;
        smb: z.ZodOptional<z.ZodObject<{
            enabled: z.ZodBoolean;
            source: z.ZodOptional<z.ZodString>;
            secretName: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
    }, z.core.$strict>;
    metallb: z.ZodOptional<z.ZodObject<{
        enabled: z.ZodBoolean;
        addresses: z.ZodOptional<z.ZodArray<z.ZodUnion<readonly [z.ZodString, z.ZodString]>>>;
    }, z.core.$strict>>;
    externalSecrets: z.ZodOptional<z.ZodObject<{
        enabled: z.ZodBoolean;
        clusterSecretStore: z.ZodOptional<z.ZodObject<{
            name: z.ZodString;
            provider: z.ZodRecord<z.ZodString, z.ZodUnknown>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    upgrades: z.ZodOptional<z.ZodObject<{
        enabled: z.ZodBoolean;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type PlatformConfig = z.infer<typeof platform>;
import type { ConfigProblem } from "../errors";
type Raw = Record<string, any>;
/** The StorageClass each storage backend makes default, by config key. */
export declare const STORAGE_CLASS_NAMES: {
    readonly localPath: "local-path";
    readonly longhorn: "longhorn";
    readonly hcloudCsi: "hcloud-volumes";
    readonly doCsi: "do-block-storage";
};
/** Storage backends that only exist on one cloud: config key -> the `cloud` it needs. */
export declare const CLOUD_ONLY_STORAGE: Readonly<Record<string, string>>;
/** Total node count from the raw config: the listed hosts for cloud existing, else servers plus every agent pool. */
export declare function rawNodeCount(raw: Raw): number;
/** The platform's cross-checks, in report order. */
export declare const PLATFORM_CHECKS: ((raw: Raw) => ConfigProblem[])[];
export {};
