/**
 * `k3s-gitops:existing`: machines you already own (the homelab of the seed designs), reached over SSH, optionally
 * through a bastion. The host list is authoritative: `servers` and `agentPools` (and their profile defaults) are not
 * used when `cloud` is `existing`. The SSH private key is the secret config value `sshPrivateKey`.
 *
 * The MetalLB pool and the storage choice are the platform's (`platform.metallb`, `platform.storage`); this block
 * holds what only the hosts know and the platform reads: the NodePorts a router forwards to (`ingress`) and the
 * disk paths (`storage`). Cross-checks keep platform.metallb.addresses on networkCidr and off the hosts.
 */
import { z } from "zod";
/** An IPv4 address or a DNS name. */
export declare const hostAddress: z.ZodString;
export declare const ipv4: z.ZodString;
/** @default SSH user, interface and NodePorts (the seed homelab's). */
export declare const EXISTING_DEFAULTS: {
    readonly sshUser: "root";
    readonly sshPort: 22;
    readonly privateInterface: "eth0";
    readonly httpNodePort: 30080;
    readonly httpsNodePort: 30443;
};
export declare const existingHost: z.ZodObject<{
    name: z.ZodString;
    address: z.ZodString;
    privateAddress: z.ZodString;
    role: z.ZodEnum<{
        server: "server";
        agent: "agent";
    }>;
    sshUser: z.ZodOptional<z.ZodString>;
    sshPort: z.ZodOptional<z.ZodNumber>;
    privateInterface: z.ZodOptional<z.ZodString>;
    pool: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    taints: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export declare const existing: z.ZodObject<{
    hosts: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        address: z.ZodString;
        privateAddress: z.ZodString;
        role: z.ZodEnum<{
            server: "server";
            agent: "agent";
        }>;
        sshUser: z.ZodOptional<z.ZodString>;
        sshPort: z.ZodOptional<z.ZodNumber>;
        privateInterface: z.ZodOptional<z.ZodString>;
        pool: z.ZodOptional<z.ZodString>;
        labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
        taints: z.ZodOptional<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    networkCidr: z.ZodString;
    bastion: z.ZodOptional<z.ZodObject<{
        host: z.ZodString;
        user: z.ZodOptional<z.ZodString>;
        port: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
    apiAddress: z.ZodOptional<z.ZodString>;
    ingress: z.ZodOptional<z.ZodObject<{
        httpNodePort: z.ZodOptional<z.ZodNumber>;
        httpsNodePort: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
    storage: z.ZodOptional<z.ZodObject<{
        longhornDiskPaths: z.ZodOptional<z.ZodArray<z.ZodString>>;
        localPathDir: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type ExistingConfig = z.infer<typeof existing>;
export type ExistingHostConfig = z.infer<typeof existingHost>;
