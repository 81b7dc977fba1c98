/**
 * The application tier's components, one typed list. Chart versions and values keys were checked against each
 * chart's values.yaml at the pinned tag (sources beside each entry; research notes in /work/research/app-tier-charts.md).
 * Hand-written chart values live in gitops/base/<name>/values.yaml; what differs per cluster is computed here.
 */
import type { Component } from "./model";
import { APPS } from "./components/apps";
import { IDENTITY_EDGE } from "./components/identity-edge";
import { OBSERVABILITY } from "./components/observability";
import { OPERATIONS } from "./components/operations";
import { PLATFORM_SERVICES } from "./components/platform-services";

export { DEX_CLIENTS, GATEWAY_PARENT, HELM_REPOS, host, httpRoute } from "./components/shared";

/** Every component, stage by stage (one file per stage under apptier/components/). */
export const COMPONENTS: readonly Component[] = [...PLATFORM_SERVICES, ...IDENTITY_EDGE, ...OBSERVABILITY, ...OPERATIONS, ...APPS];
