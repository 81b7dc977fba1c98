"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.count = exports.taint = exports.labels = exports.dnsLabel = exports.cidr = void 0;
/** Small zod building blocks shared by the config blocks. Messages say what is accepted. */
const zod_1 = require("zod");
const cidr_1 = require("../../../components/kernel/cidr");
exports.cidr = zod_1.z.string().refine(cidr_1.isCidr, "must be a CIDR such as 203.0.113.7/32 or 2001:db8::/64");
/** An RFC 1123 DNS label, as used for pool and node names. */
exports.dnsLabel = zod_1.z
    .string()
    .regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be a lowercase DNS label: a-z, 0-9 and '-', 1 to 32 characters");
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
exports.labels = zod_1.z.record(zod_1.z.string().regex(LABEL_KEY, "must be a Kubernetes label key such as example.com/tier"), zod_1.z.string().regex(LABEL_VALUE, "must be a Kubernetes label value: up to 63 of A-Z a-z 0-9 - _ ."));
/** A taint in k3s's `key=value:Effect` form (value optional). */
exports.taint = zod_1.z
    .string()
    .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9][-A-Za-z0-9_.]*(=[A-Za-z0-9][-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/, "must be key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute");
exports.count = zod_1.z
    .number("must be a whole number")
    .int("must be a whole number")
    .min(0, "must be 0 or more");
