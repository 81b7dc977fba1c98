/**
 * The warning channel (stacks/config/warnings.ts): each risky-but-legal config yields one
 * `warning: k3s-gitops:<key path>: <why>` line; the shipped stacks yield none; the plan JSON carries them.
 */
import { strict as assert } from "assert";
import { mkdtempSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PROJECT, planStack } from "../plan/cli";
import { loadStackFile, mergeStackFiles } from "../plan/stack-file";
import { buildConfigWithWarnings } from "../stacks/config/load";
import { SECRET_KEYS } from "../stacks/config/schema";
import { formatWarning } from "../stacks/config/warnings";
import { baseConfig } from "./mocks";

const V = "v1.36.4+k3s1";
const hetzner = (extra: Record<string, unknown> = {}) => baseConfig({ cloud: "hetzner", k3s: { version: V }, ...extra });
/** An example host key (a throwaway pair's public half, as in Pulumi.home.yaml): existing hosts must pin one. */
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIILYoufnbL/WNHceAzk66ABs6+XoGbZVySY755TbFe1F";

const home = (extra: Record<string, unknown> = {}, hosts?: unknown[]) =>
  baseConfig({
    profile: "dev",
    cloud: "existing",
    k3s: { version: V },
    existing: {
      networkCidr: "192.168.86.0/24",
      hosts: hosts ?? [
        { name: "k3s1", address: "192.168.86.71", privateAddress: "192.168.86.71", role: "server", hostKey: HOST_KEY },
        { name: "k3s2", address: "192.168.86.72", privateAddress: "192.168.86.72", role: "agent", hostKey: HOST_KEY },
      ],
      ...extra,
    },
  });

/** An empty project directory: no stage directories anywhere, unless a case creates them. */
const EMPTY_DIR = mkdtempSync(join(tmpdir(), "k3s-gitops-warnings-"));

function warningsOf(raw: Record<string, unknown>, stack = "dev", dir = EMPTY_DIR): string[] {
  return buildConfigWithWarnings(raw, stack, [], dir).warnings.map(formatWarning);
}

interface WarnCase {
  readonly title: string;
  readonly raw: Record<string, unknown>;
  readonly stack?: string;
  readonly dir?: string;
  /** The one expected line starts with this. */
  readonly line: string;
  readonly says: RegExp;
}

const stageDir = (() => {
  const dir = mkdtempSync(join(tmpdir(), "k3s-gitops-stages-"));
  mkdirSync(join(dir, "gitops/clusters/dev/flux/01-platform-services"), { recursive: true });
  return dir;
})();

const CASES: readonly WarnCase[] = [
  {
    title: "a prod control plane in one location",
    raw: hetzner({ servers: { count: 3, size: "cpx32", locations: ["fsn1"] } }),
    stack: "prod",
    line: "warning: k3s-gitops:servers.locations: ",
    says: /all 3 prod control-plane servers in fsn1/,
  },
  {
    title: "host bits in a CIDR",
    raw: hetzner({ access: { sshAllowedCidrs: ["203.0.113.10/24"], apiAllowedCidrs: ["203.0.113.10/32"] } }),
    line: "warning: k3s-gitops:access.sshAllowedCidrs[0]: ",
    says: /host bits set; it is read as 203\.0\.113\.0\/24/,
  },
  {
    title: "host bits in an IPv6 CIDR",
    raw: hetzner({ access: { sshAllowedCidrs: ["2001:db8::1/48"], apiAllowedCidrs: ["203.0.113.10/32"] } }),
    line: "warning: k3s-gitops:access.sshAllowedCidrs[0]: ",
    says: /read as 2001:db8::\/48/,
  },
  {
    title: "Arm and x86 pools mixed",
    raw: hetzner({ servers: { count: 1, size: "cx23" }, agentPools: [{ name: "arm", count: 1, size: "cax21" }] }),
    line: "warning: k3s-gitops:agentPools[0].size: ",
    says: /is Arm64 while servers\.size cx23 is x86-64/,
  },
  {
    title: "pprof exposed on hosts with no cloud firewall",
    raw: { ...home(), k3s: { version: V, extraArgs: ["--enable-pprof"] } },
    line: "warning: k3s-gitops:k3s.extraArgs[0]: ",
    says: /pprof.*no cloud firewall/,
  },
  {
    title: "etcd metrics exposed on hosts with no cloud firewall",
    raw: { ...home(), k3s: { version: V, extraArgs: ["--etcd-expose-metrics"] } },
    line: "warning: k3s-gitops:k3s.extraArgs[0]: ",
    says: /etcd metrics.*no cloud firewall/,
  },
  {
    title: "a stage with no directory in the repo",
    raw: hetzner({ gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git", stages: ["01-platform-services", "02-missing"] } }),
    dir: stageDir,
    line: "warning: k3s-gitops:gitops.stages[1]: ",
    says: /no directory gitops\/clusters\/dev\/flux\/02-missing/,
  },
  {
    title: "Let's Encrypt production on a one-node dev cluster",
    raw: hetzner({ platform: { certManager: { email: "ops@example.com", defaultIssuer: "letsencrypt-production" } } }),
    line: "warning: k3s-gitops:platform.certManager.defaultIssuer: ",
    says: /one-node dev cluster/,
  },
  {
    title: "prod with no agents",
    raw: hetzner({ agentPools: [] }),
    stack: "prod",
    line: "warning: k3s-gitops:agentPools: ",
    says: /no agents in prod/,
  },
  {
    title: "prod existing hosts with no agent",
    raw: {
      ...home({}, [1, 2, 3].map((n) => ({ name: `k3s${n}`, address: `192.168.86.7${n}`, privateAddress: `192.168.86.7${n}`, role: "server", hostKey: HOST_KEY }))),
      profile: "prod",
    },
    stack: "home",
    line: "warning: k3s-gitops:existing.hosts: ",
    says: /no host with role agent in prod/,
  },
  {
    title: "CoreDNS disabled",
    raw: hetzner({ k3s: { version: V, disable: ["coredns"] } }),
    line: "warning: k3s-gitops:k3s.disable[0]: ",
    says: /CoreDNS off/,
  },
  {
    title: "a dev stack syncing prod's path",
    raw: hetzner({ gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git", path: "gitops/clusters/prod" } }),
    line: "warning: k3s-gitops:gitops.path: ",
    says: /sync prod's directory/,
  },
  {
    title: "the retired ingress-nginx",
    raw: hetzner({ platform: { certManager: { email: "ops@example.com" }, ingress: { controller: "ingress-nginx" } } }),
    line: "warning: k3s-gitops:platform.ingress.controller: ",
    says: /retired upstream/,
  },
  {
    title: "a public Hetzner API load balancer outside prod",
    raw: hetzner({ hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true, public: true } } }),
    line: "warning: k3s-gitops:hetzner.apiLoadBalancer.public: ",
    says: /6443 to the whole internet/,
  },
  {
    title: "a bastion that is one of the nodes",
    raw: home({ bastion: { host: "192.168.86.71", hostKey: HOST_KEY } }),
    stack: "home",
    line: "warning: k3s-gitops:existing.bastion.host: ",
    says: /is existing\.hosts\[0\] \(k3s1\) itself/,
  },
];

describe("config warnings", () => {
  for (const c of CASES) {
    it(`warns on ${c.title}, in one line`, () => {
      const lines = warningsOf(c.raw, c.stack, c.dir);
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.ok(lines[0]!.startsWith(c.line), lines[0]);
      assert.match(lines[0]!, c.says);
      assert.ok(!lines[0]!.includes("\n"));
    });
  }

  it("does not warn on the same configs made safe", () => {
    assert.deepEqual(warningsOf(hetzner()), []);
    assert.deepEqual(warningsOf(hetzner({ servers: { count: 3, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] } }), "prod"), []);
    assert.deepEqual(warningsOf(home()), []);
    assert.deepEqual(warningsOf({ ...home(), cloud: "existing", k3s: { version: V, extraArgs: ["--embedded-registry"] } }), []);
    // The stage directory exists: no warning.
    assert.deepEqual(warningsOf(hetzner({ gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git", stages: ["01-platform-services"] } }), "dev", stageDir), []);
  });

  describe("every shipped stack has no warning it does not deserve", () => {
    for (const stack of ["dev", "prod", "do-dev", "home"]) {
      it(`Pulumi.${stack}.yaml`, () => {
        const file = loadStackFile(`Pulumi.${stack}.yaml`, PROJECT);
        const raw: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(file.config)) {
          const key = k.slice(PROJECT.length + 1);
          if (k.startsWith(`${PROJECT}:`) && !(SECRET_KEYS as readonly string[]).includes(key)) raw[key] = typeof v === "string" ? (() => { try { return JSON.parse(v); } catch { return v; } })() : v;
        }
        assert.deepEqual(buildConfigWithWarnings(raw, stack, [], process.cwd()).warnings.map(formatWarning), []);
      });
    }
  });

  it("reaches the plan's JSON as a top-level warnings array", async function () {
    this.timeout(60000);
    const stackFile = mergeStackFiles(loadStackFile("Pulumi.dev.yaml", PROJECT), {
      config: { "k3s-gitops:k3s": { version: V, disable: ["coredns"] } },
      secretKeys: [],
    });
    const result = await planStack({ stack: "dev", stackFile });
    if (result.run.error) throw result.run.error;
    assert.deepEqual(result.report.warnings, [result.warnings[0]]);
    assert.match(result.report.warnings[0]!, /^warning: k3s-gitops:k3s\.disable\[0\]: turns CoreDNS off/);
    // A second plan starts from an empty channel.
    const clean = await planStack({ stack: "dev" });
    assert.deepEqual(clean.report.warnings, []);
  });
});
