/** `k3s-gitops:k3s`: the pinned k3s version and what to turn off. */
import { z } from "zod";
/** k3s release tags: v<major>.<minor>.<patch>+k3s<n>, optionally an -rc<n> pre-release. Channels are not accepted. */
export declare const K3S_VERSION: RegExp;
/** The packaged components `--disable` accepts (k3s server docs). */
export declare const K3S_DISABLE: readonly ["coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes"];
/** Flags the k3s layer owns; setting them through extraArgs would break the cluster's wiring. */
export declare const RESERVED_K3S_FLAGS: readonly ["token", "token-file", "agent-token", "agent-token-file", "server", "cluster-init", "node-name", "node-ip", "node-external-ip", "advertise-address", "flannel-iface", "flannel-backend", "disable-network-policy", "disable-cloud-controller", "node-label", "node-taint", "disable", "write-kubeconfig-mode", "data-dir"];
export declare const k3s: z.ZodObject<{
    version: z.ZodString;
    cni: z.ZodOptional<z.ZodEnum<{
        cilium: "cilium";
        flannel: "flannel";
    }>>;
    disable: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        traefik: "traefik";
        "metrics-server": "metrics-server";
        coredns: "coredns";
        servicelb: "servicelb";
        "local-storage": "local-storage";
        runtimes: "runtimes";
    }>>>;
    extraArgs: z.ZodOptional<z.ZodArray<z.ZodString>>;
    agentExtraArgs: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export type K3sConfig = z.infer<typeof k3s>;
