/**
 * pinned-versions: exact chart versions, an exact k3s version in every install command, no k3s channel.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { HELM_RELEASE, PROFILE_SCHEMA, asString, k8sName, known, peek, stackProfile } from "./common";
import { CHART_TYPES } from "./layering";

/** A SemVer 2 version, optionally with Helm's tolerated leading "v": no range, no wildcard, no "latest". */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** A k3s release as the installer's INSTALL_K3S_VERSION takes it: `v1.34.3+k3s3`. */
export const EXACT_K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;
export const COMMAND_TYPES = ["command:remote:Command", "command:local:Command"];
export const UPGRADE_PLAN = "kubernetes:upgrade.cattle.io/v1:Plan";

/** True when a script runs the k3s installer (get.k3s.io, or an installer copied to the host). */
export function installsK3s(script: string): boolean {
  return /get\.k3s\.io|INSTALL_K3S_|k3s-install\.sh|k3s\/install\.sh/.test(script);
}

/** The INSTALL_K3S_VERSION values a script sets (quotes stripped, also the `'"'"'` of a script wrapped for sudo). */
export function k3sVersionsIn(script: string): string[] {
  return [...script.matchAll(/INSTALL_K3S_VERSION=["']*([^"'\s;|&]*)/g)].map((m) => m[1]!);
}

export function pinnedVersions(): ResourceValidationPolicy {
  return {
    name: "pinned-versions",
    description:
      "Every Helm release has an exact chart version (no range); every k3s install command pins an exact INSTALL_K3S_VERSION and never uses INSTALL_K3S_CHANNEL; no upgrade channel in prod.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { profile: PROFILE_SCHEMA } },
    validateResource: (args, reportViolation) => {
      if (args.type === HELM_RELEASE || CHART_TYPES.includes(args.type)) {
        const version = peek(() => args.props.version);
        if (!version.known) return;
        const v = asString(version.value);
        if (v === undefined || v === "") {
          reportViolation(`Helm release "${args.name}" has no chart version; Helm would install whatever is latest. Pin the catalog's exact version`);
        } else if (!EXACT_CHART_VERSION.test(v)) {
          reportViolation(`Helm release "${args.name}" has chart version "${v}", which is not exact; use one exact version (1.2.3), never a range`);
        }
        return;
      }
      if (COMMAND_TYPES.includes(args.type)) {
        const env = known(() => args.props.environment) ?? {};
        const envVersion = known(() => asString(env.INSTALL_K3S_VERSION));
        if (known(() => env.INSTALL_K3S_CHANNEL) !== undefined) {
          reportViolation(`command "${args.name}" sets INSTALL_K3S_CHANNEL in its environment; pin INSTALL_K3S_VERSION instead`);
        }
        for (const field of ["create", "update"]) {
          const script = known(() => asString(args.props[field]));
          if (script === undefined) continue;
          if (script.includes("INSTALL_K3S_CHANNEL")) {
            reportViolation(`command "${args.name}" ${field} script uses INSTALL_K3S_CHANNEL; a channel floats, pin INSTALL_K3S_VERSION instead`);
          }
          if (!installsK3s(script)) continue;
          const versions = [...k3sVersionsIn(script), ...(envVersion !== undefined ? [envVersion] : [])];
          if (versions.length === 0) {
            reportViolation(`command "${args.name}" ${field} script installs k3s without INSTALL_K3S_VERSION; the installer would take the stable channel`);
          }
          for (const v of versions) {
            if (!EXACT_K3S_VERSION.test(v)) {
              reportViolation(`command "${args.name}" installs k3s version "${v}", which is not an exact release (v1.34.3+k3s3)`);
            }
          }
        }
        return;
      }
      if (args.type === UPGRADE_PLAN) {
        const name = k8sName(args.props) ?? args.name;
        const channel = peek(() => args.props.spec?.channel);
        const version = peek(() => args.props.spec?.version);
        if (!channel.known || !version.known) return;
        // A stack whose profile is not known (see stackProfile) is not held to the prod rule.
        const profile = stackProfile(args.getConfig<{ profile?: string }>().profile, args.urn);
        if (channel.value && profile.ok && profile.profile === "prod") {
          reportViolation(`upgrade Plan "${name}" follows channel ${String(channel.value)}; prod upgrades only to an exact version`);
        }
        if (version.value !== undefined && !EXACT_K3S_VERSION.test(String(version.value))) {
          reportViolation(`upgrade Plan "${name}" has version "${String(version.value)}", which is not an exact k3s release`);
        }
        if (!channel.value && version.value === undefined) {
          reportViolation(`upgrade Plan "${name}" sets neither spec.version nor spec.channel`);
        }
      }
    },
  };
}
