/**
 * A recording resource monitor for Pulumi's mock runtime.
 *
 * `pulumi.runtime.setMocks` only hands a mock the type, name and inputs of a resource. The plan and the tests need the
 * whole register request: parent, provider, explicit and property dependencies, options such as `ignoreChanges`, and
 * the inputs with their secret and unknown markers intact. This wraps Pulumi's own MockMonitor and keeps a copy of
 * every request before delegating to it.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperty, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";

// Markers of Pulumi's wire format (see @pulumi/pulumi/runtime/rpc).
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string | null;
  /** Provider reference, `<provider urn>::<id>`, or null for the default provider. */
  readonly provider: string | null;
  /** Explicit dependsOn plus every resource behind an input Output, as the engine would see them. */
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Inputs in wire form: secrets stay wrapped in their signature object, unknowns stay the unknown sentinel. */
  readonly rawInputs: Record<string, unknown>;
  readonly options: {
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly deletedWith: string | null;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
  };
}

/** Returns the state a mocked resource reports back, as `pulumi.runtime.Mocks` does. */
export type MockState = pulumi.runtime.Mocks;

export class RecordingMonitor extends MockMonitor {
  public readonly recorded: RecordedResource[] = [];

  constructor(mocks: pulumi.runtime.Mocks) {
    super(mocks);
  }

  // The request objects are protobuf messages; their typings live in generated code we do not import.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public override async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    // newUrn is private in the typings but is the URN the base class will return for this request.
    const urn = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(parent, type, name);
    const propertyDependencies: Record<string, string[]> = {};
    const propDeps = req.getPropertydependenciesMap();
    for (const [key, value] of propDeps.entries()) {
      propertyDependencies[key] = [...value.getUrnsList()].sort();
    }
    const deps = new Set<string>(req.getDependenciesList());
    for (const list of Object.values(propertyDependencies)) for (const d of list) deps.add(d);
    const rawInputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    this.recorded.push({
      urn,
      type,
      name,
      custom: req.getCustom(),
      parent: parent || null,
      provider: req.getProvider() || null,
      dependencies: [...deps].sort(),
      propertyDependencies,
      rawInputs,
      options: {
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deletedWith: req.getDeletedwith() || null,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete?.() === true,
      },
    });
    await this.answer(req, urn, rawInputs, callback);
  }

  /**
   * MockMonitor.registerResource (runtime/mocks.js in @pulumi/pulumi 3.270.0) without its protobuf round trips: it
   * converts the request's inputs from protobuf again (already converted above) and the state it answers with to a
   * protobuf Struct, which the runtime at once converts back. The same steps on the plain values: inputs deserialized
   * as `deserializeProperties` does (undefined values dropped), the mocks' newResource, the state serialized and
   * stored for reads and invokes, and a response of the shape the runtime reads (runtime/resource.js uses getUrn,
   * getId, getObject().toJavaScript(), getPropertydependenciesMap, getResult and getUnknown; it builds one of this
   * shape itself when an RPC fails). Result 0 is SUCCESS.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async answer(req: any, urn: string, rawInputs: Record<string, unknown>, callback: (err: any, resp: any) => void): Promise<void> {
    try {
      const self = this as unknown as { transformCallbacks: Map<string, unknown> };
      const transforms = req
        .getTransformsList()
        .map((cb: { getToken(): string }) => self.transformCallbacks.get(cb.getToken()))
        .filter((t: unknown) => t !== undefined);
      const inputs: Record<string, unknown> = {};
      for (const k of Object.keys(rawInputs)) if (rawInputs[k] !== undefined) inputs[k] = deserializeProperty(rawInputs[k]);
      const result = await this.mocks.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs,
        provider: req.getProvider(),
        custom: req.getCustom(),
        id: req.getImportid(),
        transforms,
      } as pulumi.runtime.MockResourceArgs);
      const state = await serializeProperties("", result.state);
      this.resources.set(urn, { urn, id: result.id ?? null, state });
      const id = result.id || "";
      callback(null, {
        getUrn: () => urn,
        getId: () => id,
        getObject: () => ({ toJavaScript: () => state }),
        getPropertydependenciesMap: () => undefined,
        getResult: () => 0,
        getUnknown: () => false,
      });
    } catch (err) {
      callback(err, undefined);
    }
  }
}

/**
 * Installs a RecordingMonitor as the runtime's monitor, exactly as `pulumi.runtime.setMocks` installs a MockMonitor,
 * and returns it.
 */
export function installRecordingMonitor(
  mocks: pulumi.runtime.Mocks,
  project: string,
  stack: string,
  preview: boolean,
): RecordingMonitor {
  const monitor = new RecordingMonitor(mocks);
  setMockOptions(monitor, project, stack, preview);
  // Mirror setMocks: every monitor feature but output values.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const store = require("@pulumi/pulumi/runtime/state").getStore();
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsReplaceWith = true;
  store.supportsAliasSpecs = true;
  store.supportsTransforms = true;
  store.supportsInvokeTransforms = true;
  store.supportsParameterization = true;
  store.supportsResourceHooks = true;
  store.supportsErrorHooks = true;
  store.supportsInvokeDependsOn = false;
  return monitor;
}

function isSig(value: unknown, sig: string): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === sig;
}

/** True when the wire value is, or contains, a secret. */
export function containsSecret(value: unknown): boolean {
  if (isSig(value, SECRET_SIG)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

/** Paths (in wire form) where `needle` occurs outside any secret wrapper. */
export function plainOccurrences(value: unknown, needle: string, path = "", inSecret = false): string[] {
  if (typeof value === "string") return !inSecret && value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, needle, `${path}[${i}]`, inSecret));
  if (typeof value === "object" && value !== null) {
    const secret = inSecret || isSig(value, SECRET_SIG);
    return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needle, `${path}.${k}`, secret));
  }
  return [];
}

/** True when the wire value is a secret at its top level. */
export function isSecretValue(value: unknown): boolean {
  return isSig(value, SECRET_SIG);
}

/**
 * Converts a wire value to plain JSON. Secrets become `secret(value)`, unknowns `unknown`, resource references their
 * URN. Keys are emitted in sorted order so the result is deterministic.
 */
export function convertWire(
  value: unknown,
  secret: (inner: unknown) => unknown,
  unknown: unknown,
): unknown {
  if (value === UNKNOWN) return unknown;
  if (isSig(value, SECRET_SIG)) return secret(convertWire(value.value, secret, unknown));
  if (isSig(value, RESOURCE_SIG)) return value.urn;
  if (isSig(value, OUTPUT_SIG)) {
    if (!("value" in value)) return unknown;
    const inner = convertWire(value.value, secret, unknown);
    return value.secret ? secret(inner) : inner;
  }
  if (isSig(value, ASSET_SIG) || isSig(value, ARCHIVE_SIG)) {
    return { asset: value.path ?? value.uri ?? (typeof value.text === "string" ? "<text>" : "<archive>") };
  }
  if (Array.isArray(value)) return value.map((v) => convertWire(v, secret, unknown));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = convertWire((value as Record<string, unknown>)[key], secret, unknown);
    }
    return out;
  }
  return value;
}

/** Plain inputs with secrets unwrapped: for tests that assert on values. */
export function plainInputs(r: RecordedResource): Record<string, any> {
  return convertWire(r.rawInputs, (v) => v, undefined) as Record<string, any>;
}

/** Inputs with every secret replaced by "[secret]" and every unknown by "[unknown]": for anything shown to people. */
export function redactedInputs(r: RecordedResource): Record<string, unknown> {
  return convertWire(r.rawInputs, () => "[secret]", "[unknown]") as Record<string, unknown>;
}
