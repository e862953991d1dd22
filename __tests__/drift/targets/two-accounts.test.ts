/**
 * Many accounts, one report, against the local endpoint: the same Terraform configuration applied into two
 * accounts (000000000000 and 111111111111) with the real terraform binary and provider, a read-only drift
 * role in each holding exactly DriftJobRole's policy, and one account drifted from outside Terraform. A
 * `--config` run assumes each role with STS and checks both into one report; a target whose role cannot be
 * assumed is not checked (exit 1) while the others still are; the reports of a CI matrix (one run per
 * target) merge into what the one run says. Timings are printed, never asserted.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import type { LocalAws } from '../../../local-aws';
import { OTHER_ACCOUNT_ID } from '../../../local-aws';
import type { DriftReport } from '../../../drift/model';
import { runDriftJob } from '../../../drift/job';
import { runMergeJob } from '../../../drift/merge';
import { awsEndpointEnv, terraform } from '../../../shared/terraform/run';
import { driftJobStatements } from '../../../modules/drift-job-role';
import { toPolicyDocument } from '../../../modules/policy-types';
import { reportSchemaErrors } from '../../helpers/report-schema';
import { zipWith } from '../../helpers/zip';
import { credentials, LAMBDA_TRUST, startEndpoint } from '../fixtures/seed';
import { runCli } from '../fixtures/e2e-support';

const A = '000000000000';
const B = OTHER_ACCOUNT_ID;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const readerArn = (account: string) => `arn:aws:iam::${account}:role/drift-reader`;

let aws: LocalAws;
let dir: string;
const stateOf = (account: string) => join(dir, account, 'terraform.tfstate');

/** Applies the fixture configuration into the account whose keys are given. */
async function applyInto(account: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<void> {
  const cwd = join(dir, account);
  cpSync(join(__dirname, 'fixtures', 'account'), cwd, { recursive: true });
  writeFileSync(join(cwd, 'handler.zip'), zipWith('index.js', 'exports.handler = async () => "ok";\n'));
  const opts = { cwd, env: awsEndpointEnv(aws.endpoint, keys.accessKeyId, keys.secretAccessKey), timeoutMs: 240_000 };
  await terraform(['init', '-input=false', '-no-color'], opts);
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], opts);
}

/** The role the drift job assumes in an account: DriftJobRole's read policy, nothing more. */
async function createReader(iam: IAMClient, account: string): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: 'drift-reader', AssumeRolePolicyDocument: LAMBDA_TRUST }));
  const policy = toPolicyDocument(driftJobStatements({ account, regions: ['us-east-1'] }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'drift-reader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }));
}

const target = (name: string, account: string, state: string, roleAccount = account) =>
  [
    `  - name: ${name}`,
    `    account: "${account}"`,
    `    regions: [us-east-1]`,
    `    role:`,
    `      arn: ${readerArn(roleAccount)}`,
    `      sessionName: drift-${name}`,
    `    states: [${state}]`,
  ].join('\n');

function writeConfig(name: string, targets: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `targets:\n${targets.join('\n')}\n`);
  return file;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DriftReport;
const withoutTime = (r: DriftReport) => ({ ...r, generatedAt: 'X' });

beforeAll(async () => {
  aws = await startEndpoint(); // the base credentials: test/test, the root of account A
  dir = mkdtempSync(join(tmpdir(), 'two-accounts-'));
  const started = Date.now();
  await Promise.all([applyInto(A, credentials('admin')), applyInto(B, credentials('other'))]);
  const iamA = new IAMClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials: credentials('admin') });
  const iamB = new IAMClient({ endpoint: aws.endpoint, region: 'us-east-1', credentials: credentials('other') });
  await createReader(iamA, A);
  await createReader(iamB, B);
  // Drift in account B only, made outside Terraform by B's own root.
  await iamB.send(new AttachRolePolicyCommand({ RoleName: 'worker-exec', PolicyArn: ADMIN }));
  await iamB.send(new TagRoleCommand({ RoleName: 'worker-exec', Tags: [{ Key: 'ticket', Value: 'OPS-1' }] }));
  console.log(`two-account setup (terraform apply into both accounts, roles, drift): ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 480_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one --config run checks both accounts into one report, with the account and target on every finding', async () => {
  const config = writeConfig('two.yaml', [target('a', A, `${A}/terraform.tfstate`), target('b', B, `${B}/terraform.tfstate`)]);
  const json = join(dir, 'two.json');
  aws.resetCallCounts();
  const started = process.hrtime.bigint();
  const result = await runDriftJob({ config, reports: [{ format: 'json', path: json }] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Warm runs, one target at a time and two at once (the default), for the report; not asserted.
  const timed = async (targetConcurrency: number) => {
    const t0 = process.hrtime.bigint();
    await runDriftJob({ config, targetConcurrency, reports: [{ format: 'json', path: join(dir, 'timed.json') }] });
    return (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2);
  };
  const [sequential, parallel] = [await timed(1), await timed(2)];
  console.log(
    `two-account --config run (AssumeRole, state, read, CloudTrail per target): first ${seconds.toFixed(2)} s wall; warm: ${sequential} s one target at a time, ${parallel} s two at once`,
  );

  const report = readJson(json);
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(result.exitCode).toBe(2);
  expect(report.scope.accounts).toEqual([A, B]);
  expect(report.scope.targets).toEqual([
    { name: 'a', account: A, regions: ['us-east-1'], sources: [stateOf(A)], status: 'checked' },
    { name: 'b', account: B, regions: ['us-east-1'], sources: [stateOf(B)], status: 'checked' },
  ]);
  expect(report.findings.map((f) => [f.code, f.account, f.target]).sort()).toEqual([
    ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', B, 'b'],
    ['TAGS_CHANGED', B, 'b'],
  ]);
  const admin = report.findings.find((f) => f.code === 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM')!;
  expect(admin).toMatchObject({ severity: 'critical', resource: { arn: ADMIN }, attributionStatus: 'attributed' });
  expect(admin.attribution?.actor).toBe(`arn:aws:iam::${B}:root`);
  // Both accounts' resources were checked: one role and one function each.
  expect({ roles: report.summary.roles, functions: report.summary.functions, errors: report.errors }).toEqual({
    roles: 2,
    functions: 2,
    errors: [],
  });
  // Each target was read as its assumed role, in its own account (three runs above).
  expect(aws.callCounts()['sts:AssumeRole']).toBe(6);
});

test('a target whose role cannot be assumed is not checked (exit 1); the other targets are still checked and reported', async () => {
  const config = writeConfig('broken.yaml', [
    target('a', A, `${A}/terraform.tfstate`),
    target('gone', '222222222222', `${A}/terraform.tfstate`),
    target('b', B, `${B}/terraform.tfstate`),
  ]);
  const result = await runDriftJob({ config, reports: [{ format: 'json' }] });
  const report = JSON.parse(result.stdout!) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]);
  expect({ exit: result.exitCode, verdict: report.verdict }).toEqual({ exit: 1, verdict: 'error' });
  expect(report.errors).toEqual([
    {
      resource: 'target gone',
      kind: 'not-checked',
      account: '222222222222',
      target: 'gone',
      message: expect.stringMatching(
        /^not checked: could not assume arn:aws:iam::222222222222:role\/drift-reader \(sts:AssumeRole failed: AccessDenied/,
      ),
    },
  ]);
  expect(report.scope.targets!.map((t) => [t.name, t.status])).toEqual([
    ['a', 'checked'],
    ['gone', 'unchecked'],
    ['b', 'checked'],
  ]);
  expect(report.findings.map((f) => f.target)).toEqual(['b', 'b']);
  expect(report.scope.accounts).toEqual([A, B]); // what was checked; the unchecked target is in scope.targets only
});

test("a target's own timeout bounds that target's run only: it is not checked (exit 1), the other target is", async () => {
  const config = writeConfig('timeouts.yaml', [
    `${target('a', A, `${A}/terraform.tfstate`)}\n    timeout: 1s`,
    target('b', B, `${B}/terraform.tfstate`),
  ]);
  // Every call takes 1.2 s: target a's deadline passes during its account check; b (the default 30m) is read.
  aws.setControls({ latencyMs: 1200 });
  let result;
  try {
    result = await runDriftJob({ config, reports: [{ format: 'json' }] });
  } finally {
    aws.setControls({ latencyMs: 0 });
  }
  const report = JSON.parse(result.stdout!) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]);
  expect({ exit: result.exitCode, verdict: report.verdict }).toEqual({ exit: 1, verdict: 'error' });
  expect(report.errors.length).toBeGreaterThan(1);
  for (const e of report.errors)
    expect(e).toMatchObject({ target: 'a', kind: 'not-checked', message: expect.stringContaining('--timeout 1s') });
  expect(report.findings.map((f) => f.target)).toEqual(['b', 'b']);
}, 120_000);

test("the account check is per target, against the assumed role's account", async () => {
  // Target a assumes its role in account A but names B's state: its ARNs are for B.
  const config = writeConfig('swapped.yaml', [target('a', A, `${B}/terraform.tfstate`), target('b', B, `${B}/terraform.tfstate`)]);
  const result = await runDriftJob({ config, reports: [{ format: 'json' }] });
  const report = JSON.parse(result.stdout!) as DriftReport;
  expect(result.exitCode).toBe(1);
  expect(report.errors).toEqual([
    expect.objectContaining({
      target: 'a',
      kind: 'not-checked',
      message: expect.stringContaining(`is for account ${B}, the credentials are for ${A}`),
    }),
  ]);
  expect(report.findings.filter((f) => f.target === 'b')).toHaveLength(2);
});

test('report merge of one run per target (a CI matrix) gives what the one --config run gives, ignore rules included', async () => {
  const config = writeConfig('matrix.yaml', [target('a', A, `${A}/terraform.tfstate`), target('b', B, `${B}/terraform.tfstate`)]);
  // One rule matches in b only (unused in a's run); one matches nothing anywhere.
  const ignoreFile = join(dir, 'ignore.yaml');
  writeFileSync(
    ignoreFile,
    [
      'rules:',
      '  - code: TAGS_CHANGED',
      `    resource: arn:aws:iam::${B}:role/worker-*`,
      '    reason: the ticket tag is set by the incident tooling',
      '  - code: ROLE_DELETED',
      '    resource: nothing-by-this-name',
      '    reason: kept to show an unused rule is reported',
      '',
    ].join('\n'),
  );
  const run = (name: string, targets?: string[]) =>
    runDriftJob({
      config,
      targets,
      ignoreFile,
      failOn: 'high',
      reports: [
        { format: 'json', path: join(dir, `${name}.json`) },
        { format: 'text', path: join(dir, `${name}.txt`) },
        { format: 'markdown', path: join(dir, `${name}.md`) },
      ],
    });
  const whole = await run('whole');
  const a = await run('only-a', ['a']);
  const b = await run('only-b', ['b']);
  expect([a.exitCode, b.exitCode, whole.exitCode]).toEqual([0, 2, 2]);
  expect(a.report.warnings.map((w) => [w.code, w.rule])).toEqual([
    ['IGNORE_RULE_UNUSED', `${ignoreFile}:2`],
    ['IGNORE_RULE_UNUSED', `${ignoreFile}:5`],
  ]);

  const merged = runMergeJob({
    inputs: [join(dir, 'only-a.json'), join(dir, 'only-b.json')],
    reports: [{ format: 'json', path: join(dir, 'merged.json') }],
  });
  expect(merged.exitCode).toBe(whole.exitCode);
  expect(withoutTime(readJson(join(dir, 'merged.json')))).toEqual(withoutTime(readJson(join(dir, 'whole.json'))));
  // What the merged report says: b's tag change is ignored, the unused rule is reported once.
  expect(merged.report.ignored.map((i) => [i.finding.code, i.finding.account, i.rule.at])).toEqual([
    ['TAGS_CHANGED', B, `${ignoreFile}:2`],
  ]);
  expect(merged.report.warnings.map((w) => [w.code, w.rule])).toEqual([['IGNORE_RULE_UNUSED', `${ignoreFile}:5`]]);
  // Text and markdown list the ignored finding apart, with its rule, and count it in the verdict line.
  expect(readFileSync(join(dir, 'whole.txt'), 'utf8')).toMatch(
    /Ignored by rule \(1\):\n {2}LOW {6}TAGS_CHANGED {2}aws_iam_role worker-exec\n {11}rule: the ticket tag is set by the incident tooling \(at .*ignore\.yaml:2\)/,
  );
  expect(readFileSync(join(dir, 'whole.md'), 'utf8')).toContain('### Ignored by rule (1)');
  expect(readFileSync(join(dir, 'whole.md'), 'utf8')).toContain('1 finding(s) ignored by rule');
});

test('--write-ignore writes a starting file that fails until the reasons are given; filled in, it acknowledges every finding', async () => {
  const config = writeConfig('start.yaml', [target('a', A, `${A}/terraform.tfstate`), target('b', B, `${B}/terraform.tfstate`)]);
  const starting = join(dir, 'starting-ignore.yaml');
  const first = await runDriftJob({ config, writeIgnore: starting, reports: [{ format: 'json' }] });
  expect(first.exitCode).toBe(2);
  await expect(runDriftJob({ config, ignoreFile: starting, reports: [{ format: 'json' }] })).rejects.toThrow(
    /^.*starting-ignore\.yaml:\d+: rules\[0\]\.reason: "TODO: .*": is a placeholder/,
  );
  // A second --write-ignore to the same path is refused before any call.
  await expect(runDriftJob({ config, writeIgnore: starting, reports: [{ format: 'json' }] })).rejects.toThrow(/the file exists/);
  writeFileSync(starting, readFileSync(starting, 'utf8').replace(/reason: .*TODO.*/g, 'reason: accepted in the drift review of this week'));
  const second = await runDriftJob({ config, ignoreFile: starting, reports: [{ format: 'json' }] });
  expect({ exit: second.exitCode, findings: second.report.findings.length, ignored: second.report.summary.ignored }).toEqual({
    exit: 0,
    findings: 0,
    ignored: first.report.findings.length,
  });
  // Each rule names its finding exactly: the role by its ARN in account B (not A's role of the same name),
  // the attachment by role and policy (not the policy ARN, which would match it on every role) in account B.
  expect(second.report.ignored.map((i) => [i.rule.resource, i.rule.account]).sort()).toEqual([
    [`arn:aws:iam::${B}:role/worker-exec`, undefined],
    [`worker-exec/${ADMIN}`, B],
  ]);
});

test('an expired rule no longer applies: the finding is back and a warning names the rule and the day', async () => {
  const config = writeConfig('expired.yaml', [target('b', B, `${B}/terraform.tfstate`)]);
  const ignoreFile = join(dir, 'expired-ignore.yaml');
  writeFileSync(
    ignoreFile,
    'rules:\n  - code: TAGS_CHANGED\n    resource: worker-exec\n    reason: the ticket tag is set by the incident tooling\n    expires: 2020-01-31\n',
  );
  const result = await runDriftJob({ config, ignoreFile, failOn: 'low', reports: [{ format: 'json' }] });
  expect(result.report.findings.map((f) => f.code).sort()).toEqual(['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'TAGS_CHANGED']);
  expect(result.report.ignored).toEqual([]);
  expect(result.warnings).toEqual([
    {
      code: 'IGNORE_RULE_EXPIRED',
      rule: `${ignoreFile}:2`,
      message: expect.stringContaining(
        `ignore rule ${ignoreFile}:2 (TAGS_CHANGED on "worker-exec") expired at the end of 2020-01-31 (UTC)`,
      ),
    },
  ]);
});

test('the CLI: drift --config and report merge exit with the combined report’s code', async () => {
  const config = writeConfig('cli.yaml', [target('a', A, `${A}/terraform.tfstate`), target('b', B, `${B}/terraform.tfstate`)]);
  const a = join(dir, 'cli-a.json');
  const b = join(dir, 'cli-b.json');
  const [ra, rb] = await Promise.all([
    runCli(['drift', '--config', config, '--target', 'a', '--report', `json=${a}`], aws.endpoint),
    runCli(['drift', '--config', config, '--target', 'b', '--report', `json=${b}`, '--fail-on', 'critical'], aws.endpoint),
  ]);
  expect([ra.code, rb.code]).toEqual([0, 2]);
  expect(ra.stderr).toContain(`drift: [a] assuming ${readerArn(A)}`); // progress names the target
  expect(ra.stderr + rb.stderr).not.toMatch(/^(error|warning):/m);
  const merged = await runCli(['report', 'merge', a, b, '--fail-on', 'critical', '--format', 'markdown'], aws.endpoint);
  expect(merged.code).toBe(2);
  expect(merged.stdout).toMatch(/^## lambda-roles drift check\n\n⚠️ \*\*Drift: 2 finding\(s\)\*\*/);
  const bad = await runCli(['drift', '--config', config, '--target', 'c'], aws.endpoint);
  expect({ code: bad.code, stderr: bad.stderr.trim() }).toEqual({
    code: 1,
    stderr: `error: --target "c": not a target in ${config}; the targets are a, b`,
  });
});
