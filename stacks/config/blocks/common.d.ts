/** Small zod building blocks shared by the config blocks. Messages say what is accepted. */
import { z } from "zod";
export declare const cidr: z.ZodString;
/** An RFC 1123 DNS label, as used for pool and node names. */
export declare const dnsLabel: z.ZodString;
export declare const labels: z.ZodRecord<z.ZodString, z.ZodString>;
/** A taint in k3s's `key=value:Effect` form (value optional). */
export declare const taint: z.ZodString;
export declare const count: z.ZodNumber;
