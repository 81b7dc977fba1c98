/**
 * ArgoCdHandoff (layer 5): repository credentials, the `platform` AppProject and the root Application whose children
 * are the stage Applications, synced in waves (the domino).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { componentToken } from "../kernel/layers";
import type { PlatformLayers } from "../platform/types";
import type { GitAuthConfig } from "../../stacks/config/blocks/gitops";
import { handoffDependencies } from "./dependencies";
import type { GitOpsEngine } from "./engine";
import { ArgoHandoffSpec, SyncOptions, buildAppProject, buildRootApplication, buildStageApplications } from "./objects/argocd";
import { KubeObject, validated } from "./objects/models";
import { createRepoCredentials } from "./repo-credentials";

export interface ArgoCdHandoffArgs {
  /** The installed engine (engine "argocd"). */
  readonly engine: GitOpsEngine;
  readonly provider: k8s.Provider;
  /** Only `cloudResourceOwners` is used here: the destroy-order edges. */
  readonly platform: Pick<PlatformLayers, "cloudResourceOwners">;
  readonly repoUrl: string;
  readonly branch: string;
  /** The cluster's stage directory, e.g. gitops/clusters/dev. */
  readonly path: string;
  readonly stages: readonly string[];
  readonly sync: SyncOptions;
  readonly auth: GitAuthConfig;
  /** Adopt the Helm-installed Argo CD as stage 00. @default false */
  readonly selfManage?: boolean;
  readonly givenSshPrivateKey?: pulumi.Output<string>;
  readonly httpsToken?: pulumi.Output<string>;
}

/** The pure spec of the hand-off, from the args. */
export function argoHandoffSpec(args: ArgoCdHandoffArgs): ArgoHandoffSpec {
  const e = args.engine;
  return {
    namespace: e.namespace,
    repoUrl: args.repoUrl,
    branch: args.branch,
    path: args.path,
    stages: args.stages,
    sync: args.sync,
    extraSourceRepos: args.selfManage ? [e.entry.repo] : [],
    selfManage: args.selfManage
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
  /** The generated deploy key's public half. */
  public readonly deployPublicKey?: pulumi.Output<string>;

  constructor(name: string, args: ArgoCdHandoffArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:gitops:ArgoCdHandoff"), name, {}, opts);
    if (args.engine.engine !== "argocd") throw new Error(`ArgoCdHandoff needs the argocd engine, got ${args.engine.engine}`);
    const spec = argoHandoffSpec(args);
    const deps = handoffDependencies(args.engine.release, args.platform.cloudResourceOwners);
    const child = { parent: this, provider: args.provider };

    const creds = createRepoCredentials(
      name,
      // The hand-off args carry repoUrl, auth, givenSshPrivateKey and httpsToken under the same names.
      { ...args, engine: "argocd", namespace: spec.namespace },
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

    this.registerOutputs({ project: this.project, rootApplication: this.rootApplication, deployPublicKey: this.deployPublicKey });
  }
}
