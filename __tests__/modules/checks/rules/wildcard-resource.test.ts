import { wildcardResource } from '../../../../modules/checks/rules/wildcard-resource';
import { appliesTo, findingsOf, identityPolicy, TOKEN } from '../subjects';

describe('LR-IAM-WILDCARD-RESOURCE: actions that support resource-level permissions must not be granted on *', () => {
  test('Compliance: scoped ARNs pass', () => {
    expect(wildcardResource.check(identityPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::uploads/*'] })).status).toBe(
      'compliant',
    );
  });

  test('Compliance: actions without resource-level permissions (xray:PutTraceSegments, ec2:DescribeNetworkInterfaces) may use *', () => {
    const subject = identityPolicy({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'ec2:DescribeNetworkInterfaces'],
      resources: ['*'],
    });
    expect(wildcardResource.check(subject).status).toBe('compliant');
  });

  test("Compliance: Lambda's VPC ENI actions (ec2:CreateNetworkInterface …) may use *", () => {
    const subject = identityPolicy({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    });
    expect(wildcardResource.check(subject).status).toBe('compliant');
  });

  test('Compliance: Deny on *, unknown actions and token actions are not judged here', () => {
    expect(wildcardResource.check(identityPolicy({ effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] })).status).toBe(
      'compliant',
    );
    expect(wildcardResource.check(identityPolicy({ actions: ['s3:GetObjects', TOKEN], resources: ['*'] })).status).toBe('compliant');
  });

  test('Noncompliance 1: s3:GetObject on * is an error with appliesTo Resource::*', () => {
    const [finding] = findingsOf(
      wildcardResource.check(identityPolicy({ sid: 'Read', actions: ['s3:GetObject', 'xray:PutTraceSegments'], resources: ['*'] })),
    );
    expect(finding).toMatchObject({ checkId: 'LR-IAM-WILDCARD-RESOURCE', level: 'error', appliesTo: 'Resource::*' });
    expect(finding.message).toContain("statement 'Read' allows s3:GetObject on Resource '*'");
    expect(finding.message).not.toContain('xray');
  });

  test('Noncompliance 2: a pattern is reported with how many scopable actions it grants (case-insensitive lookup)', () => {
    const [finding] = findingsOf(wildcardResource.check(identityPolicy({ actions: ['DynamoDB:get*'], resources: ['*'] })));
    expect(finding.message).toMatch(/DynamoDB:get\* \(\d+ scopable actions?\)/);
  });

  test('Noncompliance 3: one finding per offending statement', () => {
    const subject = identityPolicy(
      { actions: ['logs:CreateLogGroup'], resources: ['*'] },
      { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:q', '*'] },
    );
    expect(appliesTo(wildcardResource, subject)).toEqual(['Resource::*', 'Resource::*']);
  });
});
