import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../kernel/errors";
import { runProgram } from "../testing/harness";
import {
  OPENSSH_PUBLIC_KEY,
  checkAdminAccess,
  checkClusterName,
  checkNodePools,
  checkedSecret,
  isIpv4Cidr,
  totalNodes,
} from "./args";

const lines = (fill: (p: Problems) => void): string[] => {
  const p = new Problems();
  fill(p);
  return p.all.map((x) => `${x.path} | ${x.secret ? "[secret]" : JSON.stringify(x.value)} | ${x.accepted}`);
};
const ACCESS = { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["198.51.100.0/24"] };

describe("checkNodePools", () => {
  it("accepts 1, 3, 5 and 7 servers and refuses even, zero and fractional counts", () => {
    for (const count of [1, 3, 5, 7]) assert.deepEqual(lines((p) => checkNodePools(p, { count, size: "cx23" }, [])), [], String(count));
    for (const count of [0, 2, 4, 1.5, -1]) {
      const [line] = lines((p) => checkNodePools(p, { count, size: "cx23" }, []));
      assert.match(line!, /^servers\.count \| .* \| must be 1 or an odd number of at least 3/, String(count));
    }
  });

  it("refuses empty sizes and location lists, and locations outside the allowed list", () => {
    const out = lines((p) =>
      checkNodePools(p, { count: 1, size: " ", locations: [] }, [{ name: "w", count: 1, size: "cx23", locations: ["fsn1", "ash"] }], {
        list: ["fsn1", "nbg1"],
        why: "zone",
      }),
    );
    assert.deepEqual(out, [
      'servers.size | " " | must be a non-empty cloud size, such as cx23 or s-2vcpu-4gb',
      "servers.locations | [] | must list at least one location, or be omitted",
      'agentPools[0].locations[1] | "ash" | must be one of fsn1, nbg1: zone',
    ]);
  });

  it("wants pool names that are unique DNS labels, not the control plane's, and counts of 0 or more", () => {
    const out = lines((p) =>
      checkNodePools(p, { count: 1, size: "cx23" }, [
        { name: "a", count: 0, size: "cx23" },
        { name: "a", count: 2, size: "cx23" },
        { name: "server", count: 1, size: "cx23" },
        { name: "9lives", count: -2, size: "cx23" },
      ]),
    );
    assert.deepEqual(out.map((l) => l.split(" | ")[0]), ["agentPools[1].name", "agentPools[2].name", "agentPools[3].name", "agentPools[3].count"]);
    assert.match(out[0]!, /duplicates agentPools\[0\]\.name/);
    assert.match(out[1]!, /reserved for the control plane/);
    assert.match(out[2]!, /lowercase DNS label/);
  });

  it("totals the nodes, ignoring counts checkNodePools refuses", () => {
    assert.equal(totalNodes({ count: 3, size: "x" }, [{ name: "a", count: 2, size: "x" }, { name: "b", count: -1, size: "x" }]), 5);
  });
});

describe("checkAdminAccess", () => {
  it("accepts allow-lists without a key pair, and a public key with its private key", () => {
    assert.deepEqual(lines((p) => checkAdminAccess(p, ACCESS, undefined)), []);
    assert.deepEqual(lines((p) => checkAdminAccess(p, { ...ACCESS, sshPublicKey: "ssh-ed25519 AAAA me" }, pulumi.secret("k"))), []);
  });

  it("refuses empty, malformed and world-open allow-lists", () => {
    const out = lines((p) => checkAdminAccess(p, { sshAllowedCidrs: [], apiAllowedCidrs: ["::/0", "10.0.0.0/33"] }, undefined));
    assert.deepEqual(out, [
      "access.sshAllowedCidrs | [] | must list at least one CIDR that may reach SSH (port 22)",
      'access.apiAllowedCidrs[0] | "::/0" | opens the Kubernetes API (port 6443) to the whole internet; list your own addresses, such as 203.0.113.7/32',
      'access.apiAllowedCidrs[1] | "10.0.0.0/33" | must be a CIDR such as 203.0.113.7/32 or 2001:db8::/64',
    ]);
  });

  it("refuses allow-lists whose union covers the internet, and public prefixes too short for an admin port", () => {
    const cases: readonly [string, Partial<typeof ACCESS>, RegExp][] = [
      ["two IPv4 /1 halves", { sshAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, /^access\.sshAllowedCidrs \| \["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\] \| together cover 0\.0\.0\.0\/0, which opens SSH/],
      ["four IPv4 /2s", { apiAllowedCidrs: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"] }, /^access\.apiAllowedCidrs \| .* \| together cover 0\.0\.0\.0\/0, which opens the Kubernetes API/],
      ["2000::/3 in two halves", { apiAllowedCidrs: ["2000::/4", "3000::/4"] }, /^access\.apiAllowedCidrs \| .* \| together cover 2000::\/3/],
      ["a public /8", { sshAllowedCidrs: ["100.0.0.0/8"] }, /^access\.sshAllowedCidrs\[0\] \| "100\.0\.0\.0\/8" \| is too broad for SSH/],
    ];
    for (const [what, change, expected] of cases) {
      const out = lines((p) => checkAdminAccess(p, { ...ACCESS, ...change }, undefined));
      assert.equal(out.length, 1, `${what}: ${out.join("; ")}`);
      assert.match(out[0]!, expected, what);
    }
    // Private ranges may be broad (a VPN or LAN), and a world CIDR is named once, on its own entry.
    assert.deepEqual(lines((p) => checkAdminAccess(p, { ...ACCESS, sshAllowedCidrs: ["10.0.0.0/8", "fd00::/8"] }, undefined)), []);
    assert.equal(lines((p) => checkAdminAccess(p, { ...ACCESS, sshAllowedCidrs: ["0.0.0.0/0", "10.0.0.0/8"] }, undefined)).length, 1);
  });

  it("needs the private key of a given public key, refuses an orphan private key, and never shows it", () => {
    assert.match(lines((p) => checkAdminAccess(p, { ...ACCESS, sshPublicKey: "ssh-ed25519 AAAA" }, undefined))[0]!, /^sshPrivateKey \| \[secret\] \| is required because access\.sshPublicKey is set/);
    assert.match(lines((p) => checkAdminAccess(p, ACCESS, "KEY"))[0]!, /^sshPrivateKey \| \[secret\] \| is given without access\.sshPublicKey/);
    assert.match(lines((p) => checkAdminAccess(p, { ...ACCESS, sshPublicKey: "not a key" }, "KEY"))[0]!, /^access\.sshPublicKey \| "not a key" \| must be an OpenSSH public key/);
  });

  it("requires the private key whenever the hosts only accept a supplied key", () => {
    assert.match(lines((p) => checkAdminAccess(p, ACCESS, undefined, true))[0]!, /^sshPrivateKey \| \[secret\] \| is required/);
    assert.deepEqual(lines((p) => checkAdminAccess(p, ACCESS, "KEY", true)), []);
  });

  it("recognises the OpenSSH public key types", () => {
    for (const k of ["ssh-ed25519 AAAAC3Nz me@host", "ssh-rsa AAAAB3 x", "ecdsa-sha2-nistp256 AAAAE2"]) assert.ok(OPENSSH_PUBLIC_KEY.test(k), k);
    for (const k of ["ssh-dss AAAA", "AAAAC3Nz", ""]) assert.ok(!OPENSSH_PUBLIC_KEY.test(k), k);
  });
});

describe("checkClusterName and isIpv4Cidr", () => {
  it("wants a lowercase name, since it prefixes every node name", () => {
    assert.deepEqual(lines((p) => checkClusterName(p, "k3s-prod")), []);
    assert.deepEqual(lines((p) => checkClusterName(p, "k3s.home-lab")), []);
    for (const bad of ["", "K3s", "k3s_prod", "-k3s"]) assert.equal(lines((p) => checkClusterName(p, bad)).length, 1, bad);
  });
  it("tells IPv4 CIDRs from IPv6 and junk", () => {
    assert.ok(isIpv4Cidr("10.0.0.0/16"));
    assert.ok(!isIpv4Cidr("fd00::/64"));
    assert.ok(!isIpv4Cidr("10.0.0.0"));
    assert.ok(!isIpv4Cidr(undefined));
  });
});

describe("checkedSecret", () => {
  it("passes a non-empty value through as a secret", async () => {
    const r = await runProgram(() => ({ v: checkedSecret("C", "token", "abc", "must be set") }), { stack: "t", config: {}, preview: false });
    assert.ifError(r.error);
    assert.deepEqual([r.outputs.v!.value, r.outputs.v!.secret], ["abc", true]);
  });
  it("fails an empty value once it resolves, naming component and path but not the value", async () => {
    const r = await runProgram(() => ({ v: checkedSecret("C", "token", pulumi.secret(""), "must be set") }), { stack: "t", config: {}, preview: false });
    assert.match(String(r.error), /Invalid arguments to C \(1 problem\):\n {2}- token is \[secret\]: must be set/);
  });
});
