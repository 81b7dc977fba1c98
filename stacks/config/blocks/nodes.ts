/** `k3s-gitops:servers` and `k3s-gitops:agentPools`. Sizes and locations are checked per cloud in cross-checks. */
import { z } from "zod";
import { count, dnsLabel, labels, taint } from "./common";

export const servers = z.strictObject({
  /** 1, or an odd number of at least 3: embedded etcd needs a quorum. */
  count: count.min(1, "must be at least 1").refine(
    (n) => n === 1 || (n >= 3 && n % 2 === 1),
    "an HA control plane needs an odd count (1, 3, 5, 7)",
  ),
  /** The cloud's server type or droplet size. */
  size: z.string("must be a server type such as cx23 or cpx32"),
  /** Locations to spread the servers over, round-robin. @default the profile's */
  locations: z.array(z.string()).min(1, "must list at least one location").optional(),
  labels: labels.optional(),
  taints: z.array(taint).optional(),
});

export const agentPool = z.strictObject({
  name: dnsLabel,
  count,
  size: z.string("must be a server type such as cx23 or cpx32"),
  locations: z.array(z.string()).min(1, "must list at least one location").optional(),
  labels: labels.optional(),
  taints: z.array(taint).optional(),
});

export const agentPools = z.array(agentPool);

export type ServersConfig = z.infer<typeof servers>;
export type AgentPoolConfig = z.infer<typeof agentPool>;
