/**
 * The check groups under ./checks, registered in ../cross-checks.ts with one spread. Each group is its own file.
 *
 * The policy pack's verdicts that config alone decides, and where the schema decides them first (issue 11):
 * - no-public-admin-ports: the access allowlists (blocks/access.ts), with the kernel's worldCoverage/tooBroadForAdmin;
 * - ha-control-plane: prod's 3, 5 or 7 servers, cloud servers and existing hosts (./versions.ts, the kernel's
 *   haServerCountProblem); its placement half is the code's (every Hetzner pool is in a spread group);
 * - gitops-engine-bootstrapped: a stack without `gitops` installs no engine (../cross-checks.ts gitopsPresent);
 * - bootstrap-before-gitops: gitops.path, or its default named after the stack (./gitops-bootstrap.ts, called from
 *   ../load.ts because it needs the stack's name; the kernel's bootstrapEntriesForPath);
 * - pinned-versions: k3s.version is an exact release of the supported table (blocks/k3s.ts); chart versions are the
 *   catalog's, which no config changes.
 * The code alone decides layer-order, infra-tier-allowlist, no-app-workloads-in-iac, secrets-are-secret and
 * argocd-apps-safe (Argo CD's stage Applications live in git, and the root's finalizer and project are the hand-off's);
 * ha-control-plane-dev is advisory and says what the dev profile chooses on purpose.
 */
import type { ConfigProblem } from "../errors";
import { addressPlanCheck } from "./address-plan";
import { exposureCheck } from "./exposure";
import { gitDnsHostsCheck } from "./git-dns-hosts";
import { k3sArgsCheck } from "./k3s-args";
import { namingCheck } from "./naming";
import { versionsCheck } from "./versions";

export const CHECK_GROUPS: ((raw: Record<string, any>) => ConfigProblem[])[] = [
  versionsCheck,
  exposureCheck,
  k3sArgsCheck,
  addressPlanCheck,
  namingCheck,
  gitDnsHostsCheck,
];
