/**
 * Invokers by service principal beyond the first seven kinds, each source ARN checked by service *and*
 * resource type, a service principal narrowed by principalOrgId, and invoke targets (unqualified, the
 * current version, an alias) with their construct ids.
 */
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { InvokePermission } from '../../modules/invoke-permission';
import { invokeTargetLabel, invokeTargetsOf, planInvokePermission, type Invoker } from '../../modules/invokers';
import type { ServiceInvokerKind } from '../../modules/invoker-services';
import { resourcesOf, synthConstructs } from '../helpers/synth';

const ctx = { account: '111122223333', partition: 'aws' as const };
const planned = (invoker: Invoker) => {
  const r = planInvokePermission(invoker, ctx);
  if (!r.ok) throw new Error(`${r.field}: ${r.problem.rule}`);
  return r.plan;
};
const failure = (invoker: Invoker) => {
  const r = planInvokePermission(invoker, ctx);
  if (r.ok) throw new Error('expected a problem');
  return r;
};

describe('service invokers: principal and source ARN rule per service', () => {
  it.each<[ServiceInvokerKind, string, string, string]>([
    ['config', 'config.amazonaws.com', 'arn:aws:config:us-east-1:111122223333:config-rule/config-rule-a1b2c3', 'AllowConfig-main'],
    [
      'secrets-manager',
      'secretsmanager.amazonaws.com',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
      'AllowSecretsManager-main',
    ],
    [
      'elastic-load-balancing',
      'elasticloadbalancing.amazonaws.com',
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/73e2d6bc24d8a067',
      'AllowElasticLoadBalancing-main',
    ],
    ['ses', 'ses.amazonaws.com', 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store', 'AllowSES-main'],
    ['lex', 'lexv2.amazonaws.com', 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID1234/ALIASID12', 'AllowLex-main'],
    ['codecommit', 'codecommit.amazonaws.com', 'arn:aws:codecommit:us-east-1:111122223333:app', 'AllowCodeCommit-main'],
    ['eventbridge', 'events.amazonaws.com', 'arn:aws:events:us-east-1:210987654321:rule/partner-bus/orders', 'AllowEventBridge-main'],
  ])('%s → %s with its source ARN', (kind, principal, sourceArn, statementId) => {
    expect(planned({ kind, name: 'main', sourceArn })).toMatchObject({
      principal,
      sourceArn,
      statementId,
      action: 'lambda:InvokeFunction',
    });
  });

  it.each<[ServiceInvokerKind, string, RegExp]>([
    ['eventbridge', 'arn:aws:events:us-east-1:111122223333:event-bus/default', /is an events ARN, but not of a rule/],
    ['s3', 'arn:aws:s3:::uploads/incoming/*', /is an s3 ARN, but not of a bucket/],
    ['secrets-manager', 'arn:aws:secretsmanager:us-east-1:111122223333:db', /not of a secret/],
    [
      'elastic-load-balancing',
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/api/50dc6c495c0c9188',
      /not of a targetgroup/,
    ],
    ['config', 'arn:aws:lambda:us-east-1:111122223333:function:x', /is not an config ARN in partition aws/],
  ])('%s refuses %s (service and resource type)', (kind, sourceArn, rule) => {
    const r = failure({ kind, name: 'x', sourceArn });
    expect(r.field).toBe('sourceArn');
    expect(r.problem.rule).toMatch(rule);
    expect(r.problem.fix).toMatch(/^use an ARN like arn:aws:/);
  });

  it('a service principal with principalOrgId writes principal_org_id next to the source ARN', () => {
    const { synth } = synthConstructs((scope) =>
      InvokePermission.grant(
        scope,
        'org-rules',
        { functionName: 'rule-eval' },
        { kind: 'config', name: 'org-rules', sourceArn: 'arn:aws:config:*:*:config-rule/*', principalOrgId: 'o-a1b2c3d4e5' },
        ctx,
      ),
    );
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'config.amazonaws.com',
      source_arn: 'arn:aws:config:*:*:config-rule/*',
      principal_org_id: 'o-a1b2c3d4e5',
    });
  });

  it('principalOrgId does not replace the source: without sourceArn or noSource it is still refused', () => {
    expect(failure({ kind: 'config', name: 'x', principalOrgId: 'o-a1b2c3d4e5' }).field).toBe('sourceArn');
    expect(
      failure({ kind: 'config', name: 'x', sourceArn: 'arn:aws:config:us-east-1:111122223333:config-rule/r', principalOrgId: 'acme' })
        .field,
    ).toBe('principalOrgId');
  });
});

describe('invoke targets', () => {
  it('default: the unqualified function; a literal qualifier stays one target', () => {
    expect(invokeTargetsOf({ kind: 'account', name: 'a', principal: '210987654321' })).toEqual(['unqualified']);
    expect(invokeTargetsOf({ kind: 'account', name: 'a', principal: '210987654321', qualifier: 'live' })).toEqual([{ qualifier: 'live' }]);
  });

  it('labels: none for unqualified (the address stays), current-version, alias-<name>', () => {
    expect([
      invokeTargetLabel('unqualified'),
      invokeTargetLabel({ qualifier: 'live' }),
      invokeTargetLabel('current-version'),
      invokeTargetLabel({ alias: 'live' }),
    ]).toEqual([undefined, undefined, 'current-version', 'alias-live']);
  });

  it('targets with qualifier, twice the same target, or none are refused', () => {
    expect(
      failure({ kind: 'account', name: 'a', principal: '210987654321', qualifier: 'live', targets: ['unqualified'] }).problem.rule,
    ).toMatch(/together with qualifier/);
    expect(
      failure({ kind: 'account', name: 'a', principal: '210987654321', targets: [{ alias: 'live' }, { alias: 'live' }] }).problem.rule,
    ).toMatch(/twice/);
    expect(failure({ kind: 'account', name: 'a', principal: '210987654321', targets: [] }).problem.rule).toMatch(/empty/);
  });

  it('a target label suffixes the construct id; the unqualified permission keeps invoke-<kind>-<name>', () => {
    const { json } = synthConstructs((scope) => {
      const invoker: Invoker = { kind: 'account', name: 'partner', principal: '210987654321' };
      InvokePermission.grant(scope, InvokePermission.defaultId(invoker), { functionName: 'f' }, invoker, ctx);
      InvokePermission.grant(
        scope,
        InvokePermission.defaultId(invoker, 'current-version'),
        { functionName: 'f' },
        { ...invoker, qualifier: '7' },
        ctx,
      );
    });
    const permissions = Object.values(resourcesOf(json, 'aws_lambda_permission'));
    expect(Object.keys(resourcesOf(json, 'aws_lambda_permission')).sort()).toEqual([
      expect.stringMatching(/^invoke-account-partner-current-version_permission_/) as unknown,
      expect.stringMatching(/^invoke-account-partner_permission_/) as unknown,
    ]);
    expect(permissions.map((p) => p.qualifier ?? null).sort()).toEqual(['7', null]);
  });
});
