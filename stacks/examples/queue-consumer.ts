import { join } from 'node:path';
import type { StackDefinition } from '../definition';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq';

/** SQS consumer of the jobs queue; poison messages and failed async invocations go to the DLQ. */
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
      statements: [{ sid: 'SendToDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [DLQ] }],
      code: {
        path: join(__dirname, 'functions', 'queue-consumer'),
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        timeout: 60,
        deadLetterTargetArn: DLQ,
      },
    },
  ],
};
