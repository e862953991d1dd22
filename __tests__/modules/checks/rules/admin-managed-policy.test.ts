import { adminManagedPolicy } from '../../../../modules/checks/rules/admin-managed-policy';
import { findingsOf, identityPolicy, managedAttachment, TOKEN } from '../subjects';

describe('LR-IAM-ADMIN-MANAGED-POLICY: roles must not attach admin-like AWS managed policies (judged from their documents)', () => {
  test('Compliance: Lambda managed policies pass', () => {
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).status).toBe(
      'compliant',
    );
  });

  test('Compliance: a customer-managed policy named AdministratorAccess, a token ARN and other subjects are not applicable', () => {
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::123456789012:policy/AdministratorAccess')).status).toBe(
      'not-applicable',
    );
    expect(adminManagedPolicy.check(managedAttachment(TOKEN)).status).toBe('not-applicable');
    expect(adminManagedPolicy.check(identityPolicy({ actions: ['*'], resources: ['*'] })).status).toBe('not-applicable');
  });

  test('Compliance: AWSLambdaBasicExecutionRole, in every partition, is compliant; a customer policy is not applicable', () => {
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov']) {
      expect(
        adminManagedPolicy.check(managedAttachment(`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`)).status,
      ).toBe('compliant');
    }
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::123456789012:policy/team/Reader')).status).toBe('not-applicable');
  });

  test('Compliance: an AWS managed policy the snapshot does not know is not applicable (its document cannot be judged)', () => {
    expect(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/NoSuchPolicyYet')).status).toBe('not-applicable');
  });

  test('Noncompliance 1: AdministratorAccess is an error with appliesTo Policy::AdministratorAccess', () => {
    const [finding] = findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/AdministratorAccess')));
    expect(finding).toMatchObject({
      checkId: 'LR-IAM-ADMIN-MANAGED-POLICY',
      level: 'error',
      appliesTo: 'Policy::AdministratorAccess',
      path: 'stack/fn/role/attach',
    });
    expect(finding.message).toContain("Role 'fn-role'");
  });

  test('Noncompliance 2: PowerUserAccess and IAMFullAccess in other partitions', () => {
    expect(findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws-cn:iam::aws:policy/PowerUserAccess')))[0].appliesTo).toBe(
      'Policy::PowerUserAccess',
    );
    expect(findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws-us-gov:iam::aws:policy/IAMFullAccess')))[0].appliesTo).toBe(
      'Policy::IAMFullAccess',
    );
  });

  test('Noncompliance 3: a policy under a path such as job-function/ is matched by name', () => {
    expect(
      findingsOf(adminManagedPolicy.check(managedAttachment('arn:aws:iam::aws:policy/job-function/AdministratorAccess')))[0].appliesTo,
    ).toBe('Policy::AdministratorAccess');
  });

  test('Noncompliance 4: AdministratorAccess-Amplify, which a list of three names missed, is flagged, in aws-cn too, saying why', () => {
    for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess-Amplify', 'arn:aws-cn:iam::aws:policy/AdministratorAccess-Amplify']) {
      const [finding] = findingsOf(adminManagedPolicy.check(managedAttachment(arn)));
      expect(finding).toMatchObject({
        checkId: 'LR-IAM-ADMIN-MANAGED-POLICY',
        level: 'error',
        appliesTo: 'Policy::AdministratorAccess-Amplify',
      });
      expect(finding.message).toContain(`'${arn}', which is admin-like: its document allows iam:PutRolePolicy on * (privilege escalation)`);
    }
  });

  test('Noncompliance 5: the message gives the reason each document is admin-like', () => {
    const message = (name: string) => findingsOf(adminManagedPolicy.check(managedAttachment(`arn:aws:iam::aws:policy/${name}`)))[0].message;
    expect(message('AdministratorAccess')).toContain('its document allows * on *');
    expect(message('IAMFullAccess')).toContain('its document allows iam:* on *');
    expect(message('PowerUserAccess')).toMatch(/its document allows every action except iam:\*.* on \*/);
  });
});
