/**
 * FluxHandoff (layer 5): repository credentials, the GitRepository and one Kustomization per stage, chained with
 * dependsOn, waiting for health, decrypting SOPS with the platform's age key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization" with { "resolution-mode": "import" };
import { Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import type { PlatformLayers } from "../platform/types";
import { validatedCustomResource } from "./argocd-handoff";
import { handoffDependencies } from "./dependencies";
import { createDestroyGuard } from "./destroy-guard";
import type { InstalledEngine } from "./engine";
import { HandoffArgs, checkHandoffArgs, resolveHandoffArgs } from "./handoff-args";
import { FluxHandoffSpec, buildGitRepository, buildStageKustomizations } from "./objects/flux";
import { createRepoCredentials, repoSecretName } from "./repo-credentials";

export interface FluxHandoffArgs extends HandoffArgs {
  /** The installed engine (GitOpsEngine with engine "flux"). */
  readonly engine: InstalledEngine;
  /**
   * `cloudResourceOwners` (destroy-order edges) and `sopsAgeKey`, the Secret every Kustomization decrypts with; it
   * must be in the engine's namespace.
   */
  readonly platform: Pick<PlatformLayers, "cloudResourceOwners" | "sopsAgeKey"> & Partial<Pick<PlatformLayers, "ingress">>;
}

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateFluxHandoffArgs(args: FluxHandoffArgs): void {
  const problems = new Problems();
  problems.check(args.engine?.engine === "flux", "engine.engine", args.engine?.engine, "must be flux (a GitOpsEngine installed with engine flux)");
  problems.check(Array.isArray(args.platform?.cloudResourceOwners), "platform.cloudResourceOwners", args.platform?.cloudResourceOwners, "must be a list of resources");
  const age = args.platform?.sopsAgeKey;
  if (problems.check(age !== undefined && age !== null, "platform.sopsAgeKey", age, "must be the platform's SOPS age key")) {
    problems.check(
      age.namespace === args.engine?.namespace,
      "platform.sopsAgeKey.namespace",
      age.namespace,
      `must be the engine's namespace (${args.engine?.namespace}): Flux reads the age key beside itself (Platform's sopsNamespace)`,
    );
    problems.check(typeof age.secretName === "string" && age.secretName !== "", "platform.sopsAgeKey.secretName", age.secretName, "must be the age key Secret's name");
  }
  checkHandoffArgs(problems, args);
  problems.throwIfAny("FluxHandoff");
}

/** The pure spec of the hand-off, from the args. */
export function fluxHandoffSpec(args: FluxHandoffArgs): FluxHandoffSpec {
  const resolved = resolveHandoffArgs(args);
  return {
    namespace: args.engine.namespace,
    repoUrl: args.repoUrl,
    branch: resolved.branch,
    path: args.path,
    stages: resolved.stages,
    sync: resolved.sync,
    credentialsSecret: resolved.auth.type === "none" ? undefined : repoSecretName("flux"),
    sopsSecret: args.platform.sopsAgeKey.secretName,
  };
}

export class FluxHandoff extends pulumi.ComponentResource {
  public readonly gitRepository: k8s.apiextensions.CustomResource;
  /** The stage Kustomizations, in order. */
  public readonly kustomizations: readonly k8s.apiextensions.CustomResource[];
  public readonly kustomizationObjects: readonly IKustomization[];
  public readonly repoSecret?: k8s.core.v1.Secret;
  /** Releases volumes and load balancers on destroy (only with args.kubeconfig). */
  public readonly destroyGuard?: pulumi.Resource;
  public readonly deployPublicKey?: pulumi.Output<string>;

  constructor(name: string, args: FluxHandoffArgs, opts?: pulumi.ComponentResourceOptions) {
    validateFluxHandoffArgs(args);
    super(componentToken("k3s-gitops:gitops:FluxHandoff"), name, {}, opts);
    const spec = fluxHandoffSpec(args);
    const guarded = args.kubeconfig !== undefined;
    const deps = handoffDependencies(args.engine.ready ?? args.engine.release, args.platform.cloudResourceOwners, guarded);
    const child = { parent: this, provider: args.provider };

    const creds = createRepoCredentials(
      name,
      { engine: "flux", repoUrl: args.repoUrl, auth: args.auth, namespace: spec.namespace },
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

    if (guarded) {
      // Flux deletes the chain from the last stage back; the first stage's Kustomization goes last.
      this.destroyGuard = createDestroyGuard(`${name}-destroy-drain`, {
        engine: "flux",
        namespace: spec.namespace,
        handoffObject: `kustomizations.kustomize.toolkit.fluxcd.io/${this.kustomizationObjects[0]!.metadata!.name}`,
        keepLoadBalancersIn: args.platform.ingress ? [args.platform.ingress.namespace] : [],
      }, args.kubeconfig!, { parent: this, after: [args.engine.release, ...args.platform.cloudResourceOwners] });
    }

    this.registerOutputs({ gitRepository: this.gitRepository, deployPublicKey: this.deployPublicKey });
  }
}
