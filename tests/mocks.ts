/**
 * The shared test harness: runs the real program under the recording monitor with a given stack config, and gives
 * tests easy access to what was registered.
 */
import { RunResult, runProgram } from "@k3s-gitops/components/testing";
import { RecordedResource, plainInputs } from "@k3s-gitops/components/testing";
import { program } from "../stacks/program";

export { plainInputs, redactedInputs, containsSecret, isSecretValue } from "@k3s-gitops/components/testing";
export type { RecordedResource } from "@k3s-gitops/components/testing";

export const NS = "k3s-gitops";

/** A minimal valid config for a stack, before profile defaults: what every stack file must set. */
export function baseConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access: { sshAllowedCidrs: ["203.0.113.10/32"], apiAllowedCidrs: ["203.0.113.10/32", "198.51.100.0/24"] },
    platform: { certManager: { email: "ops@example.com" } },
    gitops: { engine: "flux", repoUrl: "https://github.com/example-org/k3s-gitops.git" },
    ...overrides,
  };
}

export interface StackRunOptions {
  readonly stack?: string;
  readonly preview?: boolean;
  /** Secret values by short key (hcloudToken, ...). @default a mock Hetzner token */
  readonly secrets?: Record<string, string>;
}

/** Runs the program with `config` (short keys under k3s-gitops:) and returns what it registered. */
export async function runStack(config: Record<string, unknown>, opts: StackRunOptions = {}): Promise<StackRun> {
  const full: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) full[`${NS}:${k}`] = v;
  const secrets = opts.secrets ?? { hcloudToken: "mock-hcloud-token-0123456789" };
  for (const [k, v] of Object.entries(secrets)) full[`${NS}:${k}`] = v;
  const result = await runProgram(program, {
    stack: opts.stack ?? "dev",
    preview: opts.preview ?? false,
    config: full,
    secretKeys: Object.keys(secrets).map((k) => `${NS}:${k}`),
  });
  return new StackRun(result);
}

export class StackRun {
  constructor(public readonly result: RunResult) {}

  get resources(): readonly RecordedResource[] {
    return this.result.resources;
  }

  get error(): Error | undefined {
    return this.result.error;
  }

  /** Throws the program's error, for tests that expect success. */
  ok(): this {
    if (this.result.error) throw this.result.error;
    return this;
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  named(name: string): RecordedResource {
    const found = this.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}; have: ${this.resources.map((r) => r.name).join(", ")}`);
    return found;
  }

  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  inputs(r: RecordedResource): Record<string, any> {
    return plainInputs(r);
  }

  /**
   * Longest chain of dependencies ending at `r`. Only real edges count (dependsOn and input Outputs): a child does not
   * wait for what its parent component depends on.
   */
  depth(r: RecordedResource, memo = new Map<string, number>()): number {
    const cached = memo.get(r.urn);
    if (cached !== undefined) return cached;
    memo.set(r.urn, 0);
    let best = 0;
    for (const d of r.dependencies) {
      const dep = this.byUrn(d);
      if (dep) best = Math.max(best, 1 + this.depth(dep, memo));
    }
    memo.set(r.urn, best);
    return best;
  }

  /** True when `from` waits for `to`, directly or transitively, through real dependency edges. */
  dependsOn(from: RecordedResource, to: RecordedResource): boolean {
    const seen = new Set<string>();
    const stack = [from.urn];
    while (stack.length > 0) {
      const urn = stack.pop()!;
      if (urn === to.urn && urn !== from.urn) return true;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const r = this.byUrn(urn);
      if (!r) continue;
      stack.push(...r.dependencies);
    }
    return false;
  }
}
