/**
 * attachPolicyChecks inside real cdktf synthesis: a stack with a Checkable construct fails `app.synth()` /
 * `Testing.fullSynth` on an error finding, and synthesizes valid Terraform (checked by the real terraform
 * binary and AWS provider) once the finding is suppressed with a reason.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
// Types of the jest matchers that Testing.setupJest() installs (toBeValidTerraform).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { toPolicyDocument, type PolicyStatement } from '../../../modules/policy-types';
import type { CheckSubject, Checkable, Suppression } from '../../../modules/checks/types';
import { attachPolicyChecks, type ChecksReport } from '../../../modules/checks/run-checks';
import { resourcesOf, type SynthJson } from '../../helpers/synth';

const TRUST: PolicyStatement[] = [{ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } }];

/** A minimal role construct that describes itself to the checks, as ExecutionRole does. */
class FakeRole extends Construct implements Checkable {
  readonly checkSuppressions: readonly Suppression[];
  constructor(
    scope: Construct,
    id: string,
    private readonly statements: PolicyStatement[],
    suppressions: Suppression[],
  ) {
    super(scope, id);
    this.checkSuppressions = suppressions;
    const role = new IamRole(this, 'role', { name: 'checks-fake-role', assumeRolePolicy: JSON.stringify(toPolicyDocument(TRUST)) });
    new IamRolePolicy(this, 'inline', { name: 'inline', role: role.name, policy: JSON.stringify(toPolicyDocument(statements)) });
  }
  checkSubjects(): readonly CheckSubject[] {
    return [
      { kind: 'trust-policy', path: this.node.path, roleName: 'checks-fake-role', statements: TRUST },
      { kind: 'identity-policy', path: `${this.node.path}/inline`, policyName: 'inline', statements: this.statements },
    ];
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
  onReport?: (r: ChecksReport) => void,
): TerraformStack {
  const stack = new TerraformStack(app, 'checks');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new FakeRole(stack, 'fn', statements, suppressions);
  attachPolicyChecks(stack, { log: (line) => log.push(line), onReport });
  return stack;
}

describe('attachPolicyChecks in cdktf synthesis', () => {
  test('Testing.fullSynth fails on an error finding and names the check, construct path and fix', () => {
    const log: string[] = [];
    const stack = stackWith(Testing.app(), WILDCARD, [], log);
    expect(() => Testing.fullSynth(stack)).toThrow(
      /\[error\] LR-IAM-WILDCARD-ACTION at checks\/fn\/inline \(Action::s3:\*\): Policy 'inline' allows the action 's3:\*'.*suppress with appliesTo 'Action::s3:\*'/,
    );
  });

  test('Testing.fullSynth passes with a suppression, logs it with its reason, and the output is valid Terraform', () => {
    const log: string[] = [];
    const stack = stackWith(Testing.app(), WILDCARD, SUPPRESSED, log);
    const outdir = Testing.fullSynth(stack);
    expect(log).toEqual([
      '[suppressed] LR-IAM-WILDCARD-ACTION at checks/fn/inline (Action::s3:*): bucket sync tool uses the whole S3 API',
      'policy checks (checks): 0 error(s), 0 warning(s), 1 suppressed',
    ]);
    expect(outdir).toBeValidTerraform();
  });

  test('app.synth() throws on an error and writes nothing; with the suppression it writes cdk.tf.json', () => {
    const failing = new App({ outdir: mkdtempSync(join(tmpdir(), 'checks-fail-')) });
    stackWith(failing, WILDCARD, [], []);
    expect(() => failing.synth()).toThrow(/LR-IAM-WILDCARD-ACTION/);
    expect(existsSync(join(failing.outdir, 'stacks', 'checks', 'cdk.tf.json'))).toBe(false);

    const passing = new App({ outdir: mkdtempSync(join(tmpdir(), 'checks-pass-')) });
    stackWith(passing, WILDCARD, SUPPRESSED, []);
    passing.synth();
    const tf = JSON.parse(readFileSync(join(passing.outdir, 'stacks', 'checks', 'cdk.tf.json'), 'utf8')) as SynthJson;
    expect(Object.keys(resourcesOf(tf, 'aws_iam_role_policy'))).toHaveLength(1);
  });

  test('warnings are logged (to stderr by default) but do not fail synth', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'checks');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new FakeRole(stack, 'fn', [{ actions: ['s3:Get*'], resources: ['arn:aws:s3:::uploads/*'] }], []);
    attachPolicyChecks(stack);
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      Testing.fullSynth(stack);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(
      /^\[warning\] LR-IAM-PARTIAL-WILDCARD-ACTION at checks\/fn\/inline \(Action::s3:Get\*\): .*\npolicy checks \(checks\): 0 error\(s\), 1 warning\(s\), 0 suppressed\n$/,
    );
  });

  test('attaching twice runs the checks once per synthesis, and onReport receives the report', () => {
    const log: string[] = [];
    const reports: ChecksReport[] = [];
    const stack = stackWith(Testing.app(), WILDCARD, SUPPRESSED, log, (r) => reports.push(r));
    attachPolicyChecks(stack, { log: (line) => log.push(`second: ${line}`) });
    Testing.fullSynth(stack);
    expect(reports).toHaveLength(1);
    expect(reports[0].suppressed).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('second:'))).toEqual([]);
  });
});
