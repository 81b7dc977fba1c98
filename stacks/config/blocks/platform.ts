/** `k3s-gitops:platform`: the infrastructure tier's add-ons (layers 2 and 3). Profiles supply the defaults. */
import { z } from "zod";
import { cidr } from "./common";
import { CLUSTER_ISSUERS, INGRESS_CONTROLLERS, STORAGE_CLASS_NAMES, TRAEFIK_PLUGIN_NAMES } from "@k3s-gitops/components";

export const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const enabled = z.boolean("must be true or false");

/** A MetalLB pool entry: a CIDR or a `first-last` IPv4 range. */
const poolRange = z.union(
  [cidr, z.string().regex(/^(\d{1,3}\.){3}\d{1,3}-(\d{1,3}\.){3}\d{1,3}$/)],
  "must be a CIDR (192.0.2.0/28) or a range (192.0.2.10-192.0.2.20)",
);

const secretRef = z.strictObject({
  name: z.string().min(1, "must name a Secret"),
  key: z.string().min(1, "must name a key in the Secret"),
});

export const platform = z.strictObject({
  ingress: z.strictObject({
    /** traefik or ingress-nginx. k3s's packaged Traefik is always disabled: the catalog's pinned release replaces it. */
    controller: z.enum(INGRESS_CONTROLLERS, `must be one of ${INGRESS_CONTROLLERS.join(", ")}`),
    /** @default 2 (1 with a single node) */
    replicas: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    /**
     * traefik only: the Gateway API provider and the shared Gateway `traefik/shared` (on by default). `hostname` is the
     * https listener's, for which cert-manager issues the certificate (a wildcard needs DNS-01). @default enabled, no hostname
     */
    gateway: z
      .strictObject({
        enabled: enabled.optional(),
        hostname: z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, "must be a DNS name such as apps.example.com or *.example.com").optional(),
      })
      .optional(),
    /** traefik only: also serve nginx-class Ingresses with their annotations (the migration path off ingress-nginx). @default false */
    nginxIngresses: enabled.optional(),
    /**
     * traefik only: middleware plugins Traefik loads (`sablier` for the application tier's scale-to-zero Middlewares;
     * turn it on where the stack's gitops cluster sets traefikSablierPlugin). @default none
     */
    plugins: z
      .array(z.enum(TRAEFIK_PLUGIN_NAMES, `must be one of ${TRAEFIK_PLUGIN_NAMES.join(", ")}`))
      .refine((l) => new Set(l).size === l.length, "lists a plugin twice; list each once")
      .optional(),
  }),
  certManager: z.strictObject({
    /** The ACME account email; required, Let's Encrypt sends expiry notices to it. */
    email: z.email("must be an email address such as ops@example.com").optional(),
    /** The issuer certificates use by default. Both ClusterIssuers always exist. */
    defaultIssuer: z.enum(CLUSTER_ISSUERS, `must be one of ${CLUSTER_ISSUERS.join(", ")}`),
    /** DNS-01 through Route53, next to HTTP-01. Credentials arrive with the DNS issue. */
    route53: z
      .strictObject({
        region: z.string().regex(AWS_REGION, "must be an AWS region such as eu-central-1"),
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
        /** The Secret (in cert-manager's namespace) with the secret access key; @default none (ambient credentials) */
        accessKeyIdSecretRef: secretRef.optional(),
        secretAccessKeySecretRef: secretRef.optional(),
        /** DNS zones this solver answers for. @default every zone */
        dnsZones: z.array(z.string().min(1)).optional(),
      })
      .optional(),
  }),
  storage: z.strictObject({
    /** k3s's local-path provisioner. When disabled, k3s's `local-storage` is turned off. */
    localPath: z.strictObject({ enabled, default: enabled }),
    longhorn: z
      .strictObject({
        enabled,
        default: enabled,
        /** @default min(3, node count) */
        replicas: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
      })
      .optional(),
    hcloudCsi: z.strictObject({ enabled, default: enabled }).optional(),
    /** The DigitalOcean CSI driver (cloud digitalocean): StorageClass `do-block-storage`. */
    doCsi: z.strictObject({ enabled, default: enabled }).optional(),
    /** SMB CSI driver for a Hetzner Storage Box. With `source`, a (never default) StorageClass `smb` is created. */
    smb: z
      .strictObject({
        enabled,
        /** `//uXXXXX.your-storagebox.de/backup` */
        source: z.string().regex(/^\/\/[^/\s]+\/\S+$/, "must be an SMB share such as //u12345.your-storagebox.de/backup").optional(),
        /** The Secret (kube-system) with `username` and `password`; created outside this program. @default smb-creds */
        secretName: z.string().optional(),
      })
      .optional(),
  }),
  /** MetalLB with an L2 address pool, for clusters without a cloud load balancer (existing hosts). */
  metallb: z.strictObject({ enabled, addresses: z.array(poolRange).optional() }).optional(),
  externalSecrets: z
    .strictObject({
      enabled,
      /** An optional ClusterSecretStore: its name and the ESO `provider` block (exactly one provider). */
      clusterSecretStore: z
        .strictObject({
          name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes name"),
          provider: z.record(z.string(), z.unknown()).refine((p) => Object.keys(p).length === 1, "must hold exactly one provider, such as {aws: {...}}"),
        })
        .optional(),
    })
    .optional(),
  /** system-upgrade-controller and the k3s upgrade Plans (their version is k3s.version). */
  upgrades: z.strictObject({ enabled }).optional(),
});

export type PlatformConfig = z.infer<typeof platform>;

// ---- Checks that span keys (registered in ../cross-checks.ts) ----
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** Storage backends that only exist on one cloud: config key -> the `cloud` it needs. */
export const CLOUD_ONLY_STORAGE: Readonly<Record<string, string>> = { hcloudCsi: "hetzner", doCsi: "digitalocean" };

/** Total node count from the raw config: the listed hosts for cloud existing, else servers plus every agent pool. */
export function rawNodeCount(raw: Raw): number {
  if (raw.cloud === "existing") return isObject(raw.existing) ? asArray(raw.existing.hosts).length : 0;
  const servers = isObject(raw.servers) && typeof raw.servers.count === "number" ? raw.servers.count : 0;
  return servers + asArray(raw.agentPools).reduce((n, p) => n + (isObject(p) && typeof p.count === "number" ? p.count : 0), 0);
}

const ciliumWithFlannel = (raw: Raw): ConfigProblem[] => {
  if (!isObject(raw.k3s) || raw.k3s.cni !== "cilium") return [];
  const problems: ConfigProblem[] = [];
  for (const key of ["extraArgs", "agentExtraArgs"]) {
    asArray(raw.k3s[key]).forEach((arg, i) => {
      if (typeof arg === "string" && arg.startsWith("--flannel")) {
        problems.push({ path: ["k3s", key, i], value: arg, message: "is a flannel setting, but k3s.cni is cilium (flannel-backend none); remove it, or set k3s.cni to flannel" });
      }
    });
  }
  return problems;
};

const oneDefaultStorageClass = (raw: Raw): ConfigProblem[] => {
  const storage = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage : undefined;
  if (!storage) return [];
  const problems: ConfigProblem[] = [];
  const defaults: string[] = [];
  for (const key of Object.keys(STORAGE_CLASS_NAMES)) {
    const b = storage[key];
    if (!isObject(b) || b.default !== true) continue;
    if (b.enabled !== true) {
      problems.push({ path: ["platform", "storage", key, "default"], value: true, message: `makes a disabled backend the default StorageClass; enable platform.storage.${key} or set default to false` });
    } else defaults.push(key);
  }
  if (defaults.length > 1) {
    problems.push({ path: ["platform", "storage"], value: defaults.join(", "), message: `marks ${defaults.length} default StorageClasses; exactly one of ${Object.keys(STORAGE_CLASS_NAMES).join(", ")} may have default: true` });
  } else if (defaults.length === 0 && problems.length === 0) {
    problems.push({ path: ["platform", "storage"], value: "no default", message: `has no default StorageClass; set default: true on exactly one enabled backend (${Object.keys(STORAGE_CLASS_NAMES).join(", ")})` });
  }
  return problems;
};

const metallbPool = (raw: Raw): ConfigProblem[] => {
  const m = isObject(raw.platform) ? raw.platform.metallb : undefined;
  if (!isObject(m) || m.enabled !== true || asArray(m.addresses).length > 0) return [];
  return [{ path: ["platform", "metallb", "addresses"], missing: true, message: "MetalLB needs a pool when platform.metallb.enabled is true; list its addresses (CIDRs or first-last ranges)" }];
};

const longhornReplicas = (raw: Raw): ConfigProblem[] => {
  const l = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage.longhorn : undefined;
  if (!isObject(l) || l.enabled !== true || typeof l.replicas !== "number") return [];
  const nodes = rawNodeCount(raw);
  return l.replicas > nodes
    ? [{ path: ["platform", "storage", "longhorn", "replicas"], value: l.replicas, message: `exceeds the node count (${nodes}); Longhorn places each replica on a different node, so use at most ${nodes}` }]
    : [];
};

const issuerEmail = (raw: Raw): ConfigProblem[] => {
  const cm = isObject(raw.platform) ? raw.platform.certManager : undefined;
  if (!isObject(cm) || (typeof cm.email === "string" && cm.email !== "")) return [];
  return [{ path: ["platform", "certManager", "email"], missing: true, message: "the Let's Encrypt ClusterIssuers register their ACME account with it; set an address you read, such as ops@example.com" }];
};

const cloudOnlyStorage = (raw: Raw): ConfigProblem[] => {
  const storage = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage : {};
  return Object.entries(CLOUD_ONLY_STORAGE).flatMap(([key, cloud]) => {
    const b = storage[key];
    if (!isObject(b) || b.enabled !== true || raw.cloud === cloud) return [];
    return [{ path: ["platform", "storage", key, "enabled"], value: true, message: `needs cloud ${cloud} (cloud is ${JSON.stringify(raw.cloud)}); disable it` }];
  });
};

const pluginsNeedTraefik = (raw: Raw): ConfigProblem[] => {
  const i = isObject(raw.platform) ? raw.platform.ingress : undefined;
  if (!isObject(i) || i.controller === "traefik" || asArray(i.plugins).length === 0) return [];
  return [{ path: ["platform", "ingress", "plugins"], value: asArray(i.plugins).join(", "), message: `are Traefik middleware plugins, but platform.ingress.controller is ${JSON.stringify(i.controller)}; use controller traefik or remove the plugins` }];
};

/** The platform's cross-checks, in report order. */
export const PLATFORM_CHECKS: ((raw: Raw) => ConfigProblem[])[] = [pluginsNeedTraefik, ciliumWithFlannel, oneDefaultStorageClass, metallbPool, longhornReplicas, issuerEmail, cloudOnlyStorage];
