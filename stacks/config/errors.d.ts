/** Collects config problems and reports them all at once, each naming the key path, the bad value and what is accepted. */
import * as pulumi from "@pulumi/pulumi";
export declare const NAMESPACE = "k3s-gitops";
export interface ConfigProblem {
    /** Path inside the namespace, e.g. ["servers", "count"]. */
    readonly path: readonly (string | number)[];
    /** What is wrong and what would be accepted. */
    readonly message: string;
    /** The offending value; omitted when the key is missing. */
    readonly value?: unknown;
    readonly missing?: boolean;
}
export declare function keyPath(path: readonly (string | number)[]): string;
export declare function formatProblem(p: ConfigProblem): string;
/**
 * Thrown before any resource is registered. A RunError, so `pulumi up` prints the message without a stack trace.
 */
export declare class ConfigError extends pulumi.RunError {
    readonly problems: readonly ConfigProblem[];
    constructor(problems: readonly ConfigProblem[]);
}
/** Reads the value at `path` from a plain object, or undefined. */
export declare function valueAt(root: unknown, path: readonly PropertyKey[]): unknown;
