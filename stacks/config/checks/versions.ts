/**
 * Versions and HA that config alone decides, so they are refused before registration rather than by a policy after
 * the whole plan: a release candidate in prod, and prod's control plane of an odd 3 to 7 servers. The count rule is
 * the kernel's haServerCountProblem, which the ha-control-plane policy applies to the servers it sees; here it counts
 * cloud servers (servers.count) and existing hosts with role server alike (the policy cannot see existing hosts: they
 * register no server resource, so the schema is their only check).
 */
import { haServerCountProblem } from "@k3s-gitops/components/kernel";
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

export function versionsCheck(raw: Raw): ConfigProblem[] {
  if (raw.profile !== "prod") return [];
  const out: ConfigProblem[] = [];
  const version = isObject(raw.k3s) ? raw.k3s.version : undefined;
  if (typeof version === "string" && /-rc\d+/.test(version)) {
    out.push({ path: ["k3s", "version"], value: version, message: "is a release candidate, refused in prod; pin a released k3s version such as v1.36.4+k3s1" });
  }
  if (raw.cloud === "existing") {
    const hosts = isObject(raw.existing) && Array.isArray(raw.existing.hosts) ? raw.existing.hosts.filter(isObject) : [];
    const servers = hosts.filter((h) => h.role === "server").length;
    const problem = hosts.length > 0 ? haServerCountProblem(servers) : undefined;
    if (problem) out.push({ path: ["existing", "hosts"], value: `${servers} server${servers === 1 ? "" : "s"}`, message: `must hold 3, 5 or 7 hosts with role server in prod: ${problem}` });
  } else if (isObject(raw.servers) && typeof raw.servers.count === "number" && Number.isInteger(raw.servers.count) && raw.servers.count >= 1) {
    const problem = haServerCountProblem(raw.servers.count);
    if (problem) out.push({ path: ["servers", "count"], value: raw.servers.count, message: `must be 3, 5 or 7 in prod: ${problem}` });
  }
  return out;
}
