/**
 * The definition fields for IAM beyond the basics, synthesized through buildStack: trust grants, statement
 * NotAction/NotResource, the newer invoker kinds, invoke targets on versions and aliases. Each error names
 * the stack, function and field with the value and the fix.
 */
import { App } from 'cdktf';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { buildStack } from '../../stacks/build-stack';
import { DefinitionError } from '../../stacks/validate-definition';
import type { FunctionDefinition, StackDefinition } from '../../stacks/definition';
import { describeStack, summarizeStack } from '../../stacks/describe';
import type { ChecksReport } from '../../modules/checks/run-checks';
import { Testing } from 'cdktf';
import { minimalDefinition, onlyResource, parsePolicy, quietChecks, resourcesOf, synthDefinition, textMatching } from '../helpers/synth';
import { join } from 'node:path';

const CODE = join(__dirname, '..', '..', 'stacks', 'examples', 'functions', 'queue-consumer');
const code = { path: CODE, runtime: 'nodejs20.x', handler: 'index.handler' };
const def = (fn: Partial<FunctionDefinition>): StackDefinition =>
  minimalDefinition({ name: 'fields', functions: [{ name: 'worker', existing: 'worker', ...fn }] });

function problems(d: StackDefinition): string[] {
  try {
    buildStack(new App({ skipValidation: true }), d, { policyChecks: quietChecks });
  } catch (err) {
    if (err instanceof DefinitionError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a DefinitionError');
}

function report(d: StackDefinition): ChecksReport {
  let out: ChecksReport | undefined;
  const stack = buildStack(Testing.app(), d, { policyChecks: { log: () => undefined, onReport: (r) => (out = r) } });
  try {
    Testing.fullSynth(stack);
  } catch {
    // errors are in the report
  }
  return out!;
}

describe('role.trust', () => {
  it('adds typed statements after the Lambda statement, which keeps aws:SourceAccount', () => {
    const { json } = synthDefinition(
      def({
        role: {
          trust: [
            { kind: 'account', principal: '210987654321', externalId: 'partner-42', actions: ['sts:AssumeRole', 'sts:TagSession'] },
            {
              kind: 'oidc',
              providerArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
              audience: 'sts.amazonaws.com',
              subject: 'repo:acme/app:ref:refs/heads/main',
            },
          ],
        },
      }),
    );
    const statements = parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy as string).Statement;
    expect(statements.map((s) => [s.Principal, s.Action])).toEqual([
      [{ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole'],
      [{ AWS: 'arn:aws:iam::210987654321:root' }, ['sts:AssumeRole', 'sts:TagSession']],
      [{ Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, 'sts:AssumeRoleWithWebIdentity'],
    ]);
    expect(statements[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' } });
  });

  it('a trust to an account without a condition is a warning finding; the summary names the extra principal', () => {
    const d = def({ role: { trust: [{ kind: 'account', principal: '210987654321' }] } });
    expect(report(d).warnings.map((f) => [f.checkId, f.appliesTo])).toEqual([
      ['LR-IAM-TRUST-WITHOUT-CONDITION', 'Principal::AWS:arn:aws:iam::210987654321:root'],
    ]);
    expect(describeStack(d)).toContain('also trusts {"AWS":"arn:aws:iam::210987654321:root"} to sts:AssumeRole');
  });

  it('errors name role.trust[i] and the field', () => {
    expect(problems(def({ role: { trust: [{ kind: 'account', principal: 'partner' }] } }))).toEqual([
      expect.stringMatching(
        /^stack "fields", function "worker", field functions\[0\]\.role\.trust\[0\]\.principal: "partner" is neither a 12-digit account id.*Fix: /,
      ) as unknown,
    ]);
  });
});

describe('statements: notActions and notResources', () => {
  it('render as NotAction / NotResource; an Allow with them fails synth (LR-IAM-ALLOW-WITH-NOT) unless suppressed with a reason', () => {
    const statements = [{ sid: 'AllButIam', notActions: ['iam:*'], notResources: ['arn:aws:s3:::audit/*'] }];
    const { json } = synthDefinition(def({ statements }), { policyChecks: { log: () => undefined, onReport: () => undefined } });
    expect(parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy as string).Statement[0]).toEqual({
      Sid: 'AllButIam',
      Effect: 'Allow',
      NotAction: 'iam:*',
      NotResource: 'arn:aws:s3:::audit/*',
    });
    expect(report(def({ statements })).errors.map((f) => f.appliesTo)).toEqual(['NotAction::iam:*', 'NotResource::arn:aws:s3:::audit/*']);
    const suppressed = report(
      def({
        statements,
        suppressions: [
          {
            id: 'LR-IAM-ALLOW-WITH-NOT',
            appliesTo: ['NotAction::iam:*', 'NotResource::arn:aws:s3:::audit/*'],
            reason: 'break-glass role reviewed in SEC-88',
          },
        ],
      }),
    );
    expect(suppressed.errors).toEqual([]);
    expect(suppressed.suppressed.map((s) => s.reason)).toEqual([
      'break-glass role reviewed in SEC-88',
      'break-glass role reviewed in SEC-88',
    ]);
  });

  it.each([
    [{ resources: ['*'] }, 'functions[0].statements[0].actions', /must be given, or notActions instead/],
    [{ actions: ['s3:GetObject'], notActions: ['s3:PutObject'], resources: ['*'] }, 'functions[0].statements[0].notActions', /not both/],
    [{ actions: ['s3:GetObject'] }, 'functions[0].statements[0].resources', /needs Resource/],
    [
      { actions: ['s3:GetObject'], resources: ['*'], principals: { AWS: '*' } },
      'functions[0].statements[0].principals',
      /identity policy .* names no principal/,
    ],
  ] as const)('an identity statement %j is refused at its field', (statement, field, rule) => {
    const [line] = problems(def({ statements: [statement as never] }));
    expect(line).toContain(`field ${field}: `);
    expect(line).toMatch(rule);
  });
});

describe('invokers: more services, principalOrgId, and targets on versions and aliases', () => {
  it('secrets-manager rotation and an ELB target group, each with its source ARN', () => {
    const { synth } = synthDefinition(
      def({
        invokers: [
          { kind: 'secrets-manager', name: 'rotation', sourceArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf' },
          {
            kind: 'elastic-load-balancing',
            name: 'alb',
            sourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/73e2d6bc24d8a067',
          },
          {
            kind: 'config',
            name: 'org-rules',
            sourceArn: 'arn:aws:config:us-east-1:111122223333:config-rule/*',
            principalOrgId: 'o-a1b2c3d4e5',
          },
        ],
      }),
    );
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'secretsmanager.amazonaws.com',
      statement_id: 'AllowSecretsManager-rotation',
    });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'elasticloadbalancing.amazonaws.com',
      statement_id: 'AllowElasticLoadBalancing-alb',
    });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, { principal: 'config.amazonaws.com', principal_org_id: 'o-a1b2c3d4e5' });
  });

  it('targets: the unqualified function, the published version and an alias → one permission each, qualified by reference', () => {
    const d = def({
      existing: undefined,
      code: { ...code, publish: true },
      aliases: [{ name: 'live', description: 'what callers use' }],
      invokers: [
        {
          kind: 'sns',
          name: 'orders',
          sourceArn: 'arn:aws:sns:us-east-1:111122223333:orders',
          targets: ['unqualified', 'current-version', { alias: 'live' }],
        },
      ],
    });
    const { synth, json } = synthDefinition(d);
    const permissions = Object.entries(resourcesOf(json, 'aws_lambda_permission'));
    expect(permissions.map(([id, p]) => [id.replace(/_permission_[0-9A-F]+$/, ''), p.qualifier ?? null]).sort()).toEqual([
      ['worker_invoke-sns-orders', null],
      ['worker_invoke-sns-orders-alias-live', textMatching(/^\$\{aws_lambda_alias\.worker_alias-live_alias_[0-9A-F]+\.name\}$/)],
      ['worker_invoke-sns-orders-current-version', textMatching(/^\$\{aws_lambda_function\.worker_function_[0-9A-F]+\.version\}$/)],
    ]);
    expect(synth).toHaveResourceWithProperties(LambdaAlias, {
      name: 'live',
      function_version: textMatching(/\.version\}$/),
      description: 'what callers use',
    });
    expect(summarizeStack(d).functions[0].permissions.map((p) => p.target ?? 'unqualified')).toEqual([
      'unqualified',
      'current-version',
      'alias-live',
    ]);
  });

  it('an alias of $LATEST without publish; routing to a second version', () => {
    const { synth } = synthDefinition(
      def({
        existing: undefined,
        code,
        aliases: [
          { name: 'canary', version: '$LATEST' },
          { name: 'live', version: '3', routing: { version: '4', weight: 0.1 } },
        ],
      }),
    );
    expect(synth).toHaveResourceWithProperties(LambdaAlias, { name: 'canary', function_version: '$LATEST' });
    expect(synth).toHaveResourceWithProperties(LambdaAlias, {
      name: 'live',
      function_version: '3',
      routing_config: { additional_version_weights: { '4': 0.1 } },
    });
  });

  it.each([
    [
      {
        code,
        invokers: [
          { kind: 'sns' as const, name: 'o', sourceArn: 'arn:aws:sns:us-east-1:111122223333:o', targets: ['current-version' as const] },
        ],
      },
      /invokers\[0\]\.targets\[0\]: "current-version" needs code\.publish/,
    ],
    [
      {
        code,
        invokers: [{ kind: 'sns' as const, name: 'o', sourceArn: 'arn:aws:sns:us-east-1:111122223333:o', targets: [{ alias: 'live' }] }],
      },
      /invokers\[0\]\.targets\[0\]: alias "live" is not in aliases/,
    ],
    [{ code, aliases: [{ name: 'live', version: 'current' }] }, /aliases\[0\]\.version: "current" needs code\.publish/],
    [{ aliases: [{ name: 'live' }] }, /field functions\[0\]\.aliases: needs a function built by this stack/],
    [
      { invokers: [{ kind: 'eventbridge' as const, name: 'bus', sourceArn: 'arn:aws:events:us-east-1:111122223333:event-bus/default' }] },
      /invokers\[0\]\.sourceArn: .*is an events ARN, but not of a rule/,
    ],
  ] as [Partial<FunctionDefinition>, RegExp][])('refuses %#', (fields, message) => {
    const d = def({ ...fields, existing: fields.code ? undefined : 'worker' });
    expect(problems(d).join('\n')).toMatch(message);
  });
});
