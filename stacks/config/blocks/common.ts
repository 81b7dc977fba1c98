/** Small zod building blocks shared by the config blocks. Messages say what is accepted. */
import { z } from "zod";
import { isCidr } from "@k3s-gitops/components/kernel";

export const cidr = z.string().refine(isCidr, "must be a CIDR such as 203.0.113.7/32 or 2001:db8::/64");

/** An RFC 1123 DNS label, as used for pool and node names. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be a lowercase DNS label: a-z, 0-9 and '-', 1 to 32 characters");

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const labels = z.record(
  z.string().regex(LABEL_KEY, "must be a Kubernetes label key such as example.com/tier"),
  z.string().regex(LABEL_VALUE, "must be a Kubernetes label value: up to 63 of A-Z a-z 0-9 - _ ."),
);

/** A taint in k3s's `key=value:Effect` form (value optional). */
export const taint = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9][-A-Za-z0-9_.]*(=[A-Za-z0-9][-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/,
    "must be key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute",
  );

export const count = z
  .number("must be a whole number")
  .int("must be a whole number")
  .min(0, "must be 0 or more");
