/**
 * What changed since the checkpoint, from CloudTrail: every write event (LookupEvents with the one lookup
 * attribute ReadOnly=false, so our own and everyone's reads are not paged through) in the partition's IAM
 * region and in each function region, and which roles, functions and customer policies those events name.
 *
 * Why ReadOnly=false rather than one lookup per resource or per event name: LookupEvents allows 2 requests/s
 * and one attribute per request; one paginated query per region costs (write events in the window) / 50
 * requests, however many resources the state declares.
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CLOUDTRAIL_LOOKUP_QUOTA, quotaBucket, quotaName } from '../aws/token-bucket';

export interface TouchedResources {
  /** Role names, lower-cased (IAM names are unique without regard to case). */
  readonly roles: ReadonlySet<string>;
  /** `region/name` of functions. */
  readonly functions: ReadonlySet<string>;
  readonly policyArns: ReadonlySet<string>;
  /** Write events read, across regions. */
  readonly events: number;
  /** LookupEvents requests made. */
  readonly pages: number;
}

export interface TrailWritesOptions {
  readonly clientFor: (region: string) => CloudTrailClient;
  /** The partition's IAM region (IAM events are recorded there only). */
  readonly iamRegion: string;
  /** The account looked up in (LookupEvents' quota is per account and region). */
  readonly account: string;
  /** The function regions. */
  readonly regions: readonly string[];
  readonly since: Date;
  readonly until: Date;
  /**
   * Give up (and say so) after this many LookupEvents requests in all: past some point a full scan is cheaper.
   * @default - no limit
   */
  readonly maxPages?: number;
}

/** More write events than an incremental run should page through. */
export class TooManyEvents extends Error {
  constructor(readonly pages: number) {
    super(`more than ${pages} pages of write events`);
  }
}

/** The function name in a Lambda `functionName` (a name, `name:qualifier`, a partial or full ARN). */
export function functionNameOf(ref: string): string {
  const parts = ref.split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts[at + 1]) return parts[at + 1];
  return parts[0];
}

interface Touched {
  roles: Set<string>;
  functions: Set<string>;
  policyArns: Set<string>;
}

/** Adds what one write event names. Events of other services name nothing we check. */
export function noteEvent(
  touched: Touched,
  region: string,
  e: {
    readonly eventSource?: string;
    readonly requestParameters?: unknown;
    /** LookupEvents' `Resources` of the event. */
    readonly resources: readonly { readonly type?: string; readonly name?: string }[];
  },
): void {
  const params = e.requestParameters && typeof e.requestParameters === 'object' ? (e.requestParameters as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (e.eventSource === 'iam.amazonaws.com') {
    const role = text(params.roleName);
    if (role) touched.roles.add(role.toLowerCase());
    const policy = text(params.policyArn);
    if (policy) touched.policyArns.add(policy);
    for (const r of e.resources) {
      if (r.type === 'AWS::IAM::Role' && r.name) touched.roles.add(r.name.toLowerCase());
      if (r.type === 'AWS::IAM::Policy' && r.name?.startsWith('arn:')) touched.policyArns.add(r.name);
    }
  } else if (e.eventSource === 'lambda.amazonaws.com') {
    const named = e.resources.filter((r) => r.type === 'AWS::Lambda::Function').map((r) => r.name);
    for (const ref of [text(params.functionName), text(params.resource), ...named]) {
      if (ref && (!ref.startsWith('arn:') || ref.includes(':function:'))) touched.functions.add(`${region}/${functionNameOf(ref)}`);
    }
  }
}

export async function lookupWrites(options: TrailWritesOptions): Promise<TouchedResources> {
  const touched: Touched = { roles: new Set(), functions: new Set(), policyArns: new Set() };
  const regions = [...new Set([options.iamRegion, ...options.regions])].sort();
  // CloudTrail records event times in whole seconds: an event in the same second as `since` is stamped before it.
  const since = new Date(Math.floor(options.since.getTime() / 1000) * 1000);
  let events = 0;
  let pages = 0;
  // Regions side by side (each has its own quota); the pages of one region follow each other.
  await Promise.all(
    regions.map(async (region) => {
      const client = options.clientFor(region);
      const bucket = quotaBucket(quotaName('cloudtrail', options.account, region, 'LookupEvents'), CLOUDTRAIL_LOOKUP_QUOTA);
      let nextToken: string | undefined;
      do {
        if (options.maxPages !== undefined && pages >= options.maxPages) throw new TooManyEvents(pages);
        await bucket.take();
        pages++;
        const page = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
            StartTime: since,
            EndTime: options.until,
            MaxResults: 50,
            NextToken: nextToken,
          }),
        );
        for (const e of page.Events ?? []) {
          events++;
          let record: { requestParameters?: unknown; eventSource?: string } = {};
          try {
            record = JSON.parse(e.CloudTrailEvent ?? '{}') as typeof record;
          } catch {
            record = {};
          }
          noteEvent(touched, region, {
            eventSource: record.eventSource ?? e.EventSource,
            requestParameters: record.requestParameters,
            resources: (e.Resources ?? []).map((r) => ({ type: r.ResourceType, name: r.ResourceName })),
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }),
  );
  return { ...touched, events, pages };
}
