/** `k3s-gitops:digitalocean`: the region, VPC and optional API load balancer on DigitalOcean. */
import { DropletSlug, Region } from "@pulumi/digitalocean/types/enums";
import { z } from "zod";
import { DO_DEFAULT_IMAGE, DO_DEFAULT_LB_SIZE_UNIT, DO_DEFAULT_VPC_CIDR } from "@k3s-gitops/components";
import { cidr } from "./common";

/** The defaults are DigitalOceanNodes' own; re-exported for the cross-checks. */
export { DO_DEFAULT_IMAGE, DO_DEFAULT_LB_SIZE_UNIT, DO_DEFAULT_VPC_CIDR };

/** Regions from the provider's own enum, less the ones closed to new droplets (nyc2, ams2, sfo1). */
const RETIRED_REGIONS = ["nyc2", "ams2", "sfo1"];
export const DO_REGIONS = Object.values(Region).filter((r) => !RETIRED_REGIONS.includes(r)) as string[];

/**
 * Droplet sizes from the provider's DropletSlug enum: the current slug families only (basic s-, CPU-optimised c-/c2-,
 * general purpose g-/gd-, memory m-/m3-/m6-, storage so-). Legacy slugs (512mb, 1gb...) and GPU droplets are refused.
 */
export const DO_DROPLET_SIZES = [...new Set(Object.values(DropletSlug) as string[])]
  .filter((s) => /^(s|c|c2|g|gd|m|m3|m6|so)-/.test(s))
  .sort();

export const digitalocean = z.strictObject({
  /** The one region of the cluster: DigitalOcean VPCs are regional, so every droplet shares it. */
  region: z.enum(DO_REGIONS as [string, ...string[]], `must be one of ${DO_REGIONS.join(", ")}`),
  /** The VPC's private range (RFC 1918, /16 to /28). @default DO_DEFAULT_VPC_CIDR (10.10.0.0/20) */
  vpcCidr: cidr.optional(),
  /** The droplet image slug. @default DO_DEFAULT_IMAGE (ubuntu-24-04-x64) */
  image: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be a DigitalOcean image slug such as ubuntu-24-04-x64").optional(),
  apiLoadBalancer: z
    .strictObject({
      enabled: z.boolean("must be true or false"),
      /** Load balancer size units, 1 to 100. @default DO_DEFAULT_LB_SIZE_UNIT (1) */
      sizeUnit: z.number("must be a whole number from 1 to 100").int("must be a whole number from 1 to 100").min(1, "must be at least 1").max(100, "must be at most 100").optional(),
    })
    .optional(),
});

export type DigitalOceanConfig = z.infer<typeof digitalocean>;
