import { trustOidcWithoutSubject } from '../../../../modules/checks/rules/trust-oidc-without-subject';
import { appliesTo, findingsOf, identityPolicy, trustPolicy, TOKEN } from '../subjects';

const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

describe('LR-IAM-TRUST-OIDC-WITHOUT-SUBJECT: OIDC trust must pin the token subject', () => {
  test('Compliance: an OIDC trust with a sub condition (any operator, any case of the key) passes', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: { Federated: GITHUB },
      conditions: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'Token.Actions.GithubUserContent.com:SUB': 'repo:acme/app:*' },
      },
    });
    expect(trustOidcWithoutSubject.check(subject).status).toBe('compliant');
  });

  test('Compliance: SAML, Cognito identity pools, services, a token principal and a Deny are not judged', () => {
    const subject = trustPolicy(
      { actions: ['sts:AssumeRoleWithSAML'], principals: { Federated: 'arn:aws:iam::123456789012:saml-provider/okta' } },
      { actions: ['sts:AssumeRoleWithWebIdentity'], principals: { Federated: 'cognito-identity.amazonaws.com' } },
      { actions: ['sts:AssumeRoleWithWebIdentity'], principals: { Federated: TOKEN } },
      { effect: 'Deny', actions: ['sts:AssumeRoleWithWebIdentity'], principals: { Federated: GITHUB } },
    );
    expect(trustOidcWithoutSubject.check(subject).status).toBe('compliant');
    expect(trustOidcWithoutSubject.check(identityPolicy({ actions: ['sts:AssumeRoleWithWebIdentity'], resources: ['*'] })).status).toBe(
      'not-applicable',
    );
  });

  test('Noncompliance 1: an audience-only condition admits every repository: error', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: { Federated: GITHUB },
      conditions: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    });
    const [finding] = findingsOf(trustOidcWithoutSubject.check(subject));
    expect(finding).toMatchObject({ level: 'error', appliesTo: `Principal::Federated:${GITHUB}` });
    expect(finding.message).toContain("without a condition on 'token.actions.githubusercontent.com:sub'");
  });

  test('Noncompliance 2: no condition at all, the action granted through sts:*', () => {
    expect(appliesTo(trustOidcWithoutSubject, trustPolicy({ actions: ['sts:*'], principals: { Federated: GITHUB } }))).toEqual([
      `Principal::Federated:${GITHUB}`,
    ]);
  });

  test('Noncompliance 3: a sub condition for another provider does not count', () => {
    const subject = trustPolicy({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: { Federated: GITHUB },
      conditions: { StringLike: { 'gitlab.com:sub': 'project_path:acme/app:*' } },
    });
    expect(appliesTo(trustOidcWithoutSubject, subject)).toHaveLength(1);
  });
});
