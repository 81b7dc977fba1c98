/**
 * Route53Dns (layer 0): the hosted zone (given or looked up), the apex and wildcard A records at the ingress address,
 * and an IAM user whose policy is limited to that zone, with an access key for external-dns and cert-manager.
 * The keys reach the cluster through DnsCredentials (layer 3), never through a command line.
 */
import type * as Aws from "@pulumi/aws";
// Loaded on first use, not with the library: @pulumi/aws takes up to seconds to load and most stacks never use it (issue 15).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aws = new Proxy({} as typeof Aws, { get: (_, key) => (require("@pulumi/aws") as Record<string | symbol, unknown>)[key] });
import * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError, Problems } from "../kernel/errors";
import { componentToken } from "../kernel/layers";
import { AWS_REGION, AWS_REGION_ACCEPTED, DNS_DEFAULTS, DOMAIN_NAME_ACCEPTED, HOSTED_ZONE_ID, ROUTE53_TTL_RANGE, isDomainName } from "./defaults";
import { bareZoneId, buildRoute53Policy } from "./iam-policy";

export interface Route53DnsArgs {
  /** Prefix of the IAM names, e.g. "k3s-prod": user `<clusterName>-dns`, policy `<clusterName>-dns-<domain>`. */
  readonly clusterName: string;
  /** The zone's domain, e.g. example.com; the records are its apex and `*.` wildcard. */
  readonly domain: string;
  /** The hosted zone id (Z...). @default the public zone looked up by `domain` */
  readonly hostedZoneId?: string;
  /** AWS region for the provider. @default "us-east-1" */
  readonly region?: string;
  /** Record TTL in seconds. @default 300 */
  readonly ttl?: number;
  /** Create the apex A record. @default true */
  readonly apex?: boolean;
  /** Create the `*.domain` A record. @default true */
  readonly wildcard?: boolean;
  /** Where the apex and wildcard point: an IPv4 address, such as the ingress load balancer's (see ingressAddress()). */
  readonly ingressAddress: pulumi.Input<string>;
  /** AWS access key id for the explicit provider. Secret. */
  readonly accessKeyId: pulumi.Input<string>;
  /** AWS secret access key for the explicit provider. Secret. */
  readonly secretAccessKey: pulumi.Input<string>;
  /** What the records wait for: the ingress release whose load balancer they point at. @default [] */
  readonly recordsDependOn?: pulumi.Input<pulumi.Resource>[];
}

/** IAM user names: up to 64 of letters, digits and `+=,.@_-` (IAM User Guide, "IAM object quotas"). */
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM policy names: up to 128 of the same characters. */
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV4_ACCEPTED = "must be an IPv4 address such as 203.0.113.20 (an A record's value)";

/** The IAM user's and policy's names. Pure. */
export function iamNames(clusterName: string, domain: string): { user: string; policy: string } {
  return { user: `${clusterName}-dns`, policy: `${clusterName}-dns-${domain.replace(/\./g, "-")}` };
}

/** Throws one InputPropertiesError listing every problem of `args`. */
export function validateRoute53DnsArgs(args: Route53DnsArgs): void {
  const problems = new Problems();
  const domainOk = problems.check(isDomainName(args.domain), "domain", args.domain, DOMAIN_NAME_ACCEPTED);
  if (problems.check(typeof args.clusterName === "string" && args.clusterName !== "", "clusterName", args.clusterName, "must be a non-empty name prefix such as k3s-prod") && domainOk) {
    const names = iamNames(args.clusterName, args.domain);
    problems.check(IAM_USER_NAME.test(names.user), "clusterName", args.clusterName, `makes the IAM user name ${names.user}; it must be at most 64 letters, digits or +=,.@_-`);
    problems.check(IAM_POLICY_NAME.test(names.policy), "clusterName", args.clusterName, `makes the IAM policy name ${names.policy}; it must be at most 128 letters, digits or +=,.@_-`);
  }
  if (args.hostedZoneId !== undefined) {
    problems.check(typeof args.hostedZoneId === "string" && HOSTED_ZONE_ID.test(bareZoneId(args.hostedZoneId)), "hostedZoneId", args.hostedZoneId, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ");
  }
  if (args.region !== undefined) problems.check(typeof args.region === "string" && AWS_REGION.test(args.region), "region", args.region, AWS_REGION_ACCEPTED);
  if (args.ttl !== undefined) {
    problems.check(
      Number.isInteger(args.ttl) && args.ttl >= ROUTE53_TTL_RANGE.min && args.ttl <= ROUTE53_TTL_RANGE.max,
      "ttl",
      args.ttl,
      `must be whole seconds from ${ROUTE53_TTL_RANGE.min} to ${ROUTE53_TTL_RANGE.max}`,
    );
  }
  for (const key of ["apex", "wildcard"] as const) {
    if (args[key] !== undefined) problems.check(typeof args[key] === "boolean", key, args[key], "must be true or false");
  }
  if (typeof args.ingressAddress === "string") problems.check(IPV4.test(args.ingressAddress), "ingressAddress", args.ingressAddress, IPV4_ACCEPTED);
  else problems.check(args.ingressAddress !== undefined && args.ingressAddress !== null, "ingressAddress", args.ingressAddress, IPV4_ACCEPTED);
  for (const key of ["accessKeyId", "secretAccessKey"] as const) {
    const v = args[key];
    problems.check(v !== undefined && v !== null && v !== "", key, v, "must be the AWS credential (a non-empty secret string)", v !== undefined);
  }
  problems.throwIfAny("Route53Dns");
}

/** The record names: apex and wildcard, per the args. Pure. */
export function recordNames(dns: Pick<Route53DnsArgs, "domain" | "apex" | "wildcard">): { key: string; name: string }[] {
  const out: { key: string; name: string }[] = [];
  if (dns.apex ?? DNS_DEFAULTS.apex) out.push({ key: "apex", name: dns.domain });
  if (dns.wildcard ?? DNS_DEFAULTS.wildcard) out.push({ key: "wildcard", name: `*.${dns.domain}` });
  return out;
}

/** Fails when a looked-up zone is not the domain's. */
export function checkZoneName(zoneName: string, domain: string, zoneId: string): void {
  if (zoneName.replace(/\.$/, "") !== domain) {
    throw new pulumi.RunError(`hostedZoneId ${zoneId} is the zone of ${zoneName}, not of domain ${domain}`);
  }
}

export class Route53Dns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly domain: string;
  public readonly region: string;
  public readonly recordFqdns: pulumi.Output<string[]>;
  public readonly iamUserName: pulumi.Output<string>;
  public readonly accessKeyId: pulumi.Output<string>;
  /** Secret. */
  public readonly secretAccessKey: pulumi.Output<string>;
  /** The policy document attached to the IAM user, as JSON. */
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: Route53DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateRoute53DnsArgs(args);
    super(componentToken("k3s-gitops:dns:Route53Dns"), name, {}, opts);
    this.domain = args.domain;
    this.region = args.region ?? DNS_DEFAULTS.region;
    const provider = new aws.Provider(
      `${name}-aws`,
      { region: this.region, accessKey: args.accessKeyId, secretKey: args.secretAccessKey },
      { parent: this },
    );
    const child = { parent: this, provider };

    const zone = aws.route53.getZoneOutput(
      args.hostedZoneId !== undefined ? { zoneId: args.hostedZoneId } : { name: args.domain, privateZone: false },
      { parent: this, provider },
    );
    const zoneId = pulumi.all([zone.zoneId, zone.name]).apply(([id, zoneName]) => {
      checkZoneName(zoneName, args.domain, id);
      return bareZoneId(id);
    });

    // An address that arrives as an Output is checked when it resolves.
    const target = typeof args.ingressAddress === "string"
      ? args.ingressAddress
      : pulumi.output(args.ingressAddress).apply((address) => {
          if (typeof address !== "string" || !IPV4.test(address)) throw new InputPropertiesError("Route53Dns", [{ path: "ingressAddress", value: address, accepted: IPV4_ACCEPTED }]);
          return address;
        });
    // The records point at the ingress (layer 3), so they sit in a layer-3 component of their own; the alias keeps the
    // URNs they had as direct children.
    const recordsParent = new DnsRecords(`${name}-records`, {}, { parent: this });
    const records = recordNames(args).map(
      (r) =>
        new aws.route53.Record(
          `${name}-${r.key}`,
          { zoneId, name: r.name, type: "A", ttl: args.ttl ?? DNS_DEFAULTS.ttl, records: [target] },
          { parent: recordsParent, provider, dependsOn: args.recordsDependOn ?? [], aliases: [{ parent: this }] },
        ),
    );

    const names = iamNames(args.clusterName, args.domain);
    const user = new aws.iam.User(`${name}-dns`, { name: names.user, path: "/k3s-gitops/" }, child);
    const policyJson = zoneId.apply((id) => JSON.stringify(buildRoute53Policy(id, args.domain)));
    const policy = new aws.iam.Policy(`${name}-dns`, { name: names.policy, path: "/k3s-gitops/", policy: policyJson }, child);
    new aws.iam.UserPolicyAttachment(`${name}-dns`, { user: user.name, policyArn: policy.arn }, child);
    const key = new aws.iam.AccessKey(`${name}-dns`, { user: user.name }, { ...child, additionalSecretOutputs: ["secret"] });

    this.zoneId = zoneId;
    this.recordFqdns = pulumi.all(records.map((r) => r.fqdn));
    this.iamUserName = user.name;
    this.accessKeyId = key.id;
    this.secretAccessKey = pulumi.secret(key.secret);
    this.policyJson = policyJson;
    this.registerOutputs({
      zoneId: this.zoneId,
      recordFqdns: this.recordFqdns,
      iamUserName: this.iamUserName,
      accessKeyId: this.accessKeyId,
      secretAccessKey: this.secretAccessKey,
    });
  }
}

/** The apex and wildcard records' component: layer 3, because they point at the ingress controller's load balancer. */
export class DnsRecords extends pulumi.ComponentResource {
  constructor(name: string, _args: Record<string, never>, opts?: pulumi.ComponentResourceOptions) {
    super(componentToken("k3s-gitops:dns:DnsRecords"), name, {}, opts);
    this.registerOutputs({});
  }
}
