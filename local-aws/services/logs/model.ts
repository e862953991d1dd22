/**
 * The CloudWatch Logs module's state and the lookups its operations share. Log groups are regional and
 * per account, like Lambda functions. A log group has two ARNs on the wire: DescribeLogGroups' `arn` ends
 * in `:*` (it covers the streams), while `logGroupArn` and every tagging call use the ARN without it.
 */
import { AwsError, type CallContext } from '../../types';
import { deleteOwn, ensureOwn, getOwn } from '../../core/own';
import { partitionForRegion } from '../../../shared/aws/partition';
import { invalidParameter } from './wire';

export type LogGroupClass = 'STANDARD' | 'INFREQUENT_ACCESS';

export const LOG_GROUP_CLASSES: readonly LogGroupClass[] = ['STANDARD', 'INFREQUENT_ACCESS'];

/** The only retention periods PutRetentionPolicy accepts (days). */
export const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export interface StoredLogGroup {
  readonly logGroupName: string;
  /** Epoch milliseconds, as DescribeLogGroups reports it. */
  readonly creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  readonly logGroupClass: LogGroupClass;
  tags: Record<string, string>;
}

export interface LogsRegionState {
  logGroups: Record<string, StoredLogGroup>;
}

export interface LogsState {
  /** accountId → region → log groups by name. */
  accounts: Record<string, Record<string, LogsRegionState>>;
}

export function initialLogsState(): LogsState {
  return { accounts: {} };
}

export function logsRegionOf(state: LogsState, ctx: CallContext): LogsRegionState {
  const account = ensureOwn(state.accounts, ctx.caller.accountId, () => ({}));
  return ensureOwn(account, ctx.region, () => ({ logGroups: {} }));
}

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME (the tagging form, without `:*`). */
export function logGroupArnIn(region: string, accountId: string, name: string): string {
  return `arn:${partitionForRegion(region)}:logs:${region}:${accountId}:log-group:${name}`;
}

export function logGroupArn(ctx: CallContext, name: string): string {
  return logGroupArnIn(ctx.region, ctx.caller.accountId, name);
}

/** The service's pattern for names (and what a prefix or pattern filter may contain). */
export const NAME_CHARACTERS = /^[.\-_/#A-Za-z0-9]+$/;

export function validateLogGroupName(name: string, field = 'logGroupName'): string {
  if (name.length < 1 || name.length > 512) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must have length between 1 and 512.`,
    );
  }
  if (!NAME_CHARACTERS.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+. ` +
        'Use letters, digits and . - _ / # only, e.g. /aws/lambda/my-function.',
    );
  }
  return name;
}

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
}

export function findGroup(state: LogsState, ctx: CallContext, name: string): StoredLogGroup {
  const group = getOwn(logsRegionOf(state, ctx).logGroups, validateLogGroupName(name));
  if (!group) throw groupNotFound();
  return group;
}

export function removeGroup(state: LogsState, ctx: CallContext, name: string): void {
  deleteOwn(logsRegionOf(state, ctx).logGroups, name);
}

/**
 * The log group a tagging ARN names. The `:*` form is refused with the reason (AWS wants the ARN without
 * it); an ARN of another region or account cannot name one of this caller's groups.
 */
export function groupByArn(state: LogsState, ctx: CallContext, arn: string): StoredLogGroup {
  const m = /^arn:(aws[a-z-]*):logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(:\*)?$/.exec(arn);
  if (!m) {
    throw invalidParameter(
      `resourceArn '${arn}' is not a log group ARN. Use arn:aws:logs:<region>:<account>:log-group:<name>, as logGroupArn in DescribeLogGroups shows it.`,
    );
  }
  if (m[5]) {
    throw invalidParameter(
      `resourceArn '${arn}' ends in ':*'. Tag operations take the log group ARN without it (logGroupArn in DescribeLogGroups): ${arn.slice(0, -2)}.`,
    );
  }
  if (m[2] !== ctx.region || m[3] !== ctx.caller.accountId) {
    throw new AwsError(
      'ResourceNotFoundException',
      `The specified log group does not exist: ${arn} is in ${m[3]}/${m[2]}, the request was signed for ${ctx.caller.accountId}/${ctx.region}.`,
      400,
    );
  }
  return findGroup(state, ctx, m[4]);
}
