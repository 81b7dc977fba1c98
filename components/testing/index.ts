/**
 * Offline testing for programs built on this library: Pulumi's mock runtime with a recording monitor that keeps every
 * registration's inputs, parent, provider and dependencies, and realistic mock state for the provider types the
 * library registers. Published as `@k3s-gitops/components/testing`; not part of the root barrel.
 */
export * from "./recorder";
export * from "./mock-state";
export * from "./harness";
export * from "./tools";
export * from "./ssh-sessions";
