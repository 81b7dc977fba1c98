/**
 * The kernel: what every other part of the library stands on, and depends on nothing else in it. The layer model,
 * the catalog of pinned components, address arithmetic, sorted serialisation and the object validator.
 */
export * from "./layers";
export * from "./catalog";
export * from "./cidr";
export * from "./serialise";
export * from "./validate";
export { checkStrict, strictUnknownFields, resourceSchema, type StrictSchema } from "./strict-schema";
export * from "./crd-schemas";
export * from "./errors";
export * from "./cluster-network";
export * from "./cloud-labels";
export * from "./profiles";
export * from "./k3s-releases";
export * from "./bootstrap";
