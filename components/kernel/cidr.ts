/**
 * IPv4/IPv6 address and CIDR helpers on ipaddr.js (2.5.0), kept pure so property tests can drive them.
 *
 * ipaddr.js does the parsing and the masks. What stays here is the project's stricter notion of a CIDR in config:
 * IPv4 only as four decimal octets without leading zeros (`10.0.0.0`, not `10.0` or `010.0.0.0`), IPv6 only as hex
 * groups and colons (no zone id, no embedded dotted IPv4), and a prefix of one to three digits.
 */
import ipaddr from "ipaddr.js";

export interface ParsedCidr {
  readonly family: 4 | 6;
  /** The address as written (not normalised). */
  readonly address: string;
  readonly prefix: number;
}

/** The four octets of a dotted-decimal IPv4 address, or undefined when it is not one. */
export function parseIpv4(address: string): number[] | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
  return ipaddr.IPv4.parse(address).octets.slice();
}

/** Hex groups and colons only: ipaddr.js also accepts `::ffff:1.2.3.4` and `fe80::1%eth0`, which config does not. */
const IPV6_TEXT = /^[0-9a-fA-F:]+$/;

function isIpv6(address: string): boolean {
  return IPV6_TEXT.test(address) && address.includes(":") && ipaddr.IPv6.isValid(address);
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when malformed. */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return undefined;
  const address = m[1]!;
  const prefix = Number(m[2]);
  if (parseIpv4(address)) return prefix <= 32 ? { family: 4, address, prefix } : undefined;
  if (isIpv6(address)) return prefix <= 128 ? { family: 6, address, prefix } : undefined;
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

function toInt(address: ipaddr.IPv4): number {
  return address.octets.reduce((acc, o) => acc * 256 + o, 0);
}

function parseIpv4Cidr(cidr: string): ParsedCidr & { family: 4 } {
  const c = parseCidr(cidr);
  if (!c || c.family !== 4) throw new Error(`${cidr} is not an IPv4 CIDR`);
  return c as ParsedCidr & { family: 4 };
}

/** The IPv4 range [first, last] of a CIDR, as integers. Host bits in the address are ignored. */
export function ipv4Range(cidr: string): [number, number] {
  const c = parseIpv4Cidr(cidr);
  const normalised = `${c.address}/${c.prefix}`;
  return [toInt(ipaddr.IPv4.networkAddressFromCIDR(normalised)), toInt(ipaddr.IPv4.broadcastAddressFromCIDR(normalised))];
}

/** True when IPv4 CIDR `inner` lies inside IPv4 CIDR `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseIpv4Cidr(outer);
  const i = parseIpv4Cidr(inner);
  return i.prefix >= o.prefix && ipaddr.IPv4.parse(i.address).match(ipaddr.IPv4.parse(o.address), o.prefix);
}

/** True when two IPv4 CIDRs share any address: the shorter prefix contains the other's network. */
export function cidrsOverlap(x: string, y: string): boolean {
  const a = parseIpv4Cidr(x);
  const b = parseIpv4Cidr(y);
  const bits = Math.min(a.prefix, b.prefix);
  return ipaddr.IPv4.parse(a.address).match(ipaddr.IPv4.parse(b.address), bits);
}

/** The n-th host address of an IPv4 CIDR: n = 0 is the network address, n = 1 the first host. */
export function hostAddress(cidr: string, n: number): string {
  const [first, last] = ipv4Range(cidr);
  const value = first + n;
  if (!Number.isInteger(n) || n < 0 || value > last) throw new Error(`host ${n} is outside ${cidr}`);
  return ipaddr.fromByteArray([24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256)).toString();
}
