/**
 * Trust beyond Lambda: typed grants → trust statements (planTrustStatement), rendered by ExecutionRole after
 * Lambda's statement (which keeps its aws:SourceAccount condition), and judged by the trust checks.
 */
import { planTrustStatement, type TrustGrant } from '../../modules/trust';
import { ExecutionRole, type ExecutionRoleProps } from '../../modules/execution-role';
import { runChecks } from '../../modules/checks/run-checks';
import { onlyResource, parsePolicy, synthConstructs } from '../helpers/synth';

const plan = (grant: TrustGrant, partition: 'aws' | 'aws-cn' = 'aws') => {
  const r = planTrustStatement(grant, partition);
  if (!r.ok) throw new Error(`${r.field}: ${r.problem.rule}`);
  return r.statement;
};
const problem = (grant: TrustGrant) => {
  const r = planTrustStatement(grant, 'aws');
  if (r.ok) throw new Error('expected a problem');
  return { field: r.field, rule: r.problem.rule, fix: r.problem.fix };
};

describe('planTrustStatement: each kind renders one statement', () => {
  it('service: the principal, ArnLike aws:SourceArn and StringEquals aws:SourceAccount; a bare name gets .amazonaws.com', () => {
    expect(
      plan({
        kind: 'service',
        service: 'scheduler',
        sourceArn: 'arn:aws:scheduler:us-east-1:111122223333:schedule/default/nightly',
        sourceAccount: '111122223333',
      }),
    ).toEqual({
      effect: 'Allow',
      principals: { Service: 'scheduler.amazonaws.com' },
      actions: ['sts:AssumeRole'],
      conditions: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:scheduler:us-east-1:111122223333:schedule/default/nightly' },
        StringEquals: { 'aws:SourceAccount': '111122223333' },
      },
      sid: undefined,
    });
  });

  it('account: an id becomes its root ARN in the partition; externalId and MFA become conditions; TagSession allowed', () => {
    expect(
      plan(
        {
          kind: 'account',
          principal: '210987654321',
          externalId: 'ci-7f3a',
          requireMfa: true,
          actions: ['sts:AssumeRole', 'sts:TagSession'],
        },
        'aws-cn',
      ),
    ).toMatchObject({
      principals: { AWS: 'arn:aws-cn:iam::210987654321:root' },
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      conditions: { StringEquals: { 'sts:ExternalId': 'ci-7f3a' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
  });

  it('oidc: Federated provider, AssumeRoleWithWebIdentity, aud and sub keyed by the provider host; extra conditions merge', () => {
    const statement = plan({
      kind: 'oidc',
      providerArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      audience: 'sts.amazonaws.com',
      subject: ['repo:acme/app:ref:refs/heads/main', 'repo:acme/app:environment:prod'],
      conditions: { StringEquals: { 'token.actions.githubusercontent.com:repository_owner': 'acme' } },
    });
    expect(statement).toMatchObject({
      principals: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: {
        StringEquals: {
          'token.actions.githubusercontent.com:repository_owner': 'acme',
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        },
        StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:ref:refs/heads/main', 'repo:acme/app:environment:prod'] },
      },
    });
  });

  it("saml: AssumeRoleWithSAML with the partition's sign-in audience by default, plus SetSourceIdentity", () => {
    expect(
      plan(
        {
          kind: 'saml',
          providerArn: 'arn:aws-cn:iam::111122223333:saml-provider/okta',
          actions: ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity'],
        },
        'aws-cn',
      ),
    ).toMatchObject({
      principals: { Federated: 'arn:aws-cn:iam::111122223333:saml-provider/okta' },
      conditions: { StringEquals: { 'SAML:aud': 'https://signin.amazonaws.cn/saml' } },
    });
  });

  it('statement: passed through when it is a valid trust statement', () => {
    const statement = {
      effect: 'Deny' as const,
      actions: ['sts:AssumeRole'],
      notPrincipals: { AWS: 'arn:aws:iam::111122223333:role/ops' },
    };
    expect(plan({ kind: 'statement', statement })).toBe(statement);
  });
});

describe('planTrustStatement: rule, value and fix', () => {
  it.each<[string, TrustGrant, string, RegExp]>([
    ['Lambda itself', { kind: 'service', service: 'lambda.amazonaws.com' }, 'service', /trusts already/],
    ['a service ARN', { kind: 'service', service: 'arn:aws:iam::1:role/x' }, 'service', /is not a service principal/],
    ['an account name', { kind: 'account', principal: 'partner' }, 'principal', /neither a 12-digit account id nor an IAM/],
    ['an ARN of another partition', { kind: 'account', principal: 'arn:aws-cn:iam::210987654321:root' }, 'principal', /in partition aws/],
    ['a short external id', { kind: 'account', principal: '210987654321', externalId: 'x' }, 'externalId', /not a valid external id/],
    [
      'a SAML ARN for OIDC',
      { kind: 'oidc', providerArn: 'arn:aws:iam::111122223333:saml-provider/okta' },
      'providerArn',
      /OIDC provider ARN/,
    ],
    [
      'AssumeRole for OIDC',
      { kind: 'oidc', providerArn: 'arn:aws:iam::111122223333:oidc-provider/x.example', actions: ['sts:AssumeRole'] },
      'actions',
      /sts:AssumeRole, which a oidc principal cannot use/,
    ],
    ['TagSession alone', { kind: 'account', principal: '210987654321', actions: ['sts:TagSession'] }, 'actions', /lacks sts:AssumeRole/],
    [
      'a condition the typed field sets too',
      { kind: 'account', principal: '210987654321', externalId: 'abc', conditions: { StringEquals: { 'sts:ExternalId': 'def' } } },
      'conditions',
      /StringEquals sts:ExternalId/,
    ],
    [
      'a statement without principal',
      { kind: 'statement', statement: { actions: ['sts:AssumeRole'] } },
      'statement.principals',
      /needs a Principal/,
    ],
  ])('%s', (_what, grant, field, rule) => {
    const p = problem(grant);
    expect(p.field).toBe(field);
    expect(p.rule).toMatch(rule);
    expect(p.fix.length).toBeGreaterThan(5);
  });
});

describe('ExecutionRole: trust grants', () => {
  const base: ExecutionRoleProps = { roleName: 'fn-exec', region: 'us-east-1', account: '111122223333' };

  it("keeps Lambda's statement first, with aws:SourceAccount, and renders each grant after it", () => {
    let role!: ExecutionRole;
    const { json } = synthConstructs((scope) => {
      role = new ExecutionRole(scope, 'role', { ...base, trust: [{ kind: 'account', principal: '210987654321', externalId: 'ci-7f3a' }] });
    });
    const trust = parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ci-7f3a' } },
      },
    ]);
    expect(runChecks(role.checkSubjects().map((subject) => ({ subject, suppressions: [] }))).findings).toEqual([]);
  });

  it('a trust to an account without any condition is a LR-IAM-TRUST-WITHOUT-CONDITION finding naming the account', () => {
    let role!: ExecutionRole;
    synthConstructs((scope) => {
      role = new ExecutionRole(scope, 'role', { ...base, trust: [{ kind: 'account', principal: '210987654321' }] });
    });
    const report = runChecks(role.checkSubjects().map((subject) => ({ subject, suppressions: [] })));
    expect(report.findings.map((f) => [f.checkId, f.appliesTo])).toEqual([
      ['LR-IAM-TRUST-WITHOUT-CONDITION', 'Principal::AWS:arn:aws:iam::210987654321:root'],
    ]);
  });

  it('rejects a bad grant naming trust[i] and the field', () => {
    expect(() =>
      synthConstructs((scope) => new ExecutionRole(scope, 'role', { ...base, trust: [{ kind: 'service', service: 'edgelambda' }] })),
    ).toThrow(/role trust\[0\]\.service: "edgelambda" is Lambda/);
  });
});
