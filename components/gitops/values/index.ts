export * from "./argocd";
export * from "./flux";
export * from "./argocd-sso";
