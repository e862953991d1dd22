import { unknownAction } from '../../../../modules/checks/rules/unknown-action';
import { appliesTo, findingsOf, identityPolicy, managedAttachment, trustPolicy, TOKEN } from '../subjects';

describe('LR-IAM-UNKNOWN-ACTION: every action must name at least one real AWS action', () => {
  test('Compliance: real actions pass, compared case-insensitively', () => {
    expect(
      unknownAction.check(
        identityPolicy({ actions: ['s3:GetObject', 'S3:getobject', 'dynamodb:PutItem', 'xray:PutTraceSegments'], resources: ['*'] }),
      ).status,
    ).toBe('compliant');
  });

  test('Compliance: patterns that match something (s3:Get*, ec2:Describe*, *, s3:*) pass', () => {
    expect(
      unknownAction.check(identityPolicy({ actions: ['s3:Get*', 'ec2:Describe*', '*', 's3:*', 'logs:Put?ogEvents'], resources: ['*'] }))
        .status,
    ).toBe('compliant');
  });

  test('Compliance: trust-policy actions are checked too; tokens and attachments are skipped', () => {
    expect(
      unknownAction.check(trustPolicy({ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: { Service: 'lambda.amazonaws.com' } }))
        .status,
    ).toBe('compliant');
    expect(unknownAction.check(identityPolicy({ actions: [TOKEN], resources: ['*'] })).status).toBe('compliant');
    expect(unknownAction.check(managedAttachment('arn:aws:iam::aws:policy/ReadOnlyAccess')).status).toBe('not-applicable');
  });

  test('Noncompliance 1: a misspelt action is an error that suggests the real one', () => {
    const [finding] = findingsOf(unknownAction.check(identityPolicy({ actions: ['s3:GetObjects'], resources: ['*'] })));
    expect(finding).toMatchObject({ checkId: 'LR-IAM-UNKNOWN-ACTION', level: 'error', appliesTo: 'Action::s3:GetObjects' });
    expect(finding.message).toContain("Did you mean 's3:GetObject'?");
  });

  test('Noncompliance 2: an unknown service prefix is named', () => {
    const [finding] = findingsOf(unknownAction.check(identityPolicy({ actions: ['lamda:InvokeFunction'], resources: ['*'] })));
    expect(finding.message).toContain("'lamda' is not an AWS service prefix");
  });

  test('Noncompliance 3: a pattern that matches nothing, and a string without service:', () => {
    expect(appliesTo(unknownAction, identityPolicy({ actions: ['s3:Fetch*', 'GetObject', 's3:'], resources: ['*'] }))).toEqual([
      'Action::s3:Fetch*',
      'Action::GetObject',
      'Action::s3:',
    ]);
  });

  test('Noncompliance 4: a typo in a Deny statement (which would deny nothing) and in a trust policy', () => {
    expect(appliesTo(unknownAction, identityPolicy({ effect: 'Deny', actions: ['s3:DeleteObjekt'], resources: ['*'] }))).toEqual([
      'Action::s3:DeleteObjekt',
    ]);
    const [finding] = findingsOf(
      unknownAction.check(trustPolicy({ actions: ['sts:AssumeRoles'], principals: { Service: 'lambda.amazonaws.com' } })),
    );
    expect(finding.message).toContain("The trust policy of role 'fn-role'");
  });
});

describe('LR-IAM-UNKNOWN-ACTION in NotAction', () => {
  test('Noncompliance: a misspelt NotAction would grant the action it meant to exclude', () => {
    expect(appliesTo(unknownAction, identityPolicy({ effect: 'Deny', notActions: ['s3:GetObjekt'], resources: ['*'] }))).toEqual([
      'Action::s3:GetObjekt',
    ]);
  });
});
