/**
 * Schema of eventSourceMappings (modules/event-source-types.ts documents each field). Its planner
 * (modules/event-sources.ts) checks the ranges and ARNs with messages naming value, rule and fix; the JSON
 * Schema states the same rules as keywords (json-rules.ts).
 */
import { z } from 'zod';
import { ARN_RULES, type ArnRule } from '../../modules/arn-rules';
import { destinationArnRules, STREAM_FAILURE_KINDS } from '../../modules/destinations';
import { MANAGED_EVENT_SOURCE_POLICY } from '../../modules/event-source-permissions';
import type { EventSourceMappingKind } from '../../modules/event-source-types';
import { arnPattern, jsonRule } from './json-rules';

const int = (minimum: number, maximum?: number) => jsonRule(z.number().int(), { minimum, ...(maximum !== undefined ? { maximum } : {}) });
const arn = (...rules: ArnRule[]) => jsonRule(z.string().min(1), { pattern: arnPattern(...rules) });

const common = {
  name: jsonRule(z.string().min(1), { pattern: '^[\\w.-]{1,64}$' }),
  enabled: z.boolean().optional(),
  batchSize: int(1, 10000).optional(),
  maximumBatchingWindowInSeconds: int(0, 300).optional(),
  filters: jsonRule(z.array(z.union([z.string(), z.record(z.string(), z.unknown())])), { maxItems: 5 }).optional(),
};
const base = (kind: EventSourceMappingKind) => ({
  ...common,
  // Only the kinds with an AWS managed execution policy offer 'managed'.
  permissions: jsonRule(z.enum(['scoped', 'managed']), {
    enum: MANAGED_EVENT_SOURCE_POLICY[kind] ? ['scoped', 'managed'] : ['scoped'],
  }).optional(),
});
const onFailure = z
  .object({ destinationArn: arn(...destinationArnRules(STREAM_FAILURE_KINDS)) })
  .strict()
  .optional();
const position = z.enum(['LATEST', 'TRIM_HORIZON']);
const stream = {
  startingPositionTimestamp: z.string().optional(),
  parallelizationFactor: int(1, 10).optional(),
  maximumRetryAttempts: int(-1, 10000).optional(),
  maximumRecordAgeInSeconds: jsonRule(z.number().int(), { anyOf: [{ enum: [-1] }, { minimum: 60, maximum: 604800 }] }).optional(),
  bisectBatchOnFunctionError: z.boolean().optional(),
  tumblingWindowInSeconds: int(0, 900).optional(),
  reportBatchItemFailures: z.boolean().optional(),
  onFailure,
};
/** The secret-based authentications; which ones a source kind offers is checked by the planner (and stated per kind below). */
const secretAuth = (kinds: readonly string[]) =>
  z
    .object({
      kind: jsonRule(z.enum(['sasl-scram-512', 'sasl-scram-256', 'basic', 'mtls']), { enum: kinds }),
      secretArn: arn(ARN_RULES.secret),
    })
    .strict();
const kafka = {
  topic: jsonRule(z.string().min(1), { pattern: '^[\\w.-]{1,249}$' }),
  startingPosition: position,
  consumerGroupId: z.string().min(1).optional(),
  onFailure,
};
const iamAuth = z.object({ kind: z.literal('iam') }).strict();
const vpc = z
  .object({ subnetIds: z.array(z.string().min(1)).min(1), securityGroupIds: z.array(z.string().min(1)).min(1) })
  .strict()
  .optional();

export const eventSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('sqs'),
      ...base('sqs'),
      queueArn: arn(ARN_RULES.sqsQueue),
      maximumConcurrency: int(2, 1000).optional(),
      reportBatchItemFailures: z.boolean().optional(),
      kmsKeyArn: arn(ARN_RULES.kmsKey).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('kinesis'),
      ...base('kinesis'),
      ...stream,
      startingPosition: z.enum(['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP']),
      streamArn: arn(ARN_RULES.kinesisStream),
      consumerArn: arn(ARN_RULES.kinesisConsumer).optional(),
      kmsKeyArn: arn(ARN_RULES.kmsKey).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('dynamodb'),
      ...base('dynamodb'),
      ...stream,
      startingPosition: position,
      streamArn: arn(ARN_RULES.dynamodbStream),
    })
    .strict(),
  z
    .object({
      kind: z.literal('msk'),
      ...base('msk'),
      ...kafka,
      clusterArn: arn(ARN_RULES.mskCluster),
      auth: z.union([iamAuth, secretAuth(['sasl-scram-512', 'mtls'])]).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('kafka'),
      ...base('kafka'),
      ...kafka,
      bootstrapServers: z.array(jsonRule(z.string().min(1), { pattern: '^[\\w.-]+:\\d{1,5}$' })).min(1),
      // 'iam' is Amazon MSK's only: the planner says so, the JSON Schema offers the secret kinds alone.
      auth: jsonRule(z.union([iamAuth, secretAuth(['basic', 'sasl-scram-256', 'sasl-scram-512', 'mtls'])]), {
        not: { type: 'object', properties: { kind: { const: 'iam' } }, required: ['kind'] },
      }).optional(),
      rootCaSecretArn: arn(ARN_RULES.secret).optional(),
      vpc,
    })
    .strict(),
  z
    .object({
      kind: z.literal('mq'),
      ...base('mq'),
      brokerArn: arn(ARN_RULES.mqBroker),
      queue: z.string().min(1),
      credentialsSecretArn: arn(ARN_RULES.secret),
      virtualHost: z.string().min(1).optional(),
    })
    .strict(),
]);
