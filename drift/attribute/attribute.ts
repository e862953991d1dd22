/**
 * Attribution: who made the change behind each finding, from CloudTrail.
 *
 * Per finding we look up the events of its resource (one cached query per region + resource name),
 * keep those from the right service whose name matches (Lambda names by prefix, because they carry an
 * API version: AddPermission → AddPermission20150331v2) and whose requestParameters name the finding's item
 * (the policy ARN, inline policy name, statement id or tag keys), and take the newest. When no event names
 * the item, the finding is unattributed: a nearby event on the same role would name the wrong person.
 *
 * Failure policy: attribution must never block drift detection. If CloudTrail cannot be read, the
 * findings stay with attributionStatus `lookup-failed` (never "unattributed", which would claim CloudTrail
 * has no event), and the failure is a warning, not a ReadError: the resources themselves were read, so the
 * drift verdict is sound.
 */
import type { Attribution, AttributionItem, AttributionQuery, DriftFinding, PendingFinding, ReportWarning } from '../model';
import { describeSdkError } from '../aws/sdk-errors';
import { assumedRolePrefix, parseRoleArn } from '../../shared/aws/arn';
import { EventLookup, type TrailEvent } from './cloudtrail-events';

/** User agents CloudTrail records for calls made from the AWS console (used when the console flag is absent). */
export const CONSOLE_USER_AGENTS = ['AWS Internal', 'console.amazonaws.com', 'signin.amazonaws.com', 'console.aws.amazon.com'];

export function isConsoleEvent(e: Pick<TrailEvent, 'consoleSession' | 'userAgent'>): boolean {
  if (e.consoleSession) return true;
  return CONSOLE_USER_AGENTS.some((ua) => e.userAgent.includes(ua));
}

/**
 * True when the event's actor is the deploy identity. A role ARN also matches its assumed-role
 * sessions (arn:aws:sts::acct:assumed-role/Name/session), which is how CI deploy roles show up.
 */
export function isDeployIdentity(e: Pick<TrailEvent, 'actor' | 'sessionIssuerArn'>, deployIdentity: string | undefined): boolean {
  if (!deployIdentity) return false;
  if (e.actor === deployIdentity || e.sessionIssuerArn === deployIdentity) return true;
  const role = parseRoleArn(deployIdentity);
  return !!role && e.actor.startsWith(assumedRolePrefix(role));
}

export function eventMatches(query: AttributionQuery, e: TrailEvent): boolean {
  if (e.eventSource !== query.eventSource) return false;
  const byPrefix = query.eventSource === 'lambda.amazonaws.com';
  if (!query.eventNames.some((n) => (byPrefix ? e.eventName.startsWith(n) : e.eventName === n))) return false;
  return query.item ? itemMatches(query.item, e.requestParameters) : true;
}

/** True when the event's requestParameters name every field the item sets (an event without them names nothing). */
export function itemMatches(item: AttributionItem, params: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!params) return false;
  if (item.policyArn !== undefined && params.policyArn !== item.policyArn) return false;
  if (item.policyName !== undefined && params.policyName !== item.policyName) return false;
  if (item.statementId !== undefined && params.statementId !== item.statementId) return false;
  if (item.tagKeys !== undefined) {
    const touched = new Set<string>();
    if (Array.isArray(params.tags))
      for (const t of params.tags)
        if (t && typeof t === 'object') touched.add(String((t as { key?: unknown }).key ?? (t as { Key?: unknown }).Key));
    if (Array.isArray(params.tagKeys)) for (const k of params.tagKeys) touched.add(String(k));
    if (!item.tagKeys.some((k) => touched.has(k))) return false;
  }
  return true;
}

/** The newest event matching the query, or undefined. */
export function newestMatch(query: AttributionQuery, events: readonly TrailEvent[]): TrailEvent | undefined {
  let best: TrailEvent | undefined;
  for (const e of events) {
    if (!eventMatches(query, e)) continue;
    if (!best || Date.parse(e.eventTime) > Date.parse(best.eventTime)) best = e;
  }
  return best;
}

export function toAttribution(e: TrailEvent, deployIdentity: string | undefined): Attribution {
  const viaConsole = isConsoleEvent(e);
  const byDeployIdentity = isDeployIdentity(e, deployIdentity);
  const summary = byDeployIdentity
    ? `by the deploy identity ${e.actor} at ${e.eventTime} (a Terraform run or pipeline)`
    : viaConsole
      ? `manual console edit by ${e.actor} at ${e.eventTime}`
      : `changed outside Terraform via CLI/SDK by ${e.actor} at ${e.eventTime}`;
  return {
    actor: e.actor,
    eventName: e.eventName,
    eventTime: e.eventTime,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    viaConsole,
    byDeployIdentity,
    summary,
  };
}

export interface AttributeOptions {
  readonly lookup: EventLookup;
  /**
   * ARN of the identity Terraform/CI deploys with; its changes are labelled as such.
   * @default - none (the drift job's own identity is usually a different, read-only one)
   */
  readonly deployIdentity?: string;
}

export interface AttributeResult {
  readonly findings: DriftFinding[];
  /** CloudTrail lookups that failed, one per region and resource; those findings say `lookup-failed`. */
  readonly warnings: ReportWarning[];
}

export async function attributeFindings(pending: readonly PendingFinding[], options: AttributeOptions): Promise<AttributeResult> {
  const failures = new Map<string, ReportWarning>();
  const findings = await Promise.all(
    pending.map(async ({ attributionQuery: q, ...finding }): Promise<DriftFinding> => {
      try {
        const events = await options.lookup.events(q.region, q.resourceName);
        const match = newestMatch(q, events);
        return match
          ? { ...finding, attribution: toAttribution(match, options.deployIdentity), attributionStatus: 'attributed' }
          : { ...finding, attribution: null, attributionStatus: 'no-matching-event' };
      } catch (err) {
        const resource = `CloudTrail ${q.region} ${q.resourceName}`;
        failures.set(resource, {
          code: 'ATTRIBUTION_LOOKUP_FAILED',
          resource,
          message: `who made these changes is unknown: ${describeSdkError('LookupEvents', err)}`,
        });
        return { ...finding, attribution: null, attributionStatus: 'lookup-failed' };
      }
    }),
  );
  return { findings, warnings: [...failures.values()] };
}

/** Findings without a CloudTrail lookup (attribution skipped). */
export function withoutAttribution(pending: readonly PendingFinding[]): DriftFinding[] {
  return pending.map(({ attributionQuery: _query, ...finding }) => ({ ...finding, attribution: null, attributionStatus: 'not-looked-up' }));
}
