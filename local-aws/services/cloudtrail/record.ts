/**
 * Why this exists: drift attribution reads CloudTrail to say *who* changed a role in the console. The records
 * must look like AWS's (record version 1.09) so the attribution code is written against the real shape.
 * Service modules only say what happened (`AuditEntry`); this file adds who, when, where and the ids.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, CallContext, CallerIdentity } from '../../types';
import { iamResourceName, parseArn } from '../../../shared/aws/arn';

export interface CloudTrailUserIdentity {
  readonly type: CallerIdentity['type'];
  readonly principalId: string;
  readonly arn: string;
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly userName?: string;
  readonly sessionContext?: {
    readonly sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
    readonly webIdFederationData: Record<string, never>;
    readonly attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
  };
}

/** One CloudTrail record, as `CloudTrailEvent` carries it (JSON). */
export interface CloudTrailRecord {
  readonly eventVersion: '1.09';
  readonly userIdentity: CloudTrailUserIdentity;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly requestID: string;
  readonly eventID: string;
  readonly readOnly: boolean;
  readonly resources?: readonly { readonly ARN?: string; readonly accountId?: string; readonly type?: string }[];
  readonly eventType: 'AwsApiCall';
  readonly managementEvent: true;
  readonly recipientAccountId: string;
  readonly eventCategory: 'Management';
  readonly sessionCredentialFromConsole?: 'true';
}

/** A record plus what LookupEvents needs to filter and to answer. */
export interface StoredEvent {
  /** Increases by one per record on this endpoint: orders events and anchors NextToken. */
  readonly seq: number;
  /** LookupEvents `Username`: root, the IAM user name, or the role session name. */
  readonly username: string;
  readonly resources: readonly { readonly ResourceType: string; readonly ResourceName: string }[];
  readonly record: CloudTrailRecord;
}

/** The cloudtrail service's state: events per `${accountId}:${region}`. */
export interface CloudTrailState {
  nextSeq: number;
  events: Record<string, StoredEvent[]>;
}

export const initialCloudTrailState = (): CloudTrailState => ({ nextSeq: 1, events: {} });

/** STS AssumeRole is the one recorded call we emit that AWS marks read-only. */
const READ_ONLY_EVENTS = new Set(['AssumeRole', 'GetCallerIdentity']);

/** AWS writes the console's own user agent this way today, whatever browser the human used. */
export const CONSOLE_USER_AGENT = 'AWS Internal';

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function usernameOf(caller: CallerIdentity): string {
  if (caller.type === 'Root') return 'root';
  if (caller.type === 'AssumedRole') return caller.sessionName ?? caller.arn.split('/').pop() ?? '';
  return iamResourceName(caller.arn) ?? '';
}

function userIdentityOf(caller: CallerIdentity, credentialsIssuedAt: string): CloudTrailUserIdentity {
  const base = {
    type: caller.type,
    principalId: caller.principalId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
  };
  if (caller.type === 'IAMUser') return { ...base, userName: usernameOf(caller) };
  if (caller.type !== 'AssumedRole' || !caller.roleArn) return base;
  return {
    ...base,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: caller.principalId.split(':')[0],
        arn: caller.roleArn,
        accountId: caller.accountId,
        userName: iamResourceName(caller.roleArn) ?? '',
      },
      webIdFederationData: {},
      attributes: { creationDate: credentialsIssuedAt, mfaAuthenticated: caller.console ? 'true' : 'false' },
    },
  };
}

/**
 * In the record itself AWS lists only resources it names by ARN (e.g. the role of an AssumeRole); IAM
 * management events carry no `resources` field, their names appear only in LookupEvents' `Resources`.
 */
function recordResources(resources: readonly { ResourceType: string; ResourceName: string }[]): Pick<CloudTrailRecord, 'resources'> {
  const withArn = resources.filter((r) => r.ResourceName.startsWith('arn:'));
  if (withArn.length === 0) return {};
  return {
    resources: withArn.map((r) => ({ ARN: r.ResourceName, accountId: parseArn(r.ResourceName)?.accountId ?? '', type: r.ResourceType })),
  };
}

/** Builds the record for a call and stores it in the account+region bucket. Returns the record. */
export function recordAudit(
  state: CloudTrailState,
  signingName: string,
  audit: AuditEntry,
  ctx: CallContext,
  credentialsIssuedAt: string,
): CloudTrailRecord {
  const region = audit.recordRegion ?? (signingName === 'iam' ? 'us-east-1' : ctx.region);
  const record: CloudTrailRecord = {
    eventVersion: '1.09',
    userIdentity: userIdentityOf(ctx.caller, credentialsIssuedAt),
    eventTime: isoSeconds(ctx.now),
    eventSource: `${signingName}.amazonaws.com`,
    eventName: audit.eventName,
    awsRegion: region,
    sourceIPAddress: ctx.sourceIp,
    userAgent: ctx.caller.console ? CONSOLE_USER_AGENT : ctx.userAgent,
    requestParameters: audit.requestParameters,
    responseElements: audit.responseElements ?? null,
    requestID: ctx.requestId,
    eventID: randomUUID(),
    readOnly: READ_ONLY_EVENTS.has(audit.eventName),
    ...recordResources(audit.resources ?? []),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ctx.caller.accountId,
    eventCategory: 'Management',
    ...(ctx.caller.console ? { sessionCredentialFromConsole: 'true' as const } : {}),
  };
  const key = `${ctx.caller.accountId}:${region}`;
  (state.events[key] ??= []).push({
    seq: state.nextSeq++,
    username: usernameOf(ctx.caller),
    resources: audit.resources ?? [],
    record,
  });
  return record;
}
