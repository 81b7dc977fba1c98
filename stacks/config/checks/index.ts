/** The check groups under ./checks, registered in ../cross-checks.ts with one spread. Each group is its own file. */
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
