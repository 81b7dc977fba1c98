"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hetzner = exports.DEFAULT_HETZNER_LB_TYPE = exports.DEFAULT_HETZNER_IMAGE = exports.DEFAULT_HETZNER_SUBNET_CIDR = exports.DEFAULT_HETZNER_NETWORK_CIDR = exports.HETZNER_LB_TYPES = exports.HETZNER_SERVER_TYPES = exports.HETZNER_ZONES = void 0;
/** `k3s-gitops:hetzner`: the network zone, private network and API load balancer on Hetzner Cloud. */
const zod_1 = require("zod");
const common_1 = require("./common");
/** Hetzner Cloud network zones and the locations inside each. */
exports.HETZNER_ZONES = {
    "eu-central": ["fsn1", "nbg1", "hel1"],
    "us-east": ["ash"],
    "us-west": ["hil"],
    "ap-southeast": ["sin"],
};
/**
 * Current-generation Hetzner Cloud server types (the October 2025 line-up): cost-optimised Intel/AMD (cx), regular
 * AMD (cpx), Ampere ARM (cax) and dedicated vCPU (ccx). The older cx22/cpx21 names are not accepted.
 * Checked offline: cx23 appears in @pulumi/hcloud 1.41's own Server examples; cpx12 (1 vCPU, 2 GB) and cpx62 in
 * current third-party Hetzner tooling. The live list is `hcloud server-type list` (GET /v1/server_types).
 */
exports.HETZNER_SERVER_TYPES = [
    "cx23", "cx33", "cx43", "cx53",
    "cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62",
    "cax11", "cax21", "cax31", "cax41",
    "ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63",
];
exports.HETZNER_LB_TYPES = ["lb11", "lb21", "lb31"];
/** Defaults applied with `??` by the Hetzner node component and the cross-checks. */
exports.DEFAULT_HETZNER_NETWORK_CIDR = "10.0.0.0/16";
exports.DEFAULT_HETZNER_SUBNET_CIDR = "10.0.1.0/24";
exports.DEFAULT_HETZNER_IMAGE = "ubuntu-24.04";
exports.DEFAULT_HETZNER_LB_TYPE = "lb11";
exports.hetzner = zod_1.z.strictObject({
    networkZone: zod_1.z.enum(Object.keys(exports.HETZNER_ZONES), `must be one of ${Object.keys(exports.HETZNER_ZONES).join(", ")}`),
    /** The private network. @default 10.0.0.0/16 */
    networkCidr: common_1.cidr.optional(),
    /** The nodes' subnet inside networkCidr. @default 10.0.1.0/24 */
    subnetCidr: common_1.cidr.optional(),
    /** The OS image. @default ubuntu-24.04 */
    image: zod_1.z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be a Hetzner image name such as ubuntu-24.04").optional(),
    apiLoadBalancer: zod_1.z
        .strictObject({
        enabled: zod_1.z.boolean("must be true or false"),
        /** @default lb11 */
        type: zod_1.z.enum(exports.HETZNER_LB_TYPES, `must be one of ${exports.HETZNER_LB_TYPES.join(", ")}`).optional(),
        /** @default the first server location */
        location: zod_1.z.string().optional(),
        /**
         * Give the load balancer a public interface. Hetzner Cloud firewalls cannot be attached to load balancers, so a
         * public API load balancer answers 6443 to the whole internet whatever access.apiAllowedCidrs says. Off by
         * default: the load balancer is private, nodes join through it, and kubectl reaches the API on the servers'
         * firewalled public addresses. @default false
         */
        public: zod_1.z.boolean("must be true or false").optional(),
    })
        .optional(),
});
