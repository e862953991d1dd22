/**
 * The execution-role statements each event source needs, scoped to its ARNs (what the Lambda developer
 * guide lists per source). Three kinds of actions cannot be scoped, and are granted on `*` with the reason:
 * `dynamodb:ListStreams` and `kafka:GetBootstrapBrokers` (the Service Authorization Reference lists no
 * resource type for them), and the network-interface actions Lambda uses to reach a broker in a VPC (the
 * interfaces do not exist before Lambda creates them; the describe actions have no resource type).
 * Not granted: `kinesis:ListStreams` (in the managed policy, but Lambda reads a known stream; it lists
 * nothing) and the CloudWatch Logs actions (logging is its own concern: see log-group.ts).
 */
import type { LambdaManagedPolicyName } from './managed-policies';
import type { PolicyStatement } from './policy-types';
import type { EventSource, EventSourceMappingKind } from './event-source-types';

/** The AWS managed policy of `managed` mode; Kafka and MQ have none. */
export const MANAGED_EVENT_SOURCE_POLICY: Readonly<Partial<Record<EventSourceMappingKind, LambdaManagedPolicyName>>> = {
  sqs: 'AWSLambdaSQSQueueExecutionRole',
  kinesis: 'AWSLambdaKinesisExecutionRole',
  dynamodb: 'AWSLambdaDynamoDBExecutionRole',
  msk: 'AWSLambdaMSKExecutionRole',
};

/** What Lambda needs to create network interfaces in a broker's VPC (as in AWSLambdaMSKExecutionRole). */
export const VPC_NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
] as const;

/** 'orders-queue' → 'OrdersQueue', for Sids (letters and digits only). */
export function sidPart(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** `cluster/NAME/UUID` of an MSK cluster ARN → the ARN of a topic or consumer group in it. */
function kafkaChildArn(clusterArn: string, type: 'topic' | 'group', child: string): string {
  return clusterArn.replace(/:cluster\//, `:${type}/`) + `/${child}`;
}

/**
 * The statements of one source in `scoped` mode, or — in `managed` mode — only what the managed policy
 * lacks (secrets, KMS keys). Failure destinations are planned separately (destinations.ts), in both modes.
 */
export function eventSourceStatements(source: EventSource): PolicyStatement[] {
  const sid = `EventSource${sidPart(source.kind)}${sidPart(source.name)}`;
  const scoped = (source.permissions ?? 'scoped') === 'scoped';
  const out: PolicyStatement[] = [];
  const secret = (arn: string | undefined, suffix = 'Secret') => {
    if (arn) out.push({ sid: `${sid}${suffix}`, actions: ['secretsmanager:GetSecretValue'], resources: [arn] });
  };
  const key = (arn: string | undefined) => {
    if (arn) out.push({ sid: `${sid}Key`, actions: ['kms:Decrypt'], resources: [arn] });
  };
  // Why `*`: see the file comment.
  const vpc = () => out.push({ sid: `${sid}Network`, actions: [...VPC_NETWORK_INTERFACE_ACTIONS], resources: ['*'] });
  switch (source.kind) {
    case 'sqs':
      if (scoped)
        out.push({ sid, actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], resources: [source.queueArn] });
      key(source.kmsKeyArn);
      break;
    case 'kinesis':
      if (scoped) {
        out.push({
          sid,
          actions: [
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:GetRecords',
            'kinesis:GetShardIterator',
            'kinesis:ListShards',
          ],
          resources: [source.streamArn],
        });
        if (source.consumerArn)
          out.push({
            sid: `${sid}Consumer`,
            actions: ['kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer'],
            resources: [source.consumerArn],
          });
      }
      key(source.kmsKeyArn);
      break;
    case 'dynamodb':
      if (scoped) {
        out.push({
          sid,
          actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          resources: [source.streamArn],
        });
        out.push({ sid: `${sid}List`, actions: ['dynamodb:ListStreams'], resources: ['*'] });
      }
      break;
    case 'msk':
      if (scoped) {
        out.push({ sid, actions: ['kafka:DescribeClusterV2'], resources: [source.clusterArn] });
        out.push({ sid: `${sid}Brokers`, actions: ['kafka:GetBootstrapBrokers'], resources: ['*'] });
        vpc();
      }
      if (source.auth?.kind === 'iam') {
        // IAM access control: Lambda connects as the execution role. The group defaults to the mapping's
        // UUID, unknown before apply, so without consumerGroupId the grant covers the cluster's groups.
        out.push({
          sid: `${sid}Connect`,
          actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
          resources: [source.clusterArn],
        });
        out.push({
          sid: `${sid}Topic`,
          actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
          resources: [kafkaChildArn(source.clusterArn, 'topic', source.topic)],
        });
        out.push({
          sid: `${sid}Group`,
          actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
          resources: [kafkaChildArn(source.clusterArn, 'group', source.consumerGroupId ?? '*')],
        });
      } else if (source.auth) secret(source.auth.secretArn);
      break;
    case 'kafka':
      if (source.auth && source.auth.kind !== 'iam') secret(source.auth.secretArn);
      secret(source.rootCaSecretArn, 'RootCa');
      if (source.vpc) vpc();
      break;
    case 'mq':
      out.push({ sid, actions: ['mq:DescribeBroker'], resources: [source.brokerArn] });
      secret(source.credentialsSecretArn);
      vpc();
      break;
  }
  return out;
}
