/**
 * The drift job against the local endpoint: several reports from one run, a severity threshold for the exit
 * code, targets checked before any call, and an error report (never a stale one) when the run fails.
 * The plain-HCL state fixture is read against an empty account, so every resource it declares is gone.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../local-aws';
import type { DriftReport } from '../../drift/model';
import { runDriftJob } from '../../drift/job';
import { UserError } from '../../shared/errors';
import { reportSchemaErrors } from '../helpers/report-schema';
import { startEndpoint } from './fixtures/seed';

const STATE = join(__dirname, 'fixtures', 'plain-hcl.tfstate.json');
let aws: LocalAws;
let dir: string;

beforeAll(async () => {
  aws = await startEndpoint();
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'drift-job-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DriftReport;

test('one run writes every requested report, each whole, and the standard-output one is returned', async () => {
  const json = join(dir, 'drift.json');
  const md = join(dir, 'drift.md');
  const result = await runDriftJob({
    stateFiles: [STATE],
    skipAttribution: true,
    reports: [{ format: 'text' }, { format: 'json', path: json }, { format: 'markdown', path: md }],
  });
  expect(result.exitCode).toBe(2);
  const report = readJson(json);
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report.findings.map((f) => f.code)).toContain('ROLE_DELETED');
  expect(readFileSync(md, 'utf8')).toMatch(/^## lambda-roles drift check\n\n⚠️ \*\*Drift: \d+ finding\(s\)\*\*/);
  expect(result.stdout).toContain('ROLE_DELETED');
});

test('--fail-on: findings below the threshold are reported and exit 0; at or above it exit 2', async () => {
  const below = await runDriftJob({ stateFiles: [STATE], skipAttribution: true, failOn: 'critical', reports: [{ format: 'json' }] });
  const report = JSON.parse(below.stdout!) as DriftReport;
  expect(report.findings.length).toBeGreaterThan(0);
  expect(report.findings.some((f) => f.severity === 'critical')).toBe(false);
  expect({ exit: below.exitCode, inReport: report.exitCode, failOn: report.failOn, verdict: report.verdict }).toEqual({
    exit: 0,
    inReport: 0,
    failOn: 'critical',
    verdict: 'drift',
  });
  const atMedium = await runDriftJob({ stateFiles: [STATE], skipAttribution: true, failOn: 'medium', reports: [{ format: 'json' }] });
  expect(atMedium.exitCode).toBe(2);
});

test('report targets are checked before any AWS call: a missing directory, a directory, a path twice, two on stdout', async () => {
  aws.resetCallCounts();
  const run = (reports: { format: 'json' | 'text'; path?: string }[]) => runDriftJob({ stateFiles: [STATE], reports });
  await expect(run([{ format: 'json', path: join(dir, 'no', 'such', 'r.json') }])).rejects.toThrow(/directory .* does not exist/);
  await expect(run([{ format: 'json', path: dir }])).rejects.toThrow(/is a directory/);
  await expect(
    run([
      { format: 'json', path: join(dir, 'r') },
      { format: 'text', path: join(dir, 'r') },
    ]),
  ).rejects.toThrow(/already the target of/);
  await expect(run([{ format: 'json' }, { format: 'text' }])).rejects.toThrow(/only one report can go to standard output/);
  expect(aws.callCounts()).toEqual({});
  // The same run with a good target does call AWS (so the counter above can tell).
  await runDriftJob({ stateFiles: [STATE], skipAttribution: true, reports: [{ format: 'json', path: join(dir, 'ok.json') }] });
  expect(Object.keys(aws.callCounts()).length).toBeGreaterThan(0);
});

test('a run that fails replaces every requested report with an error report (verdict error), never leaving a stale one', async () => {
  const json = join(dir, 'drift.json');
  const md = join(dir, 'drift.md');
  writeFileSync(json, JSON.stringify({ verdict: 'in-sync', stale: true }));
  writeFileSync(md, 'stale: In sync');
  const empty = join(dir, 'empty.tfstate');
  writeFileSync(empty, JSON.stringify({ version: 4, resources: [] }));
  const error = await runDriftJob({
    stateFiles: [empty],
    reports: [
      { format: 'json', path: json },
      { format: 'markdown', path: md },
    ],
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  const report = readJson(json);
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report).toMatchObject({ verdict: 'error', exitCode: 1, summary: { inSync: false, errors: 1 } });
  expect(report.errors).toEqual([
    { resource: 'drift run', kind: 'fatal', message: expect.stringContaining('no IAM roles, policies or Lambda permissions') },
  ]);
  expect(readFileSync(md, 'utf8')).toContain('❌ **Not verified**');
  expect(readFileSync(md, 'utf8')).not.toContain('stale');
  expect(existsSync(`${json}.tmp`)).toBe(false);
});
