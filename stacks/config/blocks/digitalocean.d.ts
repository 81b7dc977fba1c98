import { z } from "zod";
export declare const DO_REGIONS: string[];
/**
 * Droplet sizes from the provider's DropletSlug enum: the current slug families only (basic s-, CPU-optimised c-/c2-,
 * general purpose g-/gd-, memory m-/m3-/m6-, storage so-). Legacy slugs (512mb, 1gb...) and GPU droplets are refused.
 */
export declare const DO_DROPLET_SIZES: string[];
/** @default image for droplets. */
export declare const DO_DEFAULT_IMAGE = "ubuntu-24-04-x64";
/** @default the VPC's range. */
export declare const DO_DEFAULT_VPC_CIDR = "10.10.0.0/20";
export declare const digitalocean: z.ZodObject<{
    region: z.ZodEnum<{
        [x: string]: string;
    }>;
    vpcCidr: z.ZodOptional<z.ZodString>;
    image: z.ZodOptional<z.ZodString>;
    apiLoadBalancer: z.ZodOptional<z.ZodObject<{
        enabled: z.ZodBoolean;
        sizeUnit: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type DigitalOceanConfig = z.infer<typeof digitalocean>;
