import { strict as assert } from "node:assert";
import fc from "fast-check";
import { cidrContains, cidrsOverlap, hostAddress, ipv4Range, isCidr, isWorldCidr, parseCidr, parseIpv4 } from "./cidr";

const octet = fc.integer({ min: 0, max: 255 });
const octets = fc.tuple(octet, octet, octet, octet);
const prefix4 = fc.integer({ min: 0, max: 32 });
const toInt = (o: readonly number[]) => o.reduce((acc, x) => acc * 256 + x, 0);
const toText = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
/** An IPv4 CIDR with arbitrary host bits. */
const cidr4 = fc.tuple(octets, prefix4).map(([o, p]) => `${o.join(".")}/${p}`);
/** IPv6 text in hex-and-colon form only (fast-check also generates `::ffff:1.2.3.4`, which config does not accept). */
const ipv6 = fc.ipV6().filter((a) => !a.includes("."));

/** The range by plain integer arithmetic: the oracle for ipaddr.js's masks. */
function rangeOracle(cidr: string): [number, number] {
  const [address, p] = cidr.split("/");
  const size = 2 ** (32 - Number(p));
  const first = Math.floor(toInt(address!.split(".").map(Number)) / size) * size;
  return [first, first + size - 1];
}

describe("kernel cidr", () => {
  describe("parseIpv4", () => {
    it("round-trips every dotted-decimal address", () => {
      fc.assert(fc.property(octets, (o) => assert.deepEqual(parseIpv4(o.join(".")), o)));
    });
    it("refuses leading zeros, wrong part counts, out-of-range octets and other text", () => {
      for (const bad of ["010.0.0.1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-1", "a.b.c.d", "", "1.2.3.4 ", "0x1.2.3.4"]) {
        assert.equal(parseIpv4(bad), undefined, bad);
      }
      fc.assert(
        fc.property(octets, fc.integer({ min: 0, max: 3 }), (o, i) => {
          const parts = o.map(String);
          parts[i] = `0${parts[i]}`;
          assert.equal(parseIpv4(parts.join(".")), undefined);
        }),
      );
    });
  });

  describe("parseCidr and isCidr", () => {
    it("accepts every IPv4 address with a prefix of 0 to 32, and refuses 33 and up", () => {
      fc.assert(
        fc.property(octets, prefix4, (o, p) => {
          assert.deepEqual(parseCidr(`${o.join(".")}/${p}`), { family: 4, address: o.join("."), prefix: p });
        }),
      );
      fc.assert(fc.property(octets, fc.integer({ min: 33, max: 999 }), (o, p) => assert.equal(isCidr(`${o.join(".")}/${p}`), false)));
    });
    it("accepts every hex IPv6 address with a prefix of 0 to 128, and refuses 129 and up", () => {
      fc.assert(fc.property(ipv6, fc.integer({ min: 0, max: 128 }), (a, p) => assert.deepEqual(parseCidr(`${a}/${p}`), { family: 6, address: a, prefix: p })));
      fc.assert(fc.property(ipv6, fc.integer({ min: 129, max: 999 }), (a, p) => assert.equal(isCidr(`${a}/${p}`), false)));
    });
    it("refuses malformed CIDRs", () => {
      for (const bad of ["10.0.0.300/32", "203.0.113.1", "203.0.113.1/33", "10.0.0.0/", "10.0.0.0/0008", "10.0.0.0/-1", "/24", "10.0.0.0/24/1"]) {
        assert.equal(isCidr(bad), false, bad);
      }
      for (const bad of ["1::2::3/64", "12345::/64", "::ffff:1.2.3.4/96", "fe80::1%eth0/64", ":::/0", "1:2:3:4:5:6:7:8:/64", "g::/64"]) {
        assert.equal(isCidr(bad), false, bad);
      }
    });
    it("keeps the address as written", () => {
      assert.deepEqual(parseCidr("2001:DB8::/32"), { family: 6, address: "2001:DB8::", prefix: 32 });
      assert.deepEqual(parseCidr("10.0.1.7/24"), { family: 4, address: "10.0.1.7", prefix: 24 });
    });
  });

  describe("isWorldCidr", () => {
    it("is true only for a /0", () => {
      assert.equal(isWorldCidr("0.0.0.0/0"), true);
      assert.equal(isWorldCidr("::/0"), true);
      assert.equal(isWorldCidr("0.0.0.0/1"), false);
      assert.equal(isWorldCidr("not a cidr"), false);
      fc.assert(fc.property(cidr4, (c) => assert.equal(isWorldCidr(c), c.endsWith("/0"))));
    });
  });

  describe("ipv4Range", () => {
    it("is the aligned block of 2^(32-prefix) addresses that holds the address", () => {
      fc.assert(
        fc.property(octets, prefix4, (o, p) => {
          const [first, last] = ipv4Range(`${o.join(".")}/${p}`);
          const size = 2 ** (32 - p);
          assert.equal(last - first + 1, size);
          assert.equal(first % size, 0);
          assert.ok(first <= toInt(o) && toInt(o) <= last);
          assert.deepEqual([first, last], rangeOracle(`${o.join(".")}/${p}`));
        }),
      );
    });
    it("covers the whole space for /0 and one address for /32", () => {
      assert.deepEqual(ipv4Range("203.0.113.9/0"), [0, 2 ** 32 - 1]);
      assert.deepEqual(ipv4Range("203.0.113.9/32"), [toInt([203, 0, 113, 9]), toInt([203, 0, 113, 9])]);
    });
    it("throws for IPv6 and for malformed CIDRs", () => {
      assert.throws(() => ipv4Range("::/0"), /::\/0 is not an IPv4 CIDR/);
      assert.throws(() => ipv4Range("10.0.0.0"), /is not an IPv4 CIDR/);
    });
  });

  describe("cidrContains and cidrsOverlap", () => {
    it("agree with integer range arithmetic", () => {
      fc.assert(
        fc.property(cidr4, cidr4, (x, y) => {
          const [a, b] = rangeOracle(x);
          const [c, d] = rangeOracle(y);
          assert.equal(cidrContains(x, y), c >= a && d <= b, `${x} contains ${y}`);
          assert.equal(cidrsOverlap(x, y), a <= d && c <= b, `${x} overlaps ${y}`);
        }),
      );
    });
    it("are reflexive, overlap is symmetric, and containment implies overlap", () => {
      fc.assert(
        fc.property(cidr4, cidr4, (x, y) => {
          assert.ok(cidrContains(x, x));
          assert.ok(cidrsOverlap(x, x));
          assert.equal(cidrsOverlap(x, y), cidrsOverlap(y, x));
          if (cidrContains(x, y)) assert.ok(cidrsOverlap(x, y));
        }),
      );
    });
    it("a longer prefix over an address inside a block lies inside it", () => {
      fc.assert(
        fc.property(octets, prefix4, prefix4, (o, p, q) => {
          const [outerP, innerP] = p <= q ? [p, q] : [q, p];
          assert.ok(cidrContains(`${o.join(".")}/${outerP}`, `${o.join(".")}/${innerP}`));
        }),
      );
    });
    it("handles the k3s defaults and a typical subnet", () => {
      assert.equal(cidrContains("10.0.0.0/16", "10.0.1.0/24"), true);
      assert.equal(cidrContains("10.0.0.0/16", "10.0.255.0/24"), true);
      assert.equal(cidrContains("10.0.0.0/16", "10.9.0.0/24"), false);
      assert.equal(cidrContains("10.0.0.0/16", "10.1.0.0/24"), false);
      assert.equal(cidrsOverlap("10.42.0.0/16", "10.43.0.0/16"), false);
      assert.equal(cidrsOverlap("10.0.0.0/8", "10.43.0.0/16"), true);
    });
  });

  describe("hostAddress", () => {
    it("is the n-th address from the network address, and throws past the block", () => {
      fc.assert(
        fc.property(octets, fc.integer({ min: 16, max: 32 }), fc.nat(70000), (o, p, n) => {
          const cidr = `${o.join(".")}/${p}`;
          const [first, last] = rangeOracle(cidr);
          if (first + n > last) assert.throws(() => hostAddress(cidr, n), /is outside/);
          else assert.equal(hostAddress(cidr, n), toText(first + n));
        }),
      );
    });
    it("gives the network address for 0 and refuses negative or fractional n", () => {
      assert.equal(hostAddress("10.0.1.0/24", 0), "10.0.1.0");
      assert.equal(hostAddress("10.0.1.0/24", 1), "10.0.1.1");
      assert.equal(hostAddress("10.0.1.0/24", 255), "10.0.1.255");
      assert.throws(() => hostAddress("10.0.1.0/24", 256), /host 256 is outside 10.0.1.0\/24/);
      assert.throws(() => hostAddress("10.0.1.0/24", -1), /is outside/);
      assert.throws(() => hostAddress("10.0.1.0/24", 1.5), /is outside/);
    });
  });
});
