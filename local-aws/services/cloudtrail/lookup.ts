/**
 * LookupEvents as AWS answers it: at most one lookup attribute, an optional time range in epoch seconds,
 * up to 50 events per page, newest first, and a NextToken that only works with the same filters.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../types';
import type { StoredEvent } from './record';

const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

export interface LookupRequest {
  LookupAttributes?: { AttributeKey?: unknown; AttributeValue?: unknown }[];
  StartTime?: unknown;
  EndTime?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
}

interface ValidLookup {
  readonly attribute?: { key: AttributeKey; value: string };
  readonly startMs?: number;
  readonly endMs?: number;
  readonly maxResults: number;
  readonly afterSeq?: number;
}

function epochMs(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsError('InvalidTimeRangeException', `${field} must be a timestamp in epoch seconds; got ${JSON.stringify(value)}.`);
  }
  return value * 1000;
}

/** The filters a NextToken is bound to; AWS rejects a token reused with different parameters. */
function fingerprint(v: Omit<ValidLookup, 'afterSeq' | 'maxResults'>): string {
  return createHash('sha256')
    .update(JSON.stringify([v.attribute ?? null, v.startMs ?? null, v.endMs ?? null]))
    .digest('hex')
    .slice(0, 16);
}

export function validateLookup(req: LookupRequest): ValidLookup {
  const attrs = req.LookupAttributes ?? [];
  if (!Array.isArray(attrs)) throw new AwsError('InvalidLookupAttributesException', 'LookupAttributes must be a list.');
  if (attrs.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', `You can specify only one lookup attribute per request; got ${attrs.length}.`);
  }
  let attribute: ValidLookup['attribute'];
  if (attrs.length === 1) {
    const { AttributeKey: key, AttributeValue: value } = attrs[0] ?? {};
    if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
      throw new AwsError(
        'InvalidLookupAttributesException',
        `AttributeKey ${JSON.stringify(key)} is not valid. Use one of ${ATTRIBUTE_KEYS.join(', ')}.`,
      );
    }
    if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
      throw new AwsError('InvalidLookupAttributesException', `AttributeValue for ${key} must be 1 to 2000 characters.`);
    }
    attribute = { key: key as AttributeKey, value };
  }
  const startMs = epochMs(req.StartTime, 'StartTime');
  const endMs = epochMs(req.EndTime, 'EndTime');
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
  }
  const maxResults = req.MaxResults === undefined || req.MaxResults === null ? 50 : req.MaxResults;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw new AwsError('InvalidMaxResultsException', `MaxResults must be between 1 and 50; got ${JSON.stringify(req.MaxResults)}.`);
  }
  const filters = { attribute, startMs, endMs };
  let afterSeq: number | undefined;
  if (req.NextToken !== undefined && req.NextToken !== null) {
    afterSeq = decodeToken(req.NextToken, fingerprint(filters));
  }
  return { ...filters, maxResults, afterSeq };
}

function decodeToken(token: unknown, expectedFingerprint: string): number {
  const invalid = () =>
    new AwsError(
      'InvalidNextTokenException',
      'Invalid NextToken. Use the token from the previous response, with the same lookup parameters.',
    );
  if (typeof token !== 'string') throw invalid();
  const [fp, seqText] = Buffer.from(token, 'base64').toString('utf8').split(':');
  const seq = Number(seqText);
  if (fp !== expectedFingerprint || !Number.isInteger(seq) || seq < 1) throw invalid();
  return seq;
}

function matches(e: StoredEvent, attr: NonNullable<ValidLookup['attribute']>): boolean {
  const r = e.record;
  switch (attr.key) {
    case 'EventId':
      return r.eventID === attr.value;
    case 'EventName':
      return r.eventName === attr.value;
    case 'ReadOnly':
      return String(r.readOnly) === attr.value;
    case 'Username':
      return e.username === attr.value;
    case 'ResourceType':
      return e.resources.some((x) => x.ResourceType === attr.value);
    case 'ResourceName':
      return e.resources.some((x) => x.ResourceName === attr.value);
    case 'EventSource':
      return r.eventSource === attr.value;
    case 'AccessKeyId':
      return r.userIdentity.accessKeyId === attr.value;
  }
}

function toWireEvent(e: StoredEvent) {
  return {
    EventId: e.record.eventID,
    EventName: e.record.eventName,
    ReadOnly: String(e.record.readOnly),
    AccessKeyId: e.record.userIdentity.accessKeyId,
    EventTime: Date.parse(e.record.eventTime) / 1000,
    EventSource: e.record.eventSource,
    Username: e.username,
    Resources: e.resources.map((x) => ({ ResourceType: x.ResourceType, ResourceName: x.ResourceName })),
    CloudTrailEvent: JSON.stringify(e.record),
  };
}

/** One page of matching events, newest first. */
export function lookupEvents(
  events: readonly StoredEvent[],
  q: ValidLookup,
): { Events: ReturnType<typeof toWireEvent>[]; NextToken?: string } {
  const matching = events
    .filter((e) => (q.afterSeq === undefined || e.seq < q.afterSeq) && (!q.attribute || matches(e, q.attribute)))
    .filter((e) => {
      const t = Date.parse(e.record.eventTime);
      return (q.startMs === undefined || t >= q.startMs) && (q.endMs === undefined || t <= q.endMs);
    })
    // Newest first by recording order: the same order NextToken anchors on, so pages never skip or repeat.
    .sort((a, b) => b.seq - a.seq);
  const page = matching.slice(0, q.maxResults);
  const more = matching.length > q.maxResults;
  const last = page[page.length - 1];
  return {
    Events: page.map(toWireEvent),
    ...(more && last ? { NextToken: Buffer.from(`${fingerprint(q)}:${last.seq}`).toString('base64') } : {}),
  };
}
