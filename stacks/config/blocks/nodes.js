"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.agentPools = exports.agentPool = exports.servers = void 0;
/** `k3s-gitops:servers` and `k3s-gitops:agentPools`. Sizes and locations are checked per cloud in cross-checks. */
const zod_1 = require("zod");
const common_1 = require("./common");
exports.servers = zod_1.z.strictObject({
    /** 1, or an odd number of at least 3: embedded etcd needs a quorum. */
    count: common_1.count.min(1, "must be at least 1").refine((n) => n === 1 || (n >= 3 && n % 2 === 1), "an HA control plane needs an odd count (1, 3, 5, 7)"),
    /** The cloud's server type or droplet size. */
    size: zod_1.z.string("must be a server type such as cx23 or cpx32"),
    /** Locations to spread the servers over, round-robin. @default the profile's */
    locations: zod_1.z.array(zod_1.z.string()).min(1, "must list at least one location").optional(),
    labels: common_1.labels.optional(),
    taints: zod_1.z.array(common_1.taint).optional(),
});
exports.agentPool = zod_1.z.strictObject({
    name: common_1.dnsLabel,
    count: common_1.count,
    size: zod_1.z.string("must be a server type such as cx23 or cpx32"),
    locations: zod_1.z.array(zod_1.z.string()).min(1, "must list at least one location").optional(),
    labels: common_1.labels.optional(),
    taints: zod_1.z.array(common_1.taint).optional(),
});
exports.agentPools = zod_1.z.array(exports.agentPool);
