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
