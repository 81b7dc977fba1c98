"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.k3s = exports.RESERVED_K3S_FLAGS = exports.K3S_DISABLE = exports.K3S_VERSION = void 0;
/** `k3s-gitops:k3s`: the pinned k3s version and what to turn off. */
const zod_1 = require("zod");
/** k3s release tags: v<major>.<minor>.<patch>+k3s<n>, optionally an -rc<n> pre-release. Channels are not accepted. */
exports.K3S_VERSION = /^v1\.\d{2}\.\d{1,2}(-rc\d+)?\+k3s\d+$/;
/** The packaged components `--disable` accepts (k3s server docs). */
exports.K3S_DISABLE = ["coredns", "servicelb", "traefik", "local-storage", "metrics-server", "runtimes"];
/** Flags the k3s layer owns; setting them through extraArgs would break the cluster's wiring. */
exports.RESERVED_K3S_FLAGS = [
    "token",
    "token-file",
    "agent-token",
    "agent-token-file",
    "server",
    "cluster-init",
    "node-name",
    "node-ip",
    "node-external-ip",
    "advertise-address",
    "flannel-iface",
    "flannel-backend",
    "disable-network-policy",
    "disable-cloud-controller",
    "node-label",
    "node-taint",
    "disable",
    "write-kubeconfig-mode",
    "data-dir",
];
const extraArg = zod_1.z
    .string()
    .regex(/^--[a-z][a-z0-9-]*(=.*)?$/, "must be a k3s flag such as --kube-apiserver-arg=audit-log-maxage=30")
    .refine((arg) => {
    const flag = arg.slice(2).split("=")[0];
    return !exports.RESERVED_K3S_FLAGS.includes(flag);
}, `sets a flag the k3s layer manages itself (${exports.RESERVED_K3S_FLAGS.join(", ")}); use the matching config key instead`);
exports.k3s = zod_1.z.strictObject({
    /** The exact k3s release, e.g. v1.34.3+k3s3. Changing it upgrades in place through the upgrade controller. */
    version: zod_1.z.string("must be a k3s release such as v1.34.3+k3s3").regex(exports.K3S_VERSION, "must be an exact k3s release such as v1.34.3+k3s3 (no channel, no 'latest')"),
    /** flannel (k3s built-in, vxlan over the private network) or cilium. @default flannel */
    cni: zod_1.z.enum(["flannel", "cilium"], "must be flannel or cilium").optional(),
    /** Packaged components to disable. */
    disable: zod_1.z.array(zod_1.z.enum(exports.K3S_DISABLE, `must be one of ${exports.K3S_DISABLE.join(", ")}`)).optional(),
    /** Extra flags, applied to every server (and agent, where k3s agent accepts them). */
    extraArgs: zod_1.z.array(extraArg).optional(),
    /** Extra flags for agents only. */
    agentExtraArgs: zod_1.z.array(extraArg).optional(),
});
