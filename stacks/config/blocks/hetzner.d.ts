/** `k3s-gitops:hetzner`: the network zone, private network and API load balancer on Hetzner Cloud. */
import { z } from "zod";
/** Hetzner Cloud network zones and the locations inside each. */
export declare const HETZNER_ZONES: {
    readonly "eu-central": readonly ["fsn1", "nbg1", "hel1"];
    readonly "us-east": readonly ["ash"];
    readonly "us-west": readonly ["hil"];
    readonly "ap-southeast": readonly ["sin"];
};
export type HetznerZone = keyof typeof HETZNER_ZONES;
/**
 * Current-generation Hetzner Cloud server types (the October 2025 line-up): cost-optimised Intel/AMD (cx), regular
 * AMD (cpx), Ampere ARM (cax) and dedicated vCPU (ccx). The older cx22/cpx21 names are not accepted.
 * Checked offline: cx23 appears in @pulumi/hcloud 1.41's own Server examples; cpx12 (1 vCPU, 2 GB) and cpx62 in
 * current third-party Hetzner tooling. The live list is `hcloud server-type list` (GET /v1/server_types).
 */
export declare const HETZNER_SERVER_TYPES: readonly ["cx23", "cx33", "cx43", "cx53", "cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62", "cax11", "cax21", "cax31", "cax41", "ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63"];
export declare const HETZNER_LB_TYPES: readonly ["lb11", "lb21", "lb31"];
/** Defaults applied with `??` by the Hetzner node component and the cross-checks. */
export declare const DEFAULT_HETZNER_NETWORK_CIDR = "10.0.0.0/16";
export declare const DEFAULT_HETZNER_SUBNET_CIDR = "10.0.1.0/24";
export declare const DEFAULT_HETZNER_IMAGE = "ubuntu-24.04";
export declare const DEFAULT_HETZNER_LB_TYPE = "lb11";
export declare const hetzner: z.ZodObject<{
    networkZone: z.ZodEnum<{
        "eu-central": "eu-central";
        "us-east": "us-east";
        "us-west": "us-west";
        "ap-southeast": "ap-southeast";
    }>;
    networkCidr: z.ZodOptional<z.ZodString>;
    subnetCidr: z.ZodOptional<z.ZodString>;
    image: z.ZodOptional<z.ZodString>;
    apiLoadBalancer: z.ZodOptional<z.ZodObject<{
        enabled: z.ZodBoolean;
        type: z.ZodOptional<z.ZodEnum<{
            lb11: "lb11";
            lb21: "lb21";
            lb31: "lb31";
        }>>;
        location: z.ZodOptional<z.ZodString>;
        public: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type HetznerConfig = z.infer<typeof hetzner>;
