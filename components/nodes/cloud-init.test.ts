import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { requireTool } from "../testing/tools";
import {
  LONGHORN_PACKAGES,
  PRIVATE_NET_CHECK_PATH,
  SSHD_HARDENING_PATH,
  cloudInitDocument,
  renderCloudInit,
  renderPrivateNetCheck,
} from "./cloud-init";

const input = { privateNetwork: { interface: "enp7s0", ip: "10.0.1.10" } };

describe("renderCloudInit", () => {
  it("renders, piece by piece, the same bytes as the yaml package renders the whole document, on every shape", () => {
    // Not a key: the armour lines around base64 of "TEST-ONLY: not a key", plus the characters a key's base64 holds.
    const armour = (edge: string) => `-----${edge} OPENSSH PRIVATE KEY-----`;
    const key = { privateKey: `${armour("BEGIN")}\nVEVTVC1PTkxZOiBub3QgYSBrZXk+/=\n${armour("END")}\n`, publicKey: "ssh-ed25519 AAAAC3Nza+/= k3s \n" };
    const shapes = [{}, input, { hostKey: key }, { ...input, hostKey: key }, { privateNetwork: { interface: "eth1", ip: "192.168.1.7" }, hostKey: { ...key, publicKey: "ssh-ed25519 AAAA: odd # comment" } }];
    for (const shape of [...shapes, ...shapes]) {
      const whole = `#cloud-config\n${stringify(cloudInitDocument(shape), { lineWidth: 0 })}`;
      assert.equal(renderCloudInit(shape), whole, JSON.stringify(shape));
      assert.deepEqual(parse(renderCloudInit(shape)), cloudInitDocument(shape));
    }
  });

  it("renders identical bytes for the same input, and a #cloud-config document", () => {
    const a = renderCloudInit(input);
    assert.equal(a, renderCloudInit({ privateNetwork: { ip: "10.0.1.10", interface: "enp7s0" } }));
    assert.ok(a.startsWith("#cloud-config\n"));
    assert.notEqual(a, renderCloudInit({ privateNetwork: { interface: "enp7s0", ip: "10.0.1.11" } }));
  });

  it("installs the packages Longhorn needs and enables iscsid", () => {
    const doc = parse(renderCloudInit(input));
    assert.deepEqual(doc.packages, ["cryptsetup", "dmsetup", "nfs-common", "open-iscsi"]);
    assert.deepEqual([...LONGHORN_PACKAGES].sort(), doc.packages);
    assert.equal(doc.package_update, true);
    assert.equal(doc.package_upgrade, undefined, "no upgrade: its effect would differ from run to run");
    assert.ok(doc.runcmd.some((c: string[]) => c.join(" ") === "systemctl enable --now iscsid.service"));
    assert.ok(doc.runcmd.some((c: string[]) => c[0] === "modprobe" && c.includes("iscsi_tcp") && c.includes("dm_crypt")));
  });

  it("hardens SSH: no passwords, root by key only", () => {
    const doc = parse(renderCloudInit(input));
    assert.equal(doc.ssh_pwauth, false);
    assert.equal(doc.disable_root, false);
    const sshd = doc.write_files.find((f: { path: string }) => f.path === SSHD_HARDENING_PATH);
    assert.match(sshd.content, /^PasswordAuthentication no$/m);
    assert.match(sshd.content, /^KbdInteractiveAuthentication no$/m);
    assert.match(sshd.content, /^PermitRootLogin prohibit-password$/m);
  });

  it("checks the private interface last, and only when there is one", () => {
    const doc = parse(renderCloudInit(input));
    assert.deepEqual(doc.runcmd.at(-1), [PRIVATE_NET_CHECK_PATH]);
    const check = doc.write_files.find((f: { path: string }) => f.path === PRIVATE_NET_CHECK_PATH);
    assert.equal(check.permissions, "0755");
    assert.match(check.content, /iface='enp7s0'/);
    assert.match(check.content, /want='10\.0\.1\.10'/);
    const plain = parse(renderCloudInit());
    assert.ok(!plain.write_files.some((f: { path: string }) => f.path === PRIVATE_NET_CHECK_PATH));
    assert.ok(!plain.runcmd.some((c: string[]) => c[0] === PRIVATE_NET_CHECK_PATH));
  });

  it("refuses values that would inject shell", () => {
    assert.throws(() => renderPrivateNetCheck("enp7s0'; rm -rf /", "10.0.0.1"), /not an interface name/);
    assert.throws(() => renderPrivateNetCheck("enp7s0", "10.0.0.1 || true"), /not an IPv4 address/);
  });

  it("installs the given ed25519 host key through ssh_keys, after deleting the image's keys", () => {
    // A stand-in for an OpenSSH private key (multi-line, as @pulumi/tls renders one); not key material.
    const MOCK_HOST_KEY = "mock-openssh-ed25519-private-key\nAAAA\nend-of-mock-key\n";
    const doc = parse(renderCloudInit({ ...input, hostKey: { privateKey: MOCK_HOST_KEY, publicKey: "ssh-ed25519 AAAAC3Nz host\n" } }));
    // cloudinit/config/cc_ssh.py: ssh_deletekeys removes /etc/ssh/ssh_host_*key* first, then ssh_keys are written.
    assert.equal(doc.ssh_deletekeys, true);
    assert.deepEqual(doc.ssh_keys, {
      ed25519_private: MOCK_HOST_KEY,
      ed25519_public: "ssh-ed25519 AAAAC3Nz host",
    });
    assert.equal(parse(renderCloudInit(input)).ssh_keys, undefined, "no key given: none written");
  });

  it("renders a check script that passes shellcheck", function () {
    requireTool(this, "shellcheck");
    const dir = mkdtempSync(join(tmpdir(), "cloud-init-"));
    const file = join(dir, "check.sh");
    writeFileSync(file, renderPrivateNetCheck("enp7s0", "10.0.1.10"));
    try {
      execFileSync("shellcheck", ["--shell=sh", "--severity=style", file], { encoding: "utf8" });
    } catch (err) {
      const e = err as { code?: string; stdout?: string };
      if (e.code === "ENOENT") this.skip();
      assert.fail(`shellcheck found problems:\n${e.stdout}`);
    }
  });
});
