"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.digitalocean = exports.DO_DEFAULT_VPC_CIDR = exports.DO_DEFAULT_IMAGE = exports.DO_DROPLET_SIZES = exports.DO_REGIONS = void 0;
/** `k3s-gitops:digitalocean`: the region, VPC and optional API load balancer on DigitalOcean. */
const enums_1 = require("@pulumi/digitalocean/types/enums");
const zod_1 = require("zod");
const common_1 = require("./common");
/** Regions from the provider's own enum, less the ones closed to new droplets (nyc2, ams2, sfo1). */
const RETIRED_REGIONS = ["nyc2", "ams2", "sfo1"];
exports.DO_REGIONS = Object.values(enums_1.Region).filter((r) => !RETIRED_REGIONS.includes(r));
/**
 * Droplet sizes from the provider's DropletSlug enum: the current slug families only (basic s-, CPU-optimised c-/c2-,
 * general purpose g-/gd-, memory m-/m3-/m6-, storage so-). Legacy slugs (512mb, 1gb...) and GPU droplets are refused.
 */
exports.DO_DROPLET_SIZES = [...new Set(Object.values(enums_1.DropletSlug))]
    .filter((s) => /^(s|c|c2|g|gd|m|m3|m6|so)-/.test(s))
    .sort();
/** @default image for droplets. */
exports.DO_DEFAULT_IMAGE = "ubuntu-24-04-x64";
/** @default the VPC's range. */
exports.DO_DEFAULT_VPC_CIDR = "10.10.0.0/20";
exports.digitalocean = zod_1.z.strictObject({
    /** The one region of the cluster: DigitalOcean VPCs are regional, so every droplet shares it. */
    region: zod_1.z.enum(exports.DO_REGIONS, `must be one of ${exports.DO_REGIONS.join(", ")}`),
    /** The VPC's private range (RFC 1918, /16 to /28). @default 10.10.0.0/20 */
    vpcCidr: common_1.cidr.optional(),
    /** The droplet image slug. @default ubuntu-24-04-x64 */
    image: zod_1.z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be a DigitalOcean image slug such as ubuntu-24-04-x64").optional(),
    apiLoadBalancer: zod_1.z
        .strictObject({
        enabled: zod_1.z.boolean("must be true or false"),
        /** Load balancer size units, 1 to 100. @default 1 */
        sizeUnit: zod_1.z.number("must be a whole number from 1 to 100").int("must be a whole number from 1 to 100").min(1, "must be at least 1").max(100, "must be at most 100").optional(),
    })
        .optional(),
});
