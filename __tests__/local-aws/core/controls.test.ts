/**
 * Quotas, injected faults, latency and call counters, seen from real SDK clients: each service's throttling
 * error must be the one the SDK (and the provider) classify as throttling.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { LambdaClient, GetPolicyCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../../helpers/local-aws';
import { AWS_DEFAULT_QUOTAS, QuotaLimiter, resolveQuotas, type QuotaConfig } from '../../../local-aws/core/controls';
import { outcomeOf, rejectionOf } from '../support';

const aws = withLocalAws();
afterEach(() => aws.instance().setControls({ quotas: 'none', faults: {}, latencyMs: 0 }));

const settle = <T>(p: Promise<T>) =>
  p.then(
    () => 'ok',
    (e: { name: string }) => e.name,
  );

/**
 * The aws-defaults buckets with the refill all but stopped (one token per ~17 minutes): the bucket sizes are
 * AWS's, but how many calls pass no longer depends on how fast a loaded machine delivers them. The refill
 * rates themselves are checked against a fixed clock in 'the aws-defaults preset' below.
 */
const FROZEN_AWS_DEFAULTS: QuotaConfig = {
  rules: AWS_DEFAULT_QUOTAS.rules.map((r) => ({ ...r, burst: r.burst ?? r.perSecond, perSecond: 0.001 })),
};

describe('the aws-defaults preset', () => {
  test('is the published rates: Lambda GetPolicy 15/s, GetFunction 100/s, other Lambda 15/s combined, CloudTrail LookupEvents 2/s', () => {
    expect(resolveQuotas('aws-defaults')).toBe(AWS_DEFAULT_QUOTAS);
    expect(AWS_DEFAULT_QUOTAS.rules).toEqual([
      { service: 'lambda', operation: 'GetPolicy', perSecond: 15 },
      { service: 'lambda', operation: 'GetFunction', perSecond: 100 },
      { service: 'lambda', perSecond: 15 },
      { service: 'cloudtrail', operation: 'LookupEvents', perSecond: 2 },
    ]);
  });

  test('on a fixed clock: each bucket holds its rate, refills at it, and is per operation, account and region', () => {
    const q = new QuotaLimiter(AWS_DEFAULT_QUOTAS);
    const takes = (op: string, n: number, at: number, service = 'lambda', scope = 'a:us-east-1') =>
      Array.from({ length: n }, () => q.take(service, op, scope, at)).filter(Boolean).length;
    expect(takes('GetPolicy', 40, 0)).toBe(15);
    expect(takes('GetFunction', 150, 0)).toBe(100);
    expect(takes('ListFunctions', 10, 0) + takes('ListAliases', 10, 0)).toBe(15);
    expect(takes('LookupEvents', 3, 0, 'cloudtrail')).toBe(2);
    expect(takes('LookupEvents', 3, 0, 'cloudtrail', 'b:us-east-1')).toBe(2);
    expect(takes('LookupEvents', 3, 0, 'cloudtrail', 'a:eu-west-1')).toBe(2);
    expect(takes('GetCallerIdentity', 1000, 0, 'sts')).toBe(1000);
    // Half a second later: half the rate is back, never more than the bucket.
    expect(takes('LookupEvents', 3, 500, 'cloudtrail')).toBe(1);
    expect(takes('GetPolicy', 40, 1000)).toBe(15);
    expect(takes('GetFunction', 150, 60_000)).toBe(100);
  });
});

describe('quotas', () => {
  test('aws-defaults buckets (refill frozen): a third LookupEvents is ThrottlingException (400)', async () => {
    aws.instance().setControls({ quotas: FROZEN_AWS_DEFAULTS });
    const ct = new CloudTrailClient(aws.clientConfig());
    // Sent together so that no token refills in between, however loaded the machine is.
    const results = await Promise.all(Array.from({ length: 3 }, () => outcomeOf(ct.send(new LookupEventsCommand({})))));
    expect(results.filter((r) => 'Events' in r && Array.isArray(r.Events))).toHaveLength(2);
    const throttled = results.filter((r) => r instanceof Error);
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  });

  test('aws-defaults buckets (refill frozen): a burst of 40 Lambda GetPolicy gets 429 TooManyRequestsException, Reason CallerRateLimitExceeded, past 15', async () => {
    aws.instance().setControls({ quotas: FROZEN_AWS_DEFAULTS });
    const lambda = new LambdaClient(aws.clientConfig());
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => rejectionOf(lambda.send(new GetPolicyCommand({ FunctionName: 'missing' })))),
    );
    const throttled = outcomes.filter((e) => e.name === 'TooManyRequestsException');
    const passed = outcomes.filter((e) => e.name === 'ResourceNotFoundException');
    expect(passed).toHaveLength(15);
    expect(passed.length).toBeGreaterThanOrEqual(15);
    expect(passed.length).toBeLessThan(40);
    expect(throttled.length).toBe(40 - passed.length);
    expect(throttled[0]).toMatchObject({ $metadata: { httpStatusCode: 429 }, Reason: 'CallerRateLimitExceeded', retryAfterSeconds: '1' });
  });

  test('aws-defaults buckets (refill frozen): GetFunction has its own bucket of 100, untouched by a GetPolicy burst', async () => {
    aws.instance().setControls({ quotas: FROZEN_AWS_DEFAULTS });
    const lambda = new LambdaClient(aws.clientConfig());
    await Promise.all(Array.from({ length: 20 }, () => settle(lambda.send(new GetPolicyCommand({ FunctionName: 'missing' })))));
    const names = await Promise.all(
      Array.from({ length: 30 }, () => settle(lambda.send(new GetFunctionCommand({ FunctionName: 'missing' })))),
    );
    expect(names.every((n) => n === 'ResourceNotFoundException')).toBe(true);
  });

  test('buckets are per account and region: another account still has its LookupEvents tokens', async () => {
    aws.instance().setControls({ quotas: FROZEN_AWS_DEFAULTS });
    const mine = new CloudTrailClient(aws.clientConfig('admin'));
    const burst = await Promise.all(Array.from({ length: 3 }, () => settle(mine.send(new LookupEventsCommand({})))));
    expect(burst.sort()).toEqual(['ThrottlingException', 'ok', 'ok']);
    await expect(new CloudTrailClient(aws.clientConfig('other')).send(new LookupEventsCommand({}))).resolves.toHaveProperty('Events');
    await expect(new CloudTrailClient(aws.clientConfig('admin', 'eu-west-1')).send(new LookupEventsCommand({}))).resolves.toHaveProperty(
      'Events',
    );
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
    await expect(new IAMClient(aws.clientConfig()).send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
  });

  test('serverErrorPercent 100 gives 500 InternalFailure (STS) and ServiceException (Lambda)', async () => {
    aws.instance().setControls({ faults: { serverErrorPercent: 100 } });
    await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(new LambdaClient(aws.clientConfig()).send(new GetFunctionCommand({ FunctionName: 'x' }))).rejects.toMatchObject({
      name: 'ServiceException',
      $metadata: { httpStatusCode: 500 },
    });
  });

  test('resetPercent 100 destroys the connection (the SDK sees a socket error, no HTTP status)', async () => {
    aws.instance().setControls({ faults: { resetPercent: 100 } });
    const err = await rejectionOf(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({})));
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
  // One token and (practically) no refill: the second call is throttled however slow the machine is.
  aws.instance().setControls({ quotas: { rules: [{ service: 'iam', operation: 'ListRoles', perSecond: 0.001, burst: 1 }] } });
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
  expect(() => aws.instance().setControls({ quotas: { rules: [{ service: 'iam', perSecond: 0 }] } })).toThrow(
    /quotas\.rules\[0\]\.perSecond: 0/,
  );
});
