/**
 * validateK3sClusterArgs: every problem in K3sCluster's args, collected and thrown at once as one
 * InputPropertiesError naming the property path (`nodes.agents[1].role`, `extraArgs[0]`), the value and what is
 * accepted. Pure; K3sCluster calls it before it registers anything.
 */
import * as ipaddr from "ipaddr.js";
import type { ClusterNodes, NodeRole } from "../nodes/types";
import { Cni, DEFAULT_CNI } from "../kernel/cluster-network";
import { InputPropertiesError, Problems } from "../kernel/errors";
import { isCidr, spansOverlap } from "../kernel/cidr";
import { k3sRelease, supportedK3sVersions } from "../kernel/k3s-releases";
import { K3S_DISABLE, K3S_FLAG_PATTERN, K3S_RELEASE_PATTERN, flagName, isReservedK3sFlag } from "./defaults";
import type { K3sClusterArgs } from "./k3s-cluster-args";
import { MULTI_VALUED_FLAGS, extraArgsFor } from "./render-config";

/** The component's name in its messages. */
const COMPONENT = "K3sCluster";

/** The CNIs K3sCluster can configure k3s for (every member of `Cni`, checked by the compiler). */
const CNI_CHOICES: Readonly<Record<Cni, true>> = { flannel: true, cilium: true };

/** A Kubernetes node name: a DNS subdomain (RFC 1123), at most 253 characters. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function checkDisable(problems: Problems, path: string, disable: readonly string[] | undefined): void {
  (disable ?? []).forEach((entry, i) =>
    problems.check((K3S_DISABLE as readonly string[]).includes(entry), `${path}[${i}]`, entry, `must be one of ${K3S_DISABLE.join(", ")}`),
  );
}

/** Each flag's shape, reserved flags, flannel flags under cilium. */
function checkFlags(problems: Problems, path: string, args: readonly string[] | undefined, cni: Cni): void {
  (args ?? []).forEach((arg, i) => {
    const at = `${path}[${i}]`;
    if (!problems.check(typeof arg === "string" && K3S_FLAG_PATTERN.test(arg), at, arg, "must be a k3s flag such as --kube-apiserver-arg=audit-log-maxage=30")) return;
    if (isReservedK3sFlag(arg)) {
      problems.add(at, arg, `sets --${flagName(arg)}, which K3sCluster manages itself; use its own argument (version, cni, disable, nodes) instead`);
    } else if (cni === "cilium" && arg.startsWith("--flannel")) {
      problems.add(at, arg, "is a flannel setting, but cni is cilium (flannel-backend none); remove it, or use cni flannel");
    } else if (MULTI_VALUED_FLAGS.includes(flagName(arg)) && !arg.includes("=")) {
      problems.add(at, arg, `needs a value (--${flagName(arg)}=...)`);
    }
  });
}

/**
 * A flag that may not repeat, given twice in the list one node's config is built from. `seed` entries were already
 * checked against each other: they only count as the first occurrence.
 */
function checkRepeats(
  problems: Problems,
  seed: readonly { readonly path: string; readonly arg: string }[],
  entries: readonly { readonly path: string; readonly arg: string }[],
): void {
  const first = new Map<string, string>();
  // Reserved flags are refused already (checkFlags): not reported again as repeats.
  const singleValued = (arg: string) =>
    typeof arg === "string" && K3S_FLAG_PATTERN.test(arg) && !isReservedK3sFlag(arg) && !MULTI_VALUED_FLAGS.includes(flagName(arg));
  for (const { path, arg } of seed) if (singleValued(arg) && !first.has(flagName(arg))) first.set(flagName(arg), path);
  for (const { path, arg } of entries) {
    if (!singleValued(arg)) continue;
    const flag = flagName(arg);
    const seen = first.get(flag);
    if (seen === undefined) first.set(flag, path);
    else problems.add(path, arg, `repeats --${flag} (already set by ${seen}); only ${MULTI_VALUED_FLAGS.join(", ")} may repeat`);
  }
}

function checkNodes(problems: Problems, nodes: ClusterNodes | undefined, cni: Cni): void {
  if (!problems.check(nodes !== undefined && Array.isArray(nodes.servers) && Array.isArray(nodes.agents), "nodes", nodes, "must be ClusterNodes: servers and agents lists from a node component")) return;
  problems.check(nodes!.servers.length > 0, "nodes.servers", nodes!.servers, "must hold at least one server: the first one starts the cluster");
  const names = new Map<string, string>();
  const check = (list: "servers" | "agents", role: NodeRole) =>
    nodes![list].forEach((node, i) => {
      const at = `nodes.${list}[${i}]`;
      problems.check(node.role === role, `${at}.role`, node.role, `must be "${role}" (nodes.${list} holds only ${role}s)`);
      if (problems.check(typeof node.name === "string" && NODE_NAME.test(node.name), `${at}.name`, node.name, "must be a Kubernetes node name: lowercase a-z, 0-9, '-' and '.', starting and ending with a letter or digit, at most 253 characters")) {
        const seen = names.get(node.name);
        if (seen === undefined) names.set(node.name, at);
        else problems.add(`${at}.name`, node.name, `must be unique; ${seen} has the same name`);
      }
      if (cni === "flannel") {
        problems.check(typeof node.privateInterface === "string" && node.privateInterface !== "", `${at}.privateInterface`, node.privateInterface, "must name the host's interface on the private network (k3s flannel-iface), e.g. enp7s0");
      }
    });
  check("servers", "server");
  check("agents", "agent");
}

/**
 * Checks K3sCluster's args and throws one InputPropertiesError listing every problem (property path, value, what
 * is accepted). Node addresses arrive as Outputs: K3sCluster checks them when they resolve.
 */
export function validateK3sClusterArgs(args: K3sClusterArgs): void {
  const problems = new Problems();
  if (args.version !== undefined) {
    const tag = problems.check(
      typeof args.version === "string" && K3S_RELEASE_PATTERN.test(args.version),
      "version",
      args.version,
      "must be an exact k3s release such as v1.36.4+k3s1 (v1.NN.P+k3sN, optionally -rcN; no channel, no 'latest')",
    );
    // Only releases whose installer digest is pinned can be installed (renderInstallScript verifies against it).
    if (tag) {
      problems.check(
        k3sRelease(args.version) !== undefined,
        "version",
        args.version,
        `must be a supported k3s release (components/kernel/k3s-releases.ts, with a pinned installer sha256): ${supportedK3sVersions().join(", ")}`,
      );
    }
  }
  const cniValid = args.cni === undefined || Object.prototype.hasOwnProperty.call(CNI_CHOICES, args.cni);
  problems.check(cniValid, "cni", args.cni, `must be one of ${Object.keys(CNI_CHOICES).join(", ")}`);
  const cni = cniValid ? (args.cni ?? DEFAULT_CNI) : DEFAULT_CNI;
  checkDisable(problems, "disable", args.disable);
  checkDisable(problems, "requirements.disable", args.requirements?.disable);
  checkFlags(problems, "extraArgs", args.extraArgs, cni);
  checkFlags(problems, "agentExtraArgs", args.agentExtraArgs, cni);
  const extra = (args.extraArgs ?? []).map((arg, i) => ({ path: `extraArgs[${i}]`, arg }));
  const agentExtra = (args.agentExtraArgs ?? []).map((arg, i) => ({ path: `agentExtraArgs[${i}]`, arg }));
  checkRepeats(problems, [], extra);
  // Agents get the agent-valid part of extraArgs plus agentExtraArgs (extraArgsFor): repeats across both count.
  const agentValid = new Set(extraArgsFor("agent", (args.extraArgs ?? []).filter((a) => typeof a === "string")));
  checkRepeats(problems, extra.filter((e) => agentValid.has(e.arg)), agentExtra);
  checkNodes(problems, args.nodes, cni);
  checkRanges(problems, args.clusterCidr, args.serviceCidr);
  problems.throwIfAny(COMPONENT);
}

/** k3s `cluster-cidr` and `service-cidr`: CIDRs, and apart (a service address inside the pod range is unroutable). */
function checkRanges(problems: Problems, clusterCidr: unknown, serviceCidr: unknown): void {
  const ranges: [string, unknown][] = [["clusterCidr", clusterCidr], ["serviceCidr", serviceCidr]];
  let valid = true;
  for (const [path, value] of ranges) {
    if (value === undefined) continue;
    valid = problems.check(typeof value === "string" && isCidr(value), path, value, "must be a CIDR such as 10.42.0.0/16 (k3s cluster-cidr / service-cidr)") && valid;
  }
  if (valid && typeof clusterCidr === "string" && typeof serviceCidr === "string") {
    problems.check(!spansOverlap(clusterCidr, serviceCidr), "serviceCidr", serviceCidr, `must not overlap clusterCidr ${clusterCidr}: pods and services need separate ranges`);
  }
}

/** A resolved node address that k3s takes as `node-ip`/`advertise-address`: an IPv4 or IPv6 literal. */
export function checkResolvedPrivateIp(path: string, value: string): void {
  if (ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value)) return;
  throw new InputPropertiesError(COMPONENT, [{ path, value, accepted: "must be an IPv4 or IPv6 address (k3s node-ip, advertise-address)" }]);
}

