/**
 * The drift job's own permissions, enforced by the local endpoint: the check runs with credentials from
 * assuming a role that holds exactly DriftJobRole's policy (driftJobStatements()), against the deployed
 * example stacks, and succeeds in both read strategies (per role, bulk). Then, for each action of that
 * policy, a role without that one action runs the strategies that call it: the run exits 1 and names the
 * denied action and resource (errors of kind access-denied); it never says "in sync" and never reports a resource as gone. CloudTrail is
 * the documented exception: without LookupEvents the drift is still reported (exit 2) with attribution
 * `lookup-failed` and a warning naming the denied call.
 *
 * Speed: the stacks are deployed once; every case has its own role (no state to restore between cases), its
 * keys in a profile of a temporary shared-credentials file, and all cases run at once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DRIFT_JOB_ACTIONS, driftJobStatements } from '../../modules/drift-job-role';
import { toPolicyDocument, type PolicyStatement } from '../../modules/policy-types';
import { runDrift, type DriftRunResult } from '../../drift/run-drift';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { ACCOUNT, CONSOLE_ARN, ROLES, stateFiles, useEndpoint } from './fixtures/e2e-support';

jest.setTimeout(600_000);

const STRATEGIES = { 'per-role': Number.MAX_SAFE_INTEGER, bulk: 0 } as const;
type Strategy = keyof typeof STRATEGIES;
const GONE_CODES = ['ROLE_DELETED', 'FUNCTION_DELETED', 'CUSTOMER_POLICY_DELETED'];
const ALL_ACTIONS: readonly string[] = Object.values(DRIFT_JOB_ACTIONS).flat();
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

const aws = withLocalAws();
let deployment: Deployment;
let scratch: string;
const savedEnv = { ...process.env };

/** DriftJobRole's statements for this account, without `action` (a statement left empty is dropped). */
function statementsWithout(action?: string): PolicyStatement[] {
  return driftJobStatements({ account: ACCOUNT, regions: ['us-east-1'] })
    .map((s) => ({ ...s, actions: (s.actions ?? []).filter((a) => a !== action) }))
    .filter((s) => s.actions.length > 0);
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** Creates a role holding `statements` and returns the keys of a session of it. */
async function roleSession(name: string, statements: PolicyStatement[]): Promise<Keys> {
  const iam = new IAMClient(aws.clientConfig('admin'));
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  const policy = JSON.stringify(toPolicyDocument(statements));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'drift-read-only', PolicyDocument: policy }));
  const out = await new STSClient(aws.clientConfig('admin')).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: 'drift-job' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/**
 * Writes the sessions as profiles into a new shared-credentials file and points the SDK at it. A new file
 * each time: the SDK caches a credentials file it has read once.
 */
function useProfiles(fileName: string, sessions: Readonly<Record<string, Keys>>): void {
  const text = Object.entries(sessions).flatMap(([profile, k]) => [
    `[${profile}]`,
    `aws_access_key_id = ${k.accessKeyId}`,
    `aws_secret_access_key = ${k.secretAccessKey}`,
    `aws_session_token = ${k.sessionToken}`,
    '',
  ]);
  writeFileSync(join(scratch, fileName), text.join('\n'));
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(scratch, fileName);
}

function run(profile: string, strategy: Strategy, skipAttribution: boolean): Promise<DriftRunResult> {
  return runDrift({
    stateFiles: stateFiles(deployment.outDir, deployment.stacks),
    profile,
    bulkThreshold: STRATEGIES[strategy],
    since: '1h',
    skipAttribution,
    maxAttempts: 1,
  });
}

/** The run's errors and warnings as one text, for messages that must name the denied call. */
const problems = (r: DriftRunResult) => [...r.report.errors.map((e) => `${e.resource}: ${e.message}`), ...r.warnings.map((w) => w.message)];

/** `arn:aws:iam::000000000000:role/*` → a pattern matching the resource named in the denial. */
function resourcePattern(action: string): string {
  const statement = driftJobStatements({ account: ACCOUNT, regions: ['us-east-1'] }).find((s) => s.actions?.includes(action))!;
  const resource = (statement.resources ?? ['*'])[0];
  if (resource === '*') return ` because no identity-based policy allows the ${action} action`;
  return ` on resource: ${resource.replace(/[.$^]/g, '\\$&').replace('*', '[\\w.:-]+')} because`;
}

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint());
  // A console edit: the findings make attribution query CloudTrail.
  await new IAMClient(aws.clientConfig('console')).send(
    new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
  );
  scratch = mkdtempSync(join(tmpdir(), 'drift-job-permissions-'));
  useEndpoint(aws.endpoint());
  // Credentials come from the profiles only.
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[key];
  process.env.AWS_CONFIG_FILE = join(scratch, 'config');
  writeFileSync(join(scratch, 'config'), '');
});

afterAll(() => {
  process.env = savedEnv;
  deployment?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Per strategy, the actions the complete role's run called (filled by the first test). */
const calledBy: Record<Strategy, Set<string>> = { 'per-role': new Set(), bulk: new Set() };

test("with exactly DriftJobRole's policy the check succeeds in both read strategies, and attributes the console edit", async () => {
  const profile = 'drift-complete';
  useProfiles('complete', { [profile]: await roleSession(profile, statementsWithout()) });
  for (const strategy of Object.keys(STRATEGIES) as Strategy[]) {
    const result = await run(profile, strategy, false);
    expect({ strategy, errors: problems(result) }).toEqual({ strategy, errors: [] });
    expect(result.report.exitCode).toBe(2);
    expect(result.report.findings).toEqual([
      expect.objectContaining({ code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', attributionStatus: 'attributed' }),
    ]);
    expect(result.report.findings[0].attribution?.actor).toBe(CONSOLE_ARN);
    for (const op of Object.keys(result.apiCalls)) calledBy[strategy].add(op);
  }
  // Least privilege: every action is called by some strategy (an unneeded one would have to go).
  const called = new Set([...calledBy['per-role'], ...calledBy.bulk]);
  expect(ALL_ACTIONS.filter((a) => !called.has(a))).toEqual([]);
});

test('without any one of its actions, the run exits 1 naming the denied action and resource (LookupEvents: lookup-failed)', async () => {
  expect(calledBy['per-role'].size).toBeGreaterThan(0); // the test above ran
  const profileOf = (action: string) => `drift-minus-${action.replace(':', '-')}`;
  const sessions = await Promise.all(
    ALL_ACTIONS.map(async (a) => [profileOf(a), await roleSession(profileOf(a), statementsWithout(a))] as const),
  );
  useProfiles('one-action-removed', Object.fromEntries(sessions));
  const cases = await Promise.all(
    ALL_ACTIONS.map(async (action) => {
      const strategies = (Object.keys(STRATEGIES) as Strategy[]).filter((s) => calledBy[s].has(action));
      const attribution = action === 'cloudtrail:LookupEvents';
      const runs = await Promise.all(
        strategies.map(async (strategy) => ({ strategy, result: await run(profileOf(action), strategy, !attribution) })),
      );
      return { action, runs };
    }),
  );

  const outcomes = cases.flatMap(({ action, runs }) =>
    runs.map(({ strategy, result }) => {
      const named = problems(result).some((p) => new RegExp(`not authorized to perform: ${action}${resourcePattern(action)}`).test(p));
      return {
        action,
        strategy,
        exitCode: result.report.exitCode,
        verdict: result.report.verdict,
        namesDeniedCall: named,
        errorKinds: [...new Set(result.report.errors.map((e) => e.kind))],
        reportsSomethingGone: result.report.findings.some((f) => GONE_CODES.includes(f.code)),
        ...(action === 'cloudtrail:LookupEvents' ? { attribution: result.report.findings.map((f) => f.attributionStatus) } : {}),
      };
    }),
  );
  const expected = outcomes.map(({ action, strategy }) =>
    action === 'cloudtrail:LookupEvents'
      ? {
          action,
          strategy,
          exitCode: 2,
          verdict: 'drift',
          namesDeniedCall: true,
          errorKinds: [],
          reportsSomethingGone: false,
          attribution: ['lookup-failed'],
        }
      : {
          action,
          strategy,
          exitCode: 1,
          verdict: 'error',
          namesDeniedCall: true,
          errorKinds: ['access-denied'],
          reportsSomethingGone: false,
        },
  );
  expect(outcomes).toEqual(expected);
  // Every action was exercised by at least one strategy.
  expect(new Set(outcomes.map((o) => o.action)).size).toBe(ALL_ACTIONS.length);
});
