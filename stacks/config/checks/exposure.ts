/**
 * World exposure that config alone decides, beyond the access allowlists (blocks/access.ts): a public Hetzner API
 * load balancer answers 6443 to the whole internet. Hetzner Cloud firewalls apply to servers only; a load balancer
 * cannot carry one (docs.hetzner.com/cloud/firewalls/faq; blocks/hetzner.ts apiLoadBalancer.public). Prod refuses it;
 * other stacks warn (../warnings.ts).
 */
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

export function exposureCheck(raw: Raw): ConfigProblem[] {
  const lb = isObject(raw.hetzner) && isObject(raw.hetzner.apiLoadBalancer) ? raw.hetzner.apiLoadBalancer : undefined;
  if (raw.cloud !== "hetzner" || raw.profile !== "prod" || lb?.enabled !== true || lb.public !== true) return [];
  return [
    {
      path: ["hetzner", "apiLoadBalancer", "public"],
      value: true,
      message: "must be false in prod: Hetzner load balancers carry no firewall, so a public one answers 6443 to the whole internet whatever access.apiAllowedCidrs says; kubectl reaches the servers' firewalled addresses instead",
    },
  ];
}
