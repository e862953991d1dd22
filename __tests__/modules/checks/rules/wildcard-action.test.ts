import { wildcardAction } from '../../../../modules/checks/rules/wildcard-action';
import { appliesTo, findingsOf, identityPolicy, trustPolicy, TOKEN } from '../subjects';

describe('LR-IAM-WILDCARD-ACTION: identity policies must not allow * or service-wide svc:* actions', () => {
  test('Compliance: named actions and prefix patterns pass', () => {
    expect(wildcardAction.check(identityPolicy({ actions: ['s3:GetObject', 's3:Get*'], resources: ['arn:aws:s3:::b/*'] })).status).toBe(
      'compliant',
    );
  });

  test('Compliance: a wildcard Deny only narrows access', () => {
    expect(wildcardAction.check(identityPolicy({ effect: 'Deny', actions: ['*'], resources: ['*'] })).status).toBe('compliant');
  });

  test('Compliance: unresolved tokens are skipped, and other subject kinds are not applicable', () => {
    expect(wildcardAction.check(identityPolicy({ actions: [TOKEN], resources: ['*'] })).status).toBe('compliant');
    expect(wildcardAction.check(trustPolicy({ actions: ['*'], principals: { Service: 'lambda.amazonaws.com' } })).status).toBe(
      'not-applicable',
    );
  });

  test('Noncompliance 1: Action "*" is an error with appliesTo Action::*', () => {
    const [finding] = findingsOf(wildcardAction.check(identityPolicy({ actions: ['*'], resources: ['*'] })));
    expect(finding).toMatchObject({
      checkId: 'LR-IAM-WILDCARD-ACTION',
      level: 'error',
      appliesTo: 'Action::*',
      path: 'stack/fn/role/inline',
    });
    expect(finding.message).toContain("'inline-least-privilege'");
  });

  test('Noncompliance 2: every service-wide action gets its own granular finding', () => {
    expect(appliesTo(wildcardAction, identityPolicy({ actions: ['s3:*', 'dynamodb:GetItem', 'sqs:*'], resources: ['*'] }))).toEqual([
      'Action::s3:*',
      'Action::sqs:*',
    ]);
  });

  test('Noncompliance 3: a wildcard in the service prefix counts as service-wide', () => {
    expect(appliesTo(wildcardAction, identityPolicy({ actions: ['*:Get*'], resources: ['*'] }))).toEqual(['Action::*:Get*']);
  });
});
