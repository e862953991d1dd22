/**
 * Least-privilege logging: the function's own aws_cloudwatch_log_group, created before the function (so
 * Lambda never needs logs:CreateLogGroup), and the statement that lets the execution role write to that
 * group alone — instead of AWSLambdaBasicExecutionRole, which allows creating and writing any log group in
 * the account. Also Lambda's advanced logging settings (format, levels, custom group name).
 */
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from './cdk/aws';
import { ARN_RULES, checkArn, isUnresolvedValue } from './arn-rules';
import type { PolicyStatement } from './policy-types';
import { assertValid, checkTags, type Problem } from './validation';

/** How the role may write logs. */
export type LoggingPermissions =
  /** logs:CreateLogStream + logs:PutLogEvents on the function's log group only (recommended). */
  | 'scoped'
  /** AWSLambdaBasicExecutionRole (logs:CreateLogGroup/CreateLogStream/PutLogEvents on `*`). */
  | 'managed'
  /** No log permissions: the function's logs are dropped (e.g. it ships them elsewhere). */
  | 'none';

export type LogFormat = 'JSON' | 'Text';
export type ApplicationLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';

/** Lambda's advanced logging controls (aws_lambda_function logging_config). */
export interface FunctionLoggingConfig {
  /** @default 'Text' */
  readonly format?: LogFormat;
  /** Only with format JSON. @default - Lambda's default (INFO) */
  readonly applicationLogLevel?: ApplicationLogLevel;
  /** Only with format JSON. @default - Lambda's default (INFO) */
  readonly systemLogLevel?: SystemLogLevel;
  /** The group Lambda writes to. @default '/aws/lambda/<function name>' */
  readonly logGroupName?: string;
}

/** The retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function defaultLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** A log group name CloudWatch Logs accepts. */
export const LOG_GROUP_NAME = /^[\w.\-/#]{1,512}$/;

export function checkLogGroupName(name: string): Problem | undefined {
  if (isUnresolvedValue(name) || LOG_GROUP_NAME.test(name)) return undefined;
  return { rule: 'is not a log group name (1–512 letters, digits and . _ - / #)', fix: "use e.g. '/aws/lambda/orders'" };
}

export function checkRetention(days: number): Problem | undefined {
  if ((LOG_RETENTION_DAYS as readonly number[]).includes(days)) return undefined;
  return { rule: 'is not a retention period CloudWatch Logs accepts', fix: `use one of ${LOG_RETENTION_DAYS.join(', ')}` };
}

export function checkLoggingConfig(config: FunctionLoggingConfig): (Problem & { field: string }) | undefined {
  if ((config.applicationLogLevel || config.systemLogLevel) && config.format !== 'JSON')
    return {
      field: config.applicationLogLevel ? 'applicationLogLevel' : 'systemLogLevel',
      rule: `is set, but log levels apply only to format JSON (format is ${config.format ?? 'Text (the default)'})`,
      fix: "set format: 'JSON', or remove the level",
    };
  const name = config.logGroupName !== undefined ? checkLogGroupName(config.logGroupName) : undefined;
  return name ? { field: 'logGroupName', ...name } : undefined;
}

/** Where the group's ARN comes from: region, account and partition of the stack. */
export interface LogGroupLocation {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * The one statement of `scoped` logging. CreateLogStream and PutLogEvents are authorized on the log-stream
 * resource type, whose ARN is `…:log-group:NAME:log-stream:STREAM`; `…:log-group:NAME:*` covers it too and
 * is the form AWS documents, so both are listed. Nothing else in the account is writable.
 */
export function scopedLoggingStatements(logGroupName: string, at: LogGroupLocation): PolicyStatement[] {
  const group = `arn:${at.partition}:logs:${at.region}:${at.account}:log-group:${logGroupName}`;
  return [
    { sid: 'WriteOwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${group}:*`, `${group}:log-stream:*`] },
  ];
}

export interface FunctionLogGroupProps {
  /** The group's name, usually defaultLogGroupName(functionName) or the function's logging_config.log_group. */
  readonly logGroupName: string;
  /** @default - never expire */
  readonly retentionInDays?: number;
  /** KMS key ARN to encrypt the group with (its key policy must allow the logs service). @default - CloudWatch Logs encryption */
  readonly kmsKeyArn?: string;
  /** @default 'STANDARD' */
  readonly logClass?: 'STANDARD' | 'INFREQUENT_ACCESS';
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** The stack's partition, for the KMS key ARN check. @default 'aws' */
  readonly partition?: string;
}

/** The function's log group (aws_cloudwatch_log_group). Make the function depend on it. */
export class FunctionLogGroup extends Construct {
  readonly resource: CloudwatchLogGroup;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: FunctionLogGroupProps) {
    super(scope, id);
    const at = (field: string) => `${this.node.path} ${field}`;
    assertValid(at('logGroupName'), props.logGroupName, checkLogGroupName(props.logGroupName));
    if (props.retentionInDays !== undefined)
      assertValid(at('retentionInDays'), props.retentionInDays, checkRetention(props.retentionInDays));
    if (props.kmsKeyArn !== undefined)
      assertValid(at('kmsKeyArn'), props.kmsKeyArn, checkArn(props.kmsKeyArn, ARN_RULES.kmsKey, props.partition ?? 'aws'));
    if (props.tags) assertValid(at('tags'), props.tags, checkTags(props.tags));
    this.logGroupName = props.logGroupName;
    this.resource = new CloudwatchLogGroup(this, 'group', {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      logGroupClass: props.logClass,
      tags: props.tags && Object.keys(props.tags).length ? { ...props.tags } : undefined,
    });
  }
}
