/**
 * The references the convergence check resolves: those of a git object (Secrets, ConfigMaps, classes, issuers, stores,
 * plugins), Secrets named by Helm values keys, and the Secrets a SopsSecret produces.
 */
import { Ref, ReferenceKind, isObj, list, str } from "./model";
import { GitObject, SECRET_VALUES_KEYS, dig, groupOf } from "./tables";

/**
 * The annotation a SopsSecret carries to name the Secrets it produces: encrypted with `--encrypted-suffix Templates`
 * (the contract), even `secretTemplates[].name` is ciphertext, so the check reads the names from this plaintext,
 * MAC-covered annotation (comma-separated). Template names that are plaintext count too.
 */
export const SOPS_SECRET_NAMES_ANNOTATION = "k3s-gitops.io/secrets";

export function sopsSecretNames(o: GitObject): string[] {
  const names = (o.metadata.annotations?.[SOPS_SECRET_NAMES_ANNOTATION] ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  for (const t of list(dig(o, "spec.secretTemplates"))) {
    const n = str(dig(t, "name"));
    if (n && !n.startsWith("ENC[")) names.push(n);
  }
  return [...new Set(names)];
}

/** Pod specs inside a workload. */
function podSpecs(o: GitObject): Record<string, unknown>[] {
  const specs: unknown[] = [];
  switch (o.kind) {
    case "Pod":
      specs.push(o.spec);
      break;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      specs.push(dig(o, "spec.template.spec"));
      break;
    case "CronJob":
      specs.push(dig(o, "spec.jobTemplate.spec.template.spec"));
      break;
  }
  return specs.filter(isObj);
}

export function objectRefs(o: GitObject, ns: string | undefined, from: string): Ref[] {
  const refs: Ref[] = [];
  const at = (name: string) => `${ns ?? "default"}/${name}`;
  const add = (kind: ReferenceKind, target: string | undefined) => target && refs.push({ kind, target, from });
  for (const spec of podSpecs(o)) {
    for (const v of list(spec.volumes)) {
      if (!isObj(v)) continue;
      if (isObj(v.secret) && v.secret.optional !== true) add("Secret", str(v.secret.secretName) && at(str(v.secret.secretName)!));
      if (isObj(v.configMap) && v.configMap.optional !== true) add("ConfigMap", str(v.configMap.name) && at(str(v.configMap.name)!));
      for (const s of list(dig(v, "projected.sources"))) {
        if (isObj(s) && isObj(s.secret) && s.secret.optional !== true) add("Secret", str(s.secret.name) && at(str(s.secret.name)!));
        if (isObj(s) && isObj(s.configMap) && s.configMap.optional !== true) add("ConfigMap", str(s.configMap.name) && at(str(s.configMap.name)!));
      }
    }
    for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
      if (!isObj(c)) continue;
      for (const e of list(c.env)) {
        const s = dig(e, "valueFrom.secretKeyRef");
        if (isObj(s) && s.optional !== true) add("Secret", str(s.name) && at(str(s.name)!));
        const m = dig(e, "valueFrom.configMapKeyRef");
        if (isObj(m) && m.optional !== true) add("ConfigMap", str(m.name) && at(str(m.name)!));
      }
      for (const e of list(c.envFrom)) {
        if (isObj(e) && isObj(e.secretRef) && e.secretRef.optional !== true) add("Secret", str(e.secretRef.name) && at(str(e.secretRef.name)!));
        if (isObj(e) && isObj(e.configMapRef) && e.configMapRef.optional !== true) add("ConfigMap", str(e.configMapRef.name) && at(str(e.configMapRef.name)!));
      }
    }
    for (const p of list(spec.imagePullSecrets)) add("Secret", str(dig(p, "name")) && at(str(dig(p, "name"))!));
  }
  const storageClass = (sc: unknown) => {
    if (sc === undefined || sc === null) refs.push({ kind: "StorageClass", target: "(the default StorageClass)", from });
    else if (str(sc)) add("StorageClass", str(sc));
  };
  if (o.kind === "PersistentVolumeClaim") storageClass(dig(o, "spec.storageClassName"));
  if (o.kind === "StatefulSet") for (const t of list(dig(o, "spec.volumeClaimTemplates"))) storageClass(dig(t, "spec.storageClassName"));
  if (groupOf(o.apiVersion) === "postgresql.cnpg.io" && o.kind === "Cluster") storageClass(dig(o, "spec.storage.storageClass"));
  const ann = o.metadata.annotations ?? {};
  if (str(ann["cert-manager.io/cluster-issuer"])) add("ClusterIssuer", ann["cert-manager.io/cluster-issuer"]);
  if (str(ann["cert-manager.io/issuer"])) add("Issuer", at(ann["cert-manager.io/issuer"]!));
  if (o.kind === "Ingress") {
    const cls = dig(o, "spec.ingressClassName");
    if (cls === undefined) refs.push({ kind: "IngressClass", target: "(the default IngressClass)", from });
    else add("IngressClass", str(cls));
  }
  if (o.kind === "Gateway") add("GatewayClass", str(dig(o, "spec.gatewayClassName")));
  // A Traefik Middleware of a plugin only works when Pulumi's Traefik loads that plugin (platform.ingress.plugins).
  if (o.kind === "Middleware" && groupOf(o.apiVersion) === "traefik.io" && isObj(dig(o, "spec.plugin"))) {
    for (const plugin of Object.keys(dig(o, "spec.plugin") as Record<string, unknown>)) add("TraefikPlugin", plugin);
  }
  if (o.kind === "Certificate" && groupOf(o.apiVersion) === "cert-manager.io") {
    const kind = str(dig(o, "spec.issuerRef.kind")) ?? "Issuer";
    const name = str(dig(o, "spec.issuerRef.name"));
    if (name) add(kind === "ClusterIssuer" ? "ClusterIssuer" : "Issuer", kind === "ClusterIssuer" ? name : at(name));
  }
  if (o.kind === "ExternalSecret" && groupOf(o.apiVersion) === "external-secrets.io") {
    const kind = str(dig(o, "spec.secretStoreRef.kind")) ?? "SecretStore";
    const name = str(dig(o, "spec.secretStoreRef.name"));
    if (name) add(kind === "ClusterSecretStore" ? "ClusterSecretStore" : "SecretStore", kind === "ClusterSecretStore" ? name : at(name));
  }
  return refs;
}

/** Secrets named by Helm values keys (tables.ts SECRET_VALUES_KEYS). */
export function valuesSecretRefs(chart: string, values: Record<string, unknown>): { name: string; key: string }[] {
  const out: { name: string; key: string }[] = [];
  const generic = SECRET_VALUES_KEYS.filter((k) => k.chart === "*").map((k) => k.key);
  const specific = SECRET_VALUES_KEYS.filter((k) => k.chart === chart);
  const seen = new Set<string>();
  for (const k of specific) {
    seen.add(k.key);
    if (k.unlessFalse && dig(values, k.unlessFalse) === false) continue;
    const v = str(dig(values, k.key));
    if (v) out.push({ name: v, key: k.key });
  }
  const walk = (v: unknown, p: string[]) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...p, String(i)]));
    if (!isObj(v)) return;
    for (const [key, child] of Object.entries(v)) {
      const full = [...p, key].join(".");
      if (seen.has(full)) continue;
      if (generic.includes(key)) {
        if (key === "secretKeyRef" && isObj(child) && child.optional !== true && str(child.name)) out.push({ name: str(child.name)!, key: full });
        else if (key === "existingSecret" && str(child)) {
          // A chart-specific rule that switched this key off (unlessFalse) wins over the generic match.
          const rule = specific.find((r) => r.key === full);
          if (!rule) out.push({ name: str(child)!, key: full });
        }
      }
      walk(child, [...p, key]);
    }
  };
  walk(values, []);
  return out;
}
