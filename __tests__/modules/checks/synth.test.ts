/**
 * The LambdaRolesChecks Aspect inside real cdktf synthesis: an error finding fails `app.synth()` /
 * `Testing.fullSynth` and writes nothing; with the finding suppressed (a reason, on any construct above the
 * resource) the output is valid Terraform for the real terraform binary and AWS provider. Informational lines
 * go to stdout, never stderr; warnings are annotations in the manifest.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, Testing, TerraformStack } from 'cdktf';
// Types of the jest matchers that Testing.setupJest() installs (toBeValidTerraform).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { toPolicyDocument, type PolicyStatement } from '../../../modules/policy-types';
import type { Suppression } from '../../../modules/checks/types';
import { LambdaRolesChecks, type TreeChecksReport } from '../../../modules/checks/aspect';
import { attachPolicyChecks } from '../../../modules/checks/run-checks';
import { resourcesOf, type SynthJson } from '../../helpers/synth';

const TRUST: PolicyStatement[] = [{ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } }];

/** A role and its inline policy as raw provider resources under one construct (no check support of its own). */
class PlainRole extends Construct {
  constructor(scope: Construct, id: string, statements: PolicyStatement[]) {
    super(scope, id);
    const role = new IamRole(this, 'role', { name: 'checks-plain-role', assumeRolePolicy: JSON.stringify(toPolicyDocument(TRUST)) });
    new IamRolePolicy(this, 'inline', { name: 'inline', role: role.name, policy: JSON.stringify(toPolicyDocument(statements)) });
  }
}

const WILDCARD: PolicyStatement[] = [{ actions: ['s3:*'], resources: ['arn:aws:s3:::uploads', 'arn:aws:s3:::uploads/*'] }];
const SUPPRESSED: Suppression[] = [
  { id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason: 'bucket sync tool uses the whole S3 API' },
];

function stackWith(
  app: App,
  statements: PolicyStatement[],
  suppressions: Suppression[],
  log: string[],
  onReport?: (r: TreeChecksReport) => void,
) {
  const stack = new TerraformStack(app, 'checks');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const fn = new PlainRole(stack, 'fn', statements);
  LambdaRolesChecks.suppress(fn, suppressions);
  Aspects.of(stack).add(new LambdaRolesChecks({ log: (line) => log.push(line), onReport }));
  return stack;
}

/** Runs `fn` with stdout and stderr captured. */
function captured<T>(fn: () => T): { result: T; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    return { result: fn(), stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('LambdaRolesChecks in cdktf synthesis', () => {
  test('Testing.fullSynth fails on an error finding and names the check, the resource path and the fix', () => {
    const stack = stackWith(Testing.app(), WILDCARD, [], []);
    expect(() => Testing.fullSynth(stack)).toThrow(
      /\[error\] LR-IAM-WILDCARD-ACTION at checks\/fn\/inline \(Action::s3:\*\): Policy 'inline' allows the action 's3:\*'.*suppress with appliesTo 'Action::s3:\*'/,
    );
  });

  test('a suppression on the parent construct silences it, is logged with its reason, and the output is valid Terraform', () => {
    const log: string[] = [];
    const stack = stackWith(Testing.app(), WILDCARD, SUPPRESSED, log);
    const outdir = Testing.fullSynth(stack);
    expect(log).toEqual([
      '[suppressed] LR-IAM-WILDCARD-ACTION at checks/fn/inline (Action::s3:*): bucket sync tool uses the whole S3 API',
      'policy checks (checks): 0 error(s), 0 warning(s), 1 suppressed',
    ]);
    expect(outdir).toBeValidTerraform();
  });

  test('app.synth() throws on an error and writes nothing; with the suppression it writes cdk.tf.json carrying it as a comment', () => {
    const failing = new App({ outdir: mkdtempSync(join(tmpdir(), 'checks-fail-')) });
    stackWith(failing, WILDCARD, [], []);
    expect(() => failing.synth()).toThrow(/LR-IAM-WILDCARD-ACTION/);
    expect(existsSync(join(failing.outdir, 'stacks', 'checks', 'cdk.tf.json'))).toBe(false);

    const passing = new App({ outdir: mkdtempSync(join(tmpdir(), 'checks-pass-')) });
    stackWith(passing, WILDCARD, SUPPRESSED, []);
    passing.synth();
    const tf = JSON.parse(readFileSync(join(passing.outdir, 'stacks', 'checks', 'cdk.tf.json'), 'utf8')) as SynthJson & {
      '//': Record<string, unknown>;
    };
    expect(Object.keys(resourcesOf(tf, 'aws_iam_role_policy'))).toHaveLength(1);
    expect(tf['//']['lambda-roles']).toEqual({ suppressions: [{ at: 'checks/fn', ...SUPPRESSED[0] }] });
  });

  test('informational lines go to stdout by default, nothing to stderr; a warning is an annotation, not a log line', () => {
    const stack = new TerraformStack(Testing.app(), 'checks');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const fn = new PlainRole(stack, 'fn', [
      { actions: ['s3:Get*'], resources: ['arn:aws:s3:::uploads/*'] },
      ...WILDCARD.map((s) => ({ ...s, sid: 'Sync' })),
    ]);
    LambdaRolesChecks.suppress(fn, SUPPRESSED);
    Aspects.of(stack).add(new LambdaRolesChecks());
    const { result: outdir, stdout, stderr } = captured(() => Testing.fullSynth(stack));
    expect(stderr).toBe('');
    expect(stdout).toBe(
      '[suppressed] LR-IAM-WILDCARD-ACTION at checks/fn/inline (Action::s3:*): bucket sync tool uses the whole S3 API\n' +
        'policy checks (checks): 0 error(s), 1 warning(s), 1 suppressed\n',
    );
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    expect(manifest.stacks.checks.annotations).toEqual([
      {
        constructPath: 'checks/fn/inline',
        level: '@cdktf/warn',
        message: expect.stringMatching(
          /^\[warning\] LR-IAM-PARTIAL-WILDCARD-ACTION at checks\/fn\/inline \(Action::s3:Get\*\): /,
        ) as unknown,
      },
    ]);
  });

  test('two Aspects on one stack (attachPolicyChecks, then another) run the checks once per synthesis', () => {
    const log: string[] = [];
    const reports: TreeChecksReport[] = [];
    const stack = stackWith(Testing.app(), WILDCARD, SUPPRESSED, log, (r) => reports.push(r));
    attachPolicyChecks(stack, { log: (line) => log.push(`second: ${line}`) });
    Aspects.of(stack).add(new LambdaRolesChecks({ log: (line) => log.push(`third: ${line}`) }));
    Testing.fullSynth(stack);
    expect(reports).toHaveLength(1);
    expect(reports[0].suppressed).toHaveLength(1);
    expect(log.filter((l) => /^(second|third):/.test(l))).toEqual([]);
  });
});
