export * from "./models";
export * from "./argocd";
export * from "./flux";
