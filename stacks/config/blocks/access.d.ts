/** `k3s-gitops:access`: who may reach SSH and the Kubernetes API. Never the whole internet. */
import { z } from "zod";
export declare const access: z.ZodObject<{
    sshAllowedCidrs: z.ZodArray<z.ZodString>;
    apiAllowedCidrs: z.ZodArray<z.ZodString>;
    sshPublicKey: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export type AccessConfig = z.infer<typeof access>;
