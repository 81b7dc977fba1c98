export * from "./defaults";
export * from "./iam-policy";
export * from "./route53-dns";
export * from "./dns-credentials";
export * from "./ingress-address";
export * from "./dns01-issuers";
