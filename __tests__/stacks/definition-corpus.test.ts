/**
 * The JSON Schema and `lambda-roles check` judge definitions alike: a corpus of invalid definitions (one
 * broken value each, in the feature stack that uses every field) fails both; a corpus at the edges of each
 * rule passes both; and the rules only `check` knows are the documented cross-field ones (docs/generator.md,
 * "What only check knows"), each with a case here where the schema passes and `check` fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { definitionJsonSchema } from '../../stacks/json-schema';
import { checkDefinitionPaths } from '../../stacks/check-definitions';
import { loadIamReference } from '../../modules/checks/iam-data';
import { lambdaFeatures, FEATURE_ARNS as F } from './fixtures/lambda-features';

type Case = readonly [id: string, at: string, value: unknown];
const DELETE = Symbol('delete');
const A = '000000000000';
const long = (n: number) => 'a'.repeat(n);

/** One broken value each: both the schema and check must reject the definition. */
const INVALID: readonly Case[] = [
  ['account too short', 'account', '123'],
  ['account not digits', 'account', 'abcdefghijkl'],
  ['region shape', 'region', 'useast1'],
  ['stack name starts with a digit', 'name', '1stack'],
  ['$schema not a string', '$schema', 5],
  ['unknown top-level field', 'owner', 'team-a'],
  ['function name with a space', 'functions.3.name', 'image worker'],
  ['maxSessionDuration below 1 h', 'functions.0.role.maxSessionDuration', 5],
  ['maxSessionDuration above 12 h', 'functions.0.role.maxSessionDuration', 50000],
  ['maxSessionDuration not whole', 'functions.0.role.maxSessionDuration', 3600.5],
  ['role name too long', 'functions.0.role.name', long(65)],
  ['role name with a slash', 'functions.0.role.name', 'team/role'],
  ['role path without slashes', 'functions.0.role.path', 'lambda'],
  ['role path with a double slash', 'functions.0.role.path', '/a//b/'],
  ['role description too long', 'functions.0.role.description', long(1001)],
  ['permissions boundary not a policy ARN', 'functions.0.role.permissionsBoundary', 'arn:aws:iam::123:policy/x'],
  ['stack boundary not a policy ARN', 'defaults.permissionsBoundary', 'lambda-boundary'],
  ['misspelt managed policy', 'functions.0.managedPolicies', ['AWSLambdaBasicExecutionRol']],
  ['managed policy ARN of a role', 'functions.0.managedPolicies', [`arn:aws:iam::${A}:role/x`]],
  ['tag key with aws: prefix', 'functions.0.tags', { 'aws:owner': 'x' }],
  ['tag value too long', 'defaults.tags', { team: long(257) }],
  ['empty tag key', 'functions.0.role.tags', { '': 'x' }],
  ['unknown runtime', 'functions.0.code.runtime', 'node20'],
  ['memory below 128 MB', 'functions.0.code.memorySize', 64],
  ['timeout above 900 s', 'functions.0.code.timeout', 901],
  ['ephemeral storage below 512 MB', 'functions.0.code.ephemeralStorageMb', 100],
  ['negative reserved concurrency', 'functions.0.code.reservedConcurrency', -1],
  ['six layers', 'functions.0.code.layers', Array(6).fill(F.layer)],
  ['a function ARN as layer', 'functions.0.code.layers', [`arn:aws:lambda:us-east-1:${A}:function:x`]],
  ['environment key of a queue', 'functions.0.code.environmentKmsKeyArn', F.failureQueue],
  ['dead-letter target a function', 'functions.0.code.deadLetterTargetArn', `arn:aws:lambda:us-east-1:${A}:function:x`],
  ['environment variable name with a digit first', 'functions.0.code.environment', { '1STAGE': 'x' }],
  ['architecture x86', 'functions.0.code.architecture', 'x86'],
  ['mount path outside /mnt', 'functions.2.code.fileSystem.localMountPath', '/tmp/models'],
  ['access point ARN of a file system', 'functions.2.code.fileSystem.accessPointArn', F.fileSystem],
  ['S3 bucket name with capitals', 'functions.2.code.s3.bucket', 'Acme_Artifacts'],
  ['image URI without a registry', 'functions.3.code.imageUri', 'nginx:latest'],
  ['alias name of digits only', 'functions.0.aliases.0.name', '123'],
  ['alias routing weight above 1', 'functions.0.aliases.0.routing', { version: '2', weight: 1.5 }],
  ['async retries above 2', 'functions.0.asyncInvoke.maximumRetryAttempts', 3],
  ['async event age below 60 s', 'functions.0.asyncInvoke.maximumEventAgeInSeconds', 30],
  ['async destination an S3 bucket', 'functions.0.asyncInvoke.onSuccess', 'arn:aws:s3:::results'],
  ['log retention of 13 days', 'functions.0.logging.logGroup.retentionInDays', 13],
  ['log group name with a space', 'functions.0.logging.logGroup.name', '/teams/api scoped'],
  ['log group key not a KMS key', 'functions.0.logging.logGroup.kmsKeyArn', F.failureQueue],
  ['log class COLD', 'functions.0.logging.logGroup.logClass', 'COLD'],
  ['log format XML', 'functions.0.logging.format', 'XML'],
  ['application log level VERBOSE', 'functions.0.logging.applicationLogLevel', 'VERBOSE'],
  ['S3 invoker source is an object ARN', 'functions.0.invokers.1', { kind: 's3', name: 'up', sourceArn: 'arn:aws:s3:::uploads/key' }],
  ['EventBridge invoker source is a bus', 'functions.0.invokers.0.sourceArn', F.bus],
  [
    'invoker source account too short',
    'functions.0.invokers.1',
    { kind: 'sns', name: 't', sourceArn: `arn:aws:sns:us-east-1:${A}:t`, sourceAccount: '123' },
  ],
  ['invoker organization id shape', 'functions.0.invokers.2.principalOrgId', 'org-1'],
  ['invoker name too long', 'functions.0.invokers.1.name', long(81)],
  [
    'invoker name too long for its statement id',
    'functions.0.invokers.1',
    { kind: 'elastic-load-balancing', name: long(75), noSource: { reason: 'a load balancer of the platform team' } },
  ],
  ['invoker target listed twice', 'functions.0.invokers.0.targets', ['unqualified', 'unqualified']],
  ['organization invoker id shape', 'functions.0.invokers.1', { kind: 'organization', name: 'org', orgId: 'o-1' }],
  ['account invoker principal a name', 'functions.0.invokers.1', { kind: 'account', name: 'partner', principal: 'bob' }],
  ['unknown invoker kind', 'functions.0.invokers.1', { kind: 'sqs', name: 'q' }],
  ['trust service is Lambda', 'functions.0.role.trust.2.service', 'lambda.amazonaws.com'],
  ['trust service not a principal', 'functions.0.role.trust.2.service', 'Scheduler Service'],
  ['trust source account too short', 'functions.0.role.trust.2.sourceAccount', '123'],
  ['trust source ARN not an ARN', 'functions.0.role.trust.2.sourceArn', 'my-schedule'],
  ['trust account principal a name', 'functions.0.role.trust.0.principal', 'partner'],
  ['trust external id of one character', 'functions.0.role.trust.0.externalId', 'x'],
  ['trust OIDC provider ARN of a role', 'functions.0.role.trust.1.providerArn', `arn:aws:iam::${A}:role/x`],
  ['trust actions without the assume action', 'functions.0.role.trust.0.actions', ['sts:TagSession']],
  [
    'trust actions with another kind’s assume action',
    'functions.0.role.trust.1.actions',
    ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole'],
  ],
  ['statement Sid with a dash', 'functions.0.statements.0.sid', 'read-config'],
  ['statement effect Permit', 'functions.0.statements.0.effect', 'Permit'],
  ['statement with empty actions', 'functions.0.statements.0.actions', []],
  [
    'customer policy name with a space',
    'functions.0.customerPolicies',
    [{ name: 'read config', statements: [{ actions: ['ssm:GetParameter'], resources: ['*'] }] }],
  ],
  ['suppression reason too short', 'functions.0.suppressions', [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'ok' }]],
  ['confused-deputy opt-out without reason', 'functions.0.role.confusedDeputyProtection', { enabled: false, reason: 'no' }],
  ['batch size 0', 'functions.3.eventSourceMappings.0.batchSize', 0],
  ['batching window above 300 s', 'functions.1.eventSourceMappings.0.maximumBatchingWindowInSeconds', 301],
  ['SQS source is a topic', 'functions.3.eventSourceMappings.0.queueArn', F.dlqTopic],
  ['SQS maximum concurrency 1', 'functions.3.eventSourceMappings.0.maximumConcurrency', 1],
  ['parallelization factor 11', 'functions.1.eventSourceMappings.0.parallelizationFactor', 11],
  ['stream retries -2', 'functions.1.eventSourceMappings.0.maximumRetryAttempts', -2],
  ['record age 30 s', 'functions.1.eventSourceMappings.1.maximumRecordAgeInSeconds', 30],
  ['tumbling window above 900 s', 'functions.1.eventSourceMappings.1.tumblingWindowInSeconds', 901],
  ['six filters', 'functions.1.eventSourceMappings.0.filters', Array(6).fill({ data: { type: ['x'] } })],
  ['event source name with a space', 'functions.1.eventSourceMappings.0.name', 'click stream'],
  ['on-failure destination a bus', 'functions.1.eventSourceMappings.0.onFailure.destinationArn', F.bus],
  [
    'MSK authentication basic',
    'functions.1.eventSourceMappings.2.auth',
    { kind: 'basic', secretArn: `arn:aws:secretsmanager:us-east-1:${A}:secret:k-AbCdEf` },
  ],
  ['Kafka authentication iam', 'functions.1.eventSourceMappings.3.auth', { kind: 'iam' }],
  ['Kafka topic with a space', 'functions.1.eventSourceMappings.3.topic', 'order events'],
  ['Kafka broker without a port', 'functions.1.eventSourceMappings.3.bootstrapServers', ['broker-1']],
  ['MQ broker ARN of a cluster', 'functions.1.eventSourceMappings.4.brokerArn', F.cluster],
  ['managed permissions for Kafka', 'functions.1.eventSourceMappings.3.permissions', 'managed'],
  ['S3 backend bucket of two letters', 'backend', { type: 's3', bucket: 'tf', key: 'k', region: 'us-east-1' }],
];

/** Values at the edge of each rule: both the schema and check must accept them. */
const VALID: readonly Case[] = [
  ['$schema key', '$schema', './stack-definition.schema.json'],
  ['maxSessionDuration 1 h', 'functions.0.role.maxSessionDuration', 3600],
  ['maxSessionDuration 12 h', 'functions.0.role.maxSessionDuration', 43200],
  ['role name of 64 characters', 'functions.0.role.name', long(64)],
  ['role path with two parts', 'functions.0.role.path', '/lambda/payments/'],
  [
    'catalogue and ARN managed policies',
    'functions.0.managedPolicies',
    ['CloudWatchLambdaInsightsExecutionRolePolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ],
  ['memory 10240 MB', 'functions.0.code.memorySize', 10240],
  ['ephemeral storage 10240 MB', 'functions.0.code.ephemeralStorageMb', 10240],
  ['reserved concurrency 0', 'functions.0.code.reservedConcurrency', 0],
  ['runtime provided.al2023', 'functions.0.code.runtime', 'provided.al2023'],
  ['log retention of 3653 days', 'functions.0.logging.logGroup.retentionInDays', 3653],
  ['async retries 0 and event age 60 s', 'functions.0.asyncInvoke', { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 }],
  ['record age -1', 'functions.1.eventSourceMappings.1.maximumRecordAgeInSeconds', -1],
  ['record age 604800 s', 'functions.1.eventSourceMappings.1.maximumRecordAgeInSeconds', 604800],
  [
    'MSK mtls authentication',
    'functions.1.eventSourceMappings.2.auth',
    { kind: 'mtls', secretArn: `arn:aws:secretsmanager:us-east-1:${A}:secret:k-AbCdEf` },
  ],
  [
    'invoker name of 74 characters for load balancers',
    'functions.0.invokers.1',
    { kind: 'elastic-load-balancing', name: long(74), noSource: { reason: 'a load balancer of the platform team' } },
  ],
  ['trust with session tags', 'functions.0.role.trust.1.actions', ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']],
  ['account principal as role ARN', 'functions.0.role.trust.0.principal', 'arn:aws:iam::111111111111:role/deployer'],
];

/** Rules across fields, or of the stack's partition: only `check` knows them. The id is the docs table's. */
const CROSS_FIELD: readonly Case[] = [
  ['code-or-existing', 'functions.0.existing', 'scoped-api'],
  ['code-one-source', 'functions.0.code.zipFile', '/tmp/code.zip'],
  ['zip-needs-runtime-handler', 'functions.0.code.handler', DELETE],
  ['image-has-no-runtime', 'functions.3.code.runtime', 'python3.12'],
  ['path-is-not-a-zip', 'functions.1.code.path', '/tmp/code.zip'],
  ['unique-function-names', 'functions.3.name', 'efs-worker'],
  ['unique-role-names', 'functions.1.role', { name: 'scoped-api-exec' }],
  ['derived-role-name', 'functions.3.name', long(60)],
  [
    'unique-customer-policy-names',
    'functions',
    [
      ...lambdaFeatures.functions
        .slice(0, 3)
        .map((fn, i) =>
          i < 2 ? { ...fn, customerPolicies: [{ name: 'shared', statements: [{ actions: ['ssm:GetParameter'], resources: ['*'] }] }] } : fn,
        ),
    ],
  ],
  [
    'unique-invoker-names',
    'functions.0.invokers.2',
    { kind: 'secrets-manager', name: 'rotation', sourceArn: `arn:aws:secretsmanager:us-east-1:${A}:secret:x-AbCdEf` },
  ],
  [
    'unique-event-source-names',
    'functions.1.eventSourceMappings.4',
    { kind: 'kinesis', name: 'clicks', streamArn: F.stream, startingPosition: 'LATEST' },
  ],
  ['unique-alias-names', 'functions.0.aliases', [{ name: 'live' }, { name: 'live' }]],
  ['statement-action-xor-notaction', 'functions.0.statements.0.notActions', ['s3:*']],
  ['identity-statement-resources', 'functions.0.statements.0.resources', DELETE],
  ['identity-statement-no-principal', 'functions.0.statements.0.principals', { AWS: A }],
  ['trust-statement-principal', 'functions.0.role.trust.2', { kind: 'statement', statement: { actions: ['sts:AssumeRole'] } }],
  [
    'arn-partition',
    'functions.0.code.environmentKmsKeyArn',
    'arn:aws-cn:kms:cn-north-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ],
  ['layer-region', 'functions.0.code.layers', ['arn:aws:lambda:eu-west-1:111111111111:layer:shared:3']],
  ['file-system-needs-vpc', 'functions.2.features', DELETE],
  ['log-levels-need-json', 'functions.0.logging.format', 'Text'],
  ['logging-or-basic-logging', 'functions.0.role.basicLogging', false],
  ['current-needs-publish', 'functions.0.code.publish', DELETE],
  ['alias-target-in-aliases', 'functions.0.invokers.0.targets', [{ alias: 'canary' }]],
  ['targets-or-qualifier', 'functions.0.invokers.0.qualifier', 'live'],
  ['invoker-needs-source', 'functions.0.invokers.1.sourceArn', DELETE],
  ['function-url-principal', 'functions.0.invokers.1', { kind: 'function-url', name: 'url', authType: 'AWS_IAM' }],
  ['edge-in-us-east-1', 'region', 'eu-west-1'],
  ['sqs-large-batch-needs-window', 'functions.3.eventSourceMappings.0.batchSize', 100],
  ['timestamp-with-at-timestamp', 'functions.1.eventSourceMappings.0.startingPosition', 'AT_TIMESTAMP'],
  ['filter-text-is-json', 'functions.1.eventSourceMappings.0.filters', ['not json']],
  ['trust-condition-twice', 'functions.0.role.trust.0.conditions', { StringEquals: { 'sts:ExternalId': 'other' } }],
];

/** The edge case needs the edge flag: set it together with the region change. */
const PREPARE: Readonly<Record<string, (def: Record<string, unknown>) => void>> = {
  'edge-in-us-east-1': (def) => set(def, 'functions.0.role.edge', true),
};

function set(root: Record<string, unknown>, at: string, value: unknown): void {
  const keys = at.split('.');
  let cur = root;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === DELETE) delete cur[last];
  else cur[last] = value;
}

/** 'functions.0.role.name' → ['functions[0].role.name', 'functions[0].role', 'functions[0]', '(root)']. */
function fieldPrefixes(at: string): string[] {
  const parts = at.split('.');
  const out = ['(root)'];
  for (let i = 1; i <= parts.length; i++)
    out.unshift(parts.slice(0, i).reduce((acc, p, j) => (/^\d+$/.test(p) ? `${acc}[${p}]` : j === 0 ? p : `${acc}.${p}`), ''));
  return out.filter((f) => f !== 'functions');
}

let dir: string;
let validate: ValidateFunction;
beforeAll(async () => {
  await loadIamReference();
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-corpus-'));
  validate = new Ajv2019({ strict: true }).compile(definitionJsonSchema());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The two verdicts on the feature stack with one value changed: the schema's (ajv) and check's (a JSON file). */
function verdicts(id: string, at: string, value: unknown): { schema: boolean; check: string[] } {
  const def = JSON.parse(JSON.stringify(lambdaFeatures)) as Record<string, unknown>;
  PREPARE[id]?.(def);
  set(def, at, value);
  const file = join(dir, `${id.replace(/[^\w-]+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(def, null, 2));
  const summary = checkDefinitionPaths([file]);
  return { schema: validate(def), check: summary.results.flatMap((r) => r.definitionErrors) };
}

describe('the corpus, judged by the JSON Schema (ajv) and by check', () => {
  it('the unchanged feature stack passes both', () => {
    expect(verdicts('unchanged', 'name', lambdaFeatures.name)).toEqual({ schema: true, check: [] });
  });

  it.each(INVALID)('invalid, both reject: %s', (id, at, value) => {
    const v = verdicts(id, at, value);
    expect({ schema: v.schema, checkRejects: v.check.length > 0 }).toEqual({ schema: false, checkRejects: true });
    // check names the broken field, or the part above it that holds it (a whole invoker, a function's tags).
    expect(fieldPrefixes(at).some((field) => v.check.some((m) => m.includes(`field ${field}`)))).toBe(true);
  });

  it.each(VALID)('valid at the edge, both accept: %s', (id, at, value) => {
    expect(verdicts(id, at, value)).toEqual({ schema: true, check: [] });
  });

  it.each(CROSS_FIELD)('cross-field (documented), only check rejects: %s', (id, at, value) => {
    const v = verdicts(id, at, value);
    expect({ schema: v.schema, checkRejects: v.check.length > 0 }).toEqual({ schema: true, checkRejects: true });
  });

  it('docs/generator.md lists exactly the cross-field rules this corpus exercises', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'generator.md'), 'utf8');
    const start = doc.indexOf('## What only `check` knows');
    const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
    const documented = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual([...new Set(CROSS_FIELD.map(([id]) => id))].sort());
  });
});
