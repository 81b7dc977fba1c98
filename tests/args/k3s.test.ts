/**
 * stacks/args/k3s.ts: the validated stack config onto K3sCluster's args (pure; no resources).
 */
import { strict as assert } from "node:assert";
import type { ClusterNodes } from "@k3s-gitops/components";
import { DEFAULT_K3S_VERSION } from "@k3s-gitops/components";
import { validateK3sClusterArgs } from "@k3s-gitops/components";
import * as pulumi from "@pulumi/pulumi";
import { etcdSnapshotsArgs, k3sClusterArgs, k3sRequirements, localPathArgs } from "../../stacks/args/k3s";
import { existingConfig } from "../multicloud-fixtures";
import { buildConfig } from "../../stacks/config/load";
import { baseConfig } from "../mocks";

const EMAIL = { certManager: { email: "ops@example.com" } };
const config = (overrides: Record<string, unknown> = {}, stack = "dev") =>
  buildConfig(baseConfig({ platform: EMAIL, ...overrides }), stack);

/** Only what the mapping reads of the nodes (the cloud) and what validation reads (servers, agents). */
function nodes(cloud: ClusterNodes["cloud"]["kind"]): ClusterNodes {
  return { servers: [], agents: [], cloud: { kind: cloud } } as unknown as ClusterNodes;
}

describe("k3sRequirements", () => {
  it("disables k3s's Traefik and servicelb always behind a cloud controller, local-storage when not used", () => {
    assert.deepEqual(k3sRequirements(config().platform).disable, ["servicelb", "traefik"]);
    assert.deepEqual(k3sRequirements(config({}, "prod").platform).disable, ["local-storage", "servicelb", "traefik"]);
    assert.deepEqual(k3sRequirements(config().platform, { cloudLoadBalancers: false }).disable, ["traefik"]);
  });

  it("MetalLB answers LoadBalancer Services too: servicelb goes without a cloud controller", () => {
    const metallb = config({ platform: { ...EMAIL, metallb: { enabled: true, addresses: ["192.168.86.200-192.168.86.220"] } } }).platform;
    assert.deepEqual(k3sRequirements(metallb, { cloudLoadBalancers: false }).disable, ["servicelb", "traefik"]);
  });
});

describe("k3sClusterArgs", () => {
  it("maps k3s-gitops:k3s one to one, leaving the defaults to the library", () => {
    const dev = config();
    const args = k3sClusterArgs(dev, nodes("hetzner"));
    assert.equal(args.version, DEFAULT_K3S_VERSION, "the profile pins the library's release");
    assert.equal(args.cni, undefined, "no CNI decided here: K3sCluster applies DEFAULT_CNI");
    assert.equal(args.disable, undefined);
    assert.equal(args.extraArgs, undefined);
    assert.deepEqual(args.requirements, { disable: ["servicelb", "traefik"] });
  });

  it("passes the stack's choices through, and the requirements follow the nodes' cloud", () => {
    const k3s = {
      version: "v1.36.5+k3s1",
      cni: "cilium",
      disable: ["metrics-server"],
      extraArgs: ["--kubelet-arg=max-pods=150"],
      agentExtraArgs: ["--kube-proxy-arg=metrics-bind-address=0.0.0.0"],
    };
    const args = k3sClusterArgs(config({ k3s }), nodes("none"));
    assert.equal(args.version, "v1.36.5+k3s1");
    assert.equal(args.cni, "cilium");
    assert.deepEqual(args.disable, ["metrics-server"]);
    assert.deepEqual(args.extraArgs, ["--kubelet-arg=max-pods=150"]);
    assert.deepEqual(args.agentExtraArgs, ["--kube-proxy-arg=metrics-bind-address=0.0.0.0"]);
    assert.deepEqual(args.requirements, { disable: ["traefik"] });
  });

  it("gives the servers existing.storage.localPathDir as --default-local-storage-path, after the stack's own flags", () => {
    const home = (storage: Record<string, unknown>, k3s: Record<string, unknown> = {}) =>
      buildConfig(existingConfig({ k3s: { version: "v1.36.4+k3s1", ...k3s }, existing: { ...(existingConfig().existing as object), storage } }), "home");
    const withDir = home({ localPathDir: "/srv/local-path" }, { extraArgs: ["--kubelet-arg=max-pods=150"] });
    assert.deepEqual(localPathArgs(withDir), ["--default-local-storage-path=/srv/local-path"]);
    assert.deepEqual(k3sClusterArgs(withDir, nodes("none")).extraArgs, ["--kubelet-arg=max-pods=150", "--default-local-storage-path=/srv/local-path"]);
    assert.equal(k3sClusterArgs(withDir, nodes("none")).agentExtraArgs, undefined, "a server flag: agents never get it");
    assert.deepEqual(localPathArgs(home({})), [], "unset: k3s's own /var/lib/rancher/k3s/storage");
    assert.equal(k3sClusterArgs(home({}), nodes("none")).extraArgs, undefined);
  });

  it("whatever the schema accepts, K3sCluster's validation accepts (only the missing nodes are refused)", () => {
    const k3s = { version: "v1.36.4+k3s1", extraArgs: ["--etcd-snapshot-compress", "--kube-apiserver-arg=a=b", "--kube-apiserver-arg=c=d"] };
    try {
      validateK3sClusterArgs(k3sClusterArgs(config({ k3s }), nodes("hetzner")));
      assert.fail("expected the empty server list to be refused");
    } catch (err) {
      assert.deepEqual((err as { problems: { path: string }[] }).problems.map((p) => p.path), ["nodes.servers"]);
    }
  });
});

describe("etcdSnapshotsArgs", () => {
  const keys = () => ({ accessKeyId: pulumi.secret("AKID"), secretAccessKey: pulumi.secret("s3cr3t") });
  it("absent: K3sCluster's defaults (local snapshots), and no credential is asked for", () => {
    assert.equal(etcdSnapshotsArgs(config(), () => assert.fail("no keys without s3")), undefined);
    assert.equal(k3sClusterArgs(config(), nodes("hetzner"), () => assert.fail("no keys")).etcdSnapshots, undefined);
  });
  it("maps schedule, retention and the S3 target, with the keys from the credential table", () => {
    const k3s = { version: "v1.36.4+k3s1", etcdSnapshots: { schedule: "0 */6 * * *", retention: 8, s3: { endpoint: "fsn1.your-objectstorage.com", bucket: "etcd", folder: "dev" } } };
    const args = etcdSnapshotsArgs(config({ k3s }), keys)!;
    assert.equal(args.schedule, "0 */6 * * *");
    assert.equal(args.retention, 8);
    assert.equal(args.s3!.endpoint, "fsn1.your-objectstorage.com");
    assert.equal(args.s3!.bucket, "etcd");
    assert.equal(args.s3!.folder, "dev");
    assert.ok(pulumi.Output.isInstance(args.s3!.accessKeyId));
  });
});
