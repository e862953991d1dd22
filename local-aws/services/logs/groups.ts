/**
 * Log groups: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, Put/DeleteRetentionPolicy and
 * Associate/DisassociateKmsKey. The Terraform provider (5.100.0, aws_cloudwatch_log_group) creates with
 * tags and class in one call, sets retention with PutRetentionPolicy, and reads back through
 * DescribeLogGroups by prefix, keeping the entry whose name matches exactly; so every field it reads
 * (retentionInDays, kmsKeyId, logGroupClass, arn) is echoed as sent. There is no KMS here: a key is
 * accepted when its ARN is well formed and in the log group's region, and never looked up.
 */
import { AwsError, type CallContext } from '../../types';
import { getOwn, hasOwnKey, setOwn } from '../../core/own';
import {
  findGroup,
  LOG_GROUP_CLASSES,
  logGroupArn,
  logsRegionOf,
  NAME_CHARACTERS,
  removeGroup,
  RETENTION_DAYS,
  validateLogGroupName,
  type LogGroupClass,
  type LogsState,
  type StoredLogGroup,
} from './model';
import { validateTags } from './tags';
import { invalidParameter, member } from './wire';

const MAX_LIMIT = 50;

function validateKmsKey(ctx: CallContext, key: string): string {
  const m = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/.exec(key);
  if (!m) {
    throw invalidParameter(
      `kmsKeyId '${key}' is not a KMS key ARN. Pass the key's full ARN, arn:aws:kms:<region>:<account>:key/<key-id> (not an alias or a bare id).`,
    );
  }
  if (m[2] !== ctx.region) {
    throw invalidParameter(`kmsKeyId '${key}' is in ${m[2]}; a log group in ${ctx.region} needs a KMS key of the same region.`);
  }
  return key;
}

function validateRetention(days: number | undefined): number {
  if (days === undefined || !RETENTION_DAYS.includes(days)) {
    throw invalidParameter(
      `1 validation error detected: Value '${days ?? 'null'}' at 'retentionInDays' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    );
  }
  return days;
}

function validateClass(value: string | undefined): LogGroupClass {
  if (value === undefined || value === '') return 'STANDARD';
  if ((LOG_GROUP_CLASSES as readonly string[]).includes(value)) return value as LogGroupClass;
  throw invalidParameter(
    `1 validation error detected: Value '${value}' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: ` +
      `[${LOG_GROUP_CLASSES.join(', ')}] (DELIVERY log groups are made by log delivery and are not emulated here).`,
  );
}

export function createLogGroup(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  const name = validateLogGroupName(member.requiredString(input, 'logGroupName'));
  if (name.startsWith('aws/')) throw invalidParameter(`Log group name '${name}' is reserved: names may not start with 'aws/'.`);
  const kms = member.string(input, 'kmsKeyId');
  const group: StoredLogGroup = {
    logGroupName: name,
    creationTime: ctx.now.getTime(),
    logGroupClass: validateClass(member.string(input, 'logGroupClass')),
    tags: validateTags(member.stringMap(input, 'tags') ?? {}, {}),
    ...(kms ? { kmsKeyId: validateKmsKey(ctx, kms) } : {}),
  };
  const groups = logsRegionOf(state, ctx).logGroups;
  if (hasOwnKey(groups, name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists', 400);
  return setOwn(groups, name, group);
}

export function deleteLogGroup(state: LogsState, ctx: CallContext, input: Record<string, unknown>): string {
  const { logGroupName } = findGroup(state, ctx, member.requiredString(input, 'logGroupName'));
  removeGroup(state, ctx, logGroupName);
  return logGroupName;
}

export function putRetentionPolicy(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  // Input is validated before the group is looked up, as AWS does.
  const days = validateRetention(member.integer(input, 'retentionInDays'));
  const group = findGroup(state, ctx, member.requiredString(input, 'logGroupName'));
  group.retentionInDays = days;
  return group;
}

export function deleteRetentionPolicy(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  const group = findGroup(state, ctx, member.requiredString(input, 'logGroupName'));
  delete group.retentionInDays;
  return group;
}

/** AssociateKmsKey and DisassociateKmsKey name the group by logGroupName or (newer) resourceIdentifier. */
function groupForKms(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  const name = member.string(input, 'logGroupName');
  const identifier = member.string(input, 'resourceIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('logGroupName and resourceIdentifier are mutually exclusive. Pass one of them.');
  }
  const id = name ?? identifier;
  if (id === undefined) throw invalidParameter('Pass logGroupName (or resourceIdentifier) to name the log group.');
  const fromArn = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:]+)$/.exec(id);
  return findGroup(state, ctx, fromArn ? fromArn[1] : id);
}

export function associateKmsKey(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  const key = validateKmsKey(ctx, member.requiredString(input, 'kmsKeyId'));
  const group = groupForKms(state, ctx, input);
  group.kmsKeyId = key;
  return group;
}

export function disassociateKmsKey(state: LogsState, ctx: CallContext, input: Record<string, unknown>): StoredLogGroup {
  const group = groupForKms(state, ctx, input);
  delete group.kmsKeyId;
  return group;
}

/** DescribeLogGroups' entry: `arn` with `:*`, `logGroupArn` without; optional members only when set. */
export function describedGroup(ctx: CallContext, g: StoredLogGroup): Record<string, unknown> {
  const arn = logGroupArn(ctx, g.logGroupName);
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 0,
    ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
    logGroupClass: g.logGroupClass,
    logGroupArn: arn,
  };
}

interface PageToken {
  readonly after: string;
  readonly filter: string;
}

function decodeToken(token: string, filter: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageToken>;
    if (typeof parsed.after === 'string' && parsed.filter === filter) return parsed.after;
  } catch {
    // fall through
  }
  throw invalidParameter('The specified nextToken is invalid. Pass the nextToken of the previous answer with the same filters.');
}

function validatedFilter(input: Record<string, unknown>): (name: string, g: StoredLogGroup) => boolean {
  const prefix = member.string(input, 'logGroupNamePrefix');
  const pattern = member.string(input, 'logGroupNamePattern');
  const identifiers = member.stringList(input, 'logGroupIdentifiers');
  const cls = member.string(input, 'logGroupClass');
  if ([prefix, pattern, identifiers].filter((v) => v !== undefined).length > 1) {
    throw invalidParameter('logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive parameters. Pass one.');
  }
  if (prefix !== undefined) validateLogGroupName(prefix, 'logGroupNamePrefix');
  if (pattern !== undefined && pattern !== '' && !NAME_CHARACTERS.test(pattern)) {
    throw invalidParameter(`logGroupNamePattern '${pattern}' may contain only letters, digits and . - _ / #.`);
  }
  const names = identifiers?.map((id) => /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(id)?.[1] ?? id);
  const wantedClass = cls === undefined ? undefined : validateClass(cls);
  return (name, g) =>
    (prefix === undefined || name.startsWith(prefix)) &&
    // AWS documents the pattern match as a case-sensitive substring search.
    (pattern === undefined || name.includes(pattern)) &&
    (names === undefined || names.includes(name)) &&
    (wantedClass === undefined || g.logGroupClass === wantedClass);
}

export function describeLogGroups(state: LogsState, ctx: CallContext, input: Record<string, unknown>) {
  const limit = member.integer(input, 'limit') ?? MAX_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${MAX_LIMIT}.`,
    );
  }
  const matches = validatedFilter(input);
  // The token is bound to the filters, so a token reused with other filters is refused instead of skipping entries.
  const filter = JSON.stringify(['logGroupNamePrefix', 'logGroupNamePattern', 'logGroupIdentifiers', 'logGroupClass'].map((k) => input[k]));
  const token = member.string(input, 'nextToken');
  const after = token === undefined ? undefined : decodeToken(token, filter);
  const groups = logsRegionOf(state, ctx).logGroups;
  const names = Object.keys(groups)
    .sort()
    .filter((n) => (after === undefined || n > after) && matches(n, getOwn(groups, n)!));
  const page = names.slice(0, limit);
  const more = names.length > limit;
  return {
    logGroups: page.map((n) => describedGroup(ctx, getOwn(groups, n)!)),
    ...(more ? { nextToken: Buffer.from(JSON.stringify({ after: page[page.length - 1], filter })).toString('base64url') } : {}),
  };
}
