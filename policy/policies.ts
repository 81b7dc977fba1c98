/**
 * The policies of the k3s-gitops pack, apart from the PolicyPack itself so tests and the offline plan can use them
 * without starting the pack's gRPC server. One file per area under rules/.
 */
import type { Policies } from "@pulumi/policy";
import { DEFAULT_CONTEXT, RuleContext } from "./rules/common";
import { argocdAppsSafe, bootstrapBeforeGitops, gitopsEngineBootstrapped } from "./rules/gitops";
import { haControlPlane, haControlPlaneDev } from "./rules/ha";
import { infraTierAllowlist, layerOrder, noAppWorkloadsInIac } from "./rules/layering";
import { noPublicAdminPorts } from "./rules/network";
import { pinnedVersions } from "./rules/pinning";
import { secretsAreSecret } from "./rules/secrets";

export const PACK_NAME = "k3s-gitops";

/** Builds the policies over a catalog (the shared one by default; tests pass a synthetic one). */
export function createPolicies(ctx: RuleContext = DEFAULT_CONTEXT): Policies {
  return [
    layerOrder(),
    infraTierAllowlist(ctx),
    noAppWorkloadsInIac(ctx),
    gitopsEngineBootstrapped(ctx),
    bootstrapBeforeGitops(ctx),
    pinnedVersions(),
    secretsAreSecret(),
    noPublicAdminPorts(),
    haControlPlane(),
    haControlPlaneDev(),
    argocdAppsSafe(ctx),
  ];
}

export const policies: Policies = createPolicies();
