/**
 * The program's DigitalOcean tests: the stack config (schema and cross-checks). The component's own tests, from
 * literal args, are components/nodes/digitalocean-nodes.test.ts and do-firewall-rules.test.ts.
 */
import * as assert from "assert";
import { DO_DROPLET_SIZES } from "../stacks/config/blocks/digitalocean";
import { SECRETS, doConfig } from "./multicloud-fixtures";
import { runStack } from "./mocks";

describe("k3s-gitops:digitalocean sizes", () => {
  it("accepts only current droplet slugs", () => {
    assert.ok(DO_DROPLET_SIZES.includes("s-2vcpu-4gb"));
    assert.ok(!DO_DROPLET_SIZES.includes("512mb"));
  });
});

describe("k3s-gitops:digitalocean config", () => {
  const cases: { title: string; config: Record<string, unknown>; expect: string[] }[] = [
    { title: "missing block", config: doConfig({ digitalocean: undefined }), expect: ["k3s-gitops:digitalocean is missing", "region"] },
    { title: "unknown region", config: doConfig({ digitalocean: { region: "mars1" } }), expect: ["k3s-gitops:digitalocean.region is \"mars1\"", "fra1"] },
    { title: "Hetzner size on DigitalOcean", config: doConfig({ servers: { count: 1, size: "cx23", locations: ["fra1"] } }), expect: ["k3s-gitops:servers.size is \"cx23\"", "droplet size"] },
    { title: "second region", config: doConfig({ agentPools: [{ name: "w", count: 1, size: "s-2vcpu-4gb", locations: ["ams3"] }] }), expect: ["k3s-gitops:agentPools[0].locations[0] is \"ams3\"", "must be fra1", "regional"] },
    { title: "public VPC range", config: doConfig({ digitalocean: { region: "fra1", vpcCidr: "203.0.113.0/24" } }), expect: ["k3s-gitops:digitalocean.vpcCidr is \"203.0.113.0/24\"", "RFC 1918"] },
    { title: "load balancer size units", config: doConfig({ digitalocean: { region: "fra1", apiLoadBalancer: { enabled: true, sizeUnit: 0 } } }), expect: ["k3s-gitops:digitalocean.apiLoadBalancer.sizeUnit is 0", "at least 1"] },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} before registering anything`, async () => {
      const run = await runStack(c.config, { stack: "do-dev", secrets: SECRETS.digitalocean });
      assert.ok(run.error, "expected a config error");
      assert.strictEqual(run.resources.length, 0);
      const line = run.error!.message.split("\n").find((l) => c.expect.every((e) => l.includes(e)));
      assert.ok(line, `no problem line with ${JSON.stringify(c.expect)} in:\n${run.error!.message}`);
    });
  }
});
