import { strict as assert } from "node:assert";
import { Region } from "@pulumi/digitalocean/types/enums";
import { HETZNER_ZONES } from "./hetzner-nodes";
import {
  DO_LB_MAX_SIZE_UNIT,
  DO_OPEN_REGIONS,
  HETZNER_FIREWALL_MAX_EFFECTIVE_RULES,
  HETZNER_FIREWALL_MAX_RULES,
  HETZNER_LOCATIONS,
  HETZNER_MAX_SERVERS_PER_NETWORK,
  HETZNER_TYPE_LOCATIONS,
  effectiveFirewallRules,
  hetznerTypeLine,
  hetznerTypeLocations,
  isDoVpcPrefix,
} from "./limits";

describe("cloud limits", () => {
  it("holds the documented Hetzner numbers", () => {
    assert.deepEqual([HETZNER_MAX_SERVERS_PER_NETWORK, HETZNER_FIREWALL_MAX_RULES, HETZNER_FIREWALL_MAX_EFFECTIVE_RULES], [100, 50, 500]);
  });

  it("counts one effective firewall rule per source CIDR, and at least one per rule", () => {
    assert.equal(effectiveFirewallRules([{ sourceIps: ["a", "b", "c"] }, { sourceIps: ["d"] }]), 4);
    assert.equal(effectiveFirewallRules([{ sourceIps: [] }]), 1);
  });

  it("knows every Hetzner location, and sells cx and cax only in the EU", () => {
    assert.deepEqual([...HETZNER_LOCATIONS].sort(), Object.values(HETZNER_ZONES).flat().sort(), "the same locations as the network zones");
    assert.deepEqual(hetznerTypeLocations("cx23"), ["fsn1", "nbg1", "hel1"]);
    assert.deepEqual(hetznerTypeLocations("cax41"), ["fsn1", "nbg1", "hel1"]);
    assert.ok(hetznerTypeLocations("cpx12")!.includes("sin"));
    assert.equal(hetznerTypeLocations("zz9"), undefined, "an unknown line is not refused here (the schema's type list is)");
    assert.deepEqual([hetznerTypeLine("ccx63"), hetznerTypeLine("cax11"), hetznerTypeLine("cx53")], ["ccx", "cax", "cx"]);
    for (const locations of Object.values(HETZNER_TYPE_LOCATIONS)) for (const l of locations) assert.ok((HETZNER_LOCATIONS as readonly string[]).includes(l), l);
  });

  it("keeps DigitalOcean's open regions to known slugs, without the legacy ones", () => {
    const known = new Set<string>([...Object.values(Region), "atl1"]);
    for (const r of DO_OPEN_REGIONS) assert.ok(known.has(r), r);
    for (const closed of ["nyc2", "ams2", "sfo1"]) assert.ok(!(DO_OPEN_REGIONS as readonly string[]).includes(closed), closed);
  });

  it("accepts DigitalOcean VPC prefixes /16 to /28 in RFC 1918 only, and LB size units up to 200", () => {
    for (const ok of ["10.10.0.0/16", "10.10.0.0/20", "172.16.0.0/24", "192.168.1.0/28"]) assert.ok(isDoVpcPrefix(ok), ok);
    for (const bad of ["10.0.0.0/15", "10.10.0.0/29", "203.0.113.0/24", "fd00::/48", 42]) assert.ok(!isDoVpcPrefix(bad), String(bad));
    assert.equal(DO_LB_MAX_SIZE_UNIT, 200);
  });
});
