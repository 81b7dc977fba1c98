export * from "./types";
export * from "./node-plan";
export * from "./firewall-rules";
export * from "./cloud-init";
export * from "./hetzner-nodes";
