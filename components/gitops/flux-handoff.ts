/**
 * FluxHandoff (layer 5): repository credentials, the GitRepository and one Kustomization per stage, chained with
 * dependsOn, waiting for health, decrypting SOPS with the platform's age key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import { componentToken } from "../kernel/layers";
import type { PlatformLayers } from "../platform/types";
import type { GitAuthConfig } from "../../stacks/config/blocks/gitops";
import { validatedCustomResource } from "./argocd-handoff";
import { handoffDependencies } from "./dependencies";
import type { GitOpsEngine } from "./engine";
import type { SyncOptions } from "./objects/argocd";
import { FluxHandoffSpec, buildGitRepository, buildStageKustomizations } from "./objects/flux";
import { createRepoCredentials, repoSecretName } from "./repo-credentials";

export interface FluxHandoffArgs {
  /** The installed engine (engine "flux"). */
  readonly engine: GitOpsEngine;
  readonly provider: k8s.Provider;
  readonly platform: Pick<PlatformLayers, "cloudResourceOwners" | "sopsAgeKey">;
  readonly repoUrl: string;
  readonly branch: string;
  readonly path: string;
  readonly stages: readonly string[];
  readonly sync: SyncOptions;
  readonly auth: GitAuthConfig;
  readonly givenSshPrivateKey?: pulumi.Output<string>;
  readonly httpsToken?: pulumi.Output<string>;
}

export function fluxHandoffSpec(args: FluxHandoffArgs): FluxHandoffSpec {
  return {
    namespace: args.engine.namespace,
    repoUrl: args.repoUrl,
    branch: args.branch,
    path: args.path,
    stages: args.stages,
    sync: args.sync,
    credentialsSecret: args.auth.type === "none" ? undefined : repoSecretName("flux"),
    sopsSecret: args.platform.sopsAgeKey.secretName,
  };
}

export class FluxHandoff extends pulumi.ComponentResource {
  public readonly gitRepository: k8s.apiextensions.CustomResource;
  /** The stage Kustomizations, in order. */
  public readonly kustomizations: readonly k8s.apiextensions.CustomResource[];
  public readonly kustomizationObjects: readonly IKustomization[];
  public readonly repoSecret?: k8s.core.v1.Secret;
  public readonly deployPublicKey?: pulumi.Output<string>;

  constructor(name: string, args: FluxHandoffArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:gitops:FluxHandoff"), name, {}, opts);
    if (args.engine.engine !== "flux") throw new Error(`FluxHandoff needs the flux engine, got ${args.engine.engine}`);
    if (args.platform.sopsAgeKey.namespace !== args.engine.namespace) {
      throw new Error(`the SOPS age key is in namespace ${args.platform.sopsAgeKey.namespace}, but Flux runs in ${args.engine.namespace}; the platform must put it beside the engine (sopsNamespace)`);
    }
    const spec = fluxHandoffSpec(args);
    const deps = handoffDependencies(args.engine.release, args.platform.cloudResourceOwners);
    const child = { parent: this, provider: args.provider };

    const creds = createRepoCredentials(
      name,
      // The hand-off args carry repoUrl, auth, givenSshPrivateKey and httpsToken under the same names.
      { ...args, engine: "flux", namespace: spec.namespace },
      { parent: this, provider: args.provider, dependsOn: deps },
    );
    this.repoSecret = creds.secret;
    this.deployPublicKey = creds.publicKey;

    this.gitRepository = validatedCustomResource(`${name}-source`, buildGitRepository(spec), {
      ...child,
      dependsOn: [...deps, ...(creds.secret ? [creds.secret] : [])],
    });

    this.kustomizationObjects = buildStageKustomizations(spec);
    const created: k8s.apiextensions.CustomResource[] = [];
    for (const object of this.kustomizationObjects) {
      const previous = created[created.length - 1];
      // Pulumi's own edge mirrors Flux's dependsOn, so destroy removes the last stage (the apps) first.
      created.push(
        validatedCustomResource(`${name}-${object.metadata?.name}`, object, {
          ...child,
          dependsOn: [...deps, this.gitRepository, args.platform.sopsAgeKey.resource, ...(previous ? [previous] : [])],
        }),
      );
    }
    this.kustomizations = created;

    this.registerOutputs({ gitRepository: this.gitRepository, deployPublicKey: this.deployPublicKey });
  }
}
