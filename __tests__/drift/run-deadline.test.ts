/**
 * The drift run never hangs (issue 9, defect 1), proven against a real TCP server on 127.0.0.1 that accepts
 * every connection and never answers, with short settings (the defaults' arithmetic is checked in
 * __tests__/drift/aws/deadline.test.ts):
 *  - every service hung: the first call (STS) times out, retries included, and the run ends with exit 1;
 *  - the deadline passes during the reads: every role, function and policy not read is `not-checked`, exit 1;
 *  - the deadline passes during the account check: the same, and the report says nothing was read;
 *  - only CloudTrail hung: the drift verdict stands and the findings say `lookup-failed`;
 *  - the process ends by itself once the run has returned: nothing (socket, timer, promise) keeps it alive.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import type { LocalAws } from '../../local-aws';
import { runDrift } from '../../drift/run-drift';
import { UserError } from '../../shared/errors';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { startHungServer, type HungServer } from '../helpers/hung-server';
import { ACCOUNT, LAMBDA_TRUST, REGION, iamAs, seedRole, startEndpoint } from './fixtures/seed';

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lr-deadline-'));
const STATE = join(dir, 'state.tfstate');
const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/app`;

let aws: LocalAws;
let hung: HungServer;
const savedEnv = { ...process.env };

const resource = (type: string, name: string, attributes: Record<string, unknown>) => ({
  mode: 'managed',
  type,
  name,
  instances: [{ attributes }],
});
const role = (name: string) =>
  resource('aws_iam_role', name.replace(/-/g, '_'), {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    assume_role_policy: LAMBDA_TRUST,
    description: '',
    max_session_duration: 3600,
    tags_all: {},
  });

beforeAll(async () => {
  aws = await startEndpoint();
  hung = await startHungServer();
  await seedRole(iamAs(aws), { name: 'deadline-a' });
  await seedRole(iamAs(aws), { name: 'deadline-b' });
  // Drift for the CloudTrail case: a console attachment state does not declare.
  await iamAs(aws, 'console').send(
    new AttachRolePolicyCommand({ RoleName: 'deadline-a', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
  );
  writeFileSync(
    STATE,
    JSON.stringify({
      version: 4,
      resources: [
        role('deadline-a'),
        role('deadline-b'),
        resource('aws_iam_policy', 'app', {
          arn: POLICY_ARN,
          name: 'app',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
        }),
        resource('aws_lambda_function', 'fn', {
          function_name: 'deadline-fn',
          arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:deadline-fn`,
          role: `arn:aws:iam::${ACCOUNT}:role/deadline-a`,
        }),
      ],
    }),
  );
}, 60_000);

afterEach(() => {
  delete process.env.AWS_ENDPOINT_URL_STS;
  delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
});

afterAll(async () => {
  process.env = savedEnv;
  await hung.close();
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOT_CHECKED = [`IAM policy ${POLICY_ARN}`, 'IAM role deadline-a', 'IAM role deadline-b', `Lambda function deadline-fn (${REGION})`];

test('every service hung: STS times out (retries included) and the run ends with exit 1 naming it', async () => {
  process.env.AWS_ENDPOINT_URL = hung.endpoint;
  const started = Date.now();
  const run = runDrift({ stateFiles: [STATE], requestTimeout: '300ms', connectTimeout: '300ms', maxAttempts: 2, timeout: '1m' });
  await expect(run).rejects.toThrow(UserError);
  await expect(run).rejects.toThrow(/STS could not be reached or did not answer \(.*TimeoutError.*after 2 attempts\)/);
  // Two 300 ms attempts and a backoff; far below the one-minute deadline, which did not end it.
  expect(Date.now() - started).toBeLessThan(10_000);

  const io = captureIo();
  const report = join(dir, 'hung.json');
  const cliStarted = Date.now();
  const code = await main(
    [
      'node',
      'lambda-roles',
      'drift',
      '--state',
      STATE,
      '--request-timeout',
      '300ms',
      '--connect-timeout',
      '300ms',
      '--output',
      report,
      '--format',
      'json',
    ],
    io,
  );
  expect(code).toBe(1);
  expect(io.err()).toMatch(/error: cannot tell which AWS account the credentials are for: STS could not be reached or did not answer/);
  expect(io.err()).not.toMatch(/check the credentials/);
  // 6 attempts (the default) of 300 ms each, and their backoff.
  expect(Date.now() - cliStarted).toBeLessThan(15_000);
  expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ verdict: 'error', exitCode: 1 });
});

test('the deadline passes during the reads: every role, function and policy is not-checked, exit 1, promptly', async () => {
  process.env.AWS_ENDPOINT_URL = hung.endpoint; // IAM and Lambda never answer
  process.env.AWS_ENDPOINT_URL_STS = aws.endpoint; // STS does: the account check passes
  const started = Date.now();
  const { report } = await runDrift({ stateFiles: [STATE], timeout: '2s', requestTimeout: '60s', skipAttribution: true });
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(1_900);
  expect(elapsed).toBeLessThan(6_000);
  expect(report).toMatchObject({ verdict: 'error', exitCode: 1, findings: [] });
  // Each resource not read is named (a function may be named once per call that was cut off).
  expect(new Set(report.errors.map((e) => e.resource.replace('Lambda function policy', 'Lambda function')))).toEqual(new Set(NOT_CHECKED));
  for (const e of report.errors) {
    expect(e.kind).toBe('not-checked');
    expect(e.message).toMatch(/^not checked: the run's deadline \(--timeout 2s\) passed before \w+ answered$/);
  }
});

test('the deadline passes during the account check: nothing was read, and the report names every resource', async () => {
  process.env.AWS_ENDPOINT_URL = hung.endpoint;
  const started = Date.now();
  const { report } = await runDrift({ stateFiles: [STATE], timeout: '1s', requestTimeout: '60s' });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(report).toMatchObject({ verdict: 'error', exitCode: 1, findings: [] });
  expect(report.errors[0]).toEqual({
    resource: 'sts:GetCallerIdentity',
    kind: 'not-checked',
    message:
      "not checked: the run's deadline (--timeout 1s) passed before STS said which account the credentials are for, so nothing was read",
  });
  expect(report.errors.slice(1).map((e) => [e.resource, e.kind])).toEqual(NOT_CHECKED.map((r) => [r, 'not-checked']));
});

test('only CloudTrail hung: the drift verdict stands (exit 2) and the findings say lookup-failed', async () => {
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = hung.endpoint;
  const started = Date.now();
  const { report } = await runDrift({ stateFiles: [STATE], requestTimeout: '300ms', maxAttempts: 2, timeout: '1m' });
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(report.exitCode).toBe(2);
  expect(report.findings.length).toBeGreaterThan(0);
  expect(report.findings.map((f) => f.attributionStatus)).toEqual(report.findings.map(() => 'lookup-failed'));
  expect(report.warnings.filter((w) => w.code === 'ATTRIBUTION_LOOKUP_FAILED').length).toBeGreaterThan(0);
});

test.each([
  ['--timeout', '5'],
  ['--timeout', '0s'],
  ['--request-timeout', '1.5s'],
  ['--connect-timeout', '99h'],
])('%s %s is one error naming the flag (exit 1) before anything is read', async (flag, value) => {
  aws.resetCallCounts();
  const io = captureIo();
  expect(await main(['node', 'lambda-roles', 'drift', '--state', STATE, flag, value], io)).toBe(1);
  expect(io.err()).toContain(`error: ${flag} "${value}": `);
  expect(aws.callCounts()).not.toHaveProperty('sts:GetCallerIdentity');
});

test('once the run has returned, nothing keeps the process alive (a child process ends by itself)', async () => {
  // The library, not the CLI (whose bin calls process.exit): the deadline cuts off reads of hung IAM/Lambda.
  const script = `
    require('tsx/cjs');
    const { runDriftJob } = require(${JSON.stringify(join(ROOT, 'drift', 'job.ts'))});
    runDriftJob({ stateFiles: [${JSON.stringify(STATE)}], timeout: '2s', requestTimeout: '60s', reports: [{ format: 'json' }] })
      .then((r) => console.log('RESULT ' + r.exitCode + ' ' + Date.now()), (e) => console.log('FAILED ' + e.message));`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, AWS_ENDPOINT_URL: hung.endpoint, AWS_ENDPOINT_URL_STS: aws.endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = await new Promise<{ code: number | null; at: number }>((resolveExit) =>
    child.on('exit', (code) => resolveExit({ code, at: Date.now() })),
  );
  const m = /RESULT (\d) (\d+)/.exec(out);
  expect(m).not.toBeNull();
  expect(m![1]).toBe('1');
  expect(exited.code).toBe(0);
  // It ended on its own soon after the result; a socket held open would keep it for the 60 s request timeout.
  expect(exited.at - Number(m![2])).toBeLessThan(10_000);
}, 60_000);
