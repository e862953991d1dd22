/**
 * Reads CloudTrail management events for one resource name in one region, once per run: every finding
 * on the same role or function shares the lookup. Requests go through a per-region token bucket
 * (LookupEvents: 2 requests/s per account and region).
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CLOUDTRAIL_LOOKUP_QUOTA, quotaBucket, quotaName, type TokenBucket } from '../aws/token-bucket';

/** The fields of a CloudTrail record that attribution uses. */
export interface TrailEvent {
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly actor: string;
  /** The role behind an assumed-role session (userIdentity.sessionContext.sessionIssuer.arn). */
  readonly sessionIssuerArn?: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The record's top-level `sessionCredentialFromConsole` is "true". */
  readonly consoleSession: boolean;
  /** The call's parameters as CloudTrail recorded them (which policy, statement or tag it touched). */
  readonly requestParameters?: Readonly<Record<string, unknown>>;
}

export interface EventLookupOptions {
  /** Client for a region (the CloudTrail of that region). */
  readonly clientFor: (region: string) => CloudTrailClient;
  readonly since: Date;
  /**
   * The account looked up in: LookupEvents' quota is per account and region.
   * @default - unknown (one shared quota for every run that does not say)
   */
  readonly account?: string;
  /** @default - now */
  readonly until?: Date;
  /**
   * LookupEvents requests per second per region.
   * @default 2 (CLOUDTRAIL_LOOKUP_QUOTA: AWS's quota, without burst, shared with every lookup in the process)
   */
  readonly ratePerSecond?: number;
}

/** The fields of a CloudTrail record we read (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
interface TrailRecord {
  readonly eventName?: string;
  readonly eventSource?: string;
  readonly eventTime?: string;
  readonly userIdentity?: {
    readonly arn?: string;
    readonly principalId?: string;
    readonly type?: string;
    readonly sessionContext?: { readonly sessionIssuer?: { readonly arn?: string } };
  };
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly sessionCredentialFromConsole?: string | boolean;
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
}

/** Parses the `CloudTrailEvent` JSON string; returns undefined for a record it cannot read. */
export function parseTrailRecord(
  json: string | undefined,
  fallback: { eventName?: string; eventSource?: string; eventTime?: Date },
): TrailEvent | undefined {
  let r: TrailRecord;
  try {
    r = JSON.parse(json ?? '') as TrailRecord;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  const identity = r.userIdentity ?? {};
  return {
    eventName: String(r.eventName ?? fallback.eventName ?? ''),
    eventSource: String(r.eventSource ?? fallback.eventSource ?? ''),
    eventTime: String(r.eventTime ?? fallback.eventTime?.toISOString() ?? ''),
    actor: String(identity.arn ?? identity.principalId ?? identity.type ?? 'unknown'),
    ...(identity.sessionContext?.sessionIssuer?.arn ? { sessionIssuerArn: identity.sessionContext.sessionIssuer.arn } : {}),
    sourceIp: String(r.sourceIPAddress ?? ''),
    userAgent: String(r.userAgent ?? ''),
    consoleSession: String(r.sessionCredentialFromConsole) === 'true',
    ...(r.requestParameters && typeof r.requestParameters === 'object' ? { requestParameters: r.requestParameters } : {}),
  };
}

export class EventLookup {
  private readonly cache = new Map<string, Promise<TrailEvent[]>>();
  constructor(private readonly options: EventLookupOptions) {}

  private bucket(region: string): TokenBucket {
    const rate = this.options.ratePerSecond;
    return quotaBucket(
      quotaName('cloudtrail', this.options.account ?? '', region, 'LookupEvents'),
      rate === undefined ? CLOUDTRAIL_LOOKUP_QUOTA : { ...CLOUDTRAIL_LOOKUP_QUOTA, ratePerSecond: rate },
    );
  }

  /** All events in the window whose Resources name `resourceName`, newest first as CloudTrail returns them. */
  events(region: string, resourceName: string): Promise<TrailEvent[]> {
    const key = `${region}\u0000${resourceName}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.fetch(region, resourceName);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async fetch(region: string, resourceName: string): Promise<TrailEvent[]> {
    const client = this.options.clientFor(region);
    const out: TrailEvent[] = [];
    let nextToken: string | undefined;
    do {
      await this.bucket(region).take();
      const page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resourceName }],
          StartTime: this.options.since,
          EndTime: this.options.until ?? new Date(),
          MaxResults: 50,
          NextToken: nextToken,
        }),
      );
      for (const e of page.Events ?? []) {
        const parsed = parseTrailRecord(e.CloudTrailEvent, { eventName: e.EventName, eventSource: e.EventSource, eventTime: e.EventTime });
        if (parsed) out.push(parsed);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  }
}
