/** IPv4/IPv6 CIDR parsing, kept pure so property tests can drive it. */

export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefix: number;
}

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(address: string): number[] | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => IPV4_OCTET.test(p))) return undefined;
  return parts.map(Number);
}

function isIpv6(address: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(address) || !address.includes(":")) return false;
  const doubleColons = address.split("::").length - 1;
  if (doubleColons > 1) return false;
  const groups = address.split(":").filter((g) => g !== "");
  if (groups.some((g) => g.length > 4)) return false;
  return doubleColons === 1 ? groups.length < 8 : groups.length === 8;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when malformed. */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return undefined;
  const [, address, prefixText] = m;
  const prefix = Number(prefixText);
  if (parseIpv4(address!)) return prefix <= 32 ? { family: 4, address: address!, prefix } : undefined;
  if (isIpv6(address!)) return prefix <= 128 ? { family: 6, address: address!, prefix } : undefined;
  return undefined;
}

export function isCidr(value: string): boolean {
  return parseCidr(value) !== undefined;
}

/** True for a CIDR that covers the whole internet: 0.0.0.0/0 or ::/0. */
export function isWorldCidr(value: string): boolean {
  const c = parseCidr(value);
  return c !== undefined && c.prefix === 0;
}

function ipv4ToInt(address: string): number {
  return parseIpv4(address)!.reduce((acc, o) => acc * 256 + o, 0);
}

/** The IPv4 range [first, last] of a CIDR, as integers. */
export function ipv4Range(cidr: string): [number, number] {
  const c = parseCidr(cidr);
  if (!c || c.family !== 4) throw new Error(`${cidr} is not an IPv4 CIDR`);
  const size = 2 ** (32 - c.prefix);
  const first = Math.floor(ipv4ToInt(c.address) / size) * size;
  return [first, first + size - 1];
}

/** True when IPv4 CIDR `inner` lies inside IPv4 CIDR `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [a, b] = ipv4Range(outer);
  const [c, d] = ipv4Range(inner);
  return c >= a && d <= b;
}

/** True when two IPv4 CIDRs share any address. */
export function cidrsOverlap(x: string, y: string): boolean {
  const [a, b] = ipv4Range(x);
  const [c, d] = ipv4Range(y);
  return a <= d && c <= b;
}

/** The n-th host address (1-based) of an IPv4 CIDR. */
export function hostAddress(cidr: string, n: number): string {
  const [first, last] = ipv4Range(cidr);
  const value = first + n;
  if (value > last) throw new Error(`host ${n} is outside ${cidr}`);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
