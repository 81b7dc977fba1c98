/**
 * What the clouds refuse, as data, so the node components and the program's config checks refuse it first, before
 * anything is registered. Each fact names its source; where the research behind it (work/research/k3s-and-clouds.md,
 * 2026-11-22) found only secondary sources, the comment says so. Pure: no provider SDK is loaded.
 */
import { cidrContains, parseCidr } from "../kernel/cidr";

// ---------------------------------------------------------------------------------------------------------------
// Hetzner Cloud
// ---------------------------------------------------------------------------------------------------------------

/**
 * Servers attached to one network: 100. SECONDARY sources, consistent with each other: hetznercloud/hcloud-cloud-
 * controller-manager issue #342 ("A Hetzner network can contain at most 100 servers · ... at most 100 routes") and
 * kube-hetzner issue #1985 ("Limit of 100 servers in total in single hetzner private network"), both pointing at
 * docs.hetzner.com/cloud/networks/faq ("Are there any limits on how networks can be used?"), whose text was not seen.
 * The same FAQ's 100 routes per network caps the cloud controller's pod routes (one per node) at 100 nodes as well.
 */
export const HETZNER_MAX_SERVERS_PER_NETWORK = 100;

/**
 * Rule entries per firewall: 50, and 500 "effective rules". SECONDARY: the Hetzner Cloud API's "Set Rules" action
 * text, "Rules are limited to 50 entries per Firewall and 500 effective rules", seen only as quoted by a third-party
 * tool listing (glama.ai, hcloud_firewall_set_rules_action), not on docs.hetzner.cloud itself. The firewall FAQ
 * (docs.hetzner.com/cloud/firewalls/faq, version of 2022-02-25, FIRST-PARTY) says "Have up to 500 (effective) rules per
 * Firewall". Hetzner does not define "effective" in what was seen; this library counts each source CIDR of each rule
 * as one effective rule (a rule with 3 source CIDRs counts 3), the reading under which the 500 limit binds.
 * Servers per firewall: the FAQ's list of firewall limitations ("What are the limitations of Firewalls?", same
 * version) is "up to 5 active Firewalls per server", "up to 50 Firewalls total across your projects", "up to 500
 * (effective) rules per Firewall" and "80000 active, concurrent connections per server": it names no limit on the
 * servers one firewall applies to, so nothing here invents one. This library attaches exactly one firewall to each
 * server (`firewallIds`, hetzner-nodes.ts) and creates one per stack, far inside the 5-per-server and 50-total limits.
 */
export const HETZNER_FIREWALL_MAX_RULES = 50;
export const HETZNER_FIREWALL_MAX_EFFECTIVE_RULES = 500;

/** Effective rules of a firewall as counted here: one per source CIDR per rule (at least one per rule). */
export function effectiveFirewallRules(rules: readonly { readonly sourceIps: readonly string[] }[]): number {
  return rules.reduce((n, r) => n + Math.max(1, r.sourceIps.length), 0);
}

/** Every Hetzner Cloud location (docs.hetzner.com/cloud/networks/faq, 2024-12-11: network zones and their locations). */
export const HETZNER_LOCATIONS = ["fsn1", "nbg1", "hel1", "ash", "hil", "sin"] as const;
const EU = ["fsn1", "nbg1", "hel1"] as const;

/**
 * Where each server-type line is sold, by type prefix (the letters before the digits). No first-party, dated matrix
 * was found (the live answer is GET /v1/server_types, each type's `locations[]`, or `hcloud server-type describe`):
 * - `cx` (shared Intel/AMD, cost-optimised): EU only. Hetzner support, quoted in trailofbits/algo issue #14562
 *   (2022-12-07): "CX-Servers with INTEL CPU are not offered in our US-Locations"; the current cx23..cx53 line keeps
 *   the EU-only restriction as far as third-party tooling shows (SECONDARY).
 * - `cax` (Ampere Arm): EU only. At launch (2023-04-17) fsn1 only (vitobotta/hetzner-k3s issue #204, maintainer);
 *   later nbg1 and hel1 (third-party usage, e.g. Dakera-AI/dakera-deploy PR #188, 2026-06-15); no sign of ash, hil or
 *   sin (SECONDARY; no first-party "EU-only" statement was found).
 * - `cpx` (shared AMD): every location. hetznercloud maintainer in hetznercloud/packer-plugin-hcloud PR #194
 *   (2024-06-06): cpx11 "is also available in both US locations"; trailofbits/algo #14562: "cpx11 is the smallest
 *   server size that is available in all Hetzner locations".
 * - `ccx` (dedicated vCPU): not restricted here: no source either way, so nothing is refused (NOT CONFIRMED).
 */
export const HETZNER_TYPE_LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  cx: EU,
  cax: EU,
  cpx: HETZNER_LOCATIONS,
  ccx: HETZNER_LOCATIONS,
};

/** The type line of a server type: `cx23` -> `cx`, `cax11` -> `cax`. */
export function hetznerTypeLine(serverType: string): string {
  return /^[a-z]+/.exec(serverType)?.[0] ?? serverType;
}

/** The locations where a server type is sold, or undefined when the table has no entry for its line (not refused). */
export function hetznerTypeLocations(serverType: string): readonly string[] | undefined {
  return HETZNER_TYPE_LOCATIONS[hetznerTypeLine(serverType)];
}

// ---------------------------------------------------------------------------------------------------------------
// DigitalOcean
// ---------------------------------------------------------------------------------------------------------------

/**
 * Regions open to new droplets. NOT CONFIRMED from a current first-party list: docs.digitalocean.com/platform/
 * regional-availability was not readable offline, and the API's `GET /v2/regions` (`available`: "whether new Droplets
 * can be created in this region") needs an account. This is the list DigitalOcean tooling commonly shows as open:
 * @pulumi/digitalocean 4.x's Region enum (nyc1 nyc2 nyc3 sgp1 lon1 ams2 ams3 fra1 tor1 sfo1 sfo2 sfo3 blr1 syd1) less
 * the legacy regions restricted to existing users (sfo1: "Limited capacity ... restricted to users with existing
 * resources only", pachadotdev/analogsea PR #180 citing DigitalOcean's Droplet availability plan; nyc2 and ams2 by the
 * same plan, NOT CONFIRMED), plus atl1, which terraform-provider-digitalocean's own tests use (@ 401992a1, 2026-08-06).
 * Check before relying on it: `doctl compute region list --format Slug,Available`.
 */
export const DO_OPEN_REGIONS = ["ams3", "atl1", "blr1", "fra1", "lon1", "nyc1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1"] as const;

/**
 * VPC ip_range prefixes: /16 (largest) to /28 (smallest), RFC 1918 only: docs.digitalocean.com/reference/ansible/
 * reference/modules/vpc (generated from the DigitalOcean API spec, 2025-07-01): "It may not be smaller than /28 nor
 * larger than /16". terraform-provider-digitalocean's docs/resources/vpc.md says /24 for the smallest; the API text is
 * the newer of the two. Every source agrees on /16 as the largest.
 */
export const DO_VPC_MIN_PREFIX = 16;
export const DO_VPC_MAX_PREFIX = 28;
export const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** True for a range a DigitalOcean VPC accepts: RFC 1918 IPv4 with a prefix from DO_VPC_MIN_PREFIX to DO_VPC_MAX_PREFIX. */
export function isDoVpcPrefix(cidr: unknown): cidr is string {
  if (typeof cidr !== "string") return false;
  const parsed = parseCidr(cidr);
  if (parsed?.family !== 4) return false;
  return RFC1918.some((r) => cidrContains(r, cidr)) && parsed.prefix >= DO_VPC_MIN_PREFIX && parsed.prefix <= DO_VPC_MAX_PREFIX;
}

/**
 * Load balancer size units: 1 to 200. terraform-provider-digitalocean @ 401992a1 (2026-08-06),
 * digitalocean/loadbalancer/resource_loadbalancer.go: `size_unit` validated with `validation.IntBetween(1, 200)`, and
 * its docs: "It must be in the range (1, 200). Defaults to 1." (CHANGELOG #1284 raised the old maximum of 100.) An
 * account's own quota may be lower (NOT CONFIRMED).
 */
export const DO_LB_MIN_SIZE_UNIT = 1;
export const DO_LB_MAX_SIZE_UNIT = 200;
