/**
 * ha-control-plane: in prod an odd number of three to seven servers (the kernel's haServerCountProblem), spread by a placement group. The same check is
 * advisory in dev, as its own policy (ha-control-plane-dev), because a policy has one enforcement level.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { haServerCountProblem } from "@k3s-gitops/components/kernel";
import { PROFILE_SCHEMA, Profile, asString, known, peek, stackProfile, unresolvedProfileReason } from "./common";

export const SERVER_TYPES = ["hcloud:index/server:Server", "digitalocean:index/droplet:Droplet"];
export const PLACEMENT_GROUP = "hcloud:index/placementGroup:PlacementGroup";
const SERVER_NAME = /(^|[-_])(server|control-plane)([-_]?\d+)?$/;

/** A control-plane node: labelled with role server/control-plane, or named `<cluster>-server-<n>`. */
export function isControlPlaneNode(r: PolicyResource): boolean {
  if (!SERVER_TYPES.includes(r.type)) return false;
  const labels = known(() => r.props.labels) ?? {};
  for (const key of Object.keys(labels)) {
    const v = known(() => asString(labels[key]));
    if (/role/i.test(key) && (v === "server" || v === "control-plane")) return true;
  }
  if (Array.isArray(known(() => r.props.tags)) && (known(() => r.props.tags) as unknown[]).some((t) => t === "server" || t === "control-plane")) return true;
  const propName = known(() => asString(r.props.name));
  return SERVER_NAME.test(r.name) || (propName !== undefined && SERVER_NAME.test(propName));
}

/** The problems of a control plane: count and placement. */
export function controlPlaneProblems(resources: readonly PolicyResource[]): { message: string; urn?: string }[] {
  const servers = resources.filter(isControlPlaneNode);
  if (servers.length === 0) return [];
  const out: { message: string; urn?: string }[] = [];
  const n = servers.length;
  // The kernel's rule, which the config schema applies before registration too (stacks/config/checks/versions.ts).
  const problem = haServerCountProblem(n);
  if (problem) out.push({ message: `the control plane has ${n} server${n === 1 ? "" : "s"}; ${problem}` });
  for (const s of servers.filter((r) => r.type === "hcloud:index/server:Server")) {
    const pg = peek(() => s.props.placementGroupId);
    if (!pg.known) {
      // The group's id is not yet known in a preview: look at what the property depends on.
      const groups = (s.propertyDependencies.placementGroupId ?? []).filter((d) => d.type === PLACEMENT_GROUP);
      if (groups.length === 0) continue;
      const spread = groups.some((g) => known(() => g.props.type) === "spread");
      if (!spread) out.push({ message: `server "${s.name}" is in a placement group that is not of type spread`, urn: s.urn });
      continue;
    }
    if (pg.value === undefined || pg.value === null) {
      out.push({ message: `server "${s.name}" is in no placement group; prod servers sit in a spread placement group so one host failure takes one server`, urn: s.urn });
      continue;
    }
    const groups = (s.propertyDependencies.placementGroupId ?? []).filter((d) => d.type === PLACEMENT_GROUP);
    if (groups.length > 0 && !groups.some((g) => known(() => g.props.type) === "spread")) {
      out.push({ message: `server "${s.name}" is in a placement group that is not of type spread`, urn: s.urn });
    }
  }
  return out;
}

function haPolicy(name: string, applies: Profile, level: "mandatory" | "advisory"): StackValidationPolicy {
  return {
    name,
    description:
      applies === "prod"
        ? "In prod: an odd number of at least 3 control-plane servers, in a spread placement group (Hetzner)."
        : "In dev (advisory): the same HA checks as ha-control-plane, reported but never blocking.",
    enforcementLevel: level,
    configSchema: { properties: { profile: PROFILE_SCHEMA } },
    validateStack: (args, reportViolation) => {
      const anyUrn = args.resources[0]?.urn;
      const profile = stackProfile(args.getConfig<{ profile?: string }>().profile, anyUrn);
      if (!profile.ok) args.notApplicable(unresolvedProfileReason(profile, anyUrn));
      else if (profile.profile !== applies) args.notApplicable(`stack profile is ${profile.profile}`);
      for (const p of controlPlaneProblems(args.resources)) reportViolation(p.message, p.urn);
    },
  };
}

export function haControlPlane(): StackValidationPolicy {
  return haPolicy("ha-control-plane", "prod", "mandatory");
}

export function haControlPlaneDev(): StackValidationPolicy {
  return haPolicy("ha-control-plane-dev", "dev", "advisory");
}
