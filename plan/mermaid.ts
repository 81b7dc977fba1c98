/**
 * The `--mermaid` picture: one subgraph per layer, one nested subgraph per layer component, and inside it one node
 * per resource type with a count ("hcloud Server x300"). Child components are collapsed into the layer component that
 * owns them, and edges are drawn between groups, de-duplicated, from what is waited for to what waits. The number
 * of nodes grows with the number of resource types, not with the number of machines, so 300 agents stay readable.
 */
import { COMPONENT_LAYERS, LAYERS, LayerId, urnType } from "@k3s-gitops/components/kernel";
import type { RecordedResource } from "@k3s-gitops/components/testing";
import { layersOf } from "./report";

interface Group {
  readonly key: string;
  readonly layer: LayerId | null;
  readonly owner: string | null;
  readonly type: string;
  count: number;
}

/** `hcloud:index/server:Server` -> `hcloud Server`; `pulumi:providers:kubernetes` -> `provider kubernetes`. */
export function shortType(type: string): string {
  if (type.startsWith("pulumi:providers:")) return `provider ${type.slice("pulumi:providers:".length)}`;
  const [pkg, , name] = type.split(":");
  return `${pkg} ${name ?? type}`;
}

function label(text: string): string {
  return `"${text.replace(/"/g, "#quot;")}"`;
}

/** The nearest ancestor (or self) whose type is a layer component. */
function layerOwner(r: RecordedResource, parentOf: Map<string, string | null>): string | null {
  if (r.type in COMPONENT_LAYERS) return r.urn;
  let cursor = r.parent;
  while (cursor) {
    if (urnType(cursor) in COMPONENT_LAYERS) return cursor;
    cursor = parentOf.get(cursor) ?? null;
  }
  return null;
}

export function renderMermaid(resources: readonly RecordedResource[]): string {
  const parentOf = new Map<string, string | null>();
  for (const r of resources) parentOf.set(r.urn, r.parent);
  const layers = layersOf(resources);
  const groups = new Map<string, Group>();
  const groupOf = new Map<string, string>();
  for (const r of resources) {
    if (!r.custom) continue;
    const layer = layers.get(r.urn) ?? null;
    const owner = layer === null ? null : layerOwner(r, parentOf);
    const key = `${layer ?? "-"}|${owner ?? ""}|${r.type}`;
    const g = groups.get(key) ?? { key, layer, owner, type: r.type, count: 0 };
    g.count++;
    groups.set(key, g);
    groupOf.set(r.urn, key);
  }
  const sorted = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ids = new Map(sorted.map((g, i) => [g.key, `n${i}`]));

  const lines = ["flowchart LR"];
  const layerIds: (LayerId | null)[] = [...LAYERS.map((l) => l.id), null];
  let sub = 0;
  for (const layer of layerIds) {
    const inLayer = sorted.filter((g) => g.layer === layer);
    if (inLayer.length === 0) continue;
    const title = layer === null ? "providers (no layer)" : `${layer} ${LAYERS[layer]!.key}`;
    lines.push(`  subgraph L${layer ?? "x"}[${label(title)}]`);
    const owners = [...new Set(inLayer.map((g) => g.owner ?? ""))].sort();
    for (const owner of owners) {
      const members = inLayer.filter((g) => (g.owner ?? "") === owner);
      const indent = owner ? "      " : "    ";
      if (owner) {
        const name = owner.split("::").pop() ?? owner;
        lines.push(`    subgraph c${sub++}[${label(`${urnType(owner).split(":").pop()} ${name}`)}]`);
      }
      for (const g of members) lines.push(`${indent}${ids.get(g.key)}[${label(`${shortType(g.type)}${g.count > 1 ? ` x${g.count}` : ""}`)}]`);
      if (owner) lines.push("    end");
    }
    lines.push("  end");
  }
  const edges = new Set<string>();
  for (const r of resources) {
    const to = groupOf.get(r.urn);
    if (!to) continue;
    for (const d of r.dependencies) {
      const from = groupOf.get(d);
      if (from && from !== to) edges.add(`  ${ids.get(from)} --> ${ids.get(to)}`);
    }
  }
  lines.push(...[...edges].sort());
  return `${lines.join("\n")}\n`;
}
