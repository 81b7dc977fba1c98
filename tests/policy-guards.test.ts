import { strict as assert } from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { secretnessAt } from "../policy/rules/common";
import { haControlPlane, haControlPlaneDev } from "../policy/rules/ha";
import { noPublicAdminPorts, parsePortRange } from "../policy/rules/network";
import { pinnedVersions } from "../policy/rules/pinning";
import { secretsAreSecret } from "../policy/rules/secrets";
import { Secret, Spec, UNKNOWN, build, runResourcePolicy, runStackPolicy } from "./policy-fixtures";

const one = (s: Partial<Spec> & Pick<Spec, "type">) => build([{ name: "r", layer: 1, ...s }])[0]!;

describe("policy pinned-versions", () => {
  const p = pinnedVersions();
  const release = (version: unknown) => one({ type: "kubernetes:helm.sh/v3:Release", layer: 3, props: { chart: "x", version } });
  const install = (create: string, environment?: Record<string, string>) => one({ type: "command:remote:Command", props: { create, ...(environment ? { environment } : {}) } });

  it("passes exact chart versions, v-prefixed too", async () => {
    assert.deepEqual(await runResourcePolicy(p, release("4.11.3")), []);
    assert.deepEqual(await runResourcePolicy(p, release("v1.16.2")), []);
  });
  it("reports a missing chart version", async () => assert.match((await runResourcePolicy(p, release(undefined)))[0]!, /has no chart version/));
  for (const v of ["~4.11", "^1.2.0", ">=1.0.0", "4.x", "latest"]) {
    it(`reports the range ${v}`, async () => assert.match((await runResourcePolicy(p, release(v)))[0]!, /is not exact/));
  }
  it("passes a k3s install with an exact INSTALL_K3S_VERSION", async () => {
    assert.deepEqual(await runResourcePolicy(p, install("curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION='v1.34.3+k3s3' sh -s - server")), []);
    assert.deepEqual(await runResourcePolicy(p, install("curl -sfL https://get.k3s.io | sh -s - agent", { INSTALL_K3S_VERSION: "v1.34.3+k3s3" })), []);
  });
  it("reports an install without a version", async () => {
    assert.match((await runResourcePolicy(p, install("curl -sfL https://get.k3s.io | sh -")))[0]!, /without INSTALL_K3S_VERSION/);
  });
  it("reports a version that is not exact", async () => {
    assert.match((await runResourcePolicy(p, install("curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.34 sh -")))[0]!, /"v1.34", which is not an exact release/);
  });
  it("reports INSTALL_K3S_CHANNEL in any stack", async () => {
    const out = await runResourcePolicy(p, install("curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=stable INSTALL_K3S_VERSION=v1.34.3+k3s3 sh -"));
    assert.equal(out.length, 1);
    assert.match(out[0]!, /uses INSTALL_K3S_CHANNEL/);
  });
  it("forbids an upgrade Plan channel in prod only", async () => {
    const plan = (stack: string) => one({ type: "kubernetes:upgrade.cattle.io/v1:Plan", stack, props: { spec: { channel: "https://update.k3s.io/v1-release/channels/stable" } } });
    assert.match((await runResourcePolicy(p, plan("prod")))[0]!, /follows channel/);
    assert.deepEqual(await runResourcePolicy(p, plan("dev")), []);
    assert.match((await runResourcePolicy(p, plan("staging"), { profile: "prod" }))[0]!, /follows channel/);
  });
  it("treats an unknown version as not yet known", async () => assert.deepEqual(await runResourcePolicy(p, release(UNKNOWN)), []));
});

describe("policy secrets-are-secret", () => {
  const p = secretsAreSecret();
  it("passes secret Secret data, a secret kubeconfig and a secret token script", async () => {
    assert.deepEqual(await runResourcePolicy(p, one({ type: "kubernetes:core/v1:Secret", props: { stringData: { token: new Secret("t") } } })), []);
    assert.deepEqual(await runResourcePolicy(p, one({ type: "kubernetes:core/v1:Secret", props: { data: new Secret({ a: "b" }) } })), []);
    assert.deepEqual(await runResourcePolicy(p, one({ type: "pulumi:providers:kubernetes", layer: null, props: { kubeconfig: new Secret("k") } })), []);
    assert.deepEqual(await runResourcePolicy(p, one({ type: "command:remote:Command", props: { create: new Secret("K3S_TOKEN=abc sh -") } })), []);
  });
  it("reports plain Secret data and stringData", async () => {
    const out = await runResourcePolicy(p, one({ type: "kubernetes:core/v1:Secret", props: { data: { a: "YQ==" }, stringData: { b: "x", c: new Secret("y") } } }));
    assert.deepEqual(out.length, 2);
    assert.match(out[0]!, /data.a is not secret/);
    assert.match(out[1]!, /stringData.b is not secret/);
  });
  it("reports a plain kubeconfig given to the provider", async () => {
    assert.match((await runResourcePolicy(p, one({ type: "pulumi:providers:kubernetes", layer: null, props: { kubeconfig: "apiVersion: v1" } })))[0]!, /kubeconfig in plain text/);
  });
  it("reports a command script carrying the token in plain text", async () => {
    assert.match((await runResourcePolicy(p, one({ type: "command:remote:Command", props: { create: "K3S_TOKEN=abc sh -s - agent" } })))[0]!, /create carries the k3s token/);
  });
  it("reports a command printing the kubeconfig without a secret stdout", async () => {
    const out = await runResourcePolicy(p, one({ type: "command:remote:Command", props: { create: "cat /etc/rancher/k3s/k3s.yaml" } }));
    assert.match(out[0]!, /additionalSecretOutputs: \["stdout"\]/);
    assert.deepEqual(await runResourcePolicy(p, one({ type: "command:remote:Command", props: { create: "cat /etc/rancher/k3s/k3s.yaml" }, additionalSecretOutputs: ["stdout"] })), []);
  });
  it("reports a plain SSH private key in the connection", async () => {
    assert.match((await runResourcePolicy(p, one({ type: "command:remote:Command", props: { connection: { host: "h", privateKey: "-----BEGIN" } } })))[0]!, /connection.privateKey is not secret/);
  });
  it("cannot see secretness in engine-style props (secrets unwrapped, pulumi-policy#241), so reports nothing there", async () => {
    const engineProps = unknownCheckingProxy({ kubeconfig: "apiVersion: v1" });
    assert.equal(secretnessAt(engineProps, ["kubeconfig"]), "unseen");
    const r = one({ type: "pulumi:providers:kubernetes", layer: null });
    assert.deepEqual(await runResourcePolicy(p, { ...r, props: engineProps }), []);
  });
});

describe("policy no-public-admin-ports", () => {
  const p = noPublicAdminPorts();
  const hfw = (rules: unknown[]) => one({ type: "hcloud:index/firewall:Firewall", layer: 0, name: "fw", props: { rules } } as Spec);
  const rule = (port: string, sourceIps: string[], protocol = "tcp") => ({ direction: "in", protocol, port, sourceIps });

  it("passes rules restricted to own CIDRs and public web ports", async () => {
    assert.deepEqual(await runResourcePolicy(p, hfw([rule("22", ["203.0.113.10/32"]), rule("443", ["0.0.0.0/0", "::/0"])])), []);
  });
  for (const [port, what] of [["22", "SSH"], ["6443", "the Kubernetes API"], ["2379-2380", "etcd"], ["10250", "the kubelet"], ["any", "SSH"]] as const) {
    it(`reports ${port} open to the world on Hetzner`, async () => {
      const out = await runResourcePolicy(p, hfw([rule(port, ["::/0"])]));
      assert.ok(out.some((m) => m.includes(`(${what}) to ::/0`)), out.join("\n"));
    });
  }
  it("ignores outbound and udp rules", async () => {
    assert.deepEqual(await runResourcePolicy(p, hfw([{ direction: "out", protocol: "tcp", port: "22", destinationIps: ["0.0.0.0/0"] }, rule("22", ["0.0.0.0/0"], "udp")])), []);
  });
  it("reports DigitalOcean inbound rules and AWS security groups", async () => {
    const d = one({ type: "digitalocean:index/firewall:Firewall", layer: 0, props: { inboundRules: [{ protocol: "tcp", portRange: "1-65535", sourceAddresses: ["0.0.0.0/0"] }] } });
    assert.equal((await runResourcePolicy(p, d)).length, 4);
    const a = one({ type: "aws:ec2/securityGroup:SecurityGroup", layer: 0, props: { ingress: [{ protocol: "tcp", fromPort: 6443, toPort: 6443, cidrBlocks: ["0.0.0.0/0"] }] } });
    assert.match((await runResourcePolicy(p, a))[0]!, /port 6443/);
  });
  it("honours the allowlist knob", async () => {
    assert.deepEqual(await runResourcePolicy(p, hfw([rule("22", ["0.0.0.0/0"])]), { allowlist: ["fw:22"] }), []);
  });
  it("parses port ranges", () => {
    assert.deepEqual(parsePortRange("2379-2380"), [2379, 2380]);
    assert.deepEqual(parsePortRange("any"), [0, 65535]);
    assert.equal(parsePortRange("x"), undefined);
  });
  it("treats unknown sources as not yet known", async () => assert.deepEqual(await runResourcePolicy(p, hfw([rule("22", UNKNOWN as any)])), []));
});

describe("policy ha-control-plane", () => {
  const servers = (n: number, stack = "prod", pg: "spread" | "none" | "other" = "spread"): Spec[] => [
    { name: "pg", type: "hcloud:index/placementGroup:PlacementGroup", layer: 0, stack, props: { type: pg === "other" ? "whatever" : "spread" } },
    ...Array.from({ length: n }, (_, i): Spec => ({
      name: `k3s-${stack}-server-${i + 1}`, type: "hcloud:index/server:Server", layer: 0, stack,
      props: pg === "none" ? {} : { placementGroupId: UNKNOWN },
      propDeps: pg === "none" ? {} : { placementGroupId: ["pg"] },
    })),
    { name: `k3s-${stack}-workers-1`, type: "hcloud:index/server:Server", layer: 0, stack, props: {} },
  ];
  const prod = haControlPlane();
  const dev = haControlPlaneDev();
  it("passes 3 servers in a spread placement group", async () => assert.deepEqual(await runStackPolicy(prod, build(servers(3))), []));
  it("reports an even or too small server count in prod", async () => {
    assert.match((await runStackPolicy(prod, build(servers(2))))[0]!, /has 2 servers; an HA control plane needs an odd etcd quorum of 3 to 7 servers/);
    assert.match((await runStackPolicy(prod, build(servers(1))))[0]!, /has 1 server;/);
    assert.match((await runStackPolicy(prod, build(servers(9))))[0]!, /has 9 servers; .*3 to 7/, "the schema's upper bound too (the kernel's haServerCountProblem)");
  });
  it("reports servers outside a spread placement group", async () => {
    assert.match((await runStackPolicy(prod, build(servers(3, "prod", "none"))))[0]!, /is in no placement group/);
    assert.match((await runStackPolicy(prod, build(servers(3, "prod", "other"))))[0]!, /not of type spread/);
  });
  it("is advisory in dev: the dev policy reports, the prod policy does not apply", async () => {
    assert.equal(prod.enforcementLevel, "mandatory");
    assert.equal(dev.enforcementLevel, "advisory");
    assert.deepEqual(await runStackPolicy(prod, build(servers(1, "dev"))), ["N/A: stack profile is dev"]);
    assert.match((await runStackPolicy(dev, build(servers(1, "dev"))))[0]!, /has 1 server/);
  });
  it("takes the profile from config over the stack name", async () => {
    assert.match((await runStackPolicy(prod, build(servers(1, "eu-main")), { profile: "prod" }))[0]!, /has 1 server/);
    assert.deepEqual(await runStackPolicy(prod, build(servers(1, "prod-eu")), { profile: "dev" }), ["N/A: stack profile is dev"]);
  });
});
