/**
 * `npm run plan -- --stack <name> [--json <file>] [--mermaid <file>] [--config-file <yaml>]`
 *
 * Runs the real program offline under the recording mock monitor, applies the policy pack, prints a summary, and
 * exits non-zero when a mandatory policy is violated (1) or the program throws (2). No cloud, no Pulumi CLI.
 */
import { existsSync, writeFileSync } from "fs";
import { join } from "path";
import { parseArgs as parseCliArgs } from "util";
import type { PolicyPackConfig } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { resolveProfile } from "../stacks/config/load";
import { program } from "../stacks/program";
import { takeWarnings } from "../stacks/config/warnings";
import { RunResult, runProgram } from "@k3s-gitops/components/testing";
import { renderMermaid } from "./mermaid";
import { PolicyRunResult, runPolicies } from "./policy-runner";
import { PlanReport, buildReport, serializeReport } from "./report";
import { StackFile, loadStackFile, mergeStackFiles } from "./stack-file";
import { renderSummary } from "./summary";

export const PROJECT = "k3s-gitops";

export interface PlanOptions {
  readonly stack: string;
  /** Project directory holding Pulumi.<stack>.yaml. @default process.cwd() */
  readonly dir?: string;
  readonly configFile?: string;
  /** Replaces the stack file entirely (bench, tests). */
  readonly stackFile?: StackFile;
}

export interface PlanResult {
  readonly run: RunResult;
  readonly policy: PolicyRunResult;
  readonly report: PlanReport;
  /** The config's warnings, `warning: k3s-gitops:<key path>: <why>` lines. */
  readonly warnings: readonly string[];
}

/** The policy config the CLI would be given for this stack: the resolved profile for the profile-aware policies. */
export function policyConfigFor(stackFile: StackFile, stack: string): PolicyPackConfig {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stackFile.config)) {
    if (!k.startsWith(`${PROJECT}:`)) continue;
    let value = v;
    if (typeof v === "string") {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    raw[k.slice(PROJECT.length + 1)] = value;
  }
  const profile = resolveProfile(raw, stack);
  if (typeof profile !== "string") return {};
  return { "ha-control-plane": { profile }, "ha-control-plane-dev": { profile }, "pinned-versions": { profile } };
}

export async function planStack(opts: PlanOptions): Promise<PlanResult> {
  const dir = opts.dir ?? process.cwd();
  let stackFile = opts.stackFile;
  if (!stackFile) {
    const path = join(dir, `Pulumi.${opts.stack}.yaml`);
    if (!existsSync(path)) throw new Error(`no stack file ${path}; stacks are Pulumi.<stack>.yaml in the project directory`);
    stackFile = loadStackFile(path, PROJECT);
  }
  if (opts.configFile) stackFile = mergeStackFiles(stackFile, loadStackFile(opts.configFile, PROJECT));
  takeWarnings();
  const run = await runProgram(program, { project: PROJECT, stack: opts.stack, preview: true, config: stackFile.config, secretKeys: stackFile.secretKeys,
    // Stack traces cost most of a large plan's time (see harness.ts); PLAN_STACK_TRACES=1 keeps them for debugging.
    captureStackTraces: process.env.PLAN_STACK_TRACES === "1" });
  const policy = run.error
    ? { violations: [], notYetKnown: [], notApplicable: [] }
    : await runPolicies(run.resources, policies, { config: policyConfigFor(stackFile, opts.stack), project: PROJECT });
  const warnings = takeWarnings();
  return { run, policy, warnings, report: buildReport(run, policy.violations, PROJECT, opts.stack, warnings) };
}

const USAGE = "usage: npm run plan -- --stack <name> [--json <file>] [--mermaid <file>] [--config-file <yaml>]";

export interface CliArgs {
  readonly stack: string;
  readonly json?: string;
  readonly mermaid?: string;
  readonly configFile?: string;
}

/** The CLI's flags, on node:util parseArgs (strict: an unknown flag or a stray argument is an error). */
export function parseArgs(argv: readonly string[]): CliArgs {
  let values: { stack?: string; json?: string; mermaid?: string; "config-file"?: string };
  try {
    ({ values } = parseCliArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "string" },
        mermaid: { type: "string" },
        "config-file": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new Error(`unknown argument ${flag ?? e.message}; ${USAGE}`);
    }
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = /--[a-z-]+/.exec(e.message)?.[0] ?? flag ?? "an option";
      throw new Error(`${name} needs a value; ${USAGE}`);
    }
    throw err;
  }
  if (!values.stack) throw new Error(`--stack <name> is required; ${USAGE}`);
  const out: { stack: string; json?: string; mermaid?: string; configFile?: string } = { stack: values.stack };
  if (values.json !== undefined) out.json = values.json;
  if (values.mermaid !== undefined) out.mermaid = values.mermaid;
  if (values["config-file"] !== undefined) out.configFile = values["config-file"];
  return out;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const result = await planStack({ stack: args.stack, configFile: args.configFile });
  if (args.json) writeFileSync(args.json, serializeReport(result.report));
  if (args.mermaid) writeFileSync(args.mermaid, renderMermaid(result.run.resources));
  if (result.run.error) {
    const e = result.run.error;
    console.error(e.name === "ConfigError" || e.name === "RunError" || e.name === "MissingCredentialError" ? e.message : (e.stack ?? e.message));
    console.error(`\nplan failed for stack "${args.stack}": the program threw (${result.run.resources.length} resources were registered).`);
    return 2;
  }
  for (const line of result.warnings) console.log(line);
  process.stdout.write(renderSummary(args.stack, result.run.resources, result.policy));
  return result.policy.violations.some((v) => v.enforcement === "mandatory") ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
