/** The union, coverage and overlap logic in cidr.ts (worldCoverage, tooBroadForAdmin, spansOverlap), by properties. */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { cidrHasHostBits, cidrSpan, coversWorld, isPrivateCidr, mergeSpans, spansOverlap, tooBroadForAdmin, worldCoverage } from "./cidr";

const octet = fc.integer({ min: 0, max: 255 });
const cidr4 = fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const ipv6 = fc.ipV6().filter((a) => !a.includes("."));
const cidr6 = fc.tuple(ipv6, fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`);

/** The IPv4 blocks of one prefix length that tile the whole space: 2^p of them. */
function tiling4(p: number): string[] {
  const size = 2 ** (32 - p);
  return Array.from({ length: 2 ** p }, (_, i) => {
    const n = i * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".")}/${p}`;
  });
}

/** Membership oracle: is address n (IPv4 as a number) in any of the CIDRs? */
function covers4(cidrs: readonly string[], n: number): boolean {
  return cidrs.some((c) => {
    const s = cidrSpan(c)!;
    return s.family === 4 && BigInt(n) >= s.first && BigInt(n) <= s.last;
  });
}

describe("kernel cidr coverage", () => {
  it("sees the IPv4 internet whole and in pieces", () => {
    assert.deepEqual(worldCoverage(["0.0.0.0/0"]), ["0.0.0.0/0"]);
    assert.deepEqual(worldCoverage(["0.0.0.0/1", "128.0.0.0/1"]), ["0.0.0.0/0"]);
    assert.deepEqual(worldCoverage(tiling4(2)), ["0.0.0.0/0"]);
    assert.deepEqual(worldCoverage(["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"]), ["0.0.0.0/0"]);
    // Host bits do not matter: 1.2.3.4/1 is 0.0.0.0/1.
    assert.deepEqual(worldCoverage(["1.2.3.4/1", "200.0.0.1/1"]), ["0.0.0.0/0"]);
    assert.deepEqual(worldCoverage(["0.0.0.0/1"]), []);
    assert.deepEqual(worldCoverage(["0.0.0.0/1", "128.0.0.0/2"]), []);
  });

  it("sees the IPv6 internet: ::/0 in any spelling and the global unicast 2000::/3", () => {
    assert.deepEqual(worldCoverage(["::/0"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["0:0:0:0:0:0:0:0/0"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["0000:0000:0000:0000:0000:0000:0000:0000/0"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["2000::/3"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["2000::/4", "3000::/4"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["::/1"]), ["2000::/3"]);
    assert.deepEqual(worldCoverage(["2000::/4"]), []);
    assert.deepEqual(worldCoverage(["2001:db8::/32", "fc00::/7"]), []);
    assert.deepEqual(worldCoverage(["0.0.0.0/0", "::/0"]), ["0.0.0.0/0", "2000::/3"]);
    assert.equal(coversWorld(["203.0.113.10/32"]), false);
  });

  it("every tiling of IPv4 by one prefix length covers the world; dropping any block does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.nat(), (p, k) => {
        const tiles = tiling4(p);
        assert.equal(coversWorld(fc.sample(fc.shuffledSubarray(tiles, { minLength: tiles.length }), { numRuns: 1, seed: k })[0]!), true);
        const dropped = tiles.filter((_, i) => i !== k % tiles.length);
        assert.equal(coversWorld(dropped), false);
      }),
    );
  });

  it("coverage agrees with a membership oracle: when not covered, some address is outside every CIDR", () => {
    fc.assert(
      fc.property(fc.array(cidr4.filter((c) => Number(c.split("/")[1]) <= 6), { maxLength: 12 }), (cidrs) => {
        // At /6 and shorter, the blocks' boundaries are multiples of 2^26: probing each block start decides coverage.
        const probes = Array.from({ length: 64 }, (_, i) => i * 2 ** 26);
        assert.equal(coversWorld(cidrs), probes.every((n) => covers4(cidrs, n)));
      }),
    );
  });

  it("the union is order-independent and idempotent", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cidr4, cidr6), { maxLength: 10 }), (cidrs) => {
        assert.deepEqual(worldCoverage([...cidrs].reverse()), worldCoverage(cidrs));
        assert.deepEqual(worldCoverage([...cidrs, ...cidrs]), worldCoverage(cidrs));
        const spans = cidrs.map((c) => cidrSpan(c)!).filter((s) => s.family === 4);
        const merged = mergeSpans(spans);
        // Merged spans are sorted, disjoint and not adjacent.
        for (let i = 1; i < merged.length; i++) assert.ok(merged[i]!.first > merged[i - 1]!.last + 1n);
        // Every original span lies in one merged span.
        for (const s of spans) assert.ok(merged.some((m) => m.first <= s.first && m.last >= s.last));
      }),
    );
  });

  it("adding CIDRs never uncovers the world (monotone)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cidr4, cidr6), { maxLength: 8 }), fc.array(fc.oneof(cidr4, cidr6), { maxLength: 4 }), (a, b) => {
        for (const w of worldCoverage(a)) assert.ok(worldCoverage([...a, ...b]).includes(w));
      }),
    );
  });

  it("overlap is symmetric, reflexive, and agrees with containment of either network address", () => {
    fc.assert(
      fc.property(fc.oneof(cidr4, cidr6), fc.oneof(cidr4, cidr6), (x, y) => {
        assert.equal(spansOverlap(x, y), spansOverlap(y, x));
        assert.equal(spansOverlap(x, x), true);
        const a = cidrSpan(x)!;
        const b = cidrSpan(y)!;
        const inside = (s: typeof a, n: bigint) => s.first <= n && n <= s.last;
        assert.equal(spansOverlap(x, y), a.family === b.family && (inside(a, b.first) || inside(b, a.first)));
      }),
    );
  });

  it("too broad for an admin port: public prefixes shorter than /16 (IPv6 /32); private ranges exempt", () => {
    assert.deepEqual(tooBroadForAdmin(["203.0.113.0/24", "198.51.0.0/16", "100.0.0.0/8", "10.0.0.0/8", "192.168.0.0/16"]), ["100.0.0.0/8"]);
    assert.deepEqual(tooBroadForAdmin(["2001:db8::/32", "2001::/16", "fd00::/8"]), ["2001::/16"]);
    assert.equal(isPrivateCidr("172.16.0.0/12"), true);
    assert.equal(isPrivateCidr("172.0.0.0/8"), false);
    fc.assert(
      fc.property(cidr4, (c) => {
        const p = Number(c.split("/")[1]);
        assert.equal(tooBroadForAdmin([c]).length === 1, p < 16 && !isPrivateCidr(c));
      }),
    );
  });

  it("host bits: set exactly when the address is not the span's first", () => {
    assert.equal(cidrHasHostBits("10.0.0.1/24"), true);
    assert.equal(cidrHasHostBits("10.0.0.0/24"), false);
    assert.equal(cidrHasHostBits("2001:db8::1/64"), true);
    fc.assert(
      fc.property(cidr4, (c) => {
        const s = cidrSpan(c)!;
        const n = s.first;
        const text = `${[24n, 16n, 8n, 0n].map((b) => String((n >> b) & 255n)).join(".")}/${c.split("/")[1]}`;
        assert.equal(cidrHasHostBits(text), false);
      }),
    );
  });
});
