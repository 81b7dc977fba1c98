/**
 * Runs the real program under the recording mock monitor: the engine of both the tests and the offline plan.
 */
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime's internal module, patched for the run
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
import { mocks } from "./mock-state";
import { RecordedResource, installRecordingMonitor } from "./recorder";
import { installFastRuntime } from "./fast-runtime";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export interface RunOptions {
  readonly project?: string;
  readonly stack: string;
  /** Run as a preview (`pulumi preview`): unknowns stay unknown, missing credentials use placeholders. @default true */
  readonly preview?: boolean;
  /** Full config keys (`k3s-gitops:servers`) to values; objects are JSON-encoded as the CLI does. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Full keys whose values are secrets (`secure:` in a stack file). */
  readonly secretKeys?: readonly string[];
  /**
   * Keep JavaScript stack traces while the program runs. The Pulumi runtime captures `new Error().stack` for every
   * promise it creates (leak diagnostics), which with tsx's source maps is most of the run time of a large stack;
   * the offline plan turns this off (Error.stackTraceLimit = 0 for the run; error messages are unchanged).
   * Off also stops `Resource` from capturing each registration's source position: `Resource.callsites()` (resource.ts
   * in @pulumi/pulumi 3.270.0) raises the limit to Infinity and parses a whole `new Error().stack` per resource, for
   * the engine's `sourcePosition` / `stackTrace` fields, which the recording monitor never reads.
   * Off also turns the runtime's promise-leak bookkeeping off: `debuggablePromise` (runtime/debuggable.js in
   * @pulumi/pulumi 3.270.0) tags every promise with three properties, adds it to a leak set and chains two more
   * promises to take it out, only to report promises still pending when a real engine's process exits. The harness
   * awaits every output and `waitForRPCs` itself, so the promise is passed through unchanged.
   * @default true
   */
  readonly captureStackTraces?: boolean;
  /**
   * Take two shortcuts through the runtime's bookkeeping that change nothing registered (fast-runtime.ts): output
   * properties built on first read, and no protobuf round trip for each request's inputs. The offline plan turns this
   * on. @default false
   */
  readonly fastRuntime?: boolean;
}

export interface OutputValue {
  readonly value: unknown;
  readonly secret: boolean;
  readonly known: boolean;
}

export interface RunResult {
  readonly resources: readonly RecordedResource[];
  readonly outputs: Readonly<Record<string, OutputValue>>;
  /** The error the program threw, synchronously or in an Output, if any. */
  readonly error?: Error;
}

export type Program = () => Record<string, unknown>;

async function settleOutput(value: unknown): Promise<OutputValue> {
  const out = pulumi.output(value);
  const secret = await pulumi.isSecret(out);
  // Output.promise(withUnknowns) is internal but stable: it resolves to the value or the unknown marker.
  const resolved = await (out as unknown as { promise(withUnknowns: boolean): Promise<unknown> }).promise(true);
  const known = await (out as unknown as { isKnown: Promise<boolean> }).isKnown;
  return { value: known ? resolved : undefined, secret, known };
}

/** Runs `program` against a fresh recording monitor and returns every registration and the stack outputs. */
export async function runProgram(program: Program, options: RunOptions): Promise<RunResult> {
  const monitor = installRecordingMonitor(mocks(), options.project ?? "k3s-gitops", options.stack, options.preview ?? true);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config)) config[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);

  let error: Error | undefined;
  const outputs: Record<string, OutputValue> = {};
  const rejections: unknown[] = [];
  const savedLimit = Error.stackTraceLimit;
  const resourceClass = pulumi.Resource as unknown as { callsites(): unknown[] };
  const savedCallsites = resourceClass.callsites;
  const savedDebuggable = debuggable.debuggablePromise;
  if (options.captureStackTraces === false) {
    Error.stackTraceLimit = 0;
    resourceClass.callsites = () => []; // no source position: registerResource gets sourcePosition undefined
    debuggable.debuggablePromise = (p) => p; // no leak bookkeeping (see captureStackTraces)
  }
  const uninstallFast = options.fastRuntime === true ? installFastRuntime() : undefined;
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const exported = program();
    const names = Object.keys(exported).sort();
    const settled = await Promise.allSettled(names.map((n) => settleOutput(exported[n])));
    settled.forEach((s, i) => {
      if (s.status === "fulfilled") outputs[names[i]!] = s.value;
      else error ??= s.reason instanceof Error ? s.reason : new Error(String(s.reason));
    });
    await settings.waitForRPCs();
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  } finally {
    await new Promise((r) => setImmediate(r));
    process.off("unhandledRejection", onRejection);
    Error.stackTraceLimit = savedLimit;
    resourceClass.callsites = savedCallsites;
    debuggable.debuggablePromise = savedDebuggable;
    uninstallFast?.();
  }
  if (!error && rejections.length > 0) {
    const first = rejections[0];
    error = first instanceof Error ? first : new Error(String(first));
  }
  return { resources: [...monitor.recorded], outputs, error };
}
