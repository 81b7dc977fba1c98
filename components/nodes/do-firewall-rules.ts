/**
 * The DigitalOcean cloud firewall, as data. Pure, so tests compare it with the Hetzner rules exactly.
 *
 * The public openings are the cloud-neutral ones from firewall-rules.ts (SSH from access.sshAllowedCidrs, the
 * Kubernetes API from access.apiAllowedCidrs). Two differences from Hetzner follow from how DigitalOcean firewalls
 * work (docs.digitalocean.com/products/networking/firewalls): they filter the private (VPC) interface too, and with no
 * outbound rule they deny all outbound traffic. So node-to-node traffic is allowed from the VPC range only (k3s's
 * 6443, 10250, 2379-2380, flannel 8472/udp, and the load balancers the cloud controller places in the VPC), and
 * outbound is allowed explicitly (packages, the k3s installer, images, Helm charts).
 */
import type * as digitalocean from "@pulumi/digitalocean";
import type { AdminAccess } from "./args";
import { buildFirewallRules } from "./firewall-rules";

type Inbound = digitalocean.types.input.FirewallInboundRule;
type Outbound = digitalocean.types.input.FirewallOutboundRule;

/** Every TCP/UDP port, in DigitalOcean's port_range form. */
export const ALL_PORTS = "1-65535";
const EVERYWHERE = ["0.0.0.0/0", "::/0"];

export interface DoFirewallRules {
  readonly inbound: Inbound[];
  readonly outbound: Outbound[];
}

/** The public rules (from the shared builder), then node-to-node from the VPC, then outbound to anywhere. */
export function buildDoFirewallRules(
  access: Pick<AdminAccess, "sshAllowedCidrs" | "apiAllowedCidrs">,
  vpcCidr: string,
): DoFirewallRules {
  const publicRules: Inbound[] = buildFirewallRules(access).map((r) => ({
    protocol: r.protocol,
    portRange: r.port,
    sourceAddresses: [...r.sourceIps],
  }));
  const vpc: Inbound[] = [
    { protocol: "tcp", portRange: ALL_PORTS, sourceAddresses: [vpcCidr] },
    { protocol: "udp", portRange: ALL_PORTS, sourceAddresses: [vpcCidr] },
    { protocol: "icmp", sourceAddresses: [vpcCidr] },
  ];
  const outbound: Outbound[] = [
    { protocol: "tcp", portRange: ALL_PORTS, destinationAddresses: [...EVERYWHERE] },
    { protocol: "udp", portRange: ALL_PORTS, destinationAddresses: [...EVERYWHERE] },
    { protocol: "icmp", destinationAddresses: [...EVERYWHERE] },
  ];
  return { inbound: [...publicRules, ...vpc], outbound };
}

/** The API load balancer's own allow-list, in DigitalOcean's `cidr:` form. */
export function buildDoLbAllows(apiAllowedCidrs: readonly string[]): string[] {
  return [...new Set(apiAllowedCidrs)].sort().map((c) => `cidr:${c}`);
}
