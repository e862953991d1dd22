import { partialWildcardAction } from '../../../../modules/checks/rules/partial-wildcard-action';
import { appliesTo, findingsOf, identityPolicy } from '../subjects';

describe('LR-IAM-PARTIAL-WILDCARD-ACTION: identity policies should list actions instead of patterns like s3:Get*', () => {
  test('Compliance: plain actions pass', () => {
    expect(partialWildcardAction.check(identityPolicy({ actions: ['s3:GetObject', 'sqs:SendMessage'], resources: ['*'] })).status).toBe(
      'compliant',
    );
  });

  test('Compliance: service-wide wildcards are left to LR-IAM-WILDCARD-ACTION (no double report)', () => {
    expect(partialWildcardAction.check(identityPolicy({ actions: ['*', 's3:*'], resources: ['*'] })).status).toBe('compliant');
  });

  test('Noncompliance 1: s3:Get* is a warning with appliesTo Action::s3:Get*', () => {
    const [finding] = findingsOf(partialWildcardAction.check(identityPolicy({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::b/*'] })));
    expect(finding).toMatchObject({ checkId: 'LR-IAM-PARTIAL-WILDCARD-ACTION', level: 'warning', appliesTo: 'Action::s3:Get*' });
  });

  test('Noncompliance 2: ? wildcards and mid-name * are patterns too', () => {
    expect(appliesTo(partialWildcardAction, identityPolicy({ actions: ['s3:GetObjec?', 'dynamodb:*Item'], resources: ['*'] }))).toEqual([
      'Action::s3:GetObjec?',
      'Action::dynamodb:*Item',
    ]);
  });
});
