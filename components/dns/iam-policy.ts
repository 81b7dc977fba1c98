/**
 * The IAM policy for external-dns and cert-manager's DNS-01 solver, scoped to one hosted zone. Pure.
 *
 * Zone-scoped: changing and listing record sets (both tools), listing the zone's tags (external-dns). Record-set
 * changes are further limited to names inside the domain. Not scoped, because AWS offers no resource-level permission
 * for them: route53:GetChange (on change/*, cert-manager polls its change), and the read-only zone listings
 * (ListHostedZones for external-dns, ListHostedZonesByName for cert-manager's zone lookup).
 * Sources: cert-manager docs "Route53" (configuration/acme/dns01/route53), external-dns docs "AWS" tutorial.
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export const ZONE_WRITE_ACTIONS = ["route53:ChangeResourceRecordSets"] as const;
export const ZONE_READ_ACTIONS = ["route53:ListResourceRecordSets", "route53:ListTagsForResource"] as const;
export const GLOBAL_READ_ACTIONS = ["route53:ListHostedZones", "route53:ListHostedZonesByName"] as const;

/** A hosted zone id as Route53 returns it (`Z123`, or `/hostedzone/Z123`), bare. */
export function bareZoneId(zoneId: string): string {
  return zoneId.replace(/^\/?hostedzone\//, "");
}

export function zoneArn(zoneId: string): string {
  return `arn:aws:route53:::hostedzone/${bareZoneId(zoneId)}`;
}

/** The policy document for `zoneId` holding `domain`. Throws on an empty id or domain. */
export function buildRoute53Policy(zoneId: string, domain: string): PolicyDocument {
  const id = bareZoneId(zoneId);
  if (!/^Z[A-Z0-9]+$/.test(id)) throw new Error(`${JSON.stringify(zoneId)} is not a Route53 hosted zone id`);
  const name = domain.replace(/\.$/, "").toLowerCase();
  if (name === "") throw new Error("the domain is empty");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ChangeRecordsInTheZone",
        Effect: "Allow",
        Action: [...ZONE_WRITE_ACTIONS],
        Resource: [zoneArn(id)],
        Condition: {
          "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [name, `*.${name}`] },
        },
      },
      { Sid: "ReadTheZone", Effect: "Allow", Action: [...ZONE_READ_ACTIONS], Resource: [zoneArn(id)] },
      { Sid: "PollChanges", Effect: "Allow", Action: ["route53:GetChange"], Resource: ["arn:aws:route53:::change/*"] },
      { Sid: "FindZones", Effect: "Allow", Action: [...GLOBAL_READ_ACTIONS], Resource: ["*"] },
    ],
  };
}
