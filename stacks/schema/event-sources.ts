/** Schema of eventSourceMappings (modules/event-source-types.ts documents each field; ranges are checked by its planner). */
import { z } from 'zod';

const base = {
  name: z.string().min(1),
  permissions: z.enum(['scoped', 'managed']).optional(),
  enabled: z.boolean().optional(),
  batchSize: z.number().int().optional(),
  maximumBatchingWindowInSeconds: z.number().int().optional(),
  filters: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
};
const onFailure = z
  .object({ destinationArn: z.string().min(1) })
  .strict()
  .optional();
const position = z.enum(['LATEST', 'TRIM_HORIZON']);
const stream = {
  startingPositionTimestamp: z.string().optional(),
  parallelizationFactor: z.number().int().optional(),
  maximumRetryAttempts: z.number().int().optional(),
  maximumRecordAgeInSeconds: z.number().int().optional(),
  bisectBatchOnFunctionError: z.boolean().optional(),
  tumblingWindowInSeconds: z.number().int().optional(),
  reportBatchItemFailures: z.boolean().optional(),
  onFailure,
};
const secretAuth = z.object({ kind: z.enum(['sasl-scram-512', 'sasl-scram-256', 'basic', 'mtls']), secretArn: z.string().min(1) }).strict();
const kafkaAuth = z.union([z.object({ kind: z.literal('iam') }).strict(), secretAuth]);
const kafka = {
  topic: z.string().min(1),
  startingPosition: position,
  consumerGroupId: z.string().min(1).optional(),
  onFailure,
  auth: kafkaAuth.optional(),
};

export const eventSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('sqs'),
      ...base,
      queueArn: z.string().min(1),
      maximumConcurrency: z.number().int().optional(),
      reportBatchItemFailures: z.boolean().optional(),
      kmsKeyArn: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('kinesis'),
      ...base,
      ...stream,
      startingPosition: z.enum(['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP']),
      streamArn: z.string().min(1),
      consumerArn: z.string().min(1).optional(),
      kmsKeyArn: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('dynamodb'), ...base, ...stream, startingPosition: position, streamArn: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('msk'), ...base, ...kafka, clusterArn: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('kafka'),
      ...base,
      ...kafka,
      bootstrapServers: z.array(z.string().min(1)).min(1),
      rootCaSecretArn: z.string().min(1).optional(),
      vpc: z
        .object({ subnetIds: z.array(z.string().min(1)).min(1), securityGroupIds: z.array(z.string().min(1)).min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('mq'),
      ...base,
      brokerArn: z.string().min(1),
      queue: z.string().min(1),
      credentialsSecretArn: z.string().min(1),
      virtualHost: z.string().min(1).optional(),
    })
    .strict(),
]);
