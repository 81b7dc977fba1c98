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

// ---- Coverage: does a list of CIDRs open a port to the whole internet, in pieces? ----
//
// One function decides this for the config schema (stacks/config), the firewall backstop (components/nodes/
// firewall-rules.ts) and the no-public-admin-ports policy (policy/rules/network.ts), so the three never disagree.

/** The address space a CIDR covers, as inclusive BigInt bounds, with its family. Host bits are ignored. */
export interface CidrSpan {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function bytesToBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** The span of a CIDR, or undefined when it is not one (parseCidr's strict notion). */
export function cidrSpan(cidr: string): CidrSpan | undefined {
  const c = parseCidr(cidr);
  if (!c) return undefined;
  const bits = c.family === 4 ? 32 : 128;
  const value = bytesToBigInt(c.family === 4 ? ipaddr.IPv4.parse(c.address).toByteArray() : ipaddr.IPv6.parse(c.address).toByteArray());
  const size = 1n << BigInt(bits - c.prefix);
  const first = (value / size) * size;
  return { family: c.family, first, last: first + size - 1n };
}

/** True when the CIDR's address has bits set beyond its prefix (10.0.0.1/24): legal, but probably not what was meant. */
export function cidrHasHostBits(cidr: string): boolean {
  const c = parseCidr(cidr);
  const s = cidrSpan(cidr);
  if (!c || !s) return false;
  const value = bytesToBigInt(c.family === 4 ? ipaddr.IPv4.parse(c.address).toByteArray() : ipaddr.IPv6.parse(c.address).toByteArray());
  return value !== s.first;
}

/** The sorted, merged union of spans of one family: adjacent and overlapping spans become one. */
export function mergeSpans(spans: readonly CidrSpan[]): CidrSpan[] {
  const sorted = [...spans].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: { family: 4 | 6; first: bigint; last: bigint }[] = [];
  for (const s of sorted) {
    const top = out[out.length - 1];
    if (top && s.first <= top.last + 1n) {
      if (s.last > top.last) top.last = s.last;
    } else out.push({ ...s });
  }
  return out;
}

/** True when the merged union of `spans` contains every address of [first, last]. */
export function spansCover(spans: readonly CidrSpan[], first: bigint, last: bigint): boolean {
  return mergeSpans(spans).some((s) => s.first <= first && s.last >= last);
}

/**
 * The public internet per family: all of IPv4 (0.0.0.0/0), and IPv6's global unicast space 2000::/3 (RFC 4291
 * section 2.4 and the IANA IPv6 address space registry: every public IPv6 address is allocated from 2000::/3), so
 * an allowlist that covers 2000::/3 is world-open even though it is not ::/0.
 */
export const INTERNET_SPANS: readonly { readonly cidr: string; readonly span: CidrSpan }[] = ["0.0.0.0/0", "2000::/3"].map((cidr) => ({ cidr, span: cidrSpan(cidr)! }));

/**
 * Whether a list of CIDRs, taken together, covers the IPv4 or the IPv6 internet: `0.0.0.0/0`, `::/0` in any
 * spelling, two /1 halves, four /2s, `2000::/3`... Returns the internet ranges covered (empty when none).
 * Entries that are not CIDRs are ignored (the caller's shape check reports them).
 */
export function worldCoverage(cidrs: readonly string[]): string[] {
  const spans = cidrs.map((c) => cidrSpan(c.trim())).filter((s): s is CidrSpan => s !== undefined);
  return INTERNET_SPANS.filter(({ span }) => spansCover(spans.filter((s) => s.family === span.family), span.first, span.last)).map((i) => i.cidr);
}

/** True when the CIDRs together cover the IPv4 or the IPv6 internet (worldCoverage is not empty). */
export function coversWorld(cidrs: readonly string[]): boolean {
  return worldCoverage(cidrs).length > 0;
}

/**
 * The shortest prefix an admin port (SSH, the Kubernetes API) may be opened to: /16 for IPv4 (65,536 addresses, a
 * large organisation's whole block) and /32 for IPv6 (a whole ISP allocation, the RIRs' minimum). Shorter public
 * prefixes are a world opening in all but name. Private ranges (RFC 1918, RFC 6598 shared space, RFC 4193 ULA) are
 * exempt: they are not reachable from the internet, and a VPN or LAN allowlist such as 10.0.0.0/8 is legitimate.
 */
export const MIN_ADMIN_PREFIX: Readonly<Record<4 | 6, number>> = { 4: 16, 6: 32 };

const PRIVATE_SPANS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"].map((c) => cidrSpan(c)!);

/** True when the CIDR lies wholly inside a private (non-internet) range. */
export function isPrivateCidr(cidr: string): boolean {
  const s = cidrSpan(cidr);
  return s !== undefined && PRIVATE_SPANS.some((p) => p.family === s.family && p.first <= s.first && p.last >= s.last);
}

/** The entries of an admin allowlist whose prefix is too short (MIN_ADMIN_PREFIX) for a public range. */
export function tooBroadForAdmin(cidrs: readonly string[]): string[] {
  return cidrs.filter((c) => {
    const p = parseCidr(c.trim());
    return p !== undefined && p.prefix < MIN_ADMIN_PREFIX[p.family] && !isPrivateCidr(c.trim());
  });
}

/** True when two CIDRs of any family share an address (different families never do). */
export function spansOverlap(x: string, y: string): boolean {
  const a = cidrSpan(x);
  const b = cidrSpan(y);
  return a !== undefined && b !== undefined && a.family === b.family && a.first <= b.last && b.first <= a.last;
}
