/**
 * Two shortcuts through Pulumi's Node runtime (@pulumi/pulumi 3.270.0, google-protobuf 3.21.4) for a run under the
 * recording monitor: `runProgram(..., { fastRuntime: true })`, which the offline plan uses. They change how the mock
 * run gets its answers, not what is registered: the plan of every shipped stack is byte-identical with and without
 * them, and the tests compare a whole stack's registrations and outputs both ways.
 *
 * 1. Output properties made on first read. `transferProperties` (runtime/rpc.js) gives every property of a custom or
 *    remote resource an Output of four pending promises when the resource is constructed (a server has about thirty),
 *    to be resolved when the registration answers. Most are never read by the program. Here each is an accessor that
 *    builds that same Output on its first read: from the answer if it has come (resolved promises), otherwise pending
 *    until it comes. The resolvers, the duplicate-property error and the gRPC-error skip are those of rpc.js; writing
 *    the property replaces the accessor with the value.
 * 2. No protobuf Struct for the request's inputs. `registerResource` (runtime/resource.js) converts the serialized
 *    inputs with `Struct.fromJavaScript`, which the recording monitor converts back at once with `toJavaScript`. Here
 *    `fromJavaScript` returns a Struct that keeps a copy of the value, made by the same rules (every enumerable key,
 *    inherited ones too, `for ... in`; keys sorted, as jspb.Map iterates them; "Unexpected struct type." for what a
 *    Struct cannot hold), and gives a fresh copy from `toJavaScript`. Anything else read from it (`getFieldsMap`, as
 *    the getResource invoke does) gets the real Struct, built then.
 *
 * Both are installed for one run and removed after it (the returned function).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { transferProperties: TransferProperties };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const errors = require("@pulumi/pulumi/errors") as { isGrpcError(err: unknown): boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Output } = require("@pulumi/pulumi/output") as { Output: new (...args: unknown[]) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structs = require("google-protobuf/google/protobuf/struct_pb") as { Struct: StructClass };

type Resolver = (value: unknown, isKnown: boolean, isSecret: boolean, deps?: unknown[], err?: Error) => void;
type TransferProperties = (onto: object, label: string, props: Record<string, unknown>) => Record<string, Resolver>;

interface StructInstance {
  toJavaScript(): Record<string, unknown>;
  getFieldsMap(noLazyCreate?: boolean): unknown;
}
interface StructClass {
  new (): StructInstance;
  fromJavaScript(value: Record<string, unknown>): StructInstance;
}

/** A copy of a value as Struct.fromJavaScript + toJavaScript would give it back. */
export function structCopy(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(structCopy);
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object": {
      const keys: string[] = [];
      // eslint-disable-next-line guard-for-in -- Struct.fromJavaScript walks `for ... in`, inherited keys included
      for (const key in value) keys.push(key);
      const out: Record<string, unknown> = {};
      for (const key of keys.sort()) out[key] = structCopy((value as Record<string, unknown>)[key]);
      return out;
    }
    default:
      throw new Error("Unexpected struct type.");
  }
}

function lazyTransferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, Resolver> {
  const resolvers: Record<string, Resolver> = {};
  for (const k of Object.keys(props)) {
    if (k === "id" || k === "urn") continue;
    if (Object.prototype.hasOwnProperty.call(onto, k)) throw new Error(`Property '${k}' is already initialized on target '${label}`);
    let answer: { value: unknown; isKnown: boolean; isSecret: boolean; deps: unknown[]; err?: Error } | undefined;
    let settle: ((a: NonNullable<typeof answer>) => void) | undefined;
    let output: unknown;
    resolvers[k] = (value, isKnown, isSecret, deps = [], err) => {
      if (err && errors.isGrpcError(err)) return;
      const a = { value, isKnown, isSecret, deps, ...(err ? { err } : {}) };
      if (settle) settle(a);
      else answer = a;
    };
    const make = (pick: (a: NonNullable<typeof answer>) => unknown) =>
      answer ? (answer.err ? Promise.reject(answer.err) : Promise.resolve(pick(answer))) : undefined;
    Object.defineProperty(onto, k, {
      configurable: true,
      enumerable: true,
      get() {
        if (output === undefined) {
          if (answer) {
            output = new Output(onto, make((a) => a.value), make((a) => a.isKnown), make((a) => a.isSecret), make((a) => a.deps));
          } else {
            const pending: [(v: unknown) => void, (e: unknown) => void][] = [];
            const promise = () => new Promise((resolve, reject) => pending.push([resolve, reject]));
            output = new Output(onto, promise(), promise(), promise(), promise());
            settle = (a) => {
              const values = [a.value, a.isKnown, a.isSecret, a.deps];
              pending.forEach(([resolve, reject], i) => (a.err ? reject(a.err) : resolve(values[i])));
            };
          }
        }
        return output;
      },
      set(value: unknown) {
        Object.defineProperty(onto, k, { value, writable: true, configurable: true, enumerable: true });
      },
    });
  }
  return resolvers;
}

function copyingFromJavaScript(real: StructClass["fromJavaScript"]): StructClass["fromJavaScript"] {
  return (value) => {
    const copy = structCopy(value) as Record<string, unknown>;
    const struct = new structs.Struct();
    let full: StructInstance | undefined;
    struct.toJavaScript = () => structCopy(copy) as Record<string, unknown>;
    struct.getFieldsMap = (noLazyCreate?: boolean) => (full ??= real(copy)).getFieldsMap(noLazyCreate);
    return struct;
  };
}

/** Installs both shortcuts; the returned function removes them. */
export function installFastRuntime(): () => void {
  const savedTransfer = rpc.transferProperties;
  const savedFromJavaScript = structs.Struct.fromJavaScript;
  rpc.transferProperties = lazyTransferProperties;
  structs.Struct.fromJavaScript = copyingFromJavaScript(savedFromJavaScript);
  return () => {
    rpc.transferProperties = savedTransfer;
    structs.Struct.fromJavaScript = savedFromJavaScript;
  };
}
