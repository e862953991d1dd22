import { join } from 'node:path';
import type { StackDefinition } from '../definition';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq';
const JOB_RESULTS = 'arn:aws:dynamodb:us-east-1:000000000000:table/JobResults';
const JOB_EVENTS_QUEUE = 'arn:aws:sqs:us-east-1:000000000000:job-events';
const JOB_EVENTS_TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/JobEvents';

/**
 * SQS consumers of the jobs platform. queue-consumer: the jobs queue, with the AWS managed event-source
 * policy and basic logging, and a dead-letter queue (which implies sqs:SendMessage on it). job-events: the
 * least-privilege way, which we recommend: a scoped SQS event source mapping (the queue actions on that
 * queue only) and scoped logging (its own log group, created here, and nothing else).
 */
export const queueConsumer: StackDefinition = {
  name: 'queue-consumer',
  region: 'us-east-1',
  account: '000000000000',
  defaults: { tags: { team: 'platform', 'managed-by': 'lambda-roles' } },
  functions: [
    {
      name: 'queue-consumer',
      role: { description: 'Consumes the jobs queue' },
      // Terraform owns the full list of attached policies: one attached by hand is detached on apply.
      exclusiveAttachments: true,
      features: { eventSources: ['sqs'] },
      statements: [{ sid: 'StoreJobResults', actions: ['dynamodb:PutItem'], resources: [JOB_RESULTS] }],
      code: {
        path: join(__dirname, 'functions', 'queue-consumer'),
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        timeout: 60,
        // Failed asynchronous invocations go here; the role gets sqs:SendMessage on this queue alone.
        deadLetterTargetArn: DLQ,
      },
    },
    {
      name: 'job-events',
      role: { description: 'Records job lifecycle events from the job-events queue' },
      // Its own log group (14 days, JSON), and CreateLogStream/PutLogEvents on that group only.
      logging: { permissions: 'scoped', logGroup: { retentionInDays: 14 }, format: 'JSON', applicationLogLevel: 'INFO' },
      // ReceiveMessage/DeleteMessage/GetQueueAttributes on this queue only; only the two event types invoke.
      eventSourceMappings: [
        {
          kind: 'sqs',
          name: 'job-events',
          queueArn: JOB_EVENTS_QUEUE,
          batchSize: 10,
          maximumBatchingWindowInSeconds: 5,
          reportBatchItemFailures: true,
          filters: [{ body: { type: ['job.finished', 'job.failed'] } }],
        },
      ],
      statements: [{ sid: 'RecordJobEvents', actions: ['dynamodb:PutItem'], resources: [JOB_EVENTS_TABLE] }],
      code: { path: join(__dirname, 'functions', 'job-events'), runtime: 'nodejs20.x', handler: 'index.handler', timeout: 30 },
    },
  ],
};
