/**
 * Versions and HA that config alone decides, so they are refused before registration rather than by a policy after
 * the whole plan: a release candidate in prod, and prod's control plane of an odd 3 to 7 servers (the ha-control-plane
 * policy's rule; etcd's quorum needs an odd count, and k3s's HA docs use 3; more than 7 members slows etcd's writes:
 * etcd FAQ "What is maximum cluster size?" recommends 7 at most).
 */
import type { ConfigProblem } from "../errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

const PROD_SERVER_COUNTS = [3, 5, 7];

export function versionsCheck(raw: Raw): ConfigProblem[] {
  if (raw.profile !== "prod") return [];
  const out: ConfigProblem[] = [];
  const version = isObject(raw.k3s) ? raw.k3s.version : undefined;
  if (typeof version === "string" && /-rc\d+/.test(version)) {
    out.push({ path: ["k3s", "version"], value: version, message: "is a release candidate, refused in prod; pin a released k3s version such as v1.36.4+k3s1" });
  }
  // Cloud servers only: the ha-control-plane policy counts cloud servers (hcloud, droplets); a prod stack on hosts you
  // already own may run one server (the profile tests do), and its quorum rule is the cross-check in ../cross-checks.ts.
  if (raw.cloud !== "existing" && isObject(raw.servers) && typeof raw.servers.count === "number" && Number.isInteger(raw.servers.count) && raw.servers.count >= 1) {
    if (!PROD_SERVER_COUNTS.includes(raw.servers.count)) {
      out.push({ path: ["servers", "count"], value: raw.servers.count, message: "must be 3, 5 or 7 in prod: an HA control plane needs an odd etcd quorum of at most 7" });
    }
  }
  return out;
}
