/**
 * Every SDK client of the drift check gives up on an endpoint that accepts the connection and never
 * answers (a per-request timeout, retried), and the run's deadline aborts every call at once: proven against
 * a real TCP server on 127.0.0.1, with short settings. The defaults' arithmetic is checked as arithmetic.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { AwsClients } from '../../../drift/aws/clients';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  Deadline,
  checkDuration,
  DURATION_RULES,
  formatDuration,
  isDeadlineExceeded,
  parseDuration,
  worstCaseCallMs,
} from '../../../drift/aws/deadline';
import { readError } from '../../../drift/aws/sdk-errors';
import { UserError } from '../../../shared/errors';
import { startHungServer, type HungServer } from '../../helpers/hung-server';

let hung: HungServer;
const saved = process.env.AWS_ENDPOINT_URL;
beforeAll(async () => {
  hung = await startHungServer();
  process.env.AWS_ENDPOINT_URL = hung.endpoint;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
  await hung.close();
});

/** The rejection of `call` and how long it took. */
async function timed(call: Promise<unknown>): Promise<{ error: { name?: string; $metadata?: { attempts?: number } }; ms: number }> {
  const started = Date.now();
  try {
    await call;
  } catch (error) {
    return { error: error as { name?: string }, ms: Date.now() - started };
  }
  throw new Error('expected the call to fail');
}

describe('per-request timeout', () => {
  test.each([
    ['STS', (c: AwsClients) => c.sts().send(new GetCallerIdentityCommand({}))],
    ['IAM', (c: AwsClients) => c.iam().send(new GetRoleCommand({ RoleName: 'r' }))],
    ['Lambda', (c: AwsClients) => c.lambda('us-east-1').send(new GetFunctionConfigurationCommand({ FunctionName: 'f' }))],
    ['CloudTrail', (c: AwsClients) => c.cloudTrail('us-east-1').send(new LookupEventsCommand({}))],
  ])('%s gives up after its attempts time out, retries included', async (_service, call) => {
    const clients = new AwsClients({ requestTimeoutMs: 300, maxAttempts: 2, retryMode: 'standard', lambdaRatePerSecond: 0 });
    const before = hung.connections();
    try {
      const { error, ms } = await timed(call(clients));
      expect(error.name).toBe('TimeoutError');
      expect(error.$metadata?.attempts).toBe(2);
      expect(hung.connections() - before).toBe(2);
      // Two 300 ms attempts and one backoff (under 200 ms); generous upper bound for a loaded machine.
      expect(ms).toBeGreaterThanOrEqual(600);
      expect(ms).toBeLessThan(worstCaseCallMs({ maxAttempts: 2, requestTimeoutMs: 300 }) + 2_000);
    } finally {
      clients.destroy();
    }
  });

  test('the connect timeout reaches every client', async () => {
    const clients = new AwsClients({ connectTimeoutMs: 1234, requestTimeoutMs: 4321 });
    try {
      for (const client of [clients.sts(), clients.iam(), clients.lambda('eu-west-1'), clients.cloudTrail('eu-west-1')]) {
        const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
        expect(await handler.configProvider).toMatchObject({ connectionTimeout: 1234, requestTimeout: 4321, throwOnRequestTimeout: true });
      }
    } finally {
      clients.destroy();
    }
  });
});

describe('the run deadline', () => {
  test('aborts a call in flight at once, and no attempt follows', async () => {
    const deadline = new Deadline(300);
    const clients = new AwsClients({ requestTimeoutMs: 60_000, abortSignal: deadline.signal });
    try {
      const before = hung.connections();
      const { error, ms } = await timed(clients.iam().send(new GetRoleCommand({ RoleName: 'r' })));
      expect(isDeadlineExceeded(error)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(250);
      // Far below the 60 s request timeout the call would otherwise wait for.
      expect(ms).toBeLessThan(10_000);
      // A call after the deadline sends nothing.
      const after = await timed(clients.lambda('us-east-1').send(new GetFunctionConfigurationCommand({ FunctionName: 'f' })));
      expect(isDeadlineExceeded(after.error)).toBe(true);
      expect(after.ms).toBeLessThan(5_000);
      expect(hung.connections() - before).toBe(1);
    } finally {
      clients.destroy();
      deadline.dispose();
    }
    // destroy() closes the socket the aborted attempt still held: nothing keeps the process alive.
    await new Promise((r) => setTimeout(r, 100));
    expect(hung.open()).toBe(0);
  });

  test('a read it cut off is reported not-checked, naming the deadline', () => {
    const deadline = new Deadline(90_000);
    deadline.dispose();
    const err = Object.assign(new Error("the run's deadline (--timeout 90s) passed"), { name: 'DeadlineExceeded' });
    expect(readError('IAM role r', 'GetRole', err)).toEqual({
      resource: 'IAM role r',
      kind: 'not-checked',
      message: "not checked: the run's deadline (--timeout 90s) passed before GetRole answered",
    });
    expect(readError('IAM role r', 'GetRole', Object.assign(new Error('x'), { name: 'TimeoutError' })).kind).toBeUndefined();
  });

  test('its timer does not keep the process alive, and dispose clears it', async () => {
    const keepingAlive = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = keepingAlive();
    const long = new Deadline(60_000);
    expect(keepingAlive()).toBe(before);
    long.dispose();
    const short = new Deadline(50);
    short.dispose();
    await new Promise((r) => setTimeout(r, 120));
    expect(short.expired).toBe(false);
    const fires = new Deadline(50);
    await new Promise((r) => setTimeout(r, 120));
    expect(fires.expired).toBe(true);
    expect(isDeadlineExceeded(fires.signal.reason)).toBe(true);
  });
});

describe('defaults and durations', () => {
  test('with the defaults, a call to an endpoint that never answers ends within two minutes, retries included', () => {
    // 6 attempts × 15 s + backoff 0.2 + 0.4 + 0.8 + 1.6 + 3.2 s = 96.2 s; the run's first call (STS) failing ends the run.
    expect(worstCaseCallMs({ maxAttempts: DEFAULT_MAX_ATTEMPTS, requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS })).toBe(96_200);
    expect(worstCaseCallMs({ maxAttempts: DEFAULT_MAX_ATTEMPTS, requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS })).toBeLessThan(120_000);
  });

  test.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1500ms', 1_500],
    [' 2m ', 120_000],
  ])('parseDuration(%j) = %d', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  test.each([
    ['5', /--timeout "5": expected a duration: a whole number and a unit ms\|s\|m\|h, e.g. 90s, 10m or 1h/],
    ['1.5m', /expected a duration/],
    ['-5s', /expected a duration/],
    ['0s', /--timeout "0s": must be from 1s to 24h/],
    ['25h', /--timeout "25h": must be from 1s to 24h/],
  ])('--timeout %j is one UserError naming the flag, the value and the rule', (value, message) => {
    expect(() => checkDuration(value, DURATION_RULES.timeout)).toThrow(UserError);
    expect(() => checkDuration(value, DURATION_RULES.timeout)).toThrow(message);
  });

  test('a number of milliseconds is checked against the same rule', () => {
    expect(checkDuration(90_000, DURATION_RULES.timeout)).toBe(90_000);
    expect(() => checkDuration(Number.NaN, DURATION_RULES.requestTimeout)).toThrow(/--request-timeout NaN/);
    expect(() => checkDuration(10, DURATION_RULES.connectTimeout)).toThrow(/--connect-timeout 10: must be from 100ms to 5m/);
  });
});
