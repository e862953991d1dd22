/**
 * The planner of one event source: validates it (rule/value/fix, tokens skipped) and returns the
 * aws_lambda_event_source_mapping arguments plus what the execution role needs — scoped statements or the
 * managed policy, and the on-failure destination's send permission. Pure, so definition validation, the
 * summary and the construct share it.
 */
import type { LambdaEventSourceMappingConfig } from './cdk/aws';
import type { Partition } from '../shared/aws/partition';
import { ARN_RULES, checkArn, isUnresolvedValue, type ArnRule } from './arn-rules';
import { planDestination, STREAM_FAILURE_KINDS } from './destinations';
import { eventSourceStatements, MANAGED_EVENT_SOURCE_POLICY, sidPart } from './event-source-permissions';
import type { EventSource, EventSourceMappingKind, KafkaAuth, KafkaEventSource, MskEventSource } from './event-source-types';
import type { LambdaManagedPolicyName } from './managed-policies';
import type { PolicyStatement } from './policy-types';
import type { Problem } from './validation';

export type EventSourceMappingArgs = Omit<LambdaEventSourceMappingConfig, 'functionName' | 'dependsOn'>;

export interface EventSourcePlan {
  readonly kind: EventSourceMappingKind;
  readonly name: string;
  /** The mapping's construct id: `esm-<kind>-<name>`. */
  readonly id: string;
  readonly mapping: EventSourceMappingArgs;
  /** Scoped statements (all of them in `scoped` mode; in `managed` mode, what the policy lacks). */
  readonly statements: readonly PolicyStatement[];
  /** The managed policy to attach in `managed` mode. @default - none */
  readonly managedPolicy?: LambdaManagedPolicyName;
}

export type EventSourcePlanResult =
  | { readonly ok: true; readonly plan: EventSourcePlan }
  | { readonly ok: false; readonly field: string; readonly value: unknown; readonly problem: Problem };

type Failure = Extract<EventSourcePlanResult, { ok: false }>;
const fail = (field: string, value: unknown, rule: string, fix: string): Failure => ({ ok: false, field, value, problem: { rule, fix } });

function range(field: string, value: number | undefined, min: number, max: number, example: string): Failure | undefined {
  if (value === undefined || isUnresolvedValue(String(value))) return undefined;
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return fail(field, value, `is out of range: a whole number from ${min} to ${max}`, `use e.g. ${example}`);
}

function arn(field: string, value: string, rule: ArnRule, partition: string): Failure | undefined {
  const problem = checkArn(value, rule, partition);
  return problem ? { ok: false, field, value, problem } : undefined;
}

/** Filter patterns as Lambda stores them: JSON text of an object. */
function filterPatterns(filters: EventSource['filters']): string[] | Failure {
  const out: string[] = [];
  if ((filters ?? []).length > 5)
    return fail('filters', filters, 'has more than 5 patterns (the Lambda quota per mapping)', 'merge patterns');
  for (const [i, f] of (filters ?? []).entries()) {
    if (typeof f !== 'string') {
      out.push(JSON.stringify(f));
      continue;
    }
    if (isUnresolvedValue(f)) {
      out.push(f);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(f);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return fail(
        `filters[${i}]`,
        f,
        'is not the JSON text of an object (a filter pattern)',
        `write it like '{"body":{"type":["order"]}}'`,
      );
    out.push(f);
  }
  return out;
}

const AUTH_TYPES: Readonly<Record<Exclude<KafkaAuth['kind'], 'iam'>, string>> = {
  basic: 'BASIC_AUTH',
  'sasl-scram-256': 'SASL_SCRAM_256_AUTH',
  'sasl-scram-512': 'SASL_SCRAM_512_AUTH',
  mtls: 'CLIENT_CERTIFICATE_TLS_AUTH',
};

/** The Kafka-specific rules: the cluster or brokers, and an authentication the source type offers. */
function kafkaProblem(source: MskEventSource | KafkaEventSource, partition: string): Failure | undefined {
  const auth = source.auth;
  if (source.kind === 'msk') {
    const p = arn('clusterArn', source.clusterArn, ARN_RULES.mskCluster, partition);
    if (p) return p;
    if (auth && !['iam', 'sasl-scram-512', 'mtls'].includes(auth.kind))
      return fail('auth.kind', auth.kind, 'is not an authentication Amazon MSK offers Lambda', 'use iam, sasl-scram-512 or mtls');
  } else {
    if (source.bootstrapServers.length === 0)
      return fail('bootstrapServers', source.bootstrapServers, 'is empty', "list the brokers as 'host:port'");
    if (source.bootstrapServers.some((s) => !isUnresolvedValue(s) && !/^[\w.-]+:\d{1,5}$/.test(s)))
      return fail(
        'bootstrapServers',
        source.bootstrapServers,
        'has an entry that is not host:port',
        "write them like 'broker-1.example.com:9092'",
      );
    if (auth?.kind === 'iam')
      return fail('auth.kind', 'iam', 'is for Amazon MSK only', "use kind: 'msk' for an MSK cluster, or a secret-based authentication");
    if (source.rootCaSecretArn !== undefined) {
      const p = arn('rootCaSecretArn', source.rootCaSecretArn, ARN_RULES.secret, partition);
      if (p) return p;
    }
  }
  return auth && auth.kind !== 'iam' ? arn('auth.secretArn', auth.secretArn, ARN_RULES.secret, partition) : undefined;
}

export function planEventSource(source: EventSource, partition: Partition): EventSourcePlanResult {
  if (!/^[\w.-]{1,64}$/.test(source.name))
    return fail('name', source.name, 'is not 1–64 letters, digits, "-", "_" or "."', 'rename the event source');
  const mode = source.permissions ?? 'scoped';
  const managedPolicy = mode === 'managed' ? MANAGED_EVENT_SOURCE_POLICY[source.kind] : undefined;
  if (mode === 'managed' && !managedPolicy)
    return fail('permissions', mode, `has no AWS managed policy for ${source.kind} sources`, "use permissions: 'scoped'");
  const problem =
    range('batchSize', source.batchSize, 1, 10000, '100') ??
    range('maximumBatchingWindowInSeconds', source.maximumBatchingWindowInSeconds, 0, 300, '5');
  if (problem) return problem;
  const patterns = filterPatterns(source.filters);
  if (!Array.isArray(patterns)) return patterns;

  const mapping: Record<string, unknown> = {
    enabled: source.enabled,
    batchSize: source.batchSize,
    maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds,
    filterCriteria: patterns.length ? { filter: patterns.map((pattern) => ({ pattern })) } : undefined,
  };
  const statements: PolicyStatement[] = [];
  const sid = `EventSource${sidPart(source.kind)}${sidPart(source.name)}`;
  const onFailure = (dest: { destinationArn: string } | undefined): Failure | undefined => {
    if (!dest) return undefined;
    const d = planDestination(dest.destinationArn, STREAM_FAILURE_KINDS, partition, `${sid}OnFailure`);
    if (!d.ok) return { ok: false, field: 'onFailure.destinationArn', value: dest.destinationArn, problem: d.problem };
    statements.push(...d.statements);
    mapping.destinationConfig = { onFailure: { destinationArn: dest.destinationArn } };
    return undefined;
  };
  const responseTypes = (report: boolean | undefined) => (report ? ['ReportBatchItemFailures'] : undefined);

  switch (source.kind) {
    case 'sqs': {
      const p =
        arn('queueArn', source.queueArn, ARN_RULES.sqsQueue, partition) ??
        range('maximumConcurrency', source.maximumConcurrency, 2, 1000, '10') ??
        (source.kmsKeyArn !== undefined ? arn('kmsKeyArn', source.kmsKeyArn, ARN_RULES.kmsKey, partition) : undefined);
      if (p) return p;
      // Standard queues take batches over 10 only with a batching window (Lambda rejects it otherwise).
      if ((source.batchSize ?? 0) > 10 && !source.maximumBatchingWindowInSeconds)
        return fail(
          'batchSize',
          source.batchSize,
          'is over 10 without a batching window, which Lambda rejects for SQS',
          'set maximumBatchingWindowInSeconds to at least 1, or batchSize to at most 10',
        );
      Object.assign(mapping, {
        eventSourceArn: source.queueArn,
        scalingConfig: source.maximumConcurrency !== undefined ? { maximumConcurrency: source.maximumConcurrency } : undefined,
        functionResponseTypes: responseTypes(source.reportBatchItemFailures),
      });
      break;
    }
    case 'kinesis':
    case 'dynamodb': {
      const p =
        (source.kind === 'kinesis'
          ? (arn('streamArn', source.streamArn, ARN_RULES.kinesisStream, partition) ??
            (source.consumerArn !== undefined ? arn('consumerArn', source.consumerArn, ARN_RULES.kinesisConsumer, partition) : undefined) ??
            (source.kmsKeyArn !== undefined ? arn('kmsKeyArn', source.kmsKeyArn, ARN_RULES.kmsKey, partition) : undefined))
          : arn('streamArn', source.streamArn, ARN_RULES.dynamodbStream, partition)) ??
        range('parallelizationFactor', source.parallelizationFactor, 1, 10, '2') ??
        range('maximumRetryAttempts', source.maximumRetryAttempts, -1, 10000, '3') ??
        range('tumblingWindowInSeconds', source.tumblingWindowInSeconds, 0, 900, '60') ??
        onFailure(source.onFailure);
      if (p) return p;
      const age = source.maximumRecordAgeInSeconds;
      if (age !== undefined && age !== -1 && !(Number.isInteger(age) && age >= 60 && age <= 604800))
        return fail('maximumRecordAgeInSeconds', age, 'is neither -1 (no limit) nor a whole number from 60 to 604800', 'use e.g. 3600');
      if ((source.startingPosition === 'AT_TIMESTAMP') !== (source.startingPositionTimestamp !== undefined))
        return fail(
          'startingPositionTimestamp',
          source.startingPositionTimestamp,
          source.startingPosition === 'AT_TIMESTAMP'
            ? 'is missing: AT_TIMESTAMP needs the time to start from'
            : 'is set, but only AT_TIMESTAMP reads it',
          source.startingPosition === 'AT_TIMESTAMP'
            ? "set it like '2024-06-01T00:00:00Z'"
            : 'remove it, or use startingPosition AT_TIMESTAMP',
        );
      Object.assign(mapping, {
        eventSourceArn: source.kind === 'kinesis' ? (source.consumerArn ?? source.streamArn) : source.streamArn,
        startingPosition: source.startingPosition,
        startingPositionTimestamp: source.startingPositionTimestamp,
        parallelizationFactor: source.parallelizationFactor,
        maximumRetryAttempts: source.maximumRetryAttempts,
        maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds,
        bisectBatchOnFunctionError: source.bisectBatchOnFunctionError,
        tumblingWindowInSeconds: source.tumblingWindowInSeconds,
        functionResponseTypes: responseTypes(source.reportBatchItemFailures),
      });
      break;
    }
    case 'msk':
    case 'kafka': {
      if (!isUnresolvedValue(source.topic) && !/^[\w.-]{1,249}$/.test(source.topic))
        return fail('topic', source.topic, 'is not a Kafka topic name (1–249 letters, digits, ".", "_" and "-")', 'use the topic name');
      const auth = source.auth;
      const p = kafkaProblem(source, partition) ?? onFailure(source.onFailure);
      if (p) return p;
      const access: { type: string; uri: string }[] = [];
      if (auth && auth.kind !== 'iam') access.push({ type: AUTH_TYPES[auth.kind], uri: auth.secretArn });
      if (source.kind === 'kafka') {
        if (source.rootCaSecretArn) access.push({ type: 'SERVER_ROOT_CA_CERTIFICATE', uri: source.rootCaSecretArn });
        for (const subnet of source.vpc?.subnetIds ?? []) access.push({ type: 'VPC_SUBNET', uri: `subnet:${subnet}` });
        for (const sg of source.vpc?.securityGroupIds ?? []) access.push({ type: 'VPC_SECURITY_GROUP', uri: `security_group:${sg}` });
      }
      const group = source.consumerGroupId !== undefined ? { consumerGroupId: source.consumerGroupId } : undefined;
      Object.assign(mapping, {
        eventSourceArn: source.kind === 'msk' ? source.clusterArn : undefined,
        selfManagedEventSource:
          source.kind === 'kafka' ? { endpoints: { KAFKA_BOOTSTRAP_SERVERS: source.bootstrapServers.join(',') } } : undefined,
        topics: [source.topic],
        startingPosition: source.startingPosition,
        amazonManagedKafkaEventSourceConfig: source.kind === 'msk' ? group : undefined,
        selfManagedKafkaEventSourceConfig: source.kind === 'kafka' ? group : undefined,
        sourceAccessConfiguration: access.length ? access : undefined,
      });
      break;
    }
    case 'mq': {
      const p =
        arn('brokerArn', source.brokerArn, ARN_RULES.mqBroker, partition) ??
        arn('credentialsSecretArn', source.credentialsSecretArn, ARN_RULES.secret, partition);
      if (p) return p;
      const access = [{ type: 'BASIC_AUTH', uri: source.credentialsSecretArn }];
      if (source.virtualHost !== undefined) access.push({ type: 'VIRTUAL_HOST', uri: source.virtualHost });
      Object.assign(mapping, { eventSourceArn: source.brokerArn, queues: [source.queue], sourceAccessConfiguration: access });
      break;
    }
  }
  const defined = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== undefined)) as EventSourceMappingArgs;
  return {
    ok: true,
    plan: {
      kind: source.kind,
      name: source.name,
      id: `esm-${source.kind}-${source.name}`,
      mapping: defined,
      statements: [...eventSourceStatements(source), ...statements],
      managedPolicy,
    },
  };
}
