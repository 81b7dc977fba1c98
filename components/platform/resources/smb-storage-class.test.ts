import { strict as assert } from "node:assert";
import { validateManifest } from "../../kernel/validate";
import { DEFAULT_SMB_SECRET, SMB_STORAGE_CLASS, buildSmbStorageClass } from "./smb-storage-class";

describe("buildSmbStorageClass", () => {
  it("points the provisioner and node-stage secrets at one Secret and is never the default class", async () => {
    const sc = buildSmbStorageClass("//u1.your-storagebox.de/backup", DEFAULT_SMB_SECRET, "kube-system");
    await validateManifest(sc as any);
    assert.equal(sc.metadata!.name, SMB_STORAGE_CLASS);
    assert.equal(sc.metadata!.annotations!["storageclass.kubernetes.io/is-default-class"], "false");
    assert.equal(sc.provisioner, "smb.csi.k8s.io");
    assert.deepEqual(sc.parameters, {
      source: "//u1.your-storagebox.de/backup",
      "csi.storage.k8s.io/provisioner-secret-name": "smb-creds",
      "csi.storage.k8s.io/provisioner-secret-namespace": "kube-system",
      "csi.storage.k8s.io/node-stage-secret-name": "smb-creds",
      "csi.storage.k8s.io/node-stage-secret-namespace": "kube-system",
    });
    assert.equal(sc.reclaimPolicy, "Retain");
  });
});
