/**
 * The program's existing-hosts tests: the stack config (schema, cross-checks, the SSH key rule). The component's own
 * tests, from literal args, are components/nodes/existing-nodes.test.ts.
 */
import * as assert from "assert";
import { HOME_HOSTS, SECRETS, existingConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

describe("k3s-gitops:existing config", () => {
  const hosts = (...extra: object[]) => [...HOME_HOSTS, ...extra];
  const cases: { title: string; config: Record<string, unknown>; secrets?: Record<string, string>; expect: string[] }[] = [
    { title: "missing block", config: existingConfig({ existing: undefined }), expect: ["k3s-gitops:existing is missing", "hosts"] },
    { title: "two servers", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[0], name: "k3s3", address: "192.168.86.73", privateAddress: "192.168.86.73" }) } }), expect: ["k3s-gitops:existing.hosts is \"2 servers\"", "odd number"] },
    { title: "duplicate host name", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[1], address: "192.168.86.74", privateAddress: "192.168.86.74" }) } }), expect: ["k3s-gitops:existing.hosts[2].name is \"k3s2\"", "unique"] },
    { title: "private address off the LAN", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: hosts({ ...HOME_HOSTS[1], name: "k3s9", privateAddress: "10.0.0.9" }) } }), expect: ["k3s-gitops:existing.hosts[2].privateAddress is \"10.0.0.9\"", "192.168.86.0/24"] },
    { title: "bad role", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: [{ ...HOME_HOSTS[0], role: "master" }] } }), expect: ["k3s-gitops:existing.hosts[0].role is \"master\"", "server or agent"] },
    { title: "NodePort out of range", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS, ingress: { httpNodePort: 80 } } }), expect: ["k3s-gitops:existing.ingress.httpNodePort is 80", "30000-32767"] },
    { title: "MetalLB pool holding a host", config: existingConfig({ platform: { certManager: { email: "ops@example.com" }, metallb: { enabled: true, addresses: ["192.168.86.70-192.168.86.80"] } } }), expect: ["k3s-gitops:platform.metallb.addresses[0]", "192.168.86.71", "must not hold host addresses"] },
    { title: "Longhorn disks without Longhorn", config: existingConfig({ existing: { networkCidr: "192.168.86.0/24", hosts: HOME_HOSTS, storage: { longhornDiskPaths: ["/mnt/longhorn/sdf1"] } } }), expect: ["k3s-gitops:existing.storage.longhornDiskPaths", "platform.storage.longhorn.enabled"] },
    { title: "missing SSH key", config: existingConfig(), secrets: {}, expect: ["k3s-gitops:sshPrivateKey is missing", "pulumi config set --secret sshPrivateKey"] },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} before registering anything`, async () => {
      const run = await runStack(c.config, { stack: "home", secrets: c.secrets ?? SECRETS.existing });
      assert.ok(run.error, "expected an error");
      assert.strictEqual(run.resources.length, 0, `registered: ${run.resources.map((r) => r.type).join(", ")}`);
      const line = run.error!.message.split("\n").find((l) => c.expect.every((e) => l.includes(e)));
      assert.ok(line, `no problem line with ${JSON.stringify(c.expect)} in:\n${run.error!.message}`);
    });
  }
});
