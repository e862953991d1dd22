import { trustAnyPrincipal } from '../../../../modules/checks/rules/trust-any-principal';
import { findingsOf, identityPolicy, trustPolicy } from '../subjects';

describe('LR-IAM-TRUST-ANY-PRINCIPAL: trust policies must not let any AWS principal assume the role', () => {
  test('Compliance: named accounts and service principals pass', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRole'],
      principals: { AWS: ['arn:aws:iam::210987654321:root'], Service: 'lambda.amazonaws.com' },
    });
    expect(trustAnyPrincipal.check(subject).status).toBe('compliant');
  });

  test('Compliance: * pinned by aws:PrincipalOrgID (any key case) or aws:PrincipalArn passes; Deny * passes', () => {
    expect(
      trustAnyPrincipal.check(
        trustPolicy({
          actions: ['sts:AssumeRole'],
          principals: '*',
          conditions: { StringEquals: { 'aws:principalOrgId': 'o-a1b2c3d4e5' } },
        }),
      ).status,
    ).toBe('compliant');
    expect(
      trustAnyPrincipal.check(
        trustPolicy({
          actions: ['sts:AssumeRole'],
          principals: { AWS: '*' },
          conditions: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/ci-*' } },
        }),
      ).status,
    ).toBe('compliant');
    expect(trustAnyPrincipal.check(trustPolicy({ effect: 'Deny', actions: ['sts:AssumeRole'], principals: '*' })).status).toBe('compliant');
    expect(trustAnyPrincipal.check(identityPolicy({ actions: ['sts:AssumeRole'], resources: ['*'] })).status).toBe('not-applicable');
  });

  test('Noncompliance 1: Principal "*" is an error', () => {
    const [finding] = findingsOf(trustAnyPrincipal.check(trustPolicy({ actions: ['sts:AssumeRole'], principals: '*' })));
    expect(finding).toMatchObject({ checkId: 'LR-IAM-TRUST-ANY-PRINCIPAL', level: 'error', appliesTo: 'Principal::AWS:*' });
  });

  test('Noncompliance 2: { AWS: ["*"] } with a condition that does not pin the caller', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRole'],
      principals: { AWS: ['arn:aws:iam::210987654321:root', '*'] },
      conditions: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    expect(findingsOf(trustAnyPrincipal.check(subject))).toHaveLength(1);
  });
});
