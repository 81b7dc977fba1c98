/** `k3s-gitops:servers` and `k3s-gitops:agentPools`. Sizes and locations are checked per cloud in cross-checks. */
import { z } from "zod";
export declare const servers: z.ZodObject<{
    count: z.ZodNumber;
    size: z.ZodString;
    locations: z.ZodOptional<z.ZodArray<z.ZodString>>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    taints: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export declare const agentPool: z.ZodObject<{
    name: z.ZodString;
    count: z.ZodNumber;
    size: z.ZodString;
    locations: z.ZodOptional<z.ZodArray<z.ZodString>>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    taints: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export declare const agentPools: z.ZodArray<z.ZodObject<{
    name: z.ZodString;
    count: z.ZodNumber;
    size: z.ZodString;
    locations: z.ZodOptional<z.ZodArray<z.ZodString>>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    taints: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>>;
export type ServersConfig = z.infer<typeof servers>;
export type AgentPoolConfig = z.infer<typeof agentPool>;
