/**
 * What kind of event source a mapping reads, and the rules Lambda applies per kind when a mapping is
 * created or updated. There is no SQS, Kinesis, DynamoDB, MSK or MQ here: a source is any well-formed ARN
 * of its service in the caller's region, never looked up (the README says so). What Lambda itself checks
 * is checked: which parameters a kind accepts, their ranges, the starting position streams and Kafka need,
 * the one topic or queue Kafka and MQ need, MQ's BASIC_AUTH secret, batching above 10 SQS messages needing
 * a batching window, and filter patterns being JSON. The defaults are the ones GetEventSourceMapping
 * reports on AWS, so the provider's plan after apply is empty.
 */
import { AwsError, type CallContext } from '../../types';

export type SourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'msk' | 'kafka' | 'mq' | 'docdb';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

const SOURCE_ARNS: readonly { readonly kind: SourceKind; readonly pattern: RegExp; readonly example: string }[] = [
  {
    kind: 'sqs',
    pattern: /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
    example: 'arn:aws:sqs:<region>:<account>:<queue>',
  },
  {
    kind: 'kinesis',
    pattern: /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\d{12}:stream\/[A-Za-z0-9_.-]{1,128}(\/consumer\/[A-Za-z0-9_.-]+:\d+)?$/,
    example: 'arn:aws:kinesis:<region>:<account>:stream/<name>',
  },
  {
    kind: 'dynamodb',
    pattern: /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\d{12}:table\/[A-Za-z0-9_.-]{3,255}\/stream\/[0-9T:.-]+$/,
    example: 'arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>',
  },
  {
    kind: 'msk',
    pattern: /^arn:aws[a-z-]*:kafka:([a-z0-9-]+):\d{12}:cluster\/[^/]+\/[^/]+$/,
    example: 'arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>',
  },
  {
    kind: 'mq',
    pattern: /^arn:aws[a-z-]*:mq:([a-z0-9-]+):\d{12}:broker:[^:]+:b-[a-z0-9-]+$/,
    example: 'arn:aws:mq:<region>:<account>:broker:<name>:b-<id>',
  },
  {
    kind: 'docdb',
    pattern: /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:cluster:[a-z][a-z0-9-]*$/,
    example: 'arn:aws:rds:<region>:<account>:cluster:<name>',
  },
];

/** The kind of a mapping's source: from its ARN, or self-managed Kafka when it has SelfManagedEventSource. */
export function sourceKindOf(ctx: CallContext, eventSourceArn: string | undefined, selfManaged: boolean): SourceKind {
  if (selfManaged) {
    if (eventSourceArn !== undefined) throw invalid('Pass either EventSourceArn or SelfManagedEventSource, not both.');
    return 'kafka';
  }
  if (eventSourceArn === undefined) {
    throw invalid('EventSourceArn is required (or SelfManagedEventSource for a self-managed Apache Kafka cluster).');
  }
  for (const { kind, pattern } of SOURCE_ARNS) {
    const m = pattern.exec(eventSourceArn);
    if (!m) continue;
    if (m[1] !== ctx.region) {
      throw invalid(
        `EventSourceArn ${eventSourceArn} is in ${m[1]}; an event source mapping in ${ctx.region} needs a source in the same region.`,
      );
    }
    return kind;
  }
  throw invalid(
    `EventSourceArn '${eventSourceArn}' is not the ARN of a supported event source. Use one of: ${SOURCE_ARNS.map((s) => s.example).join('; ')}.`,
  );
}

export const isStream = (kind: SourceKind): boolean => kind === 'kinesis' || kind === 'dynamodb';
export const isKafka = (kind: SourceKind): boolean => kind === 'msk' || kind === 'kafka';

/** Parameters each kind accepts beyond the common ones (BatchSize, window, filters, Enabled, FunctionResponseTypes…). */
const ONLY_FOR: Readonly<Record<string, (kind: SourceKind) => boolean>> = {
  ParallelizationFactor: isStream,
  MaximumRecordAgeInSeconds: isStream,
  MaximumRetryAttempts: isStream,
  BisectBatchOnFunctionError: isStream,
  TumblingWindowInSeconds: isStream,
  StartingPosition: (k) => isStream(k) || isKafka(k) || k === 'docdb',
  StartingPositionTimestamp: (k) => isStream(k) || isKafka(k) || k === 'docdb',
  DestinationConfig: (k) => isStream(k) || isKafka(k),
  ScalingConfig: (k) => k === 'sqs',
  Topics: isKafka,
  AmazonManagedKafkaEventSourceConfig: (k) => k === 'msk',
  SelfManagedKafkaEventSourceConfig: (k) => k === 'kafka',
  ProvisionedPollerConfig: isKafka,
  Queues: (k) => k === 'mq',
  DocumentDBEventSourceConfig: (k) => k === 'docdb',
  SourceAccessConfigurations: (k) => k === 'kafka' || k === 'mq' || k === 'msk',
};

const KIND_NAMES: Readonly<Record<SourceKind, string>> = {
  sqs: 'Amazon SQS',
  kinesis: 'Amazon Kinesis',
  dynamodb: 'Amazon DynamoDB Streams',
  msk: 'Amazon MSK',
  kafka: 'self-managed Apache Kafka',
  mq: 'Amazon MQ',
  docdb: 'Amazon DocumentDB',
};

function range(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max))
    throw invalid(`${field} ${value} is out of range. Use a value from ${min} to ${max}.`);
}

/** The mapping's fields after defaults: what AWS stores and GetEventSourceMapping reports. */
export type MappingFields = Record<string, unknown>;

/**
 * Checks the merged fields of a mapping of `kind` (create input, or current fields plus an update) and
 * returns them with the service's defaults filled in.
 */
export function validateForKind(kind: SourceKind, fields: MappingFields): MappingFields {
  for (const [key, applies] of Object.entries(ONLY_FOR)) {
    if (fields[key] !== undefined && !applies(kind)) {
      throw invalid(`Unsupported ${key} parameter for an ${KIND_NAMES[kind]} event source mapping. Remove ${key}.`);
    }
  }
  const batch = (fields.BatchSize as number | undefined) ?? (kind === 'sqs' ? 10 : 100);
  const window = fields.MaximumBatchingWindowInSeconds as number | undefined;
  const fifo = kind === 'sqs' && String(fields.EventSourceArn).endsWith('.fifo');
  range('BatchSize', batch, 1, fifo ? 10 : 10000);
  range('MaximumBatchingWindowInSeconds', window, 0, 300);
  if (kind === 'sqs' && batch > 10 && !window) {
    throw invalid(
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10. Set MaximumBatchingWindowInSeconds.',
    );
  }
  checkStartingPosition(kind, fields);
  range('ParallelizationFactor', fields.ParallelizationFactor as number | undefined, 1, 10);
  range('MaximumRetryAttempts', fields.MaximumRetryAttempts as number | undefined, -1, 10000);
  range('TumblingWindowInSeconds', fields.TumblingWindowInSeconds as number | undefined, 0, 900);
  const age = fields.MaximumRecordAgeInSeconds as number | undefined;
  if (age !== undefined && age !== -1 && (age < 60 || age > 604800)) {
    throw invalid(`MaximumRecordAgeInSeconds ${age} is out of range. Use -1 (no limit) or a value from 60 to 604800.`);
  }
  const max = (fields.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency;
  range('ScalingConfig.MaximumConcurrency', max, 2, 1000);
  if (isKafka(kind) && (fields.Topics as string[] | undefined)?.length !== 1) {
    throw invalid(`Topics must name exactly one topic for an ${KIND_NAMES[kind]} event source.`);
  }
  if (kind === 'mq') checkMq(fields);
  return withDefaults(kind, { ...fields, BatchSize: batch });
}

function checkStartingPosition(kind: SourceKind, fields: MappingFields): void {
  const position = fields.StartingPosition as string | undefined;
  const needs = isStream(kind) || isKafka(kind);
  if (needs && position === undefined) {
    throw invalid(`StartingPosition is required for an ${KIND_NAMES[kind]} event source: TRIM_HORIZON, LATEST or AT_TIMESTAMP.`);
  }
  if (position === undefined) return;
  if (!['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'].includes(position)) {
    throw invalid(`StartingPosition '${position}' is not valid. Use TRIM_HORIZON, LATEST or AT_TIMESTAMP.`);
  }
  if (position === 'AT_TIMESTAMP' && kind === 'dynamodb')
    throw invalid('StartingPosition AT_TIMESTAMP is not supported for DynamoDB streams.');
  if ((position === 'AT_TIMESTAMP') !== (fields.StartingPositionTimestamp !== undefined)) {
    throw invalid('StartingPositionTimestamp is required with StartingPosition AT_TIMESTAMP, and only with it.');
  }
}

function checkMq(fields: MappingFields): void {
  if ((fields.Queues as string[] | undefined)?.length !== 1)
    throw invalid('Queues must name exactly one queue for an Amazon MQ event source.');
  const access = (fields.SourceAccessConfigurations as { Type?: string }[] | undefined) ?? [];
  if (!access.some((a) => a.Type === 'BASIC_AUTH')) {
    throw invalid(
      'An Amazon MQ event source needs a SourceAccessConfigurations entry of Type BASIC_AUTH with the broker credentials secret ARN as URI.',
    );
  }
}

/** What AWS reports for members the request left out, per kind. */
function withDefaults(kind: SourceKind, fields: MappingFields): MappingFields {
  const out: MappingFields = { MaximumBatchingWindowInSeconds: 0, FunctionResponseTypes: [], ...fields };
  if (isStream(kind)) {
    return {
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
      LastProcessingResult: 'No records processed',
      ...out,
    };
  }
  if (isKafka(kind)) {
    const key = kind === 'msk' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig';
    const given = fields[key] as { ConsumerGroupId?: string } | undefined;
    // Without a consumer group id, Lambda uses the mapping's UUID (filled in by the caller, which knows it).
    return { LastProcessingResult: 'No records processed', ...out, [key]: { ConsumerGroupId: given?.ConsumerGroupId ?? '' } };
  }
  return out;
}
