/**
 * The StorageClass for a Hetzner Storage Box over SMB (csi-driver-smb parameters `source`,
 * `csi.storage.k8s.io/{provisioner,node-stage}-secret-{name,namespace}`). Never the default class.
 */
import type { IStorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass" with { "resolution-mode": "import" };

export const SMB_STORAGE_CLASS = "smb";
export const DEFAULT_SMB_SECRET = "smb-creds";

export function buildSmbStorageClass(source: string, secretName: string, namespace: string): IStorageClass {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: SMB_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "false" } },
    provisioner: "smb.csi.k8s.io",
    parameters: {
      source,
      "csi.storage.k8s.io/provisioner-secret-name": secretName,
      "csi.storage.k8s.io/provisioner-secret-namespace": namespace,
      "csi.storage.k8s.io/node-stage-secret-name": secretName,
      "csi.storage.k8s.io/node-stage-secret-namespace": namespace,
    },
    reclaimPolicy: "Retain",
    volumeBindingMode: "Immediate",
    mountOptions: ["dir_mode=0777", "file_mode=0777", "vers=3.0"],
  };
}
