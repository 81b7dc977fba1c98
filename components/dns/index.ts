export * from "./iam-policy";
export * from "./route53-dns";
export * from "./dns-credentials";
