/**
 * Quotas, injected faults, latency and call counters, seen from real SDK clients: each service's throttling
 * error must be the one the SDK (and the provider) classify as throttling.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { LambdaClient, GetPolicyCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../helpers/local-aws';

const aws = withLocalAws();
afterEach(() => aws.instance().setControls({ quotas: 'none', faults: {}, latencyMs: 0 }));

const settle = <T>(p: Promise<T>) => p.then(() => 'ok', (e: { name: string }) => e.name);

describe('quotas', () => {
  test('aws-defaults: a third LookupEvents within a second is ThrottlingException (400)', async () => {
    aws.instance().setControls({ quotas: 'aws-defaults' });
    const ct = new CloudTrailClient(aws.clientConfig());
    // Sent together so that no token refills in between, however loaded the machine is.
    const results = await Promise.all(Array.from({ length: 3 }, () => ct.send(new LookupEventsCommand({})).catch((e) => e)));
    expect(results.filter((r) => Array.isArray(r.Events))).toHaveLength(2);
    const throttled = results.filter((r) => r instanceof Error);
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  });

  test('aws-defaults: a burst of 40 Lambda GetPolicy gets 429 TooManyRequestsException, Reason CallerRateLimitExceeded, past 15', async () => {
    aws.instance().setControls({ quotas: 'aws-defaults' });
    const lambda = new LambdaClient(aws.clientConfig());
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => lambda.send(new GetPolicyCommand({ FunctionName: 'missing' })).catch((e) => e)));
    const throttled = outcomes.filter((e) => e.name === 'TooManyRequestsException');
    // The bucket holds 15 and refills at 15/s while the burst is in flight, so a few more may pass.
    const passed = outcomes.filter((e) => e.name === 'ResourceNotFoundException');
    expect(passed.length).toBeGreaterThanOrEqual(15);
    expect(passed.length).toBeLessThan(40);
    expect(throttled.length).toBe(40 - passed.length);
    expect(throttled[0]).toMatchObject({ $metadata: { httpStatusCode: 429 }, Reason: 'CallerRateLimitExceeded', retryAfterSeconds: '1' });
  });

  test('aws-defaults: GetFunction has its own 100/s bucket, untouched by a GetPolicy burst', async () => {
    aws.instance().setControls({ quotas: 'aws-defaults' });
    const lambda = new LambdaClient(aws.clientConfig());
    await Promise.all(Array.from({ length: 20 }, () => settle(lambda.send(new GetPolicyCommand({ FunctionName: 'missing' })))));
    const names = await Promise.all(Array.from({ length: 30 }, () => settle(lambda.send(new GetFunctionCommand({ FunctionName: 'missing' })))));
    expect(names.every((n) => n === 'ResourceNotFoundException')).toBe(true);
  });

  test('buckets are per account and region: another account still has its LookupEvents tokens', async () => {
    aws.instance().setControls({ quotas: 'aws-defaults' });
    const mine = new CloudTrailClient(aws.clientConfig('admin'));
    const burst = await Promise.all(Array.from({ length: 3 }, () => settle(mine.send(new LookupEventsCommand({})))));
    expect(burst.sort()).toEqual(['ThrottlingException', 'ok', 'ok']);
    await expect(new CloudTrailClient(aws.clientConfig('other')).send(new LookupEventsCommand({}))).resolves.toHaveProperty('Events');
    await expect(new CloudTrailClient(aws.clientConfig('admin', 'eu-west-1')).send(new LookupEventsCommand({}))).resolves.toHaveProperty('Events');
  });

  test("'none' (the default) never throttles", async () => {
    const ct = new CloudTrailClient(aws.clientConfig());
    const names = await Promise.all(Array.from({ length: 10 }, () => settle(ct.send(new LookupEventsCommand({})))));
    expect(names).toEqual(Array(10).fill('ok'));
  });
});

describe('faults', () => {
  test('throttlePercent 100 gives IAM and STS the Query error Code Throttling (400)', async () => {
    aws.instance().setControls({ faults: { throttlePercent: 100 } });
    await expect(new IAMClient(aws.clientConfig()).send(new ListRolesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
  });

  test('serverErrorPercent 100 gives 500 InternalFailure (STS) and ServiceException (Lambda)', async () => {
    aws.instance().setControls({ faults: { serverErrorPercent: 100 } });
    await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    await expect(new LambdaClient(aws.clientConfig()).send(new GetFunctionCommand({ FunctionName: 'x' }))).rejects.toMatchObject({ name: 'ServiceException', $metadata: { httpStatusCode: 500 } });
  });

  test('resetPercent 100 destroys the connection (the SDK sees a socket error, no HTTP status)', async () => {
    aws.instance().setControls({ faults: { resetPercent: 100 } });
    const err = await new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({})).catch((e) => e);
    expect(err.$metadata?.httpStatusCode).toBeUndefined();
    expect(String(err.code ?? err.name)).toMatch(/ECONNRESET|socket hang up|EPIPE|TimeoutError|Error/);
  });

  test('the same seed gives the same fault sequence; another seed a different one', async () => {
    const sts = new STSClient(aws.clientConfig());
    const run = async (seed: number) => {
      aws.instance().setControls({ faults: { throttlePercent: 30, serverErrorPercent: 20, seed } });
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push(await settle(sts.send(new GetCallerIdentityCommand({}))));
      return out;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set(['ok', 'Throttling', 'InternalFailure']));
  });
});

test('latencyMs delays every call by at least that much', async () => {
  aws.instance().setControls({ latencyMs: 150 });
  const started = Date.now();
  await new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}));
  expect(Date.now() - started).toBeGreaterThanOrEqual(145);
});

test('callCounts counts calls per signing name and operation, including throttled ones; resetCallCounts clears', async () => {
  aws.instance().resetCallCounts();
  aws.instance().setControls({ quotas: { rules: [{ service: 'iam', operation: 'ListRoles', perSecond: 1 }] } });
  const iam = new IAMClient(aws.clientConfig());
  const names = [await settle(iam.send(new ListRolesCommand({}))), await settle(iam.send(new ListRolesCommand({})))];
  await new STSClient(aws.clientConfig('console')).send(new GetCallerIdentityCommand({}));
  expect(names).toEqual(['ok', 'Throttling']);
  expect(aws.instance().callCounts()).toEqual({ 'iam:ListRoles': 2, 'sts:GetCallerIdentity': 1 });
  aws.instance().resetCallCounts();
  expect(aws.instance().callCounts()).toEqual({});
});

test('setControls rejects bad values with the field, the value and the fix', () => {
  expect(() => aws.instance().setControls({ faults: { throttlePercent: 150 } })).toThrow(/faults\.throttlePercent: 150 .*0 to 100/);
  expect(() => aws.instance().setControls({ faults: { throttlePercent: 60, serverErrorPercent: 60 } })).toThrow(/add up to 120/);
  expect(() => aws.instance().setControls({ latencyMs: -5 })).toThrow(/latencyMs: -5/);
  expect(() => aws.instance().setControls({ quotas: { rules: [{ service: 'iam', perSecond: 0 }] } })).toThrow(/quotas\.rules\[0\]\.perSecond: 0/);
});
