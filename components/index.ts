/**
 * @k3s-gitops/components: the public API. Layer by layer, each folder builds on the ones before it:
 * kernel <- nodes <- k3s <- platform <- dns, gitops (and state, which stands beside them).
 *
 * The offline test harness is a separate entry point, `@k3s-gitops/components/testing`, and the kernel alone (no
 * provider SDKs loaded) is `@k3s-gitops/components/kernel`.
 */
export * from "./kernel";
export * from "./nodes";
export * from "./k3s";
export * from "./platform";
export * from "./dns";
export * from "./gitops";
export * from "./state";

