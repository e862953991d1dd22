import { passRoleWildcard } from '../../../../modules/checks/rules/passrole-wildcard';
import { appliesTo, findingsOf, identityPolicy } from '../subjects';

describe('LR-IAM-PASSROLE-WILDCARD: iam:PassRole must name the roles it may pass', () => {
  test('Compliance: PassRole on a named role ARN passes', () => {
    expect(
      passRoleWildcard.check(identityPolicy({ actions: ['iam:PassRole'], resources: ['arn:aws:iam::123456789012:role/worker'] })).status,
    ).toBe('compliant');
  });

  test('Compliance: a path-scoped role pattern passes; other actions on * are not this check', () => {
    expect(
      passRoleWildcard.check(identityPolicy({ actions: ['iam:PassRole'], resources: ['arn:aws:iam::123456789012:role/workers/*'] })).status,
    ).toBe('compliant');
    expect(passRoleWildcard.check(identityPolicy({ actions: ['iam:GetRole'], resources: ['*'] })).status).toBe('compliant');
  });

  test('Noncompliance 1: iam:PassRole on * is an error, even with iam:PassedToService', () => {
    const subject = identityPolicy({
      actions: ['iam:PassRole'],
      resources: ['*'],
      conditions: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    const [finding] = findingsOf(passRoleWildcard.check(subject));
    expect(finding).toMatchObject({ checkId: 'LR-IAM-PASSROLE-WILDCARD', level: 'error', appliesTo: 'Resource::*' });
  });

  test('Noncompliance 2: patterns that include PassRole (iam:Pass*, iam:*, *) count', () => {
    for (const action of ['iam:Pass*', 'iam:*', '*', 'IAM:passrole']) {
      expect(appliesTo(passRoleWildcard, identityPolicy({ actions: [action], resources: ['*'] }))).toEqual(['Resource::*']);
    }
  });

  test('Noncompliance 3: role/* in any account or partition means every role', () => {
    const subject = identityPolicy({
      actions: ['iam:PassRole'],
      resources: ['arn:aws:iam::123456789012:role/*', 'arn:aws-cn:iam::*:role/*'],
    });
    expect(appliesTo(passRoleWildcard, subject)).toEqual([
      'Resource::arn:aws:iam::123456789012:role/*',
      'Resource::arn:aws-cn:iam::*:role/*',
    ]);
  });
});

describe('LR-IAM-PASSROLE-WILDCARD through NotAction', () => {
  test('Noncompliance: an Allow NotAction that does not exclude iam:PassRole grants it on *', () => {
    expect(appliesTo(passRoleWildcard, identityPolicy({ notActions: ['s3:*'], resources: ['*'] }))).toEqual(['Resource::*']);
  });

  test('Compliance: a NotAction that excludes iam:* does not grant PassRole', () => {
    expect(passRoleWildcard.check(identityPolicy({ notActions: ['iam:*'], resources: ['*'] })).status).toBe('compliant');
  });
});
