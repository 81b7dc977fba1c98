/**
 * Route53Dns (layer 0): the hosted zone (given or looked up), the apex and wildcard A records at the ingress address,
 * and an IAM user whose policy is limited to that zone, with an access key for external-dns and cert-manager.
 * The keys reach the cluster through DnsCredentials (layer 3), never through a command line.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DNS_DEFAULTS, DnsConfig } from "../../stacks/config/blocks/dns";
import { componentToken } from "../kernel/layers";
import { bareZoneId, buildRoute53Policy } from "./iam-policy";

export interface Route53DnsArgs {
  /** Prefix of the IAM names, e.g. "k3s-prod". */
  readonly clusterName: string;
  readonly dns: DnsConfig;
  /** Where the apex and wildcard point: the ingress load balancer's IPv4 (config dns.ingressAddress wins). */
  readonly ingressAddress: pulumi.Input<string>;
  /** AWS credentials (secret) for the explicit provider. */
  readonly accessKeyId: pulumi.Output<string>;
  readonly secretAccessKey: pulumi.Output<string>;
  /** What the records wait for: the ingress release whose load balancer they point at. */
  readonly recordsDependOn?: pulumi.Input<pulumi.Resource>[];
}

/** The record names: apex and wildcard, per the config. Pure. */
export function recordNames(dns: Pick<DnsConfig, "domain" | "apex" | "wildcard">): { key: string; name: string }[] {
  const out: { key: string; name: string }[] = [];
  if (dns.apex ?? DNS_DEFAULTS.apex) out.push({ key: "apex", name: dns.domain });
  if (dns.wildcard ?? DNS_DEFAULTS.wildcard) out.push({ key: "wildcard", name: `*.${dns.domain}` });
  return out;
}

/** Fails when a looked-up zone is not the configured domain's. */
export function checkZoneName(zoneName: string, domain: string, zoneId: string): void {
  if (zoneName.replace(/\.$/, "") !== domain) {
    throw new pulumi.RunError(`k3s-gitops:dns.hostedZoneId ${zoneId} is the zone of ${zoneName}, not of dns.domain ${domain}`);
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
    super(componentToken("k3s-gitops:dns:Route53Dns"), name, {}, opts);
    const dns = args.dns;
    this.domain = dns.domain;
    this.region = dns.region ?? DNS_DEFAULTS.region;
    const provider = new aws.Provider(
      `${name}-aws`,
      { region: this.region, accessKey: args.accessKeyId, secretKey: args.secretAccessKey },
      { parent: this },
    );
    const child = { parent: this, provider };

    const zone = aws.route53.getZoneOutput(
      dns.hostedZoneId !== undefined ? { zoneId: dns.hostedZoneId } : { name: dns.domain, privateZone: false },
      { parent: this, provider },
    );
    const zoneId = pulumi.all([zone.zoneId, zone.name]).apply(([id, zoneName]) => {
      checkZoneName(zoneName, dns.domain, id);
      return bareZoneId(id);
    });

    const target = dns.ingressAddress ?? args.ingressAddress;
    // The records point at the ingress (layer 3), so they sit in a layer-3 component of their own; the alias keeps the
    // URNs they had as direct children.
    const recordsParent = new DnsRecords(`${name}-records`, {}, { parent: this });
    const records = recordNames(dns).map(
      (r) =>
        new aws.route53.Record(
          `${name}-${r.key}`,
          { zoneId, name: r.name, type: "A", ttl: dns.ttl ?? DNS_DEFAULTS.ttl, records: [target] },
          { parent: recordsParent, provider, dependsOn: args.recordsDependOn ?? [], aliases: [{ parent: this }] },
        ),
    );

    const user = new aws.iam.User(`${name}-dns`, { name: `${args.clusterName}-dns`, path: "/k3s-gitops/" }, child);
    const policyJson = zoneId.apply((id) => JSON.stringify(buildRoute53Policy(id, dns.domain)));
    const policy = new aws.iam.Policy(
      `${name}-dns`,
      { name: `${args.clusterName}-dns-${dns.domain.replace(/\./g, "-")}`, path: "/k3s-gitops/", policy: policyJson },
      child,
    );
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
