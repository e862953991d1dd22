/**
 * Typed event sources for aws_lambda_event_source_mapping: the polled services Lambda reads on the
 * function's behalf (SQS, Kinesis, DynamoDB streams, Amazon MSK, self-managed Kafka, Amazon MQ). Lambda
 * polls with the *execution role*, so each source also implies permissions: `scoped` statements on the
 * source's own ARN (the default, see event-source-permissions.ts), or the AWS managed execution policy.
 */

/** How the role gets the polling permissions. */
export type EventSourcePermissions =
  /** Statements limited to this source's ARN(s). Recommended. */
  | 'scoped'
  /** The AWS managed AWSLambda<Source>ExecutionRole (every queue/stream/cluster, plus logs on `*`). */
  | 'managed';

interface EventSourceBase {
  /** Names the mapping; its construct id is `esm-<kind>-<name>`, never a list index. */
  readonly name: string;
  /** @default 'scoped' */
  readonly permissions?: EventSourcePermissions;
  /** @default true */
  readonly enabled?: boolean;
  /** Records per batch, 1–10000. @default - Lambda's default for the source (10 for SQS, 100 for streams and Kafka) */
  readonly batchSize?: number;
  /** Seconds to gather a batch, 0–300. @default 0 */
  readonly maximumBatchingWindowInSeconds?: number;
  /**
   * Event filter patterns (JSON objects, or their JSON text), at most 5: only matching records invoke.
   * @default - every record
   */
  readonly filters?: readonly (string | Readonly<Record<string, unknown>>)[];
}

/** Where records that failed every retry go; the role is granted the send permission on that ARN. */
export interface OnFailure {
  /** An SQS queue, SNS topic or S3 bucket ARN. */
  readonly destinationArn: string;
}

export interface SqsEventSource extends EventSourceBase {
  readonly kind: 'sqs';
  /** The queue Lambda polls. */
  readonly queueArn: string;
  /** Most concurrent invocations this queue may drive, 2–1000. @default - no limit beyond the function's */
  readonly maximumConcurrency?: number;
  /** Report partial batch failures (functionResponseTypes ReportBatchItemFailures). @default false */
  readonly reportBatchItemFailures?: boolean;
  /** The queue's SSE KMS key: kms:Decrypt on it. @default - none (SQS-managed encryption) */
  readonly kmsKeyArn?: string;
}

export type StartingPosition = 'LATEST' | 'TRIM_HORIZON';

interface StreamSourceBase extends EventSourceBase {
  /** Where a new mapping starts reading the stream: LATEST, TRIM_HORIZON or (Kinesis) AT_TIMESTAMP. */
  readonly startingPosition: StartingPosition | 'AT_TIMESTAMP';
  /** RFC 3339 time; only with AT_TIMESTAMP (Kinesis). @default - none */
  readonly startingPositionTimestamp?: string;
  /** Concurrent batches per shard, 1–10. @default 1 */
  readonly parallelizationFactor?: number;
  /** -1 (until the record expires) to 10000. @default -1 */
  readonly maximumRetryAttempts?: number;
  /** -1 (no limit) or 60–604800 seconds. @default -1 */
  readonly maximumRecordAgeInSeconds?: number;
  /** @default false */
  readonly bisectBatchOnFunctionError?: boolean;
  /** 0–900 seconds. @default - no tumbling window */
  readonly tumblingWindowInSeconds?: number;
  /** @default false */
  readonly reportBatchItemFailures?: boolean;
  /** @default - failed records are dropped once they expire or run out of retries */
  readonly onFailure?: OnFailure;
}

export interface KinesisEventSource extends StreamSourceBase {
  readonly kind: 'kinesis';
  readonly streamArn: string;
  /** An enhanced fan-out consumer of the stream: the mapping reads through it (SubscribeToShard). @default - shared throughput */
  readonly consumerArn?: string;
  /** The stream's KMS key: kms:Decrypt on it. @default - none */
  readonly kmsKeyArn?: string;
}

export interface DynamoDbEventSource extends StreamSourceBase {
  readonly kind: 'dynamodb';
  /** Where a new mapping starts reading the stream: LATEST or TRIM_HORIZON. */
  readonly startingPosition: StartingPosition;
  /** arn:…:dynamodb:…:table/<table>/stream/<label> */
  readonly streamArn: string;
}

/** Authentication of a Kafka source; secrets are Secrets Manager ARNs the role may read. */
export type KafkaAuth =
  | { readonly kind: 'iam' }
  | {
      readonly kind: 'sasl-scram-512' | 'sasl-scram-256' | 'basic' | 'mtls';
      /** The Secrets Manager secret with the credentials (or, for mtls, the client certificate); the role may read it. */
      readonly secretArn: string;
    };

interface KafkaSourceBase extends EventSourceBase {
  /** The topic to read. */
  readonly topic: string;
  /** Where a new mapping starts reading the topic: LATEST or TRIM_HORIZON. */
  readonly startingPosition: StartingPosition;
  /** @default - Lambda uses the mapping's UUID as consumer group */
  readonly consumerGroupId?: string;
  /** @default - failed records are dropped */
  readonly onFailure?: OnFailure;
}

export interface MskEventSource extends KafkaSourceBase {
  readonly kind: 'msk';
  /** The Amazon MSK cluster. */
  readonly clusterArn: string;
  /** `iam`, `sasl-scram-512` or `mtls`. @default - unauthenticated */
  readonly auth?: KafkaAuth;
}

export interface KafkaEventSource extends KafkaSourceBase {
  readonly kind: 'kafka';
  /** host:port of each broker. */
  readonly bootstrapServers: readonly string[];
  /** `basic`, `sasl-scram-256`, `sasl-scram-512` or `mtls` (not `iam`). @default - unauthenticated */
  readonly auth?: KafkaAuth;
  /** Secret holding the root CA of the brokers' TLS certificates. @default - public CAs */
  readonly rootCaSecretArn?: string;
  /** The VPC the brokers are reachable in: Lambda creates network interfaces there. @default - reachable from the internet */
  readonly vpc?: {
    /** Subnets (subnet-…) Lambda creates its network interfaces in. */
    readonly subnetIds: readonly string[];
    /** Security groups (sg-…) of those network interfaces; they must reach the brokers. */
    readonly securityGroupIds: readonly string[];
  };
}

export interface MqEventSource extends EventSourceBase {
  readonly kind: 'mq';
  /** The Amazon MQ broker. */
  readonly brokerArn: string;
  /** The queue to read. */
  readonly queue: string;
  /** Secret with the broker user's username and password (BASIC_AUTH). */
  readonly credentialsSecretArn: string;
  /** RabbitMQ virtual host. @default - the broker's default '/' */
  readonly virtualHost?: string;
}

export type EventSource = SqsEventSource | KinesisEventSource | DynamoDbEventSource | MskEventSource | KafkaEventSource | MqEventSource;
export type EventSourceMappingKind = EventSource['kind'];
