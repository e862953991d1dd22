import { trustWithoutCondition } from '../../../../modules/checks/rules/trust-without-condition';
import { appliesTo, findingsOf, identityPolicy, trustPolicy } from '../subjects';

describe('LR-IAM-TRUST-WITHOUT-CONDITION: trust statements should constrain who assumes the role', () => {
  test('Compliance: the standard Lambda execution-role trust (lambda / edgelambda, no condition) passes', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRole'],
      principals: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] },
    });
    expect(trustWithoutCondition.check(subject).status).toBe('compliant');
  });

  test('Compliance: another account with sts:ExternalId, OIDC with sub, and a Deny pass', () => {
    const subject = trustPolicy(
      {
        actions: ['sts:AssumeRole'],
        principals: { AWS: 'arn:aws:iam::210987654321:root' },
        conditions: { StringEquals: { 'sts:ExternalId': 'ci-7f3a' } },
      },
      {
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        conditions: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
      },
      { effect: 'Deny', actions: ['sts:AssumeRole'], principals: { AWS: '*' } },
    );
    expect(trustWithoutCondition.check(subject).status).toBe('compliant');
  });

  test('Compliance: statements that do not grant AssumeRole, and identity policies, are not judged', () => {
    expect(
      trustWithoutCondition.check(trustPolicy({ actions: ['sts:TagSession'], principals: { AWS: 'arn:aws:iam::210987654321:root' } }))
        .status,
    ).toBe('compliant');
    expect(trustWithoutCondition.check(identityPolicy({ actions: ['sts:AssumeRole'], resources: ['*'] })).status).toBe('not-applicable');
  });

  test('Noncompliance 1: another account without condition is a warning', () => {
    const [finding] = findingsOf(
      trustWithoutCondition.check(trustPolicy({ actions: ['sts:AssumeRole'], principals: { AWS: 'arn:aws:iam::210987654321:root' } })),
    );
    expect(finding).toMatchObject({
      checkId: 'LR-IAM-TRUST-WITHOUT-CONDITION',
      level: 'warning',
      appliesTo: 'Principal::AWS:arn:aws:iam::210987654321:root',
    });
  });

  test('Noncompliance 2: an OIDC provider via AssumeRoleWithWebIdentity without sub/aud', () => {
    const federated = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    expect(
      appliesTo(trustWithoutCondition, trustPolicy({ actions: ['sts:AssumeRoleWithWebIdentity'], principals: { Federated: federated } })),
    ).toEqual([`Principal::Federated:${federated}`]);
  });

  test('Noncompliance 3: a non-Lambda service principal, granted through sts:*, is flagged while lambda beside it is not', () => {
    const subject = trustPolicy({ actions: ['sts:*'], principals: { Service: ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] } });
    expect(appliesTo(trustWithoutCondition, subject)).toEqual(['Principal::Service:scheduler.amazonaws.com']);
  });

  test('Noncompliance 4: an empty Condition block counts as no condition', () => {
    const subject = trustPolicy({ actions: ['sts:AssumeRole'], principals: { AWS: '123456789012' }, conditions: { StringEquals: {} } });
    expect(appliesTo(trustWithoutCondition, subject)).toEqual(['Principal::AWS:123456789012']);
  });
});

describe('LR-IAM-TRUST-WITHOUT-CONDITION: a trust to another account', () => {
  test('Noncompliance: an account principal with sts:AssumeRole and sts:TagSession and no condition is flagged once', () => {
    const subject = trustPolicy({ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: { AWS: '210987654321' } });
    expect(appliesTo(trustWithoutCondition, subject)).toEqual(['Principal::AWS:210987654321']);
  });

  test('Noncompliance: AssumeRole granted through NotAction counts as granted', () => {
    const subject = trustPolicy({ notActions: ['sts:TagSession'], principals: { AWS: 'arn:aws:iam::210987654321:role/ci' } });
    expect(appliesTo(trustWithoutCondition, subject)).toEqual(['Principal::AWS:arn:aws:iam::210987654321:role/ci']);
  });

  test('Compliance: any condition (MFA, external id) satisfies it; so does a NotAction that excludes every assume action', () => {
    const subject = trustPolicy(
      { actions: ['sts:AssumeRole'], principals: { AWS: '210987654321' }, conditions: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { notActions: ['sts:AssumeRole*'], principals: { AWS: '210987654321' } },
    );
    expect(trustWithoutCondition.check(subject).status).toBe('compliant');
  });
});
