/**
 * ArgoCdHandoff (layer 5): repository credentials, the `platform` AppProject and the root Application whose children
 * are the stage Applications, synced in waves (the domino).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application" with { "resolution-mode": "import" };
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import type { PlatformLayers } from "../platform/types";
import { handoffDependencies } from "./dependencies";
import { createDestroyGuard } from "./destroy-guard";
import type { InstalledEngine } from "./engine";
import { HandoffArgs, checkHandoffArgs, resolveHandoffArgs } from "./handoff-args";
import { ArgoHandoffSpec, buildAppProject, buildRootApplication, buildStageApplications } from "./objects/argocd";
import { KubeObject, validated } from "../kernel/validate";
import { createRepoCredentials } from "./repo-credentials";

/** Whether Argo CD manages its own installation. */
export const DEFAULT_SELF_MANAGE = false;

export interface ArgoCdHandoffArgs extends HandoffArgs {
  /** The installed engine (GitOpsEngine with engine "argocd"). */
  readonly engine: InstalledEngine;
  /** Only `cloudResourceOwners` is used here: the destroy-order edges. */
  readonly platform: Pick<PlatformLayers, "cloudResourceOwners"> & Partial<Pick<PlatformLayers, "ingress">>;
  /**
   * Adopt the Helm-installed Argo CD as stage 00: Argo CD then syncs its own release (same chart, version, name and
   * values). @default false
   */
  readonly selfManage?: boolean;
}

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateArgoCdHandoffArgs(args: ArgoCdHandoffArgs): void {
  const problems = new Problems();
  problems.check(args.engine?.engine === "argocd", "engine.engine", args.engine?.engine, "must be argocd (a GitOpsEngine installed with engine argocd)");
  problems.check(Array.isArray(args.platform?.cloudResourceOwners), "platform.cloudResourceOwners", args.platform?.cloudResourceOwners, "must be a list of resources");
  checkHandoffArgs(problems, args);
  if (args.selfManage !== undefined) problems.check(typeof args.selfManage === "boolean", "selfManage", args.selfManage, "must be true or false");
  problems.throwIfAny("ArgoCdHandoff");
}

/** The pure spec of the hand-off, from the args. */
export function argoHandoffSpec(args: ArgoCdHandoffArgs): ArgoHandoffSpec {
  const e = args.engine;
  const resolved = resolveHandoffArgs(args);
  const selfManage = args.selfManage ?? DEFAULT_SELF_MANAGE;
  return {
    namespace: e.namespace,
    repoUrl: args.repoUrl,
    branch: resolved.branch,
    path: args.path,
    stages: resolved.stages,
    sync: resolved.sync,
    extraSourceRepos: selfManage ? [e.entry.repo] : [],
    selfManage: selfManage
      ? { repo: e.entry.repo, chart: e.entry.chart, version: e.entry.version, releaseName: e.entry.releaseName, namespace: e.entry.namespace, values: e.values }
      : undefined,
  };
}

/**
 * A CustomResource whose body is validated against its schema before it is sent; `alsoValidate` are objects it
 * carries inside (the root Application's stage Applications).
 */
export function validatedCustomResource(
  name: string,
  object: KubeObject,
  opts: pulumi.CustomResourceOptions,
  alsoValidate: readonly KubeObject[] = [],
): k8s.apiextensions.CustomResource {
  const checked = pulumi.output(Promise.all(alsoValidate.map((o) => validated(o))).then(() => validated(object)));
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata, spec: checked.apply((o) => (o as unknown as { spec?: unknown }).spec) },
    opts,
  );
}

export class ArgoCdHandoff extends pulumi.ComponentResource {
  public readonly project: k8s.apiextensions.CustomResource;
  public readonly rootApplication: k8s.apiextensions.CustomResource;
  /** The stage Applications the root syncs, in wave order. */
  public readonly stageApplications: readonly IApplication[];
  public readonly repoSecret?: k8s.core.v1.Secret;
  /** Releases volumes and load balancers on destroy (only with args.kubeconfig). */
  public readonly destroyGuard?: pulumi.Resource;
  /** The generated deploy key's public half. */
  public readonly deployPublicKey?: pulumi.Output<string>;

  constructor(name: string, args: ArgoCdHandoffArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgoCdHandoffArgs(args);
    super(componentToken("k3s-gitops:gitops:ArgoCdHandoff"), name, {}, opts);
    const spec = argoHandoffSpec(args);
    const guarded = args.kubeconfig !== undefined;
    const deps = handoffDependencies(args.engine.release, args.platform.cloudResourceOwners, guarded);
    const child = { parent: this, provider: args.provider };

    const creds = createRepoCredentials(
      name,
      { engine: "argocd", repoUrl: args.repoUrl, auth: args.auth, namespace: spec.namespace },
      { parent: this, provider: args.provider, dependsOn: deps },
    );
    this.repoSecret = creds.secret;
    this.deployPublicKey = creds.publicKey;

    this.project = validatedCustomResource(`${name}-project`, buildAppProject(spec), { ...child, dependsOn: deps });

    this.stageApplications = buildStageApplications(spec);
    const root = buildRootApplication(spec, this.stageApplications);
    this.rootApplication = validatedCustomResource(`${name}-root`, root, {
      ...child,
      dependsOn: [...deps, this.project, ...(creds.secret ? [creds.secret] : [])],
    }, this.stageApplications as unknown as KubeObject[]);

    if (guarded) {
      this.destroyGuard = createDestroyGuard(`${name}-destroy-drain`, {
        engine: "argocd",
        namespace: spec.namespace,
        handoffObject: `applications.argoproj.io/${root.metadata.name}`,
        keepLoadBalancersIn: args.platform.ingress ? [args.platform.ingress.namespace] : [],
      }, args.kubeconfig!, { parent: this, after: [args.engine.release, ...args.platform.cloudResourceOwners] });
    }

    this.registerOutputs({ project: this.project, rootApplication: this.rootApplication, deployPublicKey: this.deployPublicKey });
  }
}
