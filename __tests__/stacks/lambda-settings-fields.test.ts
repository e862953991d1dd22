/**
 * The definition fields for function settings and what they imply for the role, synthesized through
 * buildStack: logging (log group, scoped grant, advanced config), event source mappings, dead-letter and
 * destination grants, EFS, the environment key, layers, code sources. Grants are scoped to the ARNs named.
 */
import { App, Testing } from 'cdktf';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { buildStack } from '../../stacks/build-stack';
import { DefinitionError } from '../../stacks/validate-definition';
import type { FunctionDefinition, StackDefinition } from '../../stacks/definition';
import { describeStack, summarizeStack } from '../../stacks/describe';
import type { ChecksReport } from '../../modules/checks/run-checks';
import {
  minimalDefinition,
  onlyResource,
  parsePolicy,
  quietChecks,
  resourcesOf,
  synthDefinition,
  textMatching,
  type SynthJson,
} from '../helpers/synth';

const CODE = join(__dirname, '..', '..', 'stacks', 'examples', 'functions', 'queue-consumer');
const code = { path: CODE, runtime: 'nodejs20.x', handler: 'index.handler' };
const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:jobs';
const DLQ = 'arn:aws:sqs:us-east-1:111122223333:jobs-dlq';
const vpc = { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] };
const def = (fn: Partial<FunctionDefinition>): StackDefinition =>
  minimalDefinition({ name: 'settings', functions: [{ name: 'worker', code, ...fn }] });

function problems(d: StackDefinition): string {
  try {
    buildStack(new App({ skipValidation: true }), d, { policyChecks: quietChecks });
  } catch (err) {
    if (err instanceof DefinitionError) return err.message;
    throw err;
  }
  throw new Error('expected a DefinitionError');
}
const policies = (json: SynthJson) =>
  Object.fromEntries(
    Object.values(resourcesOf(json, 'aws_iam_role_policy')).map((p) => [p.name as string, parsePolicy(p.policy as string).Statement]),
  );
const attached = (json: SynthJson) =>
  Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn).split('/').pop());
function checks(d: StackDefinition): ChecksReport {
  let out: ChecksReport | undefined;
  Testing.synth(buildStack(Testing.app(), d, { policyChecks: { log: () => undefined, onReport: (r) => (out = r) } }), true);
  return out!;
}

describe('logging', () => {
  it("'scoped': a log group before the function, CreateLogStream/PutLogEvents on it only, no AWSLambdaBasicExecutionRole", () => {
    const { json, synth } = synthDefinition(def({ logging: 'scoped' }));
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { name: '/aws/lambda/worker' });
    expect(attached(json)).toEqual([]);
    expect(policies(json)['implied-logs']).toEqual([
      {
        Sid: 'WriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/worker:*',
          'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/worker:log-stream:*',
        ],
      },
    ]);
    expect(onlyResource(json, 'aws_lambda_function').depends_on).toEqual(
      expect.arrayContaining([textMatching(/^aws_cloudwatch_log_group\./), textMatching(/^aws_iam_role_policy\..*implied-logs/)]),
    );
    expect(onlyResource(json, 'aws_lambda_function')).not.toHaveProperty('logging_config');
  });

  it('a custom group, retention, key, class and JSON levels: the function writes there and the grant follows the name', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { json, synth } = synthDefinition(
      def({
        logging: {
          logGroup: {
            name: '/teams/billing/worker',
            retentionInDays: 30,
            kmsKeyArn: key,
            logClass: 'INFREQUENT_ACCESS',
            tags: { data: 'logs' },
          },
          format: 'JSON',
          applicationLogLevel: 'WARN',
          systemLogLevel: 'INFO',
        },
      }),
    );
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/teams/billing/worker',
      retention_in_days: 30,
      kms_key_id: key,
      log_group_class: 'INFREQUENT_ACCESS',
      tags: { data: 'logs' },
    });
    expect(synth).toHaveResourceWithProperties(LambdaFunction, {
      logging_config: { log_format: 'JSON', application_log_level: 'WARN', system_log_level: 'INFO', log_group: '/teams/billing/worker' },
    });
    expect(JSON.stringify(policies(json)['implied-logs'])).toContain('log-group:/teams/billing/worker:*');
  });

  it("'managed' keeps AWSLambdaBasicExecutionRole and still creates the group; 'none' grants no log action", () => {
    expect(attached(synthDefinition(def({ logging: 'managed' })).json)).toEqual(['AWSLambdaBasicExecutionRole']);
    const none = synthDefinition(def({ logging: 'none' })).json;
    expect(attached(none)).toEqual([]);
    expect(policies(none)).toEqual({});
  });

  it('with VPC access and scoped logging the EC2 actions come as implied-vpc, not AWSLambdaVPCAccessExecutionRole (logs on *)', () => {
    const { json } = synthDefinition(def({ logging: 'scoped', features: { vpc } }));
    expect(attached(json)).toEqual([]);
    expect(Object.keys(policies(json)).sort()).toEqual(['implied-logs', 'implied-vpc']);
  });

  it('an existing function: the group and grant of /aws/lambda/<name> (from an ARN too); group created elsewhere: named, not created', () => {
    const d = minimalDefinition({
      functions: [
        { name: 'legacy', existing: 'arn:aws:lambda:us-east-1:111122223333:function:old-name', logging: { logGroup: { create: false } } },
      ],
    });
    const { json } = synthDefinition(d);
    expect(resourcesOf(json, 'aws_cloudwatch_log_group')).toEqual({});
    expect(JSON.stringify(policies(json)['implied-logs'])).toContain('log-group:/aws/lambda/old-name:*');
    expect(describeStack(d)).toContain('log group /aws/lambda/old-name (created elsewhere), scoped log permissions');
  });

  it.each([
    [{ logging: 'scoped' as const, role: { basicLogging: true } }, /role\.basicLogging: is set together with logging/],
    [
      { logging: { applicationLogLevel: 'DEBUG' as const } },
      /logging\.applicationLogLevel: is set, but log levels apply only to format JSON/,
    ],
    [{ logging: { logGroup: { retentionInDays: 10 } } }, /logging\.logGroup\.retentionInDays: 10 is not a retention period/],
  ])('refuses %#', (fields, message) => {
    expect(problems(def(fields))).toMatch(message);
  });
});

describe('event source mappings', () => {
  it('scoped (the default): the mapping after the role policies, the queue actions on the queue only; no managed policy', () => {
    const { json } = synthDefinition(
      def({
        logging: 'scoped',
        eventSourceMappings: [{ kind: 'sqs', name: 'jobs', queueArn: QUEUE, batchSize: 10, reportBatchItemFailures: true }],
      }),
    );
    const mapping = onlyResource(json, 'aws_lambda_event_source_mapping');
    expect(mapping).toMatchObject({
      event_source_arn: QUEUE,
      batch_size: 10,
      function_response_types: ['ReportBatchItemFailures'],
      function_name: textMatching(/^\$\{aws_lambda_function\..*\.function_name\}$/),
    });
    expect(mapping.depends_on).toEqual(expect.arrayContaining([textMatching(/implied-event-sources/)]));
    expect(policies(json)['implied-event-sources']).toEqual([
      {
        Sid: 'EventSourceSqsJobs',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        Resource: QUEUE,
      },
    ]);
    expect(attached(json)).toEqual([]);
  });

  it('managed: AWSLambdaSQSQueueExecutionRole, as features.eventSources gives (attached once)', () => {
    const { json } = synthDefinition(
      def({
        features: { eventSources: ['sqs'] },
        eventSourceMappings: [{ kind: 'sqs', name: 'jobs', queueArn: QUEUE, permissions: 'managed' }],
      }),
    );
    expect(attached(json).sort()).toEqual(['AWSLambdaBasicExecutionRole', 'AWSLambdaSQSQueueExecutionRole']);
    expect(policies(json)).toEqual({});
  });

  it('an on-failure destination grants its send permission; the summary lists the mapping', () => {
    const d = def({
      eventSourceMappings: [
        {
          kind: 'dynamodb',
          name: 'orders',
          streamArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-01-01T00:00:00.000',
          startingPosition: 'LATEST',
          onFailure: { destinationArn: DLQ },
        },
      ],
    });
    expect(JSON.stringify(policies(synthDefinition(d).json)['implied-event-sources'])).toContain(
      `"Action":"sqs:SendMessage","Resource":"${DLQ}"`,
    );
    expect(summarizeStack(d).functions[0].eventSourceMappings).toEqual([
      { kind: 'dynamodb', name: 'orders', source: expect.stringContaining(':table/Orders/stream/') as unknown, permissions: 'scoped' },
    ]);
  });

  it('refuses a bad source at its field, and a duplicate name', () => {
    expect(problems(def({ eventSourceMappings: [{ kind: 'sqs', name: 'jobs', queueArn: 'jobs' }] }))).toMatch(
      /field functions\[0\]\.eventSourceMappings\[0\]\.queueArn: event source "jobs" \(sqs\): "jobs" is not an SQS queue ARN in partition aws\. Fix: /,
    );
    expect(
      problems(
        def({
          eventSourceMappings: [
            { kind: 'sqs', name: 'jobs', queueArn: QUEUE },
            { kind: 'sqs', name: 'jobs', queueArn: QUEUE },
          ],
        }),
      ),
    ).toMatch(/eventSourceMappings\[1\]\.name: .*defined twice/);
  });
});

describe('permissions implied by function settings', () => {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const fs = {
    accessPointArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0123456789abcdef0',
    fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0',
    localMountPath: '/mnt/models',
  };
  const d = def({
    features: { vpc },
    code: {
      ...code,
      deadLetterTargetArn: DLQ,
      environmentKmsKeyArn: key,
      environment: { MODE: 'x' },
      fileSystem: fs,
      architecture: 'arm64',
      ephemeralStorageMb: 1024,
      reservedConcurrency: 3,
      layers: ['arn:aws:lambda:us-east-1:210987654321:layer:shared:2'],
    },
    asyncInvoke: { maximumRetryAttempts: 0, onSuccess: 'arn:aws:events:us-east-1:111122223333:event-bus/orders', onFailure: DLQ },
  });

  it('one implied policy per concern, each on the ARN it names; the function carries the settings', () => {
    const { json, synth } = synthDefinition(d);
    const p = policies(json);
    expect(Object.keys(p).sort()).toEqual([
      'implied-dead-letter',
      'implied-destinations',
      'implied-environment-kms',
      'implied-file-system',
    ]);
    expect(p['implied-dead-letter']).toEqual([{ Sid: 'DeadLetterTarget', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: DLQ }]);
    expect(p['implied-destinations'].map((s) => [s.Action, s.Resource])).toEqual([
      ['events:PutEvents', 'arn:aws:events:us-east-1:111122223333:event-bus/orders'],
      ['sqs:SendMessage', DLQ],
    ]);
    expect(p['implied-environment-kms']).toEqual([{ Sid: 'DecryptEnvironment', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }]);
    expect(p['implied-file-system'][0].Condition).toEqual({ StringEquals: { 'elasticfilesystem:AccessPointArn': fs.accessPointArn } });
    expect(synth).toHaveResourceWithProperties(LambdaFunction, {
      architectures: ['arm64'],
      ephemeral_storage: { size: 1024 },
      reserved_concurrent_executions: 3,
      kms_key_arn: key,
      file_system_config: { arn: fs.accessPointArn, local_mount_path: '/mnt/models' },
      dead_letter_config: { target_arn: DLQ },
      layers: ['arn:aws:lambda:us-east-1:210987654321:layer:shared:2'],
    });
    expect(onlyResource(json, 'aws_lambda_function_event_invoke_config')).toMatchObject({
      maximum_retry_attempts: 0,
      destination_config: { on_failure: { destination: DLQ } },
    });
  });

  it('every grant is scoped: the policy checks find nothing; the deployer (not the role) needs the layer', () => {
    expect(checks(d).findings).toEqual([]);
    expect(summarizeStack(d).functions[0].deployerNeeds).toEqual([
      'lambda:GetLayerVersion on arn:aws:lambda:us-east-1:210987654321:layer:shared:2 (shared by account 210987654321 with this account)',
    ]);
  });

  it.each([
    [
      { code: { ...code, deadLetterTargetArn: 'arn:aws:lambda:us-east-1:111122223333:function:x' } },
      /code\.deadLetterTargetArn: .* is not SQS queue or SNS topic ARN/,
    ],
    [{ code: { ...code, fileSystem: fs } }, /code\.fileSystem: is set, but the function is not in a VPC/],
    [{ code: { ...code, layers: ['arn:aws:lambda:eu-west-1:210987654321:layer:shared:2'] } }, /code\.layers\[0\]: is in region eu-west-1/],
    [{ asyncInvoke: { onFailure: 'arn:aws:s3:::bucket' } }, /asyncInvoke\.onFailure: "arn:aws:s3:::bucket" is not one of/],
  ])('refuses %#', (fields, message) => {
    expect(problems(def(fields))).toMatch(message);
  });
});

describe('code sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-roles-code-src-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a prebuilt zip (copied as an asset), S3 and an ECR image', () => {
    const zip = join(dir, 'app.zip');
    writeFileSync(zip, 'zip-bytes');
    expect(
      onlyResource(
        synthDefinition(def({ code: { zipFile: zip, runtime: 'nodejs20.x', handler: 'index.handler' } })).json,
        'aws_lambda_function',
      ),
    ).toMatchObject({
      filename: textMatching(/^assets\/.*\/app\.zip$/),
      source_code_hash: createHash('sha256').update('zip-bytes').digest('base64'),
    });
    expect(
      onlyResource(
        synthDefinition(def({ code: { s3: { bucket: 'artifacts', key: 'w.zip' }, runtime: 'python3.12', handler: 'app.handler' } })).json,
        'aws_lambda_function',
      ),
    ).toMatchObject({ s3_bucket: 'artifacts', s3_key: 'w.zip' });
    const image = onlyResource(
      synthDefinition(
        def({ code: { imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/worker:1.0', image: { command: ['app.handler'] } } }),
      ).json,
      'aws_lambda_function',
    );
    expect(image).toMatchObject({
      package_type: 'Image',
      image_uri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/worker:1.0',
      image_config: { command: ['app.handler'] },
    });
    expect(image).not.toHaveProperty('runtime');
  });

  it.each([
    [{ code: { ...code, imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/w:1' } }, /code: sets path and imageUri: give exactly one/],
    [
      { code: { imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/w:1', runtime: 'nodejs20.x' } },
      /code\.runtime: is set for an image function/,
    ],
    [
      { code: { path: './dist/app.zip', runtime: 'nodejs20.x', handler: 'index.handler' } },
      /code\.path: "\.\/dist\/app\.zip" is a zip.*Fix: write zipFile/,
    ],
    [{ code: { path: CODE, handler: 'index.handler' } }, /code\.runtime: is missing/],
  ])('refuses %#', (fields, message) => {
    expect(problems(def(fields))).toMatch(message);
  });
});
