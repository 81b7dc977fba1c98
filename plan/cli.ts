/**
 * `npm run plan -- --stack <name> [--json <file>] [--mermaid <file>] [--config-file <yaml>]
 *                 [--diff-against <plan.json | git ref> [--diff-markdown <file>]]`
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
import { ConvergenceReport, checkConvergence, convergenceFails, kubectlKustomize } from "./convergence";
import { cachedKustomize } from "./convergence/kustomize-cache";
import { loadBasePlan } from "./base-plan";
import { diffPlans, renderDiff } from "./diff";

export const PROJECT = "k3s-gitops";

export interface PlanOptions {
  readonly stack: string;
  /** Project directory holding Pulumi.<stack>.yaml. @default process.cwd() */
  readonly dir?: string;
  readonly configFile?: string;
  /** Replaces the stack file entirely (bench, tests). */
  readonly stackFile?: StackFile;
  /** Run the convergence check (issue 12). @default true */
  readonly convergence?: boolean;
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
    captureStackTraces: process.env.PLAN_STACK_TRACES === "1",
    // The runtime shortcuts of components/testing/fast-runtime.ts (the same plan, faster); PLAN_FAST_RUNTIME=0 turns them off.
    fastRuntime: process.env.PLAN_FAST_RUNTIME !== "0" });
  const policy = run.error
    ? { violations: [], notYetKnown: [], notApplicable: [] }
    : await runPolicies(run.resources, policies, { config: policyConfigFor(stackFile, opts.stack), project: PROJECT });
  const warnings = takeWarnings();
  const bare = buildReport(run, policy.violations, PROJECT, opts.stack, warnings);
  const convergence: ConvergenceReport | undefined =
    run.error || opts.convergence === false
      ? undefined
      : checkConvergence({ resources: bare.resources, outputs: bare.outputs, repoRoot: ROOT, kustomize: cachedKustomize(kubectlKustomize, { repoRoot: ROOT }) });
  return { run, policy, warnings, report: convergence ? { ...bare, convergence } : bare };
}

const ROOT = join(__dirname, "..");

const USAGE =
  "usage: npm run plan -- --stack <name> [--json <file>] [--mermaid <file>] [--config-file <yaml>] [--diff-against <plan.json | git ref> [--diff-markdown <file>]]";

export interface CliArgs {
  readonly stack: string;
  readonly json?: string;
  readonly mermaid?: string;
  readonly configFile?: string;
  /** A saved `--json` plan or a git ref: print the plan diff from it to this plan (plan/diff.ts). */
  readonly diffAgainst?: string;
  /** Also write the diff as markdown (the PR job summary). */
  readonly diffMarkdown?: string;
}

/** The CLI's flags, on node:util parseArgs (strict: an unknown flag or a stray argument is an error). */
export function parseArgs(argv: readonly string[]): CliArgs {
  let values: { stack?: string; json?: string; mermaid?: string; "config-file"?: string; "diff-against"?: string; "diff-markdown"?: string };
  try {
    ({ values } = parseCliArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "string" },
        mermaid: { type: "string" },
        "config-file": { type: "string" },
        "diff-against": { type: "string" },
        "diff-markdown": { type: "string" },
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
  if (values["diff-markdown"] !== undefined && values["diff-against"] === undefined) throw new Error(`--diff-markdown needs --diff-against; ${USAGE}`);
  const out: { -readonly [K in keyof CliArgs]: CliArgs[K] } = { stack: values.stack };
  if (values.json !== undefined) out.json = values.json;
  if (values.mermaid !== undefined) out.mermaid = values.mermaid;
  if (values["config-file"] !== undefined) out.configFile = values["config-file"];
  if (values["diff-against"] !== undefined) out.diffAgainst = values["diff-against"];
  if (values["diff-markdown"] !== undefined) out.diffMarkdown = values["diff-markdown"];
  return out;
}

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (line: string) => void;
}

const STDIO: CliIo = { out: (t) => process.stdout.write(t), err: (l) => console.error(l) };

/** The CLI without the process: its exit code, its output through `io` (the tests call it in-process). */
export async function runCli(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  const result = await planStack({ stack: args.stack, configFile: args.configFile });
  if (args.json) writeFileSync(args.json, serializeReport(result.report));
  if (args.mermaid) writeFileSync(args.mermaid, renderMermaid(result.run.resources));
  if (result.run.error) {
    const e = result.run.error;
    io.err(e.name === "ConfigError" || e.name === "RunError" || e.name === "MissingCredentialError" ? e.message : (e.stack ?? e.message));
    io.err(`\nplan failed for stack "${args.stack}": the program threw (${result.run.resources.length} resources were registered).`);
    return 2;
  }
  for (const line of result.warnings) io.out(`${line}\n`);
  io.out(renderSummary(args.stack, result.run.resources, result.policy, result.report.estimate, result.report.convergence));
  const convergenceFailed = result.report.convergence ? convergenceFails(result.report.convergence) : false;
  if (args.diffAgainst) {
    let base: ReturnType<typeof loadBasePlan>;
    try {
      base = loadBasePlan(args.diffAgainst, { stack: args.stack, configFile: args.configFile, log: io.err });
    } catch (err) {
      io.err(`plan diff: ${(err as Error).message}`);
      return 2;
    }
    const diff = diffPlans(base, result.report);
    const notes = base.note ? [base.note] : [];
    const withBase = { ...diff, notes: [`Base: ${base.label}.`, ...notes, ...diff.notes] };
    io.out(`\n${renderDiff(withBase)}`);
    if (args.diffMarkdown) writeFileSync(args.diffMarkdown, renderDiff(withBase, { markdown: true }));
  }
  return result.policy.violations.some((v) => v.enforcement === "mandatory") || convergenceFailed ? 1 : 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(2);
    },
  );
}
