/**
 * Event source mappings through the real Lambda SDK v3 client: one per source kind with the defaults AWS
 * reports, the state transitions the provider waits on (202 Creating/Updating/Deleting, then the settled
 * state on the next read), the rules Lambda applies per kind, filters, duplicates, listing, tags on the
 * mapping's ARN, and CloudTrail records.
 */
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { createPublishedFunction, functionArn, useLambdaEndpoint } from './fixtures';
import { rejectionOf } from '../../support';

const env = useLambdaEndpoint();
const FN = 'esm-target';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks';
const TABLE_STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2024-01-01T00:00:00.000';

const create = (input: Omit<CreateEventSourceMappingCommandInput, 'FunctionName'> & { FunctionName?: string }) =>
  env.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: FN, ...input }));

/** Deletes every mapping, so each test starts without any (they belong to the region, not the function). */
async function deleteAll(): Promise<void> {
  const { EventSourceMappings = [] } = await env.lambda.send(new ListEventSourceMappingsCommand({}));
  for (const m of EventSourceMappings) await env.lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
}

beforeAll(async () => {
  await createPublishedFunction(env.lambda, FN, 'exports.handler = async () => ({ batchItemFailures: [] });');
  await env.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1' }));
});
afterEach(deleteAll);

describe('per source kind', () => {
  test('SQS: 202 Creating, then Enabled on the next read, with the SQS defaults (batch 10, no window) and the mapping ARN', async () => {
    const created = await create({ EventSourceArn: QUEUE });
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created.State).toBe('Creating');
    const read = await env.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(read).toMatchObject({
      UUID: created.UUID,
      State: 'Enabled',
      StateTransitionReason: 'USER_INITIATED',
      EventSourceArn: QUEUE,
      FunctionArn: functionArn(FN),
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      EventSourceMappingArn: `arn:aws:lambda:us-east-1:000000000000:event-source-mapping:${created.UUID}`,
    });
    expect(read.LastModified).toBeInstanceOf(Date);
    expect(read.StartingPosition).toBeUndefined();
    expect(read.ParallelizationFactor).toBeUndefined();
  });

  test('Kinesis and DynamoDB streams: the stream defaults (batch 100, parallelization 1, retries and record age -1)', async () => {
    const kinesis = await create({ EventSourceArn: STREAM, StartingPosition: 'LATEST' });
    const ddb = await create({ EventSourceArn: TABLE_STREAM, StartingPosition: 'TRIM_HORIZON', Enabled: false });
    const expected = {
      BatchSize: 100,
      ParallelizationFactor: 1,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      TumblingWindowInSeconds: 0,
    };
    expect(await env.lambda.send(new GetEventSourceMappingCommand({ UUID: kinesis.UUID }))).toMatchObject({
      ...expected,
      StartingPosition: 'LATEST',
      State: 'Enabled',
    });
    expect(await env.lambda.send(new GetEventSourceMappingCommand({ UUID: ddb.UUID }))).toMatchObject({ ...expected, State: 'Disabled' });
  });

  test('MSK and self-managed Kafka: one topic; the consumer group defaults to the mapping UUID; bootstrap servers come back sorted', async () => {
    const msk = await create({
      EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/events/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2',
      Topics: ['orders'],
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(msk.AmazonManagedKafkaEventSourceConfig).toEqual({ ConsumerGroupId: msk.UUID });
    const kafka = await create({
      SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b2.example.com:9092', 'b1.example.com:9092'] } },
      Topics: ['orders'],
      StartingPosition: 'LATEST',
      SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'orders-consumers' },
      SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:kafka' }],
    });
    expect(kafka.SelfManagedEventSource).toEqual({
      Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['b1.example.com:9092', 'b2.example.com:9092'] },
    });
    expect(kafka.SelfManagedKafkaEventSourceConfig).toEqual({ ConsumerGroupId: 'orders-consumers' });
    const noTopic = await rejectionOf(
      create({ EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/e/x', StartingPosition: 'LATEST' }),
    );
    expect(noTopic.message).toContain('Topics must name exactly one topic');
  });

  test('Amazon MQ: one queue and a BASIC_AUTH secret are required', async () => {
    const broker = 'arn:aws:mq:us-east-1:000000000000:broker:orders:b-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const noSecret = await rejectionOf(create({ EventSourceArn: broker, Queues: ['orders'] }));
    expect(noSecret).toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('BASIC_AUTH') as unknown });
    const mq = await create({
      EventSourceArn: broker,
      Queues: ['orders'],
      SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:mq' }],
    });
    expect(mq).toMatchObject({ Queues: ['orders'], BatchSize: 100 });
  });

  test('a mapping on an alias or version reports the qualified function ARN', async () => {
    const m = await create({ EventSourceArn: QUEUE, FunctionName: `${FN}:live` });
    expect(m.FunctionArn).toBe(`${functionArn(FN)}:live`);
  });
});

describe('what Lambda refuses', () => {
  const cases: [string, Omit<CreateEventSourceMappingCommandInput, 'FunctionName'>, string][] = [
    ['a source that is not a supported ARN', { EventSourceArn: 'arn:aws:s3:::bucket' }, 'is not the ARN of a supported event source'],
    ['a source in another region', { EventSourceArn: QUEUE.replace('us-east-1', 'eu-west-1') }, 'needs a source in the same region'],
    ['neither a source ARN nor a self-managed source', {}, 'EventSourceArn is required'],
    [
      'SQS batches above 10 without a batching window',
      { EventSourceArn: QUEUE, BatchSize: 100 },
      'must be greater than 0 if maximum batch size',
    ],
    [
      'a FIFO queue batch above 10',
      { EventSourceArn: `${QUEUE}.fifo`, BatchSize: 20, MaximumBatchingWindowInSeconds: 1 },
      'Use a value from 1 to 10.',
    ],
    ['a starting position for SQS', { EventSourceArn: QUEUE, StartingPosition: 'LATEST' }, 'Unsupported StartingPosition parameter'],
    ['a stream parameter for SQS', { EventSourceArn: QUEUE, ParallelizationFactor: 2 }, 'Unsupported ParallelizationFactor parameter'],
    ['a stream without a starting position', { EventSourceArn: STREAM }, 'StartingPosition is required'],
    ['AT_TIMESTAMP on a DynamoDB stream', { EventSourceArn: TABLE_STREAM, StartingPosition: 'AT_TIMESTAMP' }, 'not supported for DynamoDB'],
    [
      'AT_TIMESTAMP without a timestamp',
      { EventSourceArn: STREAM, StartingPosition: 'AT_TIMESTAMP' },
      'StartingPositionTimestamp is required',
    ],
    ['a parallelization factor of 11', { EventSourceArn: STREAM, StartingPosition: 'LATEST', ParallelizationFactor: 11 }, 'from 1 to 10'],
    [
      'a record age of 30 seconds',
      { EventSourceArn: STREAM, StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 30 },
      'Use -1 (no limit)',
    ],
    [
      'a filter pattern that is not JSON',
      { EventSourceArn: QUEUE, FilterCriteria: { Filters: [{ Pattern: '{body' }] } },
      'Invalid filter pattern definition',
    ],
    [
      'an unknown function response type',
      { EventSourceArn: QUEUE, FunctionResponseTypes: ['Everything' as 'ReportBatchItemFailures'] },
      "'Everything'",
    ],
  ];
  test.each(cases)('%s is InvalidParameterValueException 400', async (_name, input, message) => {
    const err = await rejectionOf(create(input));
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    expect(err.message).toContain(message);
    expect((await env.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings).toEqual([]);
  });

  test('a second mapping of the same queue to the same function is ResourceConflictException 409 naming the first', async () => {
    const first = await create({ EventSourceArn: QUEUE });
    const err = await rejectionOf(create({ EventSourceArn: QUEUE }));
    expect(err).toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    expect(err.message).toContain(`existing mapping with UUID ${first.UUID}`);
  });

  test('a function that does not exist is ResourceNotFoundException 404; an unknown UUID too', async () => {
    expect(await rejectionOf(create({ EventSourceArn: QUEUE, FunctionName: 'nope' }))).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(
      await rejectionOf(env.lambda.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-4000-8000-000000000000' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});

describe('update, delete, list, tags', () => {
  test('UpdateEventSourceMapping answers 202 Updating, then the new settled state; an empty FilterCriteria removes the filters', async () => {
    const m = await create({ EventSourceArn: QUEUE, FilterCriteria: { Filters: [{ Pattern: '{"body":{"type":["order"]}}' }] } });
    const updated = await env.lambda.send(
      new UpdateEventSourceMappingCommand({
        UUID: m.UUID,
        Enabled: false,
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 2,
        FilterCriteria: {},
      }),
    );
    expect(updated.$metadata.httpStatusCode).toBe(202);
    expect(updated.State).toBe('Updating');
    const read = await env.lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID }));
    expect(read).toMatchObject({ State: 'Disabled', BatchSize: 50, MaximumBatchingWindowInSeconds: 2 });
    expect(read.FilterCriteria).toBeUndefined();
  });

  test('an update is checked like a create: a batch above 10 keeps needing its window, and the refused update changes nothing', async () => {
    const m = await create({ EventSourceArn: QUEUE, BatchSize: 20, MaximumBatchingWindowInSeconds: 1 });
    const err = await rejectionOf(
      env.lambda.send(new UpdateEventSourceMappingCommand({ UUID: m.UUID, MaximumBatchingWindowInSeconds: 0 })),
    );
    expect(err.message).toContain('must be greater than 0');
    expect((await env.lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID }))).MaximumBatchingWindowInSeconds).toBe(1);
  });

  test('DeleteEventSourceMapping answers 202 Deleting, after which the mapping is gone (404)', async () => {
    const m = await create({ EventSourceArn: QUEUE });
    const deleted = await env.lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
    expect(deleted).toMatchObject({ State: 'Deleting', $metadata: { httpStatusCode: 202 } });
    expect((await rejectionOf(env.lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID })))).name).toBe('ResourceNotFoundException');
  });

  test('ListEventSourceMappings filters by source and by function (qualified or not) and pages with NextMarker', async () => {
    const a = await create({ EventSourceArn: QUEUE });
    const b = await create({ EventSourceArn: STREAM, StartingPosition: 'LATEST' });
    const c = await create({ EventSourceArn: `${QUEUE}-2`, FunctionName: `${FN}:live` });
    const uuids = (out: { EventSourceMappings?: { UUID?: string }[] }) => (out.EventSourceMappings ?? []).map((m) => m.UUID).sort();
    expect(uuids(await env.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: QUEUE })))).toEqual([a.UUID]);
    expect(uuids(await env.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: FN })))).toEqual([a.UUID, b.UUID].sort());
    expect(uuids(await env.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: `${FN}:live` })))).toEqual([c.UUID]);
    const first = await env.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 2 }));
    expect(first.EventSourceMappings).toHaveLength(2);
    const rest = await env.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 2, Marker: first.NextMarker }));
    expect(rest.NextMarker).toBeUndefined();
    expect([...uuids(first), ...uuids(rest)].sort()).toEqual([a.UUID, b.UUID, c.UUID].sort());
  });

  test('tags given at creation and added later are listed on the mapping ARN', async () => {
    const m = await create({ EventSourceArn: QUEUE, Tags: { source: 'sqs' } });
    await env.lambda.send(new TagResourceCommand({ Resource: m.EventSourceMappingArn, Tags: { team: 'orders' } }));
    expect((await env.lambda.send(new ListTagsCommand({ Resource: m.EventSourceMappingArn }))).Tags).toEqual({
      source: 'sqs',
      team: 'orders',
    });
  });

  test('create, update and delete are CloudTrail events under their versioned names, with the function as resource', async () => {
    const before = env.lambdaEvents().length;
    const m = await create({ EventSourceArn: QUEUE });
    await env.lambda.send(new UpdateEventSourceMappingCommand({ UUID: m.UUID, BatchSize: 5 }));
    await env.lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
    const events = env.lambdaEvents().slice(before);
    expect(events.map((e) => e.eventName)).toEqual([
      'CreateEventSourceMapping20150331',
      'UpdateEventSourceMapping20150331',
      'DeleteEventSourceMapping20150331',
    ]);
    expect(events[0].requestParameters).toMatchObject({ eventSourceArn: QUEUE, functionName: FN });
    expect(events[2].requestParameters).toEqual({ uUID: m.UUID });
  });
});
