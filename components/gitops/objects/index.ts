export * from "./argocd";
export * from "./flux";
