/**
 * "This must be an ARN of service S, resource type T" — the rule behind every typed ARN field of the
 * generator (invoker sources, dead-letter and destination targets, event sources, layers, keys, file
 * systems). One rule shape, so each field's error reads the same: the value, what was expected, an example.
 * Tokens and `${…}` interpolations are never judged: their value is known only at apply time.
 */
import { Token } from './cdk/core';
import { parseArn, type ArnParts } from '../shared/aws/arn';
import type { Problem } from './validation';

export interface ArnRule {
  /** The ARN's service part, e.g. 'sqs', 'execute-api'. */
  readonly service: string;
  /** What the resource part must look like (after the fifth colon), e.g. /^rule\// for EventBridge rules. */
  readonly resource: RegExp;
  /** Human name of the resource type, e.g. 'SQS queue'. */
  readonly label: string;
  /** A valid example in partition aws; shown in the fix with the stack's partition. */
  readonly example: string;
  /** The ARN carries no region and no account (S3 buckets). @default false */
  readonly global?: boolean;
}

export function isUnresolvedValue(value: string | undefined): boolean {
  return value !== undefined && (Token.isUnresolved(value) || value.includes('${'));
}

/** Undefined when `arn` fits the rule in `partition` (or is unresolved); otherwise the rule and the fix. */
export function checkArn(arn: string, rule: ArnRule, partition: string): Problem | undefined {
  if (isUnresolvedValue(arn)) return undefined;
  const parts = parseArn(arn);
  if (parts && fits(parts, rule, partition)) return undefined;
  return {
    rule: `is not ${/^([AEIOUaeiou]|S[A-Z0-9])/.test(rule.label) ? 'an' : 'a'} ${rule.label} ARN in partition ${partition}`,
    fix: `use an ARN like ${rule.example.replace(/^arn:aws:/, `arn:${partition}:`)}`,
  };
}

function fits(a: ArnParts, rule: ArnRule, partition: string): boolean {
  if (a.partition !== partition || a.service !== rule.service || !rule.resource.test(a.resource)) return false;
  return rule.global ? a.region === '' && a.accountId === '' : a.region !== '' && /^\d{12}$/.test(a.accountId);
}

/** The service part of an ARN, for choosing the rule (e.g. which destination type); undefined for non-ARNs and tokens. */
export function arnService(arn: string): string | undefined {
  return isUnresolvedValue(arn) ? undefined : parseArn(arn)?.service;
}

export const ARN_RULES = {
  sqsQueue: { service: 'sqs', resource: /^[\w-]{1,80}(\.fifo)?$/, label: 'SQS queue', example: 'arn:aws:sqs:us-east-1:123456789012:jobs' },
  snsTopic: {
    service: 'sns',
    resource: /^[\w-]{1,256}(\.fifo)?$/,
    label: 'SNS topic',
    example: 'arn:aws:sns:us-east-1:123456789012:alerts',
  },
  lambdaFunction: {
    service: 'lambda',
    resource: /^function:[\w-]{1,64}(:[\w$-]+)?$/,
    label: 'Lambda function',
    example: 'arn:aws:lambda:us-east-1:123456789012:function:on-failure',
  },
  eventBus: {
    service: 'events',
    resource: /^event-bus\/[\w.\-/]+$/,
    label: 'EventBridge event bus',
    example: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
  },
  s3Bucket: {
    service: 's3',
    resource: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    label: 'S3 bucket',
    example: 'arn:aws:s3:::failed-records',
    global: true,
  },
  kmsKey: {
    service: 'kms',
    resource: /^key\/[\w-]+$/,
    label: 'KMS key',
    example: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  kinesisStream: {
    service: 'kinesis',
    resource: /^stream\/[\w.-]{1,128}$/,
    label: 'Kinesis stream',
    example: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
  },
  kinesisConsumer: {
    service: 'kinesis',
    resource: /^stream\/[\w.-]{1,128}\/consumer\/[\w.-]{1,128}:\d+$/,
    label: 'Kinesis stream consumer',
    example: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/lambda:1700000000',
  },
  dynamodbStream: {
    service: 'dynamodb',
    resource: /^table\/[\w.-]{3,255}\/stream\/[\w.:-]+$/,
    label: 'DynamoDB stream',
    example: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000',
  },
  mskCluster: {
    service: 'kafka',
    resource: /^cluster\/[\w-]{1,64}\/[\w-]+$/,
    label: 'Amazon MSK cluster',
    example: 'arn:aws:kafka:us-east-1:123456789012:cluster/events/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab-1',
  },
  mqBroker: {
    service: 'mq',
    resource: /^broker:[\w-]{1,50}:b-[\w-]+$/,
    label: 'Amazon MQ broker',
    example: 'arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9',
  },
  secret: {
    service: 'secretsmanager',
    resource: /^secret:[\w/+=.@-]+$/,
    label: 'Secrets Manager secret',
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-creds-AbCdEf',
  },
  layerVersion: {
    service: 'lambda',
    resource: /^layer:[\w-]{1,140}:\d+$/,
    label: 'Lambda layer version',
    example: 'arn:aws:lambda:us-east-1:123456789012:layer:shared-libs:3',
  },
  efsAccessPoint: {
    service: 'elasticfilesystem',
    resource: /^access-point\/fsap-[0-9a-f]{8,40}$/,
    label: 'EFS access point',
    example: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0',
  },
  efsFileSystem: {
    service: 'elasticfilesystem',
    resource: /^file-system\/fs-[0-9a-f]{8,40}$/,
    label: 'EFS file system',
    example: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
  },
} as const satisfies Record<string, ArnRule>;
