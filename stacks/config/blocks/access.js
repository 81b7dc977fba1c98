"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.access = void 0;
/** `k3s-gitops:access`: who may reach SSH and the Kubernetes API. Never the whole internet. */
const zod_1 = require("zod");
const cidr_1 = require("../../../components/kernel/cidr");
const common_1 = require("./common");
const restrictedCidr = common_1.cidr.refine((v) => !(0, cidr_1.isWorldCidr)(v), "opens an admin port to the whole internet, which the no-public-admin-ports policy forbids; list your own addresses, such as 203.0.113.7/32");
exports.access = zod_1.z.strictObject({
    sshAllowedCidrs: zod_1.z.array(restrictedCidr).min(1, "must list at least one CIDR that may reach SSH (port 22)"),
    apiAllowedCidrs: zod_1.z.array(restrictedCidr).min(1, "must list at least one CIDR that may reach the Kubernetes API (port 6443)"),
    /** An OpenSSH public key. When absent, an ed25519 key pair is generated and its private key is a secret output. */
    sshPublicKey: zod_1.z
        .string()
        .regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/, "must be an OpenSSH public key (ssh-ed25519 AAAA...)")
        .optional(),
});
