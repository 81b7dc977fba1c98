export * from "./cluster-issuers";
export * from "./metallb-pool";
export * from "./upgrade-plans";
export * from "./cluster-secret-store";
export * from "./smb-storage-class";
export * from "./shared-gateway";
