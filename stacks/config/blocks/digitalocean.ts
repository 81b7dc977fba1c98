/** `k3s-gitops:digitalocean`: the region, VPC and optional API load balancer on DigitalOcean. */
import { DropletSlug } from "@pulumi/digitalocean/types/enums";
import { z } from "zod";
import { DO_DEFAULT_IMAGE, DO_DEFAULT_LB_SIZE_UNIT, DO_DEFAULT_VPC_CIDR, DO_LB_MAX_SIZE_UNIT, DO_LB_MIN_SIZE_UNIT, DO_OPEN_REGIONS } from "@k3s-gitops/components";
import { cidr } from "./common";

/** The defaults are DigitalOceanNodes' own; re-exported for the cross-checks. */
export { DO_DEFAULT_IMAGE, DO_DEFAULT_LB_SIZE_UNIT, DO_DEFAULT_VPC_CIDR };

/** Regions open to new droplets: DigitalOceanNodes' own list (DO_OPEN_REGIONS, components/nodes/limits.ts, with its sources). */
export const DO_REGIONS: string[] = [...DO_OPEN_REGIONS];

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
      /** Load balancer size units, 1 to 200 (DO_LB_MAX_SIZE_UNIT, components/nodes/limits.ts). @default DO_DEFAULT_LB_SIZE_UNIT (1) */
      sizeUnit: z
        .number(`must be a whole number from ${DO_LB_MIN_SIZE_UNIT} to ${DO_LB_MAX_SIZE_UNIT}`)
        .int(`must be a whole number from ${DO_LB_MIN_SIZE_UNIT} to ${DO_LB_MAX_SIZE_UNIT}`)
        .min(DO_LB_MIN_SIZE_UNIT, `must be at least ${DO_LB_MIN_SIZE_UNIT}`)
        .max(DO_LB_MAX_SIZE_UNIT, `must be at most ${DO_LB_MAX_SIZE_UNIT}`)
        .optional(),
    })
    .optional(),
});

export type DigitalOceanConfig = z.infer<typeof digitalocean>;
