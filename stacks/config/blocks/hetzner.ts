/** `k3s-gitops:hetzner`: the network zone, private network and API load balancer on Hetzner Cloud. */
import { z } from "zod";
import {
  DEFAULT_HETZNER_IMAGE,
  DEFAULT_HETZNER_LB_TYPE,
  DEFAULT_HETZNER_NETWORK_CIDR,
  DEFAULT_HETZNER_SUBNET_CIDR,
  HETZNER_ZONES,
  HetznerZone,
} from "@k3s-gitops/components";
import { cidr } from "./common";

/** The zones and the defaults are HetznerNodes' own; re-exported for the cross-checks. */
export { DEFAULT_HETZNER_IMAGE, DEFAULT_HETZNER_LB_TYPE, DEFAULT_HETZNER_NETWORK_CIDR, DEFAULT_HETZNER_SUBNET_CIDR, HETZNER_ZONES };
export type { HetznerZone };

/**
 * Current-generation Hetzner Cloud server types (the October 2025 line-up): cost-optimised Intel/AMD (cx), regular
 * AMD (cpx), Ampere ARM (cax) and dedicated vCPU (ccx). The older cx22/cpx21 names are not accepted.
 * Checked offline: cx23 appears in @pulumi/hcloud 1.41's own Server examples; cpx12 (1 vCPU, 2 GB) and cpx62 in
 * current third-party Hetzner tooling. The live list is `hcloud server-type list` (GET /v1/server_types).
 */
export const HETZNER_SERVER_TYPES = [
  "cx23", "cx33", "cx43", "cx53",
  "cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62",
  "cax11", "cax21", "cax31", "cax41",
  "ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63",
] as const;

export const HETZNER_LB_TYPES = ["lb11", "lb21", "lb31"] as const;

export const hetzner = z.strictObject({
  networkZone: z.enum(Object.keys(HETZNER_ZONES) as [HetznerZone, ...HetznerZone[]], `must be one of ${Object.keys(HETZNER_ZONES).join(", ")}`),
  /** The private network; with cni cilium it must hold k3s.clusterCidr. @default DEFAULT_HETZNER_NETWORK_CIDR (10.0.0.0/8) */
  networkCidr: cidr.optional(),
  /** The nodes' subnet inside networkCidr. @default DEFAULT_HETZNER_SUBNET_CIDR (10.0.1.0/24) */
  subnetCidr: cidr.optional(),
  /** The OS image. @default DEFAULT_HETZNER_IMAGE (ubuntu-24.04) */
  image: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be a Hetzner image name such as ubuntu-24.04").optional(),
  apiLoadBalancer: z
    .strictObject({
      enabled: z.boolean("must be true or false"),
      /** @default DEFAULT_HETZNER_LB_TYPE (lb11) */
      type: z.enum(HETZNER_LB_TYPES, `must be one of ${HETZNER_LB_TYPES.join(", ")}`).optional(),
      /** @default the first server location */
      location: z.string().optional(),
      /**
       * Give the load balancer a public interface. Hetzner Cloud firewalls cannot be attached to load balancers, so a
       * public API load balancer answers 6443 to the whole internet whatever access.apiAllowedCidrs says. Off by
       * default: the load balancer is private, nodes join through it, and kubectl reaches the API on the servers'
       * firewalled public addresses. @default false
       */
      public: z.boolean("must be true or false").optional(),
    })
    .optional(),
});

export type HetznerConfig = z.infer<typeof hetzner>;
