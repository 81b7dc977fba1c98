/**
 * Which profile a stack runs with: the one rule that the program (stack config) and the policy pack (its `profile`
 * config knob and the stack name from a URN) both apply, so the pack judges a stack by the profile it runs with.
 *
 * The rule: an explicit profile when one is given and valid; else the stack's own name when it names a profile
 * (`dev`, `prod`); else there is no answer, and the caller says so (the program refuses the stack config, the pack's
 * profile-aware policies report themselves not applicable and name the knob to set).
 */

/** The profiles a stack can run with. */
export const PROFILE_NAMES = ["dev", "prod"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export type ProfileResolution =
  /** Resolved: from the explicit value, or from the stack's name. */
  | { readonly ok: true; readonly profile: ProfileName; readonly from: "explicit" | "stack" }
  /** `invalid`: an explicit value that is not a profile name. `missing`: none given, and the stack names none. */
  | { readonly ok: false; readonly reason: "invalid" | "missing"; readonly value?: unknown };

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === "string" && (PROFILE_NAMES as readonly string[]).includes(value);
}

/**
 * Resolves the profile of stack `stack`. `explicit` is the configured profile (`undefined` when none is set); an
 * explicit value always wins, and an explicit value that is not a profile name is an error, never a fallback. Pure.
 */
export function resolveProfile(explicit: unknown, stack: string): ProfileResolution {
  if (explicit !== undefined) {
    return isProfileName(explicit) ? { ok: true, profile: explicit, from: "explicit" } : { ok: false, reason: "invalid", value: explicit };
  }
  return isProfileName(stack) ? { ok: true, profile: stack, from: "stack" } : { ok: false, reason: "missing" };
}

/** The stack part of a URN: `urn:pulumi:<stack>::<project>::...` gives `<stack>`. */
export function stackOfUrn(urn: string): string {
  return (urn.split("::")[0] ?? "").replace(/^urn:pulumi:/, "");
}

/**
 * The control-plane sizes an HA (prod) cluster accepts: an odd etcd quorum of 3 to 7 members. Odd, because an even
 * member adds no failure tolerance; at most 7, because every member slows each write (etcd FAQ, "What is maximum
 * cluster size?", etcd.io/docs/v3.5/faq/#what-is-maximum-cluster-size: no more than seven members). k3s's HA docs use 3
 * (docs.k3s.io/datastore/ha-embedded). The config schema (for cloud servers and existing hosts alike) and the
 * ha-control-plane policy both decide with haServerCountProblem.
 */
export const HA_SERVER_COUNTS: readonly number[] = [3, 5, 7];

/** Why `count` control-plane servers are not an HA control plane, or undefined when they are. Pure. */
export function haServerCountProblem(count: number): string | undefined {
  return HA_SERVER_COUNTS.includes(count) ? undefined : "an HA control plane needs an odd etcd quorum of 3 to 7 servers (3, 5 or 7)";
}
