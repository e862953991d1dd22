/**
 * Permissions implied by function settings, each scoped to its target: dead-letter and destination
 * targets (destinations.ts), asynchronous invocation (async-invoke.ts), scoped logging and the log group
 * (log-group.ts), the file system and the environment key (function-permissions.ts), and ExecutionRole's
 * `implied-<name>` policies that carry them.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { ASYNC_DESTINATION_KINDS, DEAD_LETTER_KINDS, planDestination } from '../../modules/destinations';
import { AsyncInvokeConfig, planAsyncInvoke } from '../../modules/async-invoke';
import { FunctionLogGroup, checkLoggingConfig, scopedLoggingStatements } from '../../modules/log-group';
import { environmentKeyStatements, fileSystemStatements } from '../../modules/function-permissions';
import { ExecutionRole, type ExecutionRoleProps } from '../../modules/execution-role';
import { runChecks } from '../../modules/checks/run-checks';
import { TOKEN } from './checks/subjects';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs } from '../helpers/synth';

const QUEUE = 'arn:aws:sqs:us-east-1:111122223333:dlq';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const FN = 'arn:aws:lambda:us-east-1:111122223333:function:on-failure';
const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/orders';

describe('destinations: the send permission on the target ARN', () => {
  it.each([
    [QUEUE, 'sqs:SendMessage'],
    [TOPIC, 'sns:Publish'],
    [FN, 'lambda:InvokeFunction'],
    [BUS, 'events:PutEvents'],
  ])('%s → %s', (arn, action) => {
    expect(planDestination(arn, ASYNC_DESTINATION_KINDS, 'aws', 'Sid')).toEqual({
      ok: true,
      kind: expect.any(String) as unknown,
      statements: [{ sid: 'Sid', actions: [action], resources: [arn] }],
    });
  });

  it('a dead-letter target is an SQS queue or SNS topic only', () => {
    const r = planDestination(FN, DEAD_LETTER_KINDS, 'aws', 'Sid');
    expect(r).toEqual({
      ok: false,
      problem: { rule: 'is not SQS queue or SNS topic ARN', fix: 'use e.g. arn:aws:sqs:us-east-1:123456789012:jobs' },
    });
  });

  it('a target of another partition is refused; a token gets no statement (its type is unknown)', () => {
    expect(planDestination(QUEUE, DEAD_LETTER_KINDS, 'aws-cn', 'Sid')).toMatchObject({
      ok: false,
      problem: { rule: 'is not an SQS queue ARN in partition aws-cn' },
    });
    expect(planDestination(TOKEN, DEAD_LETTER_KINDS, 'aws', 'Sid')).toEqual({ ok: true, statements: [] });
  });
});

describe('asynchronous invocation', () => {
  it('grants delivery to each destination and writes the event invoke config', () => {
    expect(planAsyncInvoke({ onSuccess: BUS, onFailure: QUEUE }, 'aws')).toEqual({
      ok: true,
      statements: [
        { sid: 'AsyncOnSuccess', actions: ['events:PutEvents'], resources: [BUS] },
        { sid: 'AsyncOnFailure', actions: ['sqs:SendMessage'], resources: [QUEUE] },
      ],
    });
    const { synth } = synthConstructs(
      (scope) =>
        new AsyncInvokeConfig(scope, 'async', {
          function: { functionName: 'f' },
          partition: 'aws',
          maximumRetryAttempts: 1,
          onFailure: QUEUE,
        }),
    );
    expect(synth).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      function_name: 'f',
      maximum_retry_attempts: 1,
      destination_config: { on_failure: { destination: QUEUE } },
    });
  });

  it.each([
    [{ maximumRetryAttempts: 3 }, 'maximumRetryAttempts', /0–2/],
    [{ maximumEventAgeInSeconds: 30 }, 'maximumEventAgeInSeconds', /60–21600/],
    [{ onSuccess: 'arn:aws:s3:::b' }, 'onSuccess', /not one of: SQS queue, SNS topic, Lambda function, EventBridge event bus ARN/],
  ])('%j is refused at %s', (settings, field, rule) => {
    const r = planAsyncInvoke(settings, 'aws');
    expect(r).toMatchObject({ ok: false, field });
    if (!r.ok) expect(r.problem.rule).toMatch(rule);
  });
});

describe('scoped logging', () => {
  it('CreateLogStream and PutLogEvents on the function log group only, both ARN forms', () => {
    expect(scopedLoggingStatements('/aws/lambda/orders', { partition: 'aws-cn', region: 'cn-north-1', account: '111122223333' })).toEqual([
      {
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          'arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/lambda/orders:*',
          'arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/lambda/orders:log-stream:*',
        ],
      },
    ]);
  });

  it('the log group: name, retention, KMS key, class and tags', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { synth } = synthConstructs(
      (scope) =>
        new FunctionLogGroup(scope, 'logs', {
          logGroupName: '/aws/lambda/orders',
          retentionInDays: 14,
          kmsKeyArn: key,
          logClass: 'INFREQUENT_ACCESS',
          tags: { team: 'a' },
        }),
    );
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/orders',
      retention_in_days: 14,
      kms_key_id: key,
      log_group_class: 'INFREQUENT_ACCESS',
      tags: { team: 'a' },
    });
  });

  it.each([
    [{ retentionInDays: 10 }, /retentionInDays: 10 is not a retention period CloudWatch Logs accepts/],
    [{ logGroupName: 'orders logs' }, /logGroupName: "orders logs" is not a log group name/],
    [{ kmsKeyArn: 'alias/logs' }, /kmsKeyArn: "alias\/logs" is not a KMS key ARN/],
  ])('FunctionLogGroup refuses %j', (props, message) => {
    expect(() => synthConstructs((scope) => new FunctionLogGroup(scope, 'logs', { logGroupName: '/aws/lambda/x', ...props }))).toThrow(
      message,
    );
  });

  it('log levels need format JSON', () => {
    expect(checkLoggingConfig({ applicationLogLevel: 'DEBUG' })).toMatchObject({
      field: 'applicationLogLevel',
      rule: expect.stringContaining('only to format JSON') as unknown,
    });
    expect(checkLoggingConfig({ format: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' })).toBeUndefined();
  });
});

describe('file system and environment key', () => {
  const fs = {
    accessPointArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0123456789abcdef0',
    fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0',
    localMountPath: '/mnt/models',
  };
  it('ClientMount and ClientWrite on the file system, only through the access point', () => {
    expect(fileSystemStatements(fs)).toEqual([
      {
        sid: 'MountFileSystem',
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [fs.fileSystemArn],
        conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': fs.accessPointArn } },
      },
    ]);
    expect(fileSystemStatements({ ...fs, readOnly: true })[0].actions).toEqual(['elasticfilesystem:ClientMount']);
  });

  it('kms:Decrypt on the environment key', () => {
    expect(environmentKeyStatements('arn:aws:kms:us-east-1:111122223333:key/k')).toEqual([
      { sid: 'DecryptEnvironment', actions: ['kms:Decrypt'], resources: ['arn:aws:kms:us-east-1:111122223333:key/k'] },
    ]);
  });
});

describe('ExecutionRole: implied policies', () => {
  const base: ExecutionRoleProps = { roleName: 'fn-exec', region: 'us-east-1', account: '111122223333' };
  const logs = scopedLoggingStatements('/aws/lambda/fn', { partition: 'aws', region: 'us-east-1', account: '111122223333' });

  it('one aws_iam_role_policy implied-<name> per concern, checked like the others, and listed as permission resources', () => {
    let role!: ExecutionRole;
    const { json } = synthConstructs((scope) => {
      role = new ExecutionRole(scope, 'role', {
        ...base,
        basicLogging: false,
        impliedPolicies: [
          { name: 'logs', statements: logs },
          { name: 'dead-letter', statements: [{ actions: ['sqs:SendMessage'], resources: [QUEUE] }] },
        ],
      });
    });
    const policies = Object.values(resourcesOf(json, 'aws_iam_role_policy'));
    expect(policies.map((p) => p.name).sort()).toEqual(['implied-dead-letter', 'implied-logs']);
    expect(parsePolicy(policies.find((p) => p.name === 'implied-logs')!.policy as string).Statement[0].Action).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(resourcesOf(json, 'aws_iam_role_policy_attachment')).toEqual({});
    const subjects = role.checkSubjects().filter((s) => s.kind === 'identity-policy');
    expect(subjects.map((s) => (s.kind === 'identity-policy' ? s.policyName : '')).sort()).toEqual(['implied-dead-letter', 'implied-logs']);
    expect(runChecks(role.checkSubjects().map((subject) => ({ subject, suppressions: [] }))).findings).toEqual([]);
    expect(role.permissionResources).toHaveLength(2);
  });

  it("vpcPermissions 'scoped': the EC2 actions in implied-vpc instead of AWSLambdaVPCAccessExecutionRole (which grants logs on *)", () => {
    const { json } = synthConstructs(
      (scope) => new ExecutionRole(scope, 'role', { ...base, basicLogging: false, features: { vpc: true, vpcPermissions: 'scoped' } }),
    );
    expect(resourcesOf(json, 'aws_iam_role_policy_attachment')).toEqual({});
    const vpc = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy as string).Statement[0];
    expect(vpc.Action).toContain('ec2:CreateNetworkInterface');
    expect(JSON.stringify(vpc.Action)).not.toContain('logs:');
  });

  it('refuses an implied policy name that is not a name part', () => {
    expect(() =>
      synthConstructs((scope) => new ExecutionRole(scope, 'role', { ...base, impliedPolicies: [{ name: 'Logs!', statements: logs }] })),
    ).toThrow(/impliedPolicies: "Logs!" is not a policy name part/);
  });
});
