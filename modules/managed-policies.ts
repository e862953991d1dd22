/**
 * A typed catalogue of the AWS-managed policies written for Lambda execution roles. Most live under the
 * `service-role/` path, but X-Ray and Lambda Insights do not — getting that wrong yields a NoSuchEntity at
 * apply time, which is why the paths are data here (and verified against the real AWS list in a test).
 */
import type { Partition } from '../shared/aws/partition';
import { checkPolicyArn, type Problem } from './validation';

interface CatalogueEntry {
  /** The IAM path the policy lives under. */
  readonly path: '/service-role/' | '/';
  readonly purpose: string;
}

export const LAMBDA_MANAGED_POLICIES = {
  AWSLambdaBasicExecutionRole: { path: '/service-role/', purpose: 'write logs to CloudWatch Logs' },
  AWSLambdaVPCAccessExecutionRole: { path: '/service-role/', purpose: 'manage ENIs to run in a VPC (includes logs)' },
  AWSLambdaENIManagementAccess: { path: '/service-role/', purpose: 'describe, create and delete ENIs' },
  AWSLambdaKinesisExecutionRole: { path: '/service-role/', purpose: 'read a Kinesis stream event source' },
  AWSLambdaDynamoDBExecutionRole: { path: '/service-role/', purpose: 'read a DynamoDB stream event source' },
  AWSLambdaSQSQueueExecutionRole: { path: '/service-role/', purpose: 'receive and delete messages of an SQS event source' },
  AWSLambdaMSKExecutionRole: { path: '/service-role/', purpose: 'read an Amazon MSK event source' },
  AWSXRayDaemonWriteAccess: { path: '/', purpose: 'send X-Ray trace segments (active tracing)' },
  CloudWatchLambdaInsightsExecutionRolePolicy: { path: '/', purpose: 'write Lambda Insights metrics' },
} as const satisfies Record<string, CatalogueEntry>;

export type LambdaManagedPolicyName = keyof typeof LAMBDA_MANAGED_POLICIES;

export const LAMBDA_MANAGED_POLICY_NAMES = Object.keys(LAMBDA_MANAGED_POLICIES) as LambdaManagedPolicyName[];

export function isLambdaManagedPolicyName(name: string): name is LambdaManagedPolicyName {
  return Object.prototype.hasOwnProperty.call(LAMBDA_MANAGED_POLICIES, name);
}

/** arn:<partition>:iam::aws:policy/<path>Name */
export function managedPolicyArn(name: LambdaManagedPolicyName, partition: Partition): string {
  return `arn:${partition}:iam::aws:policy${LAMBDA_MANAGED_POLICIES[name].path}${name}`;
}

/** The event sources whose polling Lambda does with the execution role's permissions. */
export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'msk';

export const EVENT_SOURCE_POLICIES: Readonly<Record<EventSourceKind, LambdaManagedPolicyName>> = {
  sqs: 'AWSLambdaSQSQueueExecutionRole',
  kinesis: 'AWSLambdaKinesisExecutionRole',
  dynamodb: 'AWSLambdaDynamoDBExecutionRole',
  msk: 'AWSLambdaMSKExecutionRole',
};

/**
 * A catalogue name or an IAM policy ARN, as written in props or definitions. `string & {}` keeps editors
 * suggesting the catalogue names (a plain `| string` would absorb them).
 */
export type ManagedPolicyRef = LambdaManagedPolicyName | (string & {});

export function checkManagedPolicyRef(ref: string): Problem | undefined {
  if (isLambdaManagedPolicyName(ref)) return undefined;
  if (ref.startsWith('arn:')) return checkPolicyArn(ref);
  return {
    rule: `is neither a Lambda managed policy of the catalogue nor a policy ARN`,
    fix: `use one of ${LAMBDA_MANAGED_POLICY_NAMES.join(', ')}, or a full ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess`,
  };
}

/** Resolves a catalogue name to its ARN in the partition; ARNs pass through unchanged. */
export function resolveManagedPolicy(ref: ManagedPolicyRef, partition: Partition): string {
  return isLambdaManagedPolicyName(ref) ? managedPolicyArn(ref, partition) : ref;
}
