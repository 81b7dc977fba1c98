/**
 * Counting the SSH sessions a plan implies, per host (issue 15: no SSH fan-in; sshd MaxStartups 10:30:100).
 */
import type { RunResult } from "./harness";
import { RecordedResource, plainInputs } from "./recorder";

/**
 * The most SSH sessions one host can see at once, per phase: the largest set of that host's commands (with a
 * `create`, or with a `delete`) none of which depends on another, directly or through any resource. By Dilworth's
 * theorem that is the count minus a maximum matching of the "u waits for v" relation (Kuhn's augmenting paths).
 */
export function maxConcurrentSessionsPerHost(r: Pick<RunResult, "resources">, phase: "create" | "delete"): Map<string, number> {
  const byUrn = new Map(r.resources.map((x) => [x.urn, x] as const));
  const closure = new Map<string, Set<string>>();
  const reach = (urn: string): Set<string> => {
    let set = closure.get(urn);
    if (set) return set;
    set = new Set<string>();
    closure.set(urn, set);
    for (const d of byUrn.get(urn)?.dependencies ?? []) {
      set.add(d);
      for (const x of reach(d)) set.add(x);
    }
    return set;
  };
  const hosts = new Map<string, RecordedResource[]>();
  for (const c of r.resources.filter((x) => x.type === "command:remote:Command")) {
    const inputs = plainInputs(c);
    if (typeof inputs[phase] !== "string") continue;
    const host = String(inputs.connection?.host);
    hosts.set(host, [...(hosts.get(host) ?? []), c]);
  }
  const out = new Map<string, number>();
  for (const [host, list] of hosts) {
    const matchOf = new Map<number, number>();
    const tryAugment = (u: number, seen: Set<number>): boolean => {
      for (let v = 0; v < list.length; v++) {
        if (seen.has(v) || !reach(list[u]!.urn).has(list[v]!.urn)) continue;
        seen.add(v);
        const m = matchOf.get(v);
        if (m === undefined || tryAugment(m, seen)) {
          matchOf.set(v, u);
          return true;
        }
      }
      return false;
    };
    let matching = 0;
    for (let u = 0; u < list.length; u++) if (tryAugment(u, new Set())) matching++;
    out.set(host, list.length - matching);
  }
  return out;
}

