/**
 * LambdaRolesChecks over the whole construct tree: every IAM role, policy, role policy, attachment and
 * Lambda permission is judged whoever created it (raw @cdktf/provider-aws resources, our constructs used
 * directly, a buildStack stack), from its synthesized attributes: JSON strings, Fn.jsonencode and
 * data "aws_iam_policy_document". Our constructs are judged once (through their L1 resources). Suppressions
 * attach to any construct and cover its subtree; unused and reasonless ones are reported.
 */
import { Aspects, Fn, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamPolicyAttachment } from '@cdktf/provider-aws/lib/iam-policy-attachment';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ExecutionRole } from '../../../modules/execution-role';
import { LambdaRolesChecks, type TreeChecksReport } from '../../../modules/checks/aspect';
import { buildStack } from '../../../stacks/build-stack';
import type { Finding } from '../../../modules/checks/types';

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** One finding only (LR-IAM-WILDCARD-ACTION, Action::s3:*), so each test names exactly what it expects. */
const wildcardPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::uploads/*' }],
});

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 's');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

/** Adds the Aspect, validates like synth does, and returns the report and the error text (if synth failed). */
function judge(stack: TerraformStack, log: string[] = []): { report: TreeChecksReport; error?: string } {
  let report: TreeChecksReport | undefined;
  Aspects.of(stack).add(new LambdaRolesChecks({ log: (l) => log.push(l), onReport: (r) => (report = r) }));
  try {
    Testing.synth(stack, true);
    return { report: report! };
  } catch (err) {
    return { report: report!, error: (err as Error).message };
  }
}

const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.checkId} ${f.path} ${f.appliesTo ?? ''}`.trim());

describe('LambdaRolesChecks: every resource type in the tree, whoever created it', () => {
  test.each([
    [
      'aws_iam_role trust policy',
      (s: Construct) =>
        new IamRole(s, 'r', {
          name: 'open',
          assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }),
        }),
      'LR-IAM-TRUST-ANY-PRINCIPAL s/r Principal::AWS:*',
    ],
    [
      'aws_iam_role inline_policy block',
      (s: Construct) =>
        new IamRole(s, 'r', { name: 'r', assumeRolePolicy: LAMBDA_TRUST, inlinePolicy: [{ name: 'all', policy: wildcardPolicy }] }),
      'LR-IAM-WILDCARD-ACTION s/r Action::s3:*',
    ],
    [
      'aws_iam_role managed_policy_arns',
      (s: Construct) => new IamRole(s, 'r', { name: 'r', assumeRolePolicy: LAMBDA_TRUST, managedPolicyArns: [ADMIN] }),
      'LR-IAM-ADMIN-MANAGED-POLICY s/r Policy::AdministratorAccess',
    ],
    [
      'aws_iam_policy',
      (s: Construct) => new IamPolicy(s, 'p', { name: 'p', policy: wildcardPolicy }),
      'LR-IAM-WILDCARD-ACTION s/p Action::s3:*',
    ],
    [
      'aws_iam_role_policy',
      (s: Construct) => new IamRolePolicy(s, 'p', { name: 'p', role: 'some-role', policy: wildcardPolicy }),
      'LR-IAM-WILDCARD-ACTION s/p Action::s3:*',
    ],
    [
      'aws_iam_role_policy_attachment',
      (s: Construct) => new IamRolePolicyAttachment(s, 'a', { role: 'some-role', policyArn: ADMIN }),
      'LR-IAM-ADMIN-MANAGED-POLICY s/a Policy::AdministratorAccess',
    ],
    [
      'aws_iam_policy_attachment',
      (s: Construct) => new IamPolicyAttachment(s, 'a', { name: 'a', roles: ['some-role'], policyArn: ADMIN }),
      'LR-IAM-ADMIN-MANAGED-POLICY s/a Policy::AdministratorAccess',
    ],
    [
      'aws_iam_role_policy_attachments_exclusive',
      (s: Construct) => new IamRolePolicyAttachmentsExclusive(s, 'a', { roleName: 'some-role', policyArns: [ADMIN] }),
      'LR-IAM-ADMIN-MANAGED-POLICY s/a Policy::AdministratorAccess',
    ],
    [
      'aws_lambda_permission',
      (s: Construct) =>
        new LambdaPermission(s, 'p', {
          functionName: 'f',
          statementId: 'AllowS3',
          action: 'lambda:InvokeFunction',
          principal: 's3.amazonaws.com',
        }),
      'LR-LAMBDA-INVOKE-WITHOUT-SOURCE s/p Principal::s3.amazonaws.com',
    ],
  ])('a raw %s is judged', (_type, add, expected) => {
    const stack = newStack();
    add(stack);
    const { report, error } = judge(stack);
    expect(brief(report.errors)).toEqual([expected]);
    expect(error).toContain(expected.split(' ')[0]);
  });

  test('an ExecutionRole used directly with s3:* on * fails synth, once per finding (its L1 resources only)', () => {
    const stack = newStack();
    new ExecutionRole(stack, 'fn', {
      roleName: 'direct',
      region: 'us-east-1',
      statements: [{ actions: ['s3:*'], resources: ['*'] }],
    });
    const { report, error } = judge(stack);
    expect(brief(report.errors)).toEqual([
      'LR-IAM-WILDCARD-ACTION s/fn/inline Action::s3:*',
      'LR-IAM-WILDCARD-RESOURCE s/fn/inline Resource::*',
    ]);
    expect(error).toMatch(/LR-IAM-WILDCARD-ACTION at s\/fn\/inline \(Action::s3:\*\): Policy 'inline-least-privilege'/);
  });

  test('a raw IamRolePolicy with Action "*" inside a buildStack stack fails synth; the generated resources pass', () => {
    const log: string[] = [];
    let report: TreeChecksReport | undefined;
    const stack = buildStack(
      Testing.app(),
      { name: 'mixed', region: 'us-east-1', account: '123456789012', functions: [{ name: 'worker', existing: 'worker' }] },
      { policyChecks: { log: (l) => log.push(l), onReport: (r) => (report = r) } },
    );
    const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    new IamRolePolicy(stack, 'extra', { name: 'extra', role: 'worker-exec', policy: everything });
    expect(() => Testing.synth(stack, true)).toThrow(/LR-IAM-WILDCARD-ACTION at mixed\/extra \(Action::\*\)/);
    expect(brief(report!.errors)).toEqual([
      'LR-IAM-PASSROLE-WILDCARD mixed/extra Resource::*',
      'LR-IAM-WILDCARD-ACTION mixed/extra Action::*',
      'LR-IAM-WILDCARD-RESOURCE mixed/extra Resource::*',
    ]);
  });

  test('an Aspect on one construct judges only the resources below it', () => {
    const stack = newStack();
    const team = new Construct(stack, 'team');
    new IamPolicy(team, 'mine', { name: 'mine', policy: wildcardPolicy });
    new IamPolicy(stack, 'other', { name: 'other', policy: wildcardPolicy });
    let report: TreeChecksReport | undefined;
    Aspects.of(team).add(new LambdaRolesChecks({ log: () => undefined, onReport: (r) => (report = r) }));
    expect(() => Testing.synth(stack, true)).toThrow(/s\/team\/mine/);
    expect(new Set(report!.errors.map((f) => f.path))).toEqual(new Set(['s/team/mine']));
  });
});

describe('LambdaRolesChecks: how policies are written', () => {
  test('a data "aws_iam_policy_document" is read, with its source and override documents merged by Sid', () => {
    const stack = newStack();
    const base = new DataAwsIamPolicyDocument(stack, 'base', {
      statement: [
        { sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] },
        { sid: 'Replaced', actions: ['iam:PassRole'], resources: ['*'] },
      ],
    });
    const override = new DataAwsIamPolicyDocument(stack, 'override', {
      statement: [{ sid: 'Replaced', actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:q'] }],
    });
    const doc = new DataAwsIamPolicyDocument(stack, 'doc', {
      sourcePolicyDocuments: [base.json],
      overridePolicyDocuments: [override.json],
      statement: [{ actions: ['dynamodb:*'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] }],
    });
    new IamPolicy(stack, 'p', { name: 'p', policy: doc.json });
    const { report } = judge(stack);
    // iam:PassRole on * was overridden by Sid, so only the dynamodb:* statement of the document itself is left to flag.
    expect(brief(report.errors)).toEqual(['LR-IAM-WILDCARD-ACTION s/p Action::dynamodb:*']);
  });

  test('Fn.jsonencode is judged, and a reference inside it is skipped like a token', () => {
    const stack = newStack();
    const role = new IamRole(stack, 'r', { name: 'r', assumeRolePolicy: LAMBDA_TRUST });
    new IamRolePolicy(stack, 'p', {
      role: role.name,
      name: 'p',
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:*'], Resource: [role.arn] },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: role.arn },
        ],
      }),
    });
    const { report } = judge(stack);
    expect(brief(report.errors)).toEqual(['LR-IAM-WILDCARD-ACTION s/p Action::s3:*']);
    expect(report.errors[0].message).toContain("Policy 'p'");
  });

  test('a policy that cannot be known before apply is listed as not checked, never passed silently', () => {
    const stack = newStack();
    new IamPolicy(stack, 'p', { name: 'from-file', policy: Fn.file('policy.json') });
    const log: string[] = [];
    const { report, error } = judge(stack, log);
    expect(error).toBeUndefined();
    expect(report.notChecked).toEqual([
      { path: 's/p', what: expect.stringContaining("the policy 'from-file' (aws_iam_policy.p)") as unknown },
    ]);
    expect(log).toEqual([
      expect.stringMatching(/^\[not checked\] s\/p: the policy 'from-file'/) as unknown,
      'policy checks (s): 0 error(s), 0 warning(s), 0 suppressed, 1 not checked',
    ]);
  });
});

describe('LambdaRolesChecks.suppress', () => {
  function twoPolicies(): { stack: TerraformStack; team: Construct } {
    const stack = newStack();
    const team = new Construct(stack, 'team');
    new IamPolicy(team, 'a', { name: 'a', policy: wildcardPolicy });
    new IamPolicy(team, 'b', { name: 'b', policy: wildcardPolicy });
    return { stack, team };
  }

  test('on a parent construct it covers every resource below it, one check and one appliesTo at a time', () => {
    const { stack, team } = twoPolicies();
    new IamPolicy(team, 'c', {
      name: 'c',
      policy: JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: ['sqs:*', 's3:Get*'], Resource: 'arn:aws:sqs:us-east-1:123456789012:q' }],
      }),
    });
    LambdaRolesChecks.suppress(team, [{ id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason: 'bucket sync tools, SEC-42' }]);
    const { report } = judge(stack);
    expect(report.suppressed.map((s) => `${s.finding.checkId} ${s.finding.path}`)).toEqual([
      'LR-IAM-WILDCARD-ACTION s/team/a',
      'LR-IAM-WILDCARD-ACTION s/team/b',
    ]);
    // Another appliesTo of the same check, and another check, are not silenced.
    expect(brief(report.findings)).toEqual([
      'LR-IAM-PARTIAL-WILDCARD-ACTION s/team/c Action::s3:Get*',
      'LR-IAM-WILDCARD-ACTION s/team/c Action::sqs:*',
    ]);
  });

  test('an unused suppression is a warning where it was attached, even on a construct without resources', () => {
    const { stack } = twoPolicies();
    const empty = new Construct(stack, 'empty');
    LambdaRolesChecks.suppress(empty, [{ id: 'LR-IAM-PASSROLE-WILDCARD', reason: 'nothing here passes roles' }]);
    const { report } = judge(stack);
    expect(brief(report.warnings)).toEqual(['LR-SUPPRESSION-UNUSED s/empty Suppression::LR-IAM-PASSROLE-WILDCARD']);
  });

  test('a suppression without a real reason is an error and silences nothing', () => {
    const { stack, team } = twoPolicies();
    LambdaRolesChecks.suppress(team, [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'ok' }]);
    const { report } = judge(stack);
    expect(brief(report.errors)).toContain('LR-SUPPRESSION-REASON s/team Suppression::LR-IAM-WILDCARD-ACTION');
    expect(report.suppressed).toEqual([]);
  });

  test('a malformed suppression is refused at once, naming the construct, the field and the fix', () => {
    const { team } = twoPolicies();
    expect(() =>
      LambdaRolesChecks.suppress(team, [
        { id: 'LR-IAM-WILDCARD-ACTION', appliesTo: 'Action::*' as unknown as string[], reason: 'x'.repeat(12) },
      ]),
    ).toThrow(
      /^s\/team suppressions\[0\]\.appliesTo: "Action::\*" is not a list of finding keys\. Fix: list what the finding's appliesTo says/,
    );
  });
});
