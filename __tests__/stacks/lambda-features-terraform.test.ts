/**
 * Every definition field of issue 8 against the real Terraform 1.11 and AWS provider 5.100.0: the feature
 * stack (fixtures/lambda-features.ts) validates, applies to the local endpoint, reads back through real SDK
 * clients as the definition says (trust, implied policies, log groups, function settings, aliases,
 * permissions per qualifier, event source mappings, the event invoke config), plans empty right after,
 * and destroys without leftovers. Slow (one apply and one destroy), so it is the only such file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { synthDefinitions } from '../../stacks/synth';
import { summarizeStack } from '../../stacks/describe';
import { awsEndpointEnv, ensureInit, runTerraform, terraform } from '../../shared/terraform/run';
import { withLocalAws } from '../helpers/local-aws';
import { parsePolicy } from '../helpers/synth';
import { FEATURE_ARNS as F, lambdaFeatures } from './fixtures/lambda-features';

jest.setTimeout(420_000);

const aws = withLocalAws();
const workDir = mkdtempSync(join(tmpdir(), 'lambda-roles-features-'));
let cwd: string;
let env: NodeJS.ProcessEnv;
const iam = () => new IAMClient(aws.clientConfig());
const lambda = () => new LambdaClient(aws.clientConfig());

beforeAll(async () => {
  [cwd] = synthDefinitions([lambdaFeatures], {
    outDir: join(workDir, 'cdktf.out'),
    stateDir: workDir,
    providerOverrides: { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', maxRetries: 1 },
  });
  env = awsEndpointEnv(aws.endpoint());
  await ensureInit({ cwd, env });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const summary = summarizeStack(lambdaFeatures);
const fnSummary = (name: string) => summary.functions.find((f) => f.name === name)!;

describe('the feature stack with real terraform on the local endpoint', () => {
  it('is valid Terraform and applies', async () => {
    await terraform(['validate', '-no-color'], { cwd, env });
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 300_000 });
  });

  it('roles: trust beyond Lambda, and exactly the implied and attached policies the summary lists', async () => {
    const client = iam();
    try {
      for (const fn of summary.functions) {
        const role = (await client.send(new GetRoleCommand({ RoleName: fn.roleName }))).Role!;
        const trust = parsePolicy(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement;
        expect(trust[0]).toMatchObject({
          Principal: { Service: 'lambda.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } },
        });
        expect(trust.length).toBe(1 + fn.trust.length);
        const inline = (await client.send(new ListRolePoliciesCommand({ RoleName: fn.roleName }))).PolicyNames!.sort();
        expect(inline).toEqual([...(fn.inlinePolicy ? [fn.inlinePolicy.name] : []), ...fn.impliedPolicies.map((p) => p.name)].sort());
        const attached = (await client.send(new ListAttachedRolePoliciesCommand({ RoleName: fn.roleName }))).AttachedPolicies!.map(
          (p) => p.PolicyArn!,
        );
        expect(attached.sort()).toEqual([...fn.managedPolicyArns].sort());
      }
      const api = parsePolicy(
        decodeURIComponent((await client.send(new GetRoleCommand({ RoleName: 'scoped-api-exec' }))).Role!.AssumeRolePolicyDocument!),
      ).Statement;
      expect(api[1]).toMatchObject({
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } },
      });
    } finally {
      client.destroy();
    }
  });

  it('log groups: one per function, with the retention and tags asked for', async () => {
    const logs = new CloudWatchLogsClient(aws.clientConfig());
    try {
      const groups = (await logs.send(new DescribeLogGroupsCommand({}))).logGroups!;
      expect(groups.map((g) => g.logGroupName).sort()).toEqual(summary.functions.map((f) => f.logGroup!.name).sort());
      const api = groups.find((g) => g.logGroupName === '/teams/api/scoped-api')!;
      expect(api).toMatchObject({ retentionInDays: 7 });
      const tags = (await logs.send(new ListTagsForResourceCommand({ resourceArn: api.logGroupArn }))).tags;
      expect(tags).toEqual({ 'managed-by': 'lambda-roles', data: 'logs' });
    } finally {
      logs.destroy();
    }
  });

  it('functions: settings, code sources, aliases, permissions per qualifier, mappings and the event invoke config', async () => {
    const client = lambda();
    try {
      const api = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'scoped-api' }));
      expect(api).toMatchObject({
        Architectures: ['arm64'],
        EphemeralStorage: { Size: 1024 },
        KMSKeyArn: F.key,
        DeadLetterConfig: { TargetArn: F.dlqTopic },
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO', LogGroup: '/teams/api/scoped-api' },
      });
      expect(api.Layers?.map((l) => l.Arn)).toEqual([F.layer]);
      const alias = await client.send(new GetAliasCommand({ FunctionName: 'scoped-api', Name: 'live' }));
      expect(alias.FunctionVersion).toMatch(/^\d+$/);
      for (const qualifier of [undefined, alias.FunctionVersion, 'live']) {
        const sids = parsePolicy(
          (await client.send(new GetPolicyCommand({ FunctionName: 'scoped-api', Qualifier: qualifier }))).Policy!,
        ).Statement.map((s) => s.Sid);
        expect({ qualifier, has: sids.includes('AllowEventBridge-partner-bus') }).toEqual({ qualifier, has: true });
      }
      const invokeConfig = await client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'scoped-api', Qualifier: 'live' }));
      expect(invokeConfig).toMatchObject({
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnSuccess: { Destination: F.bus }, OnFailure: { Destination: F.failureQueue } },
      });

      const mappings = (await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'stream-worker' }))).EventSourceMappings!;
      expect(mappings.map((m) => m.EventSourceArn ?? 'self-managed').sort()).toEqual(
        [F.broker, F.cluster, F.ddbStream, F.stream, 'self-managed'].sort(),
      );
      expect(
        (await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'image-worker' }))).EventSourceMappings!.map(
          (m) => m.EventSourceArn,
        ),
      ).toEqual([F.jobsQueue]);

      expect(await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'image-worker' }))).toMatchObject({
        PackageType: 'Image',
      });
      expect(await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'efs-worker' }))).toMatchObject({
        FileSystemConfigs: [{ Arn: F.accessPoint, LocalMountPath: '/mnt/models' }],
        Runtime: 'python3.12',
      });
    } finally {
      client.destroy();
    }
  });

  it('plans empty right after apply (exit 0: nothing the generator writes diffs forever)', async () => {
    const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { cwd, env, timeoutMs: 180_000 });
    expect({
      exitCode: plan.code,
      changes: plan.code === 2 ? plan.stdout.split('\n').filter((l) => /^\s+[~+-]/.test(l)) : [plan.stderr].filter(Boolean),
    }).toEqual({ exitCode: 0, changes: [] });
  });

  it('destroys without leftovers', async () => {
    await terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 300_000 });
    const [i, l, logs] = [iam(), lambda(), new CloudWatchLogsClient(aws.clientConfig())];
    try {
      expect((await i.send(new ListRolesCommand({}))).Roles).toEqual([]);
      expect((await l.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
      expect((await l.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings).toEqual([]);
      expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    } finally {
      [i, l, logs].forEach((c) => c.destroy());
    }
  });
});

it('the summary of the feature stack is what the tests above read back', () => {
  expect(fnSummary('scoped-api').impliedPolicies.map((p) => p.name)).toEqual([
    'implied-logs',
    'implied-dead-letter',
    'implied-destinations',
    'implied-environment-kms',
  ]);
  expect(fnSummary('efs-worker').impliedPolicies.map((p) => p.name)).toEqual(['implied-vpc', 'implied-logs', 'implied-file-system']);
  expect(fnSummary('image-worker').managedPolicyArns.map((a) => a.split('/').pop())).toEqual([
    'AWSLambdaBasicExecutionRole',
    'AWSLambdaSQSQueueExecutionRole',
  ]);
});
