"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PLATFORM_CHECKS = exports.CLOUD_ONLY_STORAGE = exports.STORAGE_CLASS_NAMES = exports.platform = exports.AWS_REGION = exports.ISSUERS = exports.INGRESS_CONTROLLERS = void 0;
exports.rawNodeCount = rawNodeCount;
/** `k3s-gitops:platform`: the infrastructure tier's add-ons (layers 2 and 3). Profiles supply the defaults. */
const zod_1 = require("zod");
const common_1 = require("./common");
exports.INGRESS_CONTROLLERS = ["traefik", "ingress-nginx"];
exports.ISSUERS = ["letsencrypt-staging", "letsencrypt-production"];
exports.AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const enabled = zod_1.z.boolean("must be true or false");
/** A MetalLB pool entry: a CIDR or a `first-last` IPv4 range. */
const poolRange = zod_1.z.union([common_1.cidr, zod_1.z.string().regex(/^(\d{1,3}\.){3}\d{1,3}-(\d{1,3}\.){3}\d{1,3}$/)], "must be a CIDR (192.0.2.0/28) or a range (192.0.2.10-192.0.2.20)");
const secretRef = zod_1.z.strictObject({
    name: zod_1.z.string().min(1, "must name a Secret"),
    key: zod_1.z.string().min(1, "must name a key in the Secret"),
});
exports.platform = zod_1.z.strictObject({
    ingress: zod_1.z.strictObject({
        /** traefik or ingress-nginx. k3s's packaged Traefik is always disabled: the catalog's pinned release replaces it. */
        controller: zod_1.z.enum(exports.INGRESS_CONTROLLERS, `must be one of ${exports.INGRESS_CONTROLLERS.join(", ")}`),
        /** @default 2 (1 with a single node) */
        replicas: zod_1.z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    }),
    certManager: zod_1.z.strictObject({
        /** The ACME account email; required, Let's Encrypt sends expiry notices to it. */
        email: zod_1.z.email("must be an email address such as ops@example.com").optional(),
        /** The issuer certificates use by default. Both ClusterIssuers always exist. */
        defaultIssuer: zod_1.z.enum(exports.ISSUERS, `must be one of ${exports.ISSUERS.join(", ")}`),
        /** DNS-01 through Route53, next to HTTP-01. Credentials arrive with the DNS issue. */
        route53: zod_1.z
            .strictObject({
            region: zod_1.z.string().regex(exports.AWS_REGION, "must be an AWS region such as eu-central-1"),
            hostedZoneId: zod_1.z.string().regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
            /** The Secret (in cert-manager's namespace) with the secret access key; @default none (ambient credentials) */
            accessKeyIdSecretRef: secretRef.optional(),
            secretAccessKeySecretRef: secretRef.optional(),
            /** DNS zones this solver answers for. @default every zone */
            dnsZones: zod_1.z.array(zod_1.z.string().min(1)).optional(),
        })
            .optional(),
    }),
    storage: zod_1.z.strictObject({
        /** k3s's local-path provisioner. When disabled, k3s's `local-storage` is turned off. */
        localPath: zod_1.z.strictObject({ enabled, default: enabled }),
        longhorn: zod_1.z
            .strictObject({
            enabled,
            default: enabled,
            /** @default min(3, node count) */
            replicas: zod_1.z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
        })
            .optional(),
        hcloudCsi: zod_1.z.strictObject({ enabled, default: enabled }).optional(),
        /** The DigitalOcean CSI driver (cloud digitalocean): StorageClass `do-block-storage`. */
        doCsi: zod_1.z.strictObject({ enabled, default: enabled }).optional(),
        /** SMB CSI driver for a Hetzner Storage Box. With `source`, a (never default) StorageClass `smb` is created. */
        smb: zod_1.z
            .strictObject({
            enabled,
            /** `//uXXXXX.your-storagebox.de/backup` */
            source: zod_1.z.string().regex(/^\/\/[^/\s]+\/\S+$/, "must be an SMB share such as //u12345.your-storagebox.de/backup").optional(),
            /** The Secret (kube-system) with `username` and `password`; created outside this program. @default smb-creds */
            secretName: zod_1.z.string().optional(),
        })
            .optional(),
    }),
    /** MetalLB with an L2 address pool, for clusters without a cloud load balancer (existing hosts). */
    metallb: zod_1.z.strictObject({ enabled, addresses: zod_1.z.array(poolRange).optional() }).optional(),
    externalSecrets: zod_1.z
        .strictObject({
        enabled,
        /** An optional ClusterSecretStore: its name and the ESO `provider` block (exactly one provider). */
        clusterSecretStore: zod_1.z
            .strictObject({
            name: zod_1.z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes name"),
            provider: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()).refine((p) => Object.keys(p).length === 1, "must hold exactly one provider, such as {aws: {...}}"),
        })
            .optional(),
    })
        .optional(),
    /** system-upgrade-controller and the k3s upgrade Plans (their version is k3s.version). */
    upgrades: zod_1.z.strictObject({ enabled }).optional(),
});
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v) => (Array.isArray(v) ? v : []);
/** The StorageClass each storage backend makes default, by config key. */
exports.STORAGE_CLASS_NAMES = { localPath: "local-path", longhorn: "longhorn", hcloudCsi: "hcloud-volumes", doCsi: "do-block-storage" };
/** Storage backends that only exist on one cloud: config key -> the `cloud` it needs. */
exports.CLOUD_ONLY_STORAGE = { hcloudCsi: "hetzner", doCsi: "digitalocean" };
/** Total node count from the raw config: the listed hosts for cloud existing, else servers plus every agent pool. */
function rawNodeCount(raw) {
    if (raw.cloud === "existing")
        return isObject(raw.existing) ? asArray(raw.existing.hosts).length : 0;
    const servers = isObject(raw.servers) && typeof raw.servers.count === "number" ? raw.servers.count : 0;
    return servers + asArray(raw.agentPools).reduce((n, p) => n + (isObject(p) && typeof p.count === "number" ? p.count : 0), 0);
}
const ciliumWithFlannel = (raw) => {
    if (!isObject(raw.k3s) || raw.k3s.cni !== "cilium")
        return [];
    const problems = [];
    for (const key of ["extraArgs", "agentExtraArgs"]) {
        asArray(raw.k3s[key]).forEach((arg, i) => {
            if (typeof arg === "string" && arg.startsWith("--flannel")) {
                problems.push({ path: ["k3s", key, i], value: arg, message: "is a flannel setting, but k3s.cni is cilium (flannel-backend none); remove it, or set k3s.cni to flannel" });
            }
        });
    }
    return problems;
};
const oneDefaultStorageClass = (raw) => {
    const storage = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage : undefined;
    if (!storage)
        return [];
    const problems = [];
    const defaults = [];
    for (const key of Object.keys(exports.STORAGE_CLASS_NAMES)) {
        const b = storage[key];
        if (!isObject(b) || b.default !== true)
            continue;
        if (b.enabled !== true) {
            problems.push({ path: ["platform", "storage", key, "default"], value: true, message: `makes a disabled backend the default StorageClass; enable platform.storage.${key} or set default to false` });
        }
        else
            defaults.push(key);
    }
    if (defaults.length > 1) {
        problems.push({ path: ["platform", "storage"], value: defaults.join(", "), message: `marks ${defaults.length} default StorageClasses; exactly one of ${Object.keys(exports.STORAGE_CLASS_NAMES).join(", ")} may have default: true` });
    }
    else if (defaults.length === 0 && problems.length === 0) {
        problems.push({ path: ["platform", "storage"], value: "no default", message: `has no default StorageClass; set default: true on exactly one enabled backend (${Object.keys(exports.STORAGE_CLASS_NAMES).join(", ")})` });
    }
    return problems;
};
const metallbPool = (raw) => {
    const m = isObject(raw.platform) ? raw.platform.metallb : undefined;
    if (!isObject(m) || m.enabled !== true || asArray(m.addresses).length > 0)
        return [];
    return [{ path: ["platform", "metallb", "addresses"], missing: true, message: "MetalLB needs a pool when platform.metallb.enabled is true; list its addresses (CIDRs or first-last ranges)" }];
};
const longhornReplicas = (raw) => {
    const l = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage.longhorn : undefined;
    if (!isObject(l) || l.enabled !== true || typeof l.replicas !== "number")
        return [];
    const nodes = rawNodeCount(raw);
    return l.replicas > nodes
        ? [{ path: ["platform", "storage", "longhorn", "replicas"], value: l.replicas, message: `exceeds the node count (${nodes}); Longhorn places each replica on a different node, so use at most ${nodes}` }]
        : [];
};
const issuerEmail = (raw) => {
    const cm = isObject(raw.platform) ? raw.platform.certManager : undefined;
    if (!isObject(cm) || (typeof cm.email === "string" && cm.email !== ""))
        return [];
    return [{ path: ["platform", "certManager", "email"], missing: true, message: "the Let's Encrypt ClusterIssuers register their ACME account with it; set an address you read, such as ops@example.com" }];
};
const cloudOnlyStorage = (raw) => {
    const storage = isObject(raw.platform) && isObject(raw.platform.storage) ? raw.platform.storage : {};
    return Object.entries(exports.CLOUD_ONLY_STORAGE).flatMap(([key, cloud]) => {
        const b = storage[key];
        if (!isObject(b) || b.enabled !== true || raw.cloud === cloud)
            return [];
        return [{ path: ["platform", "storage", key, "enabled"], value: true, message: `needs cloud ${cloud} (cloud is ${JSON.stringify(raw.cloud)}); disable it` }];
    });
};
/** The platform's cross-checks, in report order. */
exports.PLATFORM_CHECKS = [ciliumWithFlannel, oneDefaultStorageClass, metallbPool, longhornReplicas, issuerEmail, cloudOnlyStorage];
