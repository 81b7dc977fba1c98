/**
 * The k3s-gitops CrossGuard pack. `pulumi preview --policy-pack policy` runs this file; everything else imports
 * ./policies instead, because constructing the PolicyPack starts its gRPC server.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies });
