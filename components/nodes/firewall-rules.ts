/**
 * The nodes' public-interface firewall, as data. Pure, so tests assert the rules exactly.
 *
 * Inbound is denied by default: once a Hetzner Cloud firewall is applied to a server, only traffic a rule allows gets
 * in. The only public openings are SSH (22/tcp, from access.sshAllowedCidrs, for the @pulumi/command install steps)
 * and the Kubernetes API (6443/tcp, from access.apiAllowedCidrs). Outbound has no rule, which Hetzner treats as
 * "allow all outbound" (image downloads, the k3s installer, Helm charts).
 *
 * Node-to-node traffic never crosses the public interface. Hetzner Cloud firewalls filter only a server's public
 * interface; traffic on a private Cloud Network is not filtered by them (Hetzner docs, docs.hetzner.com/cloud/firewalls/
 * faq, "Can Firewalls secure traffic to my private Hetzner Cloud Networks?": they do not; they apply to the public
 * interface only). The same FAQ: inbound has an implicit deny; with no outbound rule, all outbound traffic is allowed.
 * The k3s inbound-rules table (docs.k3s.io/installation/requirements, "Inbound Rules for K3s Nodes") lists what
 * nodes need from each other; every one of these runs on the private network, because k3s is configured with
 * node-ip / advertise-address / flannel-iface on the private interface:
 *
 *   | proto | port      | from -> to          | what                                             |
 *   |-------|-----------|---------------------|--------------------------------------------------|
 *   | TCP   | 6443      | agents -> servers   | k3s supervisor and Kubernetes API (joins use it)  |
 *   | TCP   | 2379-2380 | servers -> servers  | embedded etcd (HA only)                           |
 *   | UDP   | 8472      | all -> all          | flannel VXLAN (the default backend)               |
 *   | TCP   | 10250     | all -> all          | kubelet metrics and API                           |
 *   | UDP   | 51820     | all -> all          | flannel WireGuard, IPv4 (only with that backend)  |
 *   | UDP   | 51821     | all -> all          | flannel WireGuard, IPv6 (only with that backend)  |
 *   | TCP   | 5001      | all -> all          | embedded registry (Spegel), only when enabled     |
 *
 * (9345 is RKE2's supervisor port; k3s multiplexes its supervisor on 6443.) The k3s docs warn that 8472/udp must
 * never be reachable from the internet; here it is not, since no rule opens it. The API load balancer reaches the
 * servers over the private network too (usePrivateIp), so it needs no public rule either.
 */
import { isWorldCidr, tooBroadForAdmin, worldCoverage } from "../kernel/cidr";
import type { AdminAccess } from "./args";

export const SSH_PORT = 22;
export const KUBE_API_PORT = 6443;

/** One inbound rule, in the shape of hcloud's FirewallRule input (and easy to map to other clouds). */
export interface InboundRule {
  readonly direction: "in";
  readonly protocol: "tcp" | "udp" | "icmp";
  readonly port: string;
  readonly sourceIps: readonly string[];
  readonly description: string;
}

/**
 * Sorted, de-duplicated CIDRs; throws when they open an admin port to the whole internet, whole or in pieces (the
 * kernel's worldCoverage: 0.0.0.0/0, two /1 halves, 2000::/3...), or list a public prefix too short for an admin
 * port (tooBroadForAdmin). The config schema and the components' validators reject these first; this is the backstop.
 */
function sources(what: string, cidrs: readonly string[]): string[] {
  const unique = [...new Set(cidrs)].sort();
  if (unique.length === 0) throw new Error(`${what} lists no CIDRs; refusing to build a rule that opens nothing`);
  const literal = unique.filter(isWorldCidr);
  if (literal.length > 0) throw new Error(`${what} includes ${literal.join(", ")}; admin ports are never opened to the whole internet`);
  const world = worldCoverage(unique);
  if (world.length > 0) throw new Error(`${what} covers ${world.join(" and ")} taken together; admin ports are never opened to the whole internet`);
  const broad = tooBroadForAdmin(unique);
  if (broad.length > 0) throw new Error(`${what} includes ${broad.join(", ")}, too broad for an admin port; admin ports are never opened to the whole internet`);
  return unique;
}

/** The inbound rules of the nodes' firewall: SSH and the Kubernetes API, from the allowed CIDRs only. */
export function buildFirewallRules(access: Pick<AdminAccess, "sshAllowedCidrs" | "apiAllowedCidrs">): InboundRule[] {
  return [
    {
      direction: "in",
      protocol: "tcp",
      port: String(SSH_PORT),
      sourceIps: sources("access.sshAllowedCidrs", access.sshAllowedCidrs),
      description: "SSH for the k3s install steps",
    },
    {
      direction: "in",
      protocol: "tcp",
      port: String(KUBE_API_PORT),
      sourceIps: sources("access.apiAllowedCidrs", access.apiAllowedCidrs),
      description: "Kubernetes API",
    },
  ];
}
