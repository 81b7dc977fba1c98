/**
 * Cross-checks on the pod and service ranges (k3s.clusterCidr, k3s.serviceCidr) against the nodes' network, before
 * anything is registered. They read the raw merged config defensively, like the other cross-checks.
 *
 * - Both ranges are IPv4 and do not overlap each other.
 * - The nodes' own range (hetzner.subnetCidr, digitalocean.vpcCidr, existing.networkCidr) overlaps neither: a node
 *   address inside the pod or service range would be routed into the cluster instead of to the node.
 * - Hetzner with Cilium: the pod range lies inside hetzner.networkCidr. Cilium routes pods natively there and a
 *   Hetzner network's gateway routes only the network's own range (docs.hetzner.com/networking/networks/
 *   technical-concepts/architecture, "Example routes"; the Hetzner cloud controller's docs/deploy_with_networks.md
 *   @ v1.25.1: "The cluster-cidr Range must be within the Hetzner Cloud Network Range, but must not overlap with any
 *   created subnets").
 */
import { DEFAULT_CLUSTER_CIDR, DEFAULT_CNI, DEFAULT_HETZNER_NETWORK_CIDR, DEFAULT_HETZNER_SUBNET_CIDR, DO_DEFAULT_VPC_CIDR } from "@k3s-gitops/components";
import { DEFAULT_SERVICE_CIDR, cidrContains, cidrsOverlap, parseCidr } from "@k3s-gitops/components/kernel";
import type { ConfigProblem } from "./errors";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const ipv4 = (v: unknown): v is string => typeof v === "string" && parseCidr(v)?.family === 4;

/** The nodes' own range per cloud: its config path and value (defaults applied). */
function nodeRange(raw: Raw): { path: string[]; value: unknown } | undefined {
  if (raw.cloud === "hetzner" && isObject(raw.hetzner)) return { path: ["hetzner", "subnetCidr"], value: raw.hetzner.subnetCidr ?? DEFAULT_HETZNER_SUBNET_CIDR };
  if (raw.cloud === "digitalocean" && isObject(raw.digitalocean)) return { path: ["digitalocean", "vpcCidr"], value: raw.digitalocean.vpcCidr ?? DO_DEFAULT_VPC_CIDR };
  if (raw.cloud === "existing" && isObject(raw.existing)) return { path: ["existing", "networkCidr"], value: raw.existing.networkCidr };
  return undefined;
}

export function podNetworkCrossCheck(raw: Raw): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const k3s = isObject(raw.k3s) ? raw.k3s : {};
  const ranges = [
    { key: "clusterCidr", what: "pod", value: k3s.clusterCidr ?? DEFAULT_CLUSTER_CIDR, given: k3s.clusterCidr !== undefined },
    { key: "serviceCidr", what: "service", value: k3s.serviceCidr ?? DEFAULT_SERVICE_CIDR, given: k3s.serviceCidr !== undefined },
  ];
  for (const r of ranges) {
    if (r.given && typeof r.value === "string" && parseCidr(r.value) && !ipv4(r.value)) {
      problems.push({ path: ["k3s", r.key], value: r.value, message: `must be an IPv4 CIDR such as ${r.key === "clusterCidr" ? DEFAULT_CLUSTER_CIDR : DEFAULT_SERVICE_CIDR}: the clusters here are IPv4` });
    }
  }
  const [pods, services] = ranges;
  if (ipv4(pods!.value) && ipv4(services!.value) && cidrsOverlap(pods!.value, services!.value)) {
    problems.push({ path: ["k3s", "serviceCidr"], value: services!.value, message: `overlaps the pod range k3s.clusterCidr ${pods!.value}; choose disjoint ranges such as ${DEFAULT_CLUSTER_CIDR} and ${DEFAULT_SERVICE_CIDR}` });
  }
  const nodes = nodeRange(raw);
  if (nodes && ipv4(nodes.value)) {
    for (const r of ranges) {
      if (ipv4(r.value) && cidrsOverlap(nodes.value, r.value)) {
        problems.push({
          path: ["k3s", r.key],
          value: r.value,
          message: `overlaps the nodes' range ${nodes.path.join(".")} ${nodes.value}; the ${r.what} range must be clear of every node address`,
        });
      }
    }
  }
  const cni = k3s.cni ?? DEFAULT_CNI;
  if (raw.cloud === "hetzner" && cni === "cilium" && isObject(raw.hetzner)) {
    const network = raw.hetzner.networkCidr ?? DEFAULT_HETZNER_NETWORK_CIDR;
    if (ipv4(network) && ipv4(pods!.value) && !cidrContains(network, pods!.value)) {
      problems.push({
        path: ["k3s", "clusterCidr"],
        value: pods!.value,
        message:
          `must lie inside hetzner.networkCidr ${network} with cni cilium: Cilium routes pods natively over the Hetzner network, whose gateway routes only the network's own range; ` +
          `choose a pod range inside it (and off hetzner.subnetCidr), or a network that holds it, such as ${DEFAULT_HETZNER_NETWORK_CIDR}`,
      });
    }
  }
  return problems;
}
