/**
 * Per-environment defaults. The stack file's values override them; objects merge key by key, lists replace.
 * A new environment picks a profile with `k3s-gitops:profile`, or gets the one named like its stack.
 *
 * Every profile pins the library's DEFAULT_K3S_VERSION and leaves the CNI to the library's DEFAULT_CNI.
 */
import { DEFAULT_K3S_VERSION } from "@k3s-gitops/components";
import type { ProfileName } from "@k3s-gitops/components/kernel";

// The profile names and the rule that picks one live in the kernel, shared with the policy pack.
export { PROFILE_NAMES, ProfileName } from "@k3s-gitops/components/kernel";

export const PROFILES: Readonly<Record<ProfileName, Readonly<Record<string, unknown>>>> = {
  dev: {
    cloud: "hetzner",
    servers: { count: 1, size: "cx23", locations: ["fsn1"] },
    agentPools: [],
    k3s: { version: DEFAULT_K3S_VERSION },
    hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: false } },
    platform: {
      ingress: { controller: "traefik" },
      certManager: { defaultIssuer: "letsencrypt-staging" },
      storage: { localPath: { enabled: true, default: true } },
      externalSecrets: { enabled: true },
      upgrades: { enabled: true },
    },
  },
  prod: {
    cloud: "hetzner",
    servers: { count: 3, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] },
    agentPools: [{ name: "workers", count: 2, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] }],
    k3s: { version: DEFAULT_K3S_VERSION },
    hetzner: { networkZone: "eu-central", apiLoadBalancer: { enabled: true, type: "lb11" } },
    platform: {
      ingress: { controller: "traefik" },
      certManager: { defaultIssuer: "letsencrypt-production" },
      storage: {
        localPath: { enabled: false, default: false },
        longhorn: { enabled: true, default: true },
        hcloudCsi: { enabled: true, default: false },
      },
      // Replaced per cloud by STORAGE_BY_CLOUD (profileFor).
      externalSecrets: { enabled: true },
      upgrades: { enabled: true },
    },
  },
};

/**
 * Storage defaults per profile and cloud: a cloud's CSI driver only on that cloud, exactly one default everywhere.
 * Replaces the profile's own `platform.storage` for the stack's cloud (hetzner unless `cloud` says otherwise).
 */
export const STORAGE_BY_CLOUD: Readonly<Record<ProfileName, Readonly<Record<string, Readonly<Record<string, unknown>>>>>> = {
  dev: {
    hetzner: { localPath: { enabled: true, default: true } },
    digitalocean: { localPath: { enabled: true, default: true } },
    existing: { localPath: { enabled: true, default: true } },
  },
  prod: {
    hetzner: {
      localPath: { enabled: false, default: false },
      longhorn: { enabled: true, default: true },
      hcloudCsi: { enabled: true, default: false },
    },
    digitalocean: {
      localPath: { enabled: false, default: false },
      longhorn: { enabled: true, default: true },
      doCsi: { enabled: true, default: false },
    },
    // Machines you own: Longhorn on their disks (existing.storage.longhornDiskPaths), local-path kept for scratch.
    existing: {
      localPath: { enabled: true, default: false },
      longhorn: { enabled: true, default: true },
    },
  },
};

/** The profile's defaults for a stack on `cloud` (the raw `k3s-gitops:cloud` value). Pure. */
export function profileFor(name: ProfileName, cloud: unknown): Readonly<Record<string, unknown>> {
  const base = PROFILES[name];
  const storage = STORAGE_BY_CLOUD[name][typeof cloud === "string" ? cloud : String(base.cloud)];
  if (!storage) return base;
  return { ...base, platform: { ...(base.platform as Record<string, unknown>), storage } };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (lists included) is replaced by the override. */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = mergeConfig(base[k], v);
    return out;
  }
  return override;
}
