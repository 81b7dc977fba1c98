/**
 * Pure rewriting of the admin kubeconfig k3s writes (/etc/rancher/k3s/k3s.yaml): its server is
 * https://127.0.0.1:6443, which only works on the server itself.
 */
import { parseDocument } from "yaml";
import { K3S_API_PORT } from "./render-config";

/** `https://<host>:6443`; IPv6 literals get brackets. */
export function apiServerUrl(host: string, port: number = K3S_API_PORT): string {
  const h = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `https://${h}:${port}`;
}

/** Points every cluster entry of `kubeconfig` at `serverUrl`; everything else is kept as it is. */
export function rewriteKubeconfigServer(kubeconfig: string, serverUrl: string): string {
  const doc = parseDocument(kubeconfig);
  if (doc.errors.length > 0) throw new Error(`kubeconfig is not valid YAML: ${doc.errors[0]!.message}`);
  const clusters = doc.get("clusters");
  const items = (clusters as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items) || items.length === 0) throw new Error("kubeconfig has no clusters");
  items.forEach((_, i) => {
    if (!doc.hasIn(["clusters", i, "cluster"])) throw new Error(`kubeconfig clusters[${i}] has no cluster entry`);
    doc.setIn(["clusters", i, "cluster", "server"], serverUrl);
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * Names the kubeconfig's one cluster, one user and one context `name` (k3s writes all three as `default`, so two
 * stacks' kubeconfigs collide when merged), and makes that context current. Credentials and server are kept.
 */
export function nameKubeconfig(kubeconfig: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`kubeconfig name "${name}" must be letters, digits, '.', '_' or '-'`);
  const doc = parseDocument(kubeconfig);
  if (doc.errors.length > 0) throw new Error(`kubeconfig is not valid YAML: ${doc.errors[0]!.message}`);
  for (const list of ["clusters", "users", "contexts"]) {
    const items = (doc.get(list) as { items?: unknown[] } | undefined)?.items;
    if (!Array.isArray(items) || items.length !== 1) throw new Error(`kubeconfig must hold exactly one entry in ${list} (k3s writes one)`);
    doc.setIn([list, 0, "name"], name);
  }
  doc.setIn(["contexts", 0, "context", "cluster"], name);
  doc.setIn(["contexts", 0, "context", "user"], name);
  doc.set("current-context", name);
  return doc.toString({ lineWidth: 0 });
}
