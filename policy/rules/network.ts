/**
 * no-public-admin-ports: SSH, the Kubernetes API, etcd and the kubelet are never open to the whole internet, whole or
 * in pieces. The kernel's worldCoverage decides "the whole internet" (0.0.0.0/0, ::/0 in any spelling, two /1 halves,
 * 2000::/3...) and tooBroadForAdmin "too short a prefix": the same functions the config schema and the firewall
 * builder use.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { tooBroadForAdmin, worldCoverage } from "@k3s-gitops/components/kernel";
import { asString, known } from "./common";

export const ADMIN_PORTS: readonly { readonly from: number; readonly to: number; readonly what: string }[] = [
  { from: 22, to: 22, what: "SSH" },
  { from: 6443, to: 6443, what: "the Kubernetes API" },
  { from: 2379, to: 2380, what: "etcd" },
  { from: 10250, to: 10250, what: "the kubelet" },
];
export const WORLD = ["0.0.0.0/0", "::/0"];

/** Parses "22", "2379-2380", "any"/"all"/"" (every port) into a range; undefined when unreadable. */
export function parsePortRange(port: string | undefined): [number, number] | undefined {
  if (port === undefined || port === "" || port === "any" || port === "all") return [0, 65535];
  const m = /^(\d+)(?:-(\d+))?$/.exec(port.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/** The admin ports a [from, to] range opens: `22`, `2379-2380`. */
export function adminPortsIn(range: [number, number]): { port: string; what: string }[] {
  return ADMIN_PORTS.filter((a) => range[0] <= a.to && range[1] >= a.from).map((a) => ({
    port: a.from === a.to ? String(a.from) : `${a.from}-${a.to}`,
    what: a.what,
  }));
}

interface Rule {
  readonly label: string;
  readonly protocol: string;
  readonly range: [number, number] | undefined;
  readonly sources: readonly string[];
}

const TCP = ["tcp", "6", "-1", "all", "any"];

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Inbound rules of the firewall types this project may create, in one shape. */
export function inboundRules(type: string, props: Record<string, any>): Rule[] {
  const out: Rule[] = [];
  const each = (items: unknown, f: (r: any, i: number) => Rule | undefined) => {
    if (!Array.isArray(items)) return;
    items.forEach((r, i) => {
      const rule = known(() => f(r, i));
      if (rule) out.push(rule);
    });
  };
  switch (type) {
    case "hcloud:index/firewall:Firewall":
      each(known(() => props.rules), (r, i) =>
        asString(r.direction) === "in"
          ? { label: `rules[${i}]`, protocol: String(r.protocol), range: parsePortRange(asString(r.port)), sources: list(r.sourceIps) }
          : undefined,
      );
      break;
    case "digitalocean:index/firewall:Firewall":
      each(known(() => props.inboundRules), (r, i) => ({
        label: `inboundRules[${i}]`,
        protocol: String(r.protocol),
        range: parsePortRange(asString(r.portRange)),
        sources: list(r.sourceAddresses),
      }));
      break;
    case "aws:ec2/securityGroup:SecurityGroup":
      each(known(() => props.ingress), (r, i) => ({
        label: `ingress[${i}]`,
        protocol: String(r.protocol),
        range: [Number(r.fromPort ?? 0), Number(r.toPort ?? 65535)],
        sources: [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)],
      }));
      break;
    case "aws:ec2/securityGroupRule:SecurityGroupRule": {
      const r = known(() => (asString(props.type) === "ingress" ? props : undefined));
      if (r) each([r], () => ({ label: "rule", protocol: String(r.protocol), range: [Number(r.fromPort), Number(r.toPort)], sources: [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)] }));
      break;
    }
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      each([props], (r) => ({
        label: "rule",
        protocol: String(r.ipProtocol),
        range: r.fromPort === undefined ? [0, 65535] : [Number(r.fromPort), Number(r.toPort ?? r.fromPort)],
        sources: [asString(r.cidrIpv4), asString(r.cidrIpv6)].filter((s): s is string => s !== undefined),
      }));
      break;
  }
  return out;
}

export function noPublicAdminPorts(): ResourceValidationPolicy {
  return {
    name: "no-public-admin-ports",
    description: "No firewall rule opens 22, 6443, 2379-2380 or 10250 to 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        allowlist: {
          type: "array",
          items: { type: "string", pattern: "^[^:]+:[0-9-]+$" },
          default: [],
          description: 'Exceptions as "<resource name>:<port>" ("*" for any resource), e.g. "bastion-fw:22". Empty by default.',
        },
      },
    },
    validateResource: (args, reportViolation) => {
      const rules = inboundRules(args.type, args.props);
      if (rules.length === 0) return;
      const allowlist = args.getConfig<{ allowlist?: string[] }>().allowlist ?? [];
      const tcp = rules.filter((r) => TCP.includes(r.protocol.toLowerCase()) && r.range);
      const fix = (port: string) =>
        `restrict it to your own CIDRs (access.sshAllowedCidrs / access.apiAllowedCidrs) or allowlist "${args.name}:${port}"`;
      const kind = args.type.split(":")[2];
      const reported = new Set<string>();
      for (const rule of tcp) {
        const literal = rule.sources.filter((s) => WORLD.includes(s.trim()));
        const covered = worldCoverage(rule.sources);
        const broad = tooBroadForAdmin(rule.sources).filter((s) => !literal.includes(s));
        if (covered.length === 0 && broad.length === 0) continue;
        const to = literal.length > 0 ? literal.join(", ") : covered.length > 0 ? `${rule.sources.join(", ")} (together ${covered.join(" and ")})` : `${broad.join(", ")} (too broad for an admin port)`;
        for (const admin of adminPortsIn(rule.range!)) {
          if (allowlist.includes(`${args.name}:${admin.port}`) || allowlist.includes(`*:${admin.port}`)) continue;
          reported.add(admin.port);
          reportViolation(`${kind} "${args.name}" ${rule.label} opens port ${admin.port} (${admin.what}) to ${to}; ${fix(admin.port)}`);
        }
      }
      // Pieces spread over several rules: the union of every rule that opens the same admin port.
      for (const admin of ADMIN_PORTS) {
        const port = admin.from === admin.to ? String(admin.from) : `${admin.from}-${admin.to}`;
        if (reported.has(port) || allowlist.includes(`${args.name}:${port}`) || allowlist.includes(`*:${port}`)) continue;
        const opening = tcp.filter((r) => adminPortsIn(r.range!).some((a) => a.port === port));
        const covered = worldCoverage(opening.flatMap((r) => r.sources));
        if (opening.length > 1 && covered.length > 0) {
          reportViolation(`${kind} "${args.name}" ${opening.map((r) => r.label).join(", ")} together open port ${port} (${admin.what}) to ${covered.join(" and ")}; ${fix(port)}`);
        }
      }
    },
  };
}
