/**
 * Reads CloudTrail management events for one resource name in one region, once per run: every finding
 * on the same role or function shares the lookup. Requests go through a per-region token bucket
 * (LookupEvents: 2 requests/s per account and region).
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { TokenBucket } from './token-bucket';

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
  /** @default - now */
  readonly until?: Date;
  /**
   * LookupEvents requests per second per region.
   * @default 1.8 (AWS allows 2; the headroom absorbs network jitter between our clock and theirs)
   */
  readonly ratePerSecond?: number;
}

/**
 * The quota is per account and region, not per lookup object: every EventLookup in this process shares
 * one bucket per region and rate, so two runs in one process (tests, a long-lived service) cannot add up.
 */
const SHARED_BUCKETS = new Map<string, TokenBucket>();
function sharedBucket(region: string, ratePerSecond: number): TokenBucket {
  const key = `${region}@${ratePerSecond}`;
  let b = SHARED_BUCKETS.get(key);
  if (!b) {
    b = new TokenBucket({ ratePerSecond });
    SHARED_BUCKETS.set(key, b);
  }
  return b;
}

/** Parses the `CloudTrailEvent` JSON string; returns undefined for a record it cannot read. */
export function parseTrailRecord(json: string | undefined, fallback: { eventName?: string; eventSource?: string; eventTime?: Date }): TrailEvent | undefined {
  let r: Record<string, any>;
  try {
    r = JSON.parse(json ?? '');
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  const identity = (r.userIdentity ?? {}) as Record<string, any>;
  return {
    eventName: String(r.eventName ?? fallback.eventName ?? ''),
    eventSource: String(r.eventSource ?? fallback.eventSource ?? ''),
    eventTime: String(r.eventTime ?? fallback.eventTime?.toISOString() ?? ''),
    actor: String(identity.arn ?? identity.principalId ?? identity.type ?? 'unknown'),
    sessionIssuerArn: identity.sessionContext?.sessionIssuer?.arn,
    sourceIp: String(r.sourceIPAddress ?? ''),
    userAgent: String(r.userAgent ?? ''),
    consoleSession: String(r.sessionCredentialFromConsole) === 'true',
    ...(r.requestParameters && typeof r.requestParameters === 'object' ? { requestParameters: r.requestParameters as Record<string, unknown> } : {}),
  };
}

export class EventLookup {
  private readonly cache = new Map<string, Promise<TrailEvent[]>>();
  constructor(private readonly options: EventLookupOptions) {}

  private bucket(region: string): TokenBucket {
    return sharedBucket(region, this.options.ratePerSecond ?? 1.8);
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
