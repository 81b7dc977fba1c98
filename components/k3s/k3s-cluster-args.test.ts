import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as cluster from "./k3s-cluster";
import { DEFAULT_ETCD_SNAPSHOT_RETENTION, DEFAULT_ETCD_SNAPSHOT_SCHEDULE, ETCD_S3_CONFIG_SECRET, EtcdSnapshotsArgs, K3sRequirements } from "./k3s-cluster-args";

describe("K3sCluster args", () => {
  it("etcd snapshot defaults are k3s's own (every 12 hours, 5 kept) and the S3 Secret has the k3s ADR's name", () => {
    assert.equal(DEFAULT_ETCD_SNAPSHOT_SCHEDULE, "0 */12 * * *");
    assert.equal(DEFAULT_ETCD_SNAPSHOT_RETENTION, 5);
    assert.equal(ETCD_S3_CONFIG_SECRET, "k3s-etcd-snapshot-s3-config");
  });

  it("k3s-cluster.ts still exports the same values, so its importers are unchanged", () => {
    assert.equal(cluster.DEFAULT_ETCD_SNAPSHOT_SCHEDULE, DEFAULT_ETCD_SNAPSHOT_SCHEDULE);
    assert.equal(cluster.DEFAULT_ETCD_SNAPSHOT_RETENTION, DEFAULT_ETCD_SNAPSHOT_RETENTION);
    assert.equal(cluster.ETCD_S3_CONFIG_SECRET, ETCD_S3_CONFIG_SECRET);
  });

  it("the arg types take the shapes the program builds", () => {
    const requirements: K3sRequirements = { disable: ["traefik", "servicelb"] };
    const snapshots: EtcdSnapshotsArgs = {
      schedule: "0 */6 * * *",
      retention: 10,
      s3: { endpoint: "fsn1.your-objectstorage.com", bucket: "etcd", accessKeyId: pulumi.secret("id"), secretAccessKey: pulumi.secret("key") },
    };
    const args: Omit<cluster.K3sClusterArgs, "nodes"> = { requirements, etcdSnapshots: snapshots, cni: "cilium" };
    assert.deepEqual(args.requirements?.disable, ["traefik", "servicelb"]);
    assert.equal(args.etcdSnapshots?.s3?.bucket, "etcd");
  });
});
