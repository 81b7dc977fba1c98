export * from "./engine";
export * from "./handoff-args";
export * from "./argocd-handoff";
export * from "./flux-handoff";
export * from "./repo-credentials";
export * from "./dependencies";
export * from "./objects";
export * from "./values";
