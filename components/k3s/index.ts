export * from "./defaults";
export * from "./types";
export * from "./render-config";
export * from "./scripts";
export * from "./kubeconfig";
export * from "./validate-args";
export * from "./k3s-cluster";
