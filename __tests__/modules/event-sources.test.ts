/**
 * Event sources: the planner's mapping arguments and role statements per source kind, its rules, the
 * scoped statements judged by the real checks, and the EventSourceMapping construct's Terraform.
 */
import { TerraformVariable } from 'cdktf';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { planEventSource, type EventSourcePlan } from '../../modules/event-sources';
import type { EventSource } from '../../modules/event-source-types';
import { EventSourceMapping } from '../../modules/event-source-mapping';
import { runChecks } from '../../modules/checks/run-checks';
import { onlyResource, synthConstructs } from '../helpers/synth';

const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:jobs';
const STREAM = 'arn:aws:kinesis:us-east-1:111122223333:stream/clicks';
const CONSUMER = `${STREAM}/consumer/lambda:1700000000`;
const DDB_STREAM = 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-01-01T00:00:00.000';
const CLUSTER = 'arn:aws:kafka:us-east-1:111122223333:cluster/events/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab-1';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:kafka-AbCdEf';
const BROKER = 'arn:aws:mq:us-east-1:111122223333:broker:orders:b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9';
const DLQ = 'arn:aws:sqs:us-east-1:111122223333:failed-records';

function planOf(source: EventSource): EventSourcePlan {
  const r = planEventSource(source, 'aws');
  if (!r.ok) throw new Error(`${r.field}: ${r.problem.rule}`);
  return r.plan;
}
const grants = (p: EventSourcePlan) => p.statements.map((s) => [s.actions, s.resources]);
const findingsFor = (p: EventSourcePlan) =>
  runChecks([
    { subject: { kind: 'identity-policy', path: 'x', policyName: 'implied-event-sources', statements: p.statements }, suppressions: [] },
  ]).findings;

describe('planEventSource: scoped permissions per source, on its ARN', () => {
  it('sqs: ReceiveMessage/DeleteMessage/GetQueueAttributes on the queue; batching, filters, concurrency, partial failures', () => {
    const p = planOf({
      kind: 'sqs',
      name: 'jobs',
      queueArn: QUEUE,
      batchSize: 50,
      maximumBatchingWindowInSeconds: 5,
      maximumConcurrency: 20,
      reportBatchItemFailures: true,
      filters: [{ body: { type: ['order'] } }, '{"attributes":{"MessageGroupId":["a"]}}'],
    });
    expect(p.id).toBe('esm-sqs-jobs');
    expect(p.mapping).toEqual({
      eventSourceArn: QUEUE,
      batchSize: 50,
      maximumBatchingWindowInSeconds: 5,
      scalingConfig: { maximumConcurrency: 20 },
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterCriteria: { filter: [{ pattern: '{"body":{"type":["order"]}}' }, { pattern: '{"attributes":{"MessageGroupId":["a"]}}' }] },
    });
    expect(grants(p)).toEqual([[['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [QUEUE]]]);
    expect(p.managedPolicy).toBeUndefined();
  });

  it('sqs managed: the AWS managed policy instead, plus only what it lacks (the queue key)', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const p = planOf({ kind: 'sqs', name: 'jobs', queueArn: QUEUE, permissions: 'managed', kmsKeyArn: key });
    expect(p.managedPolicy).toBe('AWSLambdaSQSQueueExecutionRole');
    expect(grants(p)).toEqual([[['kms:Decrypt'], [key]]]);
  });

  it('kinesis through an enhanced fan-out consumer, with an on-failure queue: stream, consumer and SendMessage on the queue', () => {
    const p = planOf({
      kind: 'kinesis',
      name: 'clicks',
      streamArn: STREAM,
      consumerArn: CONSUMER,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: '2024-06-01T00:00:00Z',
      parallelizationFactor: 2,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true,
      onFailure: { destinationArn: DLQ },
    });
    expect(p.mapping).toMatchObject({
      eventSourceArn: CONSUMER,
      startingPosition: 'AT_TIMESTAMP',
      destinationConfig: { onFailure: { destinationArn: DLQ } },
      parallelizationFactor: 2,
    });
    expect(grants(p)).toEqual([
      [
        ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
        [STREAM],
      ],
      [['kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer'], [CONSUMER]],
      [['sqs:SendMessage'], [DLQ]],
    ]);
  });

  it('dynamodb: stream actions on the stream ARN; ListStreams on * (no resource-level permission); an S3 bucket on failure', () => {
    const p = planOf({
      kind: 'dynamodb',
      name: 'orders',
      streamArn: DDB_STREAM,
      startingPosition: 'LATEST',
      onFailure: { destinationArn: 'arn:aws:s3:::failed-orders' },
    });
    expect(grants(p)).toEqual([
      [['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [DDB_STREAM]],
      [['dynamodb:ListStreams'], ['*']],
      [['s3:PutObject'], ['arn:aws:s3:::failed-orders/*']],
      [['s3:ListBucket'], ['arn:aws:s3:::failed-orders']],
    ]);
  });

  it('msk with IAM auth: cluster, topic and consumer-group ARNs derived from the cluster ARN', () => {
    const p = planOf({
      kind: 'msk',
      name: 'events',
      clusterArn: CLUSTER,
      topic: 'orders',
      startingPosition: 'LATEST',
      consumerGroupId: 'billing',
      auth: { kind: 'iam' },
    });
    expect(p.mapping).toMatchObject({
      eventSourceArn: CLUSTER,
      topics: ['orders'],
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: 'billing' },
    });
    expect(p.mapping).not.toHaveProperty('sourceAccessConfiguration');
    expect(p.statements.find((s) => s.sid?.endsWith('Topic'))?.resources).toEqual([CLUSTER.replace(':cluster/', ':topic/') + '/orders']);
    expect(p.statements.find((s) => s.sid?.endsWith('Group'))?.resources).toEqual([CLUSTER.replace(':cluster/', ':group/') + '/billing']);
    expect(p.statements.find((s) => s.sid?.endsWith('Brokers'))).toMatchObject({
      actions: ['kafka:GetBootstrapBrokers'],
      resources: ['*'],
    });
  });

  it('self-managed kafka: bootstrap servers, SASL/SCRAM secret, VPC subnets and groups as source access configurations', () => {
    const p = planOf({
      kind: 'kafka',
      name: 'legacy',
      bootstrapServers: ['b-1.example.com:9096', 'b-2.example.com:9096'],
      topic: 'orders',
      startingPosition: 'TRIM_HORIZON',
      auth: { kind: 'sasl-scram-512', secretArn: SECRET },
      vpc: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
    });
    expect(p.mapping).toMatchObject({
      selfManagedEventSource: { endpoints: { KAFKA_BOOTSTRAP_SERVERS: 'b-1.example.com:9096,b-2.example.com:9096' } },
      sourceAccessConfiguration: [
        { type: 'SASL_SCRAM_512_AUTH', uri: SECRET },
        { type: 'VPC_SUBNET', uri: 'subnet:subnet-1' },
        { type: 'VPC_SECURITY_GROUP', uri: 'security_group:sg-1' },
      ],
    });
    expect(p.mapping).not.toHaveProperty('eventSourceArn');
    expect(grants(p)[0]).toEqual([['secretsmanager:GetSecretValue'], [SECRET]]);
  });

  it('mq: DescribeBroker on the broker, the credentials secret, queue and virtual host', () => {
    const p = planOf({
      kind: 'mq',
      name: 'orders',
      brokerArn: BROKER,
      queue: 'orders',
      credentialsSecretArn: SECRET,
      virtualHost: '/prod',
    });
    expect(p.mapping).toMatchObject({
      eventSourceArn: BROKER,
      queues: ['orders'],
      sourceAccessConfiguration: [
        { type: 'BASIC_AUTH', uri: SECRET },
        { type: 'VIRTUAL_HOST', uri: '/prod' },
      ],
    });
    expect(grants(p).slice(0, 2)).toEqual([
      [['mq:DescribeBroker'], [BROKER]],
      [['secretsmanager:GetSecretValue'], [SECRET]],
    ]);
  });

  it('every scoped plan passes the policy checks (no scopable action on *), unlike the managed policies it replaces', () => {
    const sources: EventSource[] = [
      { kind: 'sqs', name: 'a', queueArn: QUEUE },
      {
        kind: 'kinesis',
        name: 'b',
        streamArn: STREAM,
        consumerArn: CONSUMER,
        startingPosition: 'LATEST',
        onFailure: { destinationArn: DLQ },
      },
      { kind: 'dynamodb', name: 'c', streamArn: DDB_STREAM, startingPosition: 'LATEST' },
      { kind: 'msk', name: 'd', clusterArn: CLUSTER, topic: 't', startingPosition: 'LATEST', auth: { kind: 'iam' } },
      {
        kind: 'kafka',
        name: 'e',
        bootstrapServers: ['b:9092'],
        topic: 't',
        startingPosition: 'LATEST',
        auth: { kind: 'basic', secretArn: SECRET },
        vpc: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
      },
      { kind: 'mq', name: 'f', brokerArn: BROKER, queue: 'q', credentialsSecretArn: SECRET },
    ];
    for (const source of sources)
      expect({ kind: source.kind, findings: findingsFor(planOf(source)) }).toEqual({ kind: source.kind, findings: [] });
    // The same check fails the managed SQS policy's actions on '*' (so the assertion above can fail).
    const managedLike = { ...planOf(sources[0]), statements: [{ actions: ['sqs:ReceiveMessage'], resources: ['*'] }] };
    expect(findingsFor(managedLike).map((f) => f.checkId)).toEqual(['LR-IAM-WILDCARD-RESOURCE']);
  });
});

describe('planEventSource: rule, value and fix', () => {
  it.each<[string, EventSource, string, RegExp]>([
    [
      'a queue URL instead of its ARN',
      { kind: 'sqs', name: 'q', queueArn: 'https://sqs.us-east-1.amazonaws.com/111122223333/jobs' },
      'queueArn',
      /is not an SQS queue ARN in partition aws/,
    ],
    [
      'a batch over 10 without a window',
      { kind: 'sqs', name: 'q', queueArn: QUEUE, batchSize: 100 },
      'batchSize',
      /over 10 without a batching window/,
    ],
    ['batch size 0', { kind: 'sqs', name: 'q', queueArn: QUEUE, batchSize: 0 }, 'batchSize', /out of range/],
    ['concurrency 1', { kind: 'sqs', name: 'q', queueArn: QUEUE, maximumConcurrency: 1 }, 'maximumConcurrency', /from 2 to 1000/],
    [
      'a filter that is not JSON',
      { kind: 'sqs', name: 'q', queueArn: QUEUE, filters: ['type=order'] },
      'filters[0]',
      /not the JSON text of an object/,
    ],
    [
      'AT_TIMESTAMP without a time',
      { kind: 'kinesis', name: 'k', streamArn: STREAM, startingPosition: 'AT_TIMESTAMP' },
      'startingPositionTimestamp',
      /is missing/,
    ],
    [
      'a record age of 30 s',
      { kind: 'kinesis', name: 'k', streamArn: STREAM, startingPosition: 'LATEST', maximumRecordAgeInSeconds: 30 },
      'maximumRecordAgeInSeconds',
      /-1 \(no limit\) nor/,
    ],
    [
      'a Lambda function on failure',
      {
        kind: 'dynamodb',
        name: 'd',
        streamArn: DDB_STREAM,
        startingPosition: 'LATEST',
        onFailure: { destinationArn: 'arn:aws:lambda:us-east-1:111122223333:function:f' },
      },
      'onFailure.destinationArn',
      /is not one of: SQS queue, SNS topic, S3 bucket ARN/,
    ],
    [
      'a table ARN instead of its stream',
      { kind: 'dynamodb', name: 'd', streamArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders', startingPosition: 'LATEST' },
      'streamArn',
      /DynamoDB stream ARN/,
    ],
    [
      'managed mode for MQ',
      { kind: 'mq', name: 'm', brokerArn: BROKER, queue: 'q', credentialsSecretArn: SECRET, permissions: 'managed' },
      'permissions',
      /no AWS managed policy for mq/,
    ],
    [
      'IAM auth on self-managed Kafka',
      { kind: 'kafka', name: 'k', bootstrapServers: ['b:9092'], topic: 't', startingPosition: 'LATEST', auth: { kind: 'iam' } },
      'auth.kind',
      /Amazon MSK only/,
    ],
    [
      'a broker without port',
      { kind: 'kafka', name: 'k', bootstrapServers: ['broker'], topic: 't', startingPosition: 'LATEST' },
      'bootstrapServers',
      /not host:port/,
    ],
    [
      'basic auth on MSK',
      { kind: 'msk', name: 'm', clusterArn: CLUSTER, topic: 't', startingPosition: 'LATEST', auth: { kind: 'basic', secretArn: SECRET } },
      'auth.kind',
      /not an authentication Amazon MSK offers/,
    ],
  ])('%s', (_what, source, field, rule) => {
    const r = planEventSource(source, 'aws');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe(field);
    expect(r.problem.rule).toMatch(rule);
  });
});

describe('EventSourceMapping construct', () => {
  it('writes aws_lambda_event_source_mapping with the function, the plan and depends_on', () => {
    const { json } = synthConstructs((scope) => {
      const dep = new TerraformVariable(scope, 'dep', {});
      EventSourceMapping.forSource(scope, {
        function: { functionName: 'worker' },
        source: { kind: 'sqs', name: 'jobs', queueArn: QUEUE, batchSize: 5 },
        partition: 'aws',
        dependsOn: [dep],
      });
    });
    const m = onlyResource(json, 'aws_lambda_event_source_mapping');
    expect(m).toMatchObject({ function_name: 'worker', event_source_arn: QUEUE, batch_size: 5, depends_on: ['var.dep'] });
  });

  it('names the source and field of a problem', () => {
    expect(() =>
      synthConstructs((scope) =>
        EventSourceMapping.forSource(scope, {
          function: { functionName: 'w' },
          source: { kind: 'sqs', name: 'jobs', queueArn: 'jobs' },
          partition: 'aws',
        }),
      ),
    ).toThrow(/esm-sqs-jobs event source "jobs" \(sqs\) queueArn: "jobs" is not an SQS queue ARN/);
  });

  it('is the provider resource type the Terraform tests apply', () => {
    const { synth } = synthConstructs((scope) =>
      EventSourceMapping.forSource(scope, {
        function: { functionName: 'w' },
        source: { kind: 'sqs', name: 'jobs', queueArn: QUEUE },
        partition: 'aws',
      }),
    );
    expect(synth).toHaveResourceWithProperties(LambdaEventSourceMapping, { event_source_arn: QUEUE });
  });
});
