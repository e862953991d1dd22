/**
 * The fault matrix (issue 9), end to end: two example stacks deployed once with the real terraform and AWS
 * provider against the local endpoint, edited as the console identity, snapshotted; then for each scenario
 * the snapshot is restored, the fault is switched on, and the real CLI (main(), in-process) runs the drift
 * check over the deployed state files. Each scenario is compared with a clean run of the same account:
 *
 *   exit 0 or 2  every expected item was read (no read error), and the findings are the clean run's: the same
 *                codes, resources and differences; attribution the same, or "lookup-failed" (never another
 *                actor, never "no matching event" for a lookup that did not succeed);
 *   exit 1       no finding the clean run does not have, and every clean finding that is missing has its
 *                resource named in the report's errors (or the report says nothing was read at all).
 *
 * Exit 0 or 2 with anything unchecked fails the test.
 * The mid-scan deletes may also end as the clean run of the account after the delete (the delete landed
 * before the resource was read).
 *
 * Its own script, `npm run test:faults` (jest.faults.config.js), which .ci/run calls after `npm test`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, PutRolePolicyCommand, TagRoleCommand, UpdateRoleDescriptionCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import type { LocalAwsSnapshot } from '../../local-aws';
import type { DriftFinding, DriftReport } from '../../drift/model';
import { EXAMPLES } from '../../stacks/examples';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { startHungServer, type HungServer } from '../helpers/hung-server';
import { reportSchemaErrors } from '../helpers/report-schema';
import { iamAs, lambdaAs } from '../drift/fixtures/seed';
import { stateFiles, useEndpoint } from '../drift/fixtures/e2e-support';
import { faultModules, newHooks, resetHooks, type DeleteAt } from './fault-hooks';

const hooks = newHooks();
const aws = withLocalAws({ modules: faultModules(hooks) });
const STACKS = ['orders-api', 'image-processor'];
const ROLE = 'orders-api-exec';
const FUNCTION = 'image-processor';

let deployment: Deployment;
let edited: LocalAwsSnapshot;
let hung: HungServer;
let dir: string;
let clean: Run;
/** Clean runs of the account with one resource deleted before the scan, by `role NAME` / `function NAME`. */
const cleanWithout = new Map<string, Run>();

interface Run {
  readonly code: number;
  readonly report: DriftReport;
  readonly stderr: string;
}

/** Runs `lambda-roles drift` over the deployed states with `flags`, and reads the JSON report it wrote. */
async function drift(name: string, flags: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  const file = join(dir, `${name}.json`);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const io = captureIo();
  try {
    const states = stateFiles(deployment.outDir, STACKS).flatMap((s) => ['--state', s]);
    const code = await main(['node', 'lambda-roles', 'drift', ...states, '--report', `json=${file}`, '--timeout', '4m', ...flags], io);
    const report = JSON.parse(readFileSync(file, 'utf8')) as DriftReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    return { code, report, stderr: io.err() };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** A finding's identity and content (attribution apart). */
const key = (f: DriftFinding) => JSON.stringify([f.code, f.severity, f.resource, f.differences, f.remediation]);

/** The role, function or policy a finding belongs to, as read errors name it. */
const owner = (f: DriftFinding) =>
  f.resource.type === 'aws_iam_policy' ? (f.resource.arn ?? f.resource.name) : f.resource.name.split(/[:/]/)[0];

/** Why `run` does not hold up against `baseline` (empty when it does); see the file comment for the rules. */
function problems(run: Run, baseline: Run): string[] {
  const out: string[] = [];
  const base = new Map(baseline.report.findings.map((f) => [key(f), f]));
  const got = new Map(run.report.findings.map((f) => [key(f), f]));
  for (const [k, f] of got) if (!base.has(k)) out.push(`a finding the clean run does not have: ${f.code} ${f.resource.name}`);
  for (const [k, f] of got) {
    const b = base.get(k);
    if (!b) continue;
    const sameWho = JSON.stringify(f.attribution) === JSON.stringify(b.attribution) && f.attributionStatus === b.attributionStatus;
    if (!sameWho && f.attributionStatus !== 'lookup-failed')
      out.push(
        `${f.code} ${f.resource.name}: attribution ${f.attributionStatus} ${f.attribution?.actor ?? ''}, clean ${b.attributionStatus}`,
      );
  }
  if (run.code === 0 || run.code === 2) {
    if (run.code !== baseline.code) out.push(`exit ${run.code}, the clean run exits ${baseline.code}`);
    if (run.report.errors.length) out.push(`exit ${run.code} with read errors: ${run.report.errors.map((e) => e.resource).join(', ')}`);
    for (const [k, f] of base) if (!got.has(k)) out.push(`exit ${run.code} without the clean finding ${f.code} ${f.resource.name}`);
  } else if (run.code === 1) {
    const named = run.report.errors.map((e) => `${e.resource} ${e.message}`).join('\n');
    const nothingRead = /nothing was read/.test(named);
    for (const [k, f] of base)
      if (!got.has(k) && !nothingRead && !named.includes(owner(f)))
        out.push(`exit 1, but ${f.code} ${f.resource.name} is missing and ${owner(f)} is not named as not checked`);
    if (!run.report.errors.length) out.push('exit 1 without any error in the report');
  } else out.push(`exit ${run.code}`);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
  hung = await startHungServer();
  useEndpoint(aws.endpoint());
  deployment = await deployExamples(
    aws.endpoint(),
    EXAMPLES.filter((d) => STACKS.includes(d.name)),
  );
  // Console edits of several kinds, each attributed in CloudTrail.
  const iam = iamAs(aws.instance(), 'console');
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new TagRoleCommand({ RoleName: ROLE, Tags: [{ Key: 'owner', Value: 'someone-else' }] }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: `${FUNCTION}-exec`,
      PolicyName: 'debug',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] }),
    }),
  );
  await iam.send(new UpdateRoleDescriptionCommand({ RoleName: `${FUNCTION}-exec`, Description: 'edited in the console' }));
  await lambdaAs(aws.instance(), 'console').send(
    new AddPermissionCommand({ FunctionName: FUNCTION, StatementId: 'open', Action: 'lambda:InvokeFunction', Principal: '*' }),
  );
  edited = aws.instance().snapshot();

  clean = await drift('clean');
  // The account after each mid-scan delete, deleted before the scan: what those scenarios may also end as.
  for (const [kind, name] of [
    ['role', ROLE],
    ['role', `${FUNCTION}-exec`],
    ['function', FUNCTION],
  ] as const) {
    resetHooks(hooks);
    aws.instance().restore(edited);
    if (kind === 'role') hooks.deleteRole = { name, before: '*' };
    else hooks.deleteFunction = { name, before: '*' };
    cleanWithout.set(`${kind} ${name}`, await drift(`clean-without-${name}`));
    expect(hooks.happened).toHaveLength(1);
  }
  resetHooks(hooks);
}, 900_000);

beforeEach(() => {
  resetHooks(hooks);
  aws.instance().restore(edited);
  aws.instance().setControls({ latencyMs: 0, faults: {} });
  useEndpoint(aws.endpoint());
});

afterAll(async () => {
  await hung?.close();
  deployment?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('the fault matrix: the same verdict and findings as a clean run, or exit 1 naming what was not checked', () => {
  it('the clean run: drift with the console edits attributed, every item read', () => {
    expect(clean.code).toBe(2);
    expect(clean.report.errors).toEqual([]);
    expect(clean.report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
        'INLINE_POLICY_ADDED',
        'INVOKE_PERMISSION_ADDED',
        'DESCRIPTION_CHANGED',
        'TAGS_CHANGED',
      ]),
    );
    expect(clean.report.findings.every((f) => f.attributionStatus === 'attributed')).toBe(true);
    const codes = (key: string) => cleanWithout.get(key)!.report.findings.map((f) => `${f.code} ${f.resource.name}`);
    expect(codes(`role ${ROLE}`)).toContain(`ROLE_DELETED ${ROLE}`);
    expect(codes(`role ${FUNCTION}-exec`)).toContain(`ROLE_DELETED ${FUNCTION}-exec`);
    expect(codes(`function ${FUNCTION}`)).toContain(`FUNCTION_DELETED ${FUNCTION}`);
  });

  const faults =
    (f: { throttlePercent?: number; serverErrorPercent?: number; resetPercent?: number }, latencyMs = 0) =>
    () =>
      aws.instance().setControls({ latencyMs, faults: { seed: 9, ...f } });

  it.each<[string, () => void, string[]]>([
    ['30 % throttling', faults({ throttlePercent: 30 }), []],
    ['10 % server errors (5xx)', faults({ serverErrorPercent: 10 }), []],
    ['5 % connection resets', faults({ resetPercent: 5 }), []],
    ['2 s latency on every call', faults({}, 2000), []],
    ['all combined', faults({ throttlePercent: 30, serverErrorPercent: 10, resetPercent: 5 }, 2000), []],
  ])(
    '%s',
    async (name, on, flags) => {
      on();
      const run = await drift(name.replace(/\W+/g, '-'), flags);
      aws.instance().setControls({ latencyMs: 0, faults: {} });
      expect(problems(run, clean)).toEqual([]);
    },
    600_000,
  );

  it('an endpoint that accepts connections and never answers: exit 1, nothing claimed', async () => {
    const run = await drift('never-answers', ['--request-timeout', '500ms', '--connect-timeout', '500ms'], {
      AWS_ENDPOINT_URL: hung.endpoint,
    });
    expect(run.code).toBe(1);
    expect(problems(run, clean)).toEqual([]);
    expect(hung.connections()).toBeGreaterThan(0);
  }, 120_000);

  it('CloudTrail failing: the drift verdict stands, every finding says lookup-failed and a warning says why', async () => {
    hooks.cloudTrailDown = true;
    const run = await drift('cloudtrail-down');
    expect(hooks.happened.length).toBeGreaterThan(0);
    expect(run.code).toBe(clean.code);
    expect(problems(run, clean)).toEqual([]);
    expect(run.report.findings.every((f) => f.attributionStatus === 'lookup-failed')).toBe(true);
    expect(run.report.warnings.map((w) => w.code)).toContain('ATTRIBUTION_LOOKUP_FAILED');
  }, 300_000);

  it('STS failing: exit 1, and the report says nothing was read', async () => {
    hooks.stsDown = true;
    const run = await drift('sts-down');
    expect(hooks.happened.length).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(problems(run, clean)).toEqual([]);
    expect(run.report.errors.map((e) => e.message).join('\n')).toMatch(/STS/);
  }, 300_000);

  it.each<[string, 'role' | 'function', DeleteAt]>([
    ['a role deleted after GetRole, before its attachments are listed', 'role', { name: ROLE, before: 'ListAttachedRolePolicies' }],
    [
      'a role deleted after its inline policies were listed, before GetRolePolicy',
      'role',
      { name: `${FUNCTION}-exec`, before: 'GetRolePolicy' },
    ],
    ['a function deleted before its configuration is read', 'function', { name: FUNCTION, before: 'GetFunctionConfiguration' }],
    [
      'a function deleted after its configuration was read, before its resource policy',
      'function',
      { name: FUNCTION, before: 'GetPolicy', afterConfiguration: true },
    ],
  ])(
    '%s: the findings before the delete, or after it, or exit 1 naming it',
    async (name, kind, at) => {
      if (kind === 'role') hooks.deleteRole = at;
      else hooks.deleteFunction = at;
      const run = await drift(name.replace(/\W+/g, '-'));
      expect(hooks.happened).toEqual([`${kind} ${at.name} deleted before ${at.before}`]); // the delete landed during the scan
      const before = problems(run, clean);
      const afterwards = problems(run, cleanWithout.get(`${kind} ${at.name}`)!);
      expect(before.length === 0 || afterwards.length === 0 ? [] : { before, afterwards }).toEqual([]);
    },
    300_000,
  );
});

describe('the comparison can fail', () => {
  it('a run with a finding missing and nothing named, a finding changed, or exit 2 with a read error is refused', () => {
    const [first, ...rest] = clean.report.findings;
    const without = {
      ...clean,
      code: 1,
      report: { ...clean.report, findings: rest, errors: [{ resource: 'IAM role other', message: 'x' }] },
    };
    expect(problems(without, clean)).toEqual([expect.stringMatching(/is missing and .* is not named as not checked/)]);
    const changed = { ...clean, report: { ...clean.report, findings: [{ ...first, severity: 'low' as const }, ...rest] } };
    expect(problems(changed, clean).length).toBeGreaterThan(0);
    const unchecked = { ...clean, report: { ...clean.report, errors: [{ resource: 'IAM role x', message: 'GetRole failed' }] } };
    expect(problems(unchecked, clean)).toEqual([expect.stringMatching(/exit 2 with read errors/)]);
    const otherActor = {
      ...clean,
      report: { ...clean.report, findings: [{ ...first, attribution: { ...first.attribution!, actor: 'someone' } }, ...rest] },
    };
    expect(problems(otherActor, clean)).toEqual([expect.stringMatching(/attribution attributed someone/)]);
  });
});
