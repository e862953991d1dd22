import { adminManagedPolicy } from '../../../../modules/checks/rules/admin-managed-policy';
import { findingsOf, identityPolicy, managedAttachment, TOKEN } from '../subjects';

describe('LR-IAM-ADMIN-MANAGED-POLICY: roles must not attach AdministratorAccess, PowerUserAccess or IAMFullAccess', () => {
  test('Compliance: Lambda managed policies pass', () => {
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).status).toBe('compliant');
  });

  test('Compliance: a customer-managed policy named AdministratorAccess, a token ARN and other subjects are not applicable', () => {
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::123456789012:policy/AdministratorAccess')).status).toBe('not-applicable');
    expect(adminManagedPolicy.check(managedAttachment(TOKEN)).status).toBe('not-applicable');
    expect(adminManagedPolicy.check(identityPolicy({ actions: ['*'], resources: ['*'] })).status).toBe('not-applicable');
  });

  test('Noncompliance 1: AdministratorAccess is an error with appliesTo Policy::AdministratorAccess', () => {
    const [finding] = findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/AdministratorAccess')));
    expect(finding).toMatchObject({ checkId: 'LR-IAM-ADMIN-MANAGED-POLICY', level: 'error', appliesTo: 'Policy::AdministratorAccess', path: 'stack/fn/role/attach' });
    expect(finding.message).toContain("Role 'fn-role'");
  });

  test('Noncompliance 2: PowerUserAccess and IAMFullAccess in other partitions', () => {
    expect(findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws-cn:iam::aws:policy/PowerUserAccess')))[0].appliesTo).toBe('Policy::PowerUserAccess');
    expect(findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws-us-gov:iam::aws:policy/IAMFullAccess')))[0].appliesTo).toBe('Policy::IAMFullAccess');
  });

  test('Noncompliance 3: a policy under a path such as job-function/ is matched by name', () => {
    expect(findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/job-function/AdministratorAccess')))[0].appliesTo).toBe('Policy::AdministratorAccess');
  });
});
