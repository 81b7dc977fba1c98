/**
 * examples/: small Pulumi programs that use the library by package name with literal arguments, planned offline
 * under the recording mock engine (the same engine as the offline plan).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { plainInputs, runProgram } from "@k3s-gitops/components/testing";
import { hetznerK3s } from "../examples/hetzner-k3s/program";

const EXAMPLE = join(__dirname, "..", "examples", "hetzner-k3s");

describe("examples/hetzner-k3s", () => {
  it("is a Pulumi project of its own that depends on the library by package name", () => {
    assert.match(readFileSync(join(EXAMPLE, "Pulumi.yaml"), "utf8"), /^name: hetzner-k3s-example$/m);
    const manifest = JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8"));
    assert.equal(manifest.dependencies["@k3s-gitops/components"], "0.1.0");
    for (const file of ["index.ts", "program.ts"]) {
      const source = readFileSync(join(EXAMPLE, file), "utf8");
      assert.doesNotMatch(source, /from "\.\.\/|stacks\/|pulumi\.Config\("k3s-gitops"\)/, `${file} reaches into the repo or the program's config`);
    }
    assert.match(readFileSync(join(EXAMPLE, "program.ts"), "utf8"), /from "@k3s-gitops\/components"/);
  });

  it("plans offline: nodes, k3s and the cloud controller from literal arguments", async () => {
    const r = await runProgram(() => hetznerK3s({ hcloudToken: pulumi.secret("example-token"), adminCidr: "203.0.113.7/32" }), {
      project: "hetzner-k3s-example",
      stack: "dev",
      config: {},
      preview: true,
    });
    if (r.error) throw r.error;
    const count = (type: string) => r.resources.filter((x) => x.type === type).length;
    assert.equal(count("hcloud:index/server:Server"), 5, "three servers and two agents");
    assert.equal(count("k3s-gitops:nodes:HetznerNodes"), 1);
    assert.equal(count("k3s-gitops:k3s:K3sCluster"), 1);
    assert.equal(count("k3s-gitops:platform:ClusterCore"), 1);
    const releases = r.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release").map((x) => plainInputs(x).chart);
    assert.ok(releases.includes("hcloud-cloud-controller-manager"), `releases: ${releases.join(", ")}`);
    const firewall = plainInputs(r.resources.find((x) => x.type === "hcloud:index/firewall:Firewall")!);
    const sources = firewall.rules.flatMap((rule: { sourceIps?: string[] }) => rule.sourceIps ?? []);
    assert.ok(sources.includes("203.0.113.7/32") && !sources.includes("0.0.0.0/0"), `firewall sources: ${sources.join(", ")}`);
    assert.equal(r.outputs.kubeconfig?.secret, true, "the kubeconfig output is a secret");
  });

  it("refuses bad literal arguments before registering anything", async () => {
    const r = await runProgram(() => hetznerK3s({ hcloudToken: pulumi.secret("t"), adminCidr: "0.0.0.0/0" }), {
      project: "hetzner-k3s-example",
      stack: "dev",
      config: {},
      preview: true,
    });
    assert.ok(r.error, "a world-open admin CIDR must be refused");
    assert.match(r.error!.message, /Invalid arguments to HetznerNodes/);
    assert.match(r.error!.message, /access\.sshAllowedCidrs\[0\]/);
    assert.equal(r.resources.filter((x) => x.custom).length, 0, "nothing registered");
  });
});
