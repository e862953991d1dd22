/**
 * Incremental mode end to end: the example stacks deployed once with real terraform, the drift check run with
 * a checkpoint against the local endpoint (real SDK clients over HTTP, real CloudTrail records of the console
 * edits), and what the issue asks to prove: an edit inside the overlap window is found, a CloudTrail outage
 * falls back to a full scan, runs sharing a checkpoint leave it whole, an old checkpoint forces a full scan.
 *
 * The snapshot taken after the deploy has its CloudTrail history emptied, as if the deploy happened long
 * ago: otherwise every run's look-back window would hold the deploy's events and re-read everything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, DetachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalAwsSnapshot } from '../../../local-aws';
import { runDrift, type DriftOptions } from '../../../drift/run-drift';
import { loadCheckpoint, type Checkpoint } from '../../../drift/incremental/checkpoint';
import type { IncrementalOptions } from '../../../drift/incremental/plan';
import { EXAMPLES } from '../../../stacks/examples';
import { withLocalAws } from '../../helpers/local-aws';
import { deployExamples, type Deployment } from '../../helpers/deploy';
import { reportSchemaErrors } from '../../helpers/report-schema';
import { CONSOLE_ARN, ROLES, runCli, stateFiles, useEndpoint } from '../fixtures/e2e-support';

const aws = withLocalAws();
let deployment: Deployment;
let deployed: LocalAwsSnapshot;
let iam: IAMClient;
let lambda: LambdaClient;
let dir: string;
let checkpoint: string;

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint(), EXAMPLES);
  const snapshot = aws.instance().snapshot();
  const trail = snapshot.services.cloudtrail as { nextSeq: number; events: Record<string, unknown[]> };
  deployed = { ...snapshot, services: { ...snapshot.services, cloudtrail: { ...trail, events: {} } } };
  useEndpoint(aws.endpoint());
  iam = new IAMClient(aws.clientConfig('console'));
  lambda = new LambdaClient(aws.clientConfig('console'));
}, 300_000);

beforeEach(() => {
  aws.instance().restore(deployed);
  dir = mkdtempSync(join(tmpdir(), 'drift-incremental-'));
  checkpoint = join(dir, 'checkpoint.json');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

afterAll(() => {
  iam?.destroy();
  lambda?.destroy();
  deployment?.cleanup();
});

const run = (incremental: Partial<IncrementalOptions> = {}, extra: Partial<DriftOptions> = {}) =>
  runDrift({
    stateFiles: stateFiles(deployment.outDir, deployment.stacks),
    since: '1d',
    incremental: { checkpoint, ...incremental },
    ...extra,
  });

const readCheckpoint = (path = checkpoint) => JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
const writeCheckpoint = (c: Checkpoint, path = checkpoint) => writeFileSync(path, JSON.stringify(c));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Reads of IAM and Lambda resources in a run's API calls (CloudTrail and STS are not reads of resources). */
const resourceReads = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([op]) => op.startsWith('iam:') || op.startsWith('lambda:'))
    .reduce((n, [, c]) => n + c, 0);

test('the first run scans in full and says why; the next re-reads nothing, carries every resource and is in sync', async () => {
  const first = await run();
  const everything = first.report.scan?.reread ?? 0;
  expect(everything).toBeGreaterThan(6);
  expect(first.report.scan).toEqual({ mode: 'full', reason: `no checkpoint at ${checkpoint} yet`, reread: everything, carried: 0 });
  expect(first.report.warnings).toContainEqual({
    code: 'FULL_SCAN',
    message: `incremental run scanned everything: no checkpoint at ${checkpoint} yet`,
  });
  expect(first.report.verdict).toBe('in-sync');
  expect(reportSchemaErrors(first.report)).toEqual([]);

  const second = await run();
  expect(second.report.scan).toEqual({ mode: 'incremental', reread: 0, carried: everything });
  expect(second.report.verdict).toBe('in-sync');
  expect(second.report.warnings.filter((w) => w.code === 'FULL_SCAN')).toEqual([]);
  expect(resourceReads(second.apiCalls)).toBe(0);
  expect(second.apiCalls['cloudtrail:LookupEvents']).toBe(1);
  expect(reportSchemaErrors(second.report)).toEqual([]);
}, 60_000);

test('a console edit after the checkpoint is found by re-reading only what it touched, and is attributed', async () => {
  await run();
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN }));
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'image-processor',
      StatementId: 'console',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
    }),
  );
  const { report, apiCalls } = await run();
  expect(report.scan).toMatchObject({ mode: 'incremental', reread: 2 });
  expect(report.findings.map((f) => [f.code, f.resource.name, f.attribution?.actor])).toEqual(
    expect.arrayContaining([
      ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', `${ROLES.orders}/${ADMIN}`, CONSOLE_ARN],
      ['INVOKE_PERMISSION_ADDED', 'image-processor/console', CONSOLE_ARN],
    ]),
  );
  expect(report.findings).toHaveLength(2);
  expect(apiCalls['iam:GetRole']).toBe(1);
  expect(apiCalls['lambda:GetFunctionConfiguration']).toBe(1);
  expect(apiCalls['iam:GetAccountAuthorizationDetails']).toBeUndefined();
}, 60_000);

test('an edit made inside the overlap window is found (CloudTrail delivered it after the last run); without the overlap it is missed', async () => {
  await run(); // full scan: its records are from before the edit
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN }));
  const editedAt = Date.now();
  await sleep(1_100);
  // The checkpoint a run would leave if it started just after the edit, while CloudTrail had not yet
  // delivered the event: its records are still from before the edit, its time is after it.
  const c = readCheckpoint();
  writeCheckpoint({ ...c, scanStartedAt: new Date(editedAt + 1_000).toISOString() });
  const control = join(dir, 'control.json');
  writeCheckpoint({ ...c, scanStartedAt: new Date(editedAt + 1_000).toISOString() }, control);

  const withoutOverlap = await run({ checkpoint: control, overlap: 0 });
  expect(withoutOverlap.report.scan).toMatchObject({ mode: 'incremental', reread: 0 });
  expect(withoutOverlap.report.verdict).toBe('in-sync'); // the miss the overlap exists to prevent

  const withOverlap = await run(); // the default 15 minutes
  expect(withOverlap.report.scan).toMatchObject({ mode: 'incremental', reread: 1 });
  expect(withOverlap.report.findings.map((f) => [f.code, f.resource.name])).toEqual([
    ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', `${ROLES.orders}/${ADMIN}`],
  ]);
}, 60_000);

test('a CloudTrail outage falls back to a full scan, which still finds the change, and the report says why', async () => {
  const everything = (await run()).report.scan?.reread ?? 0;
  expect(everything).toBeGreaterThan(6);
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN }));
  // Nothing listens on port 9 of the loopback: CloudTrail is unreachable, IAM and Lambda are not.
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = 'http://127.0.0.1:9';
  let outage;
  try {
    outage = await run({}, { maxAttempts: 1 });
  } finally {
    delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
  }
  expect(outage.report.scan).toMatchObject({ mode: 'full', reread: everything, carried: 0 });
  expect(outage.report.scan?.reason).toMatch(
    /^CloudTrail could not be read, so changes since the checkpoint are unknown \(LookupEvents failed/,
  );
  expect(outage.report.warnings.map((w) => w.code)).toContain('FULL_SCAN');
  expect(outage.report.findings.map((f) => [f.code, f.attributionStatus])).toEqual([
    ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'lookup-failed'],
  ]);
  expect(resourceReads(outage.apiCalls)).toBeGreaterThan(everything);
  // The full scan left a fresh checkpoint: the next run is incremental again.
  expect((await run()).report.scan?.mode).toBe('incremental');
}, 60_000);

test('a checkpoint older than the maximum age forces a full scan; incremental runs keep the full scan time', async () => {
  await run();
  const fullAt = readCheckpoint().fullScanStartedAt;
  await run();
  expect(readCheckpoint().fullScanStartedAt).toBe(fullAt);
  expect(Date.parse(readCheckpoint().scanStartedAt)).toBeGreaterThan(Date.parse(fullAt));
  writeCheckpoint({ ...readCheckpoint(), fullScanStartedAt: new Date(Date.now() - 25 * 3_600_000).toISOString() });
  const old = await run();
  expect(old.report.scan).toMatchObject({
    mode: 'full',
    reason: expect.stringMatching(/^the last full scan was 25\.0 h ago, more than the maximum age of 24\.0 h$/),
  });
  expect(Date.parse(readCheckpoint().fullScanStartedAt)).toBeGreaterThan(Date.parse(fullAt));
  // A shorter --max-age applies the same way.
  await sleep(20);
  expect((await run({ maxAge: 10 })).report.scan?.mode).toBe('full');
}, 60_000);

test('a checkpoint of other inputs, or a damaged one, is not used: the run scans in full and says why', async () => {
  await run();
  const one = await runDrift({ stateFiles: stateFiles(deployment.outDir, ['orders-api']), since: '1d', incremental: { checkpoint } });
  expect(one.report.scan).toMatchObject({
    mode: 'full',
    reason: expect.stringMatching(/^the checkpoint .* belongs to other inputs \(states /),
  });

  // A run that lists aliases cannot carry records read without them (--skip-alias-reads), nor the reverse.
  await run({}, { skipAliasReads: true });
  expect(readCheckpoint().inputs.aliasesRead).toBe(false);
  expect((await run()).report.scan).toMatchObject({
    mode: 'full',
    reason: expect.stringMatching(/belongs to other inputs \(.*; aliases not read: --skip-alias-reads\)$/),
  });
  expect((await run({}, { skipAliasReads: true })).report.scan).toMatchObject({ mode: 'full' });
  expect((await run({}, { skipAliasReads: true })).report.scan).toMatchObject({ mode: 'incremental' });

  await run();
  const c = readCheckpoint();
  const [name, role] = Object.entries(c.roles)[0];
  writeCheckpoint({ ...c, roles: { ...c.roles, [name]: { ...role, live: 'missing' } } });
  const damaged = await run();
  expect(damaged.report.scan).toMatchObject({
    mode: 'full',
    reason: `the checkpoint ${checkpoint} is damaged: roles ${name} does not match its fingerprint`,
  });
  expect(damaged.report.verdict).toBe('in-sync');
}, 60_000);

test('a finding stays open while nothing touches its resource, and closes when a re-read clears it', async () => {
  await run();
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN }));
  await sleep(1_100); // CloudTrail stamps whole seconds: keep the edit's second before the next scan's start
  const found = await run();
  expect(found.report.findings).toHaveLength(1);
  // No overlap: the edit's event is before this run's window, so the role is carried, finding and attribution with it.
  const carried = await run({ overlap: 0 });
  expect(carried.report.scan).toMatchObject({ mode: 'incremental', reread: 0 });
  expect(carried.report.findings).toEqual(found.report.findings);
  expect(carried.apiCalls['cloudtrail:LookupEvents']).toBe(1); // the write events only: the attribution was carried
  await sleep(1_100);
  await iam.send(new DetachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN }));
  const cleared = await run({ overlap: 0 });
  expect(cleared.report.scan).toMatchObject({ mode: 'incremental', reread: 1 });
  expect(cleared.report.verdict).toBe('in-sync');
}, 60_000);

test('two runs sharing a checkpoint leave it whole; a run never replaces a newer checkpoint with its older one', async () => {
  await run();
  const args = ['drift', ...stateFiles(deployment.outDir, deployment.stacks).flatMap((f) => ['--state', f])];
  const both = await Promise.all(
    [1, 2].map(() => runCli([...args, '--since', '1d', '--format', 'json', '--incremental', '--checkpoint', checkpoint], aws.endpoint())),
  );
  expect(both.map((r) => r.code)).toEqual([0, 0]);
  const after = loadCheckpoint(checkpoint);
  expect('checkpoint' in after ? Object.keys(after.checkpoint.roles).length : after.unusable).toBeGreaterThan(0);
  expect((await run()).report.scan?.mode).toBe('incremental');

  // A checkpoint from a scan that started later than this run (a clock ahead, or a run that overtook it).
  const newer = { ...readCheckpoint(), scanStartedAt: new Date(Date.now() + 3_600_000).toISOString() };
  writeCheckpoint(newer);
  const bytes = readFileSync(checkpoint, 'utf8');
  const older = await run();
  expect(older.report.scan).toMatchObject({ mode: 'full', reason: expect.stringContaining('is in the future') });
  expect(readFileSync(checkpoint, 'utf8')).toBe(bytes);
}, 120_000);
