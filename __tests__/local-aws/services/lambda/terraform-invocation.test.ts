/**
 * The resources the generator's new settings produce, through the real Terraform provider 5.100.0 against
 * the endpoint: a function with a custom log group (logging_config), arm64, ephemeral storage, layers,
 * environment with a KMS key, reserved concurrency and an alias; event source mappings from SQS (filters,
 * batching, scaling), Kinesis (failure destination) and a DynamoDB stream (on the alias, disabled); an event
 * invoke config with destinations; two function URLs; provisioned concurrency; an image function and one
 * with code in S3, SnapStart, a VPC and an EFS mount (hcl/*.tf). Each is applied, read back with an empty plan, updated in place with an empty
 * plan again, and destroyed without leaving anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  type EventSourceMappingConfiguration,
} from '@aws-sdk/client-lambda';
import { withLocalAws } from '../../../helpers/local-aws';
import { createTerraformWorkdir, type TerraformWorkdir } from '../../../helpers/terraform-workdir';
import { functionArn, zipWith } from './fixtures';
import { parseJson, type PolicyJson } from '../../support';

const aws = withLocalAws();
let wd: TerraformWorkdir;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

const HCL_DIR = join(__dirname, 'hcl');
const HCL = readdirSync(HCL_DIR)
  .filter((f) => f.endsWith('.tf'))
  .sort()
  .map((f) => readFileSync(join(HCL_DIR, f), 'utf8'))
  .join('\n');
const FN = 'tf-settings';
const ALIAS_ARN = `${functionArn(FN)}:live`;

interface Settings {
  memory_size: number;
  sqs_batch_size: number;
  dynamodb_enabled: boolean;
  max_event_age: number;
  cors_max_age: number;
}
const V1: Settings = { memory_size: 256, sqs_batch_size: 50, dynamodb_enabled: false, max_event_age: 3600, cors_max_age: 300 };
const V2: Settings = { memory_size: 512, sqs_batch_size: 100, dynamodb_enabled: true, max_event_age: 7200, cors_max_age: 600 };

function use(settings: Settings): string[] {
  wd.writeFile('terraform.tfvars.json', JSON.stringify(settings));
  return [];
}

async function mappings(): Promise<Record<string, EventSourceMappingConfiguration>> {
  const all = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
  return Object.fromEntries(all.map((m) => [String(m.EventSourceArn).split(':')[2], m]));
}

beforeAll(async () => {
  wd = createTerraformWorkdir({
    endpoint: aws.endpoint(),
    hcl: HCL,
    providerExtra: { skip_metadata_api_check: true },
    prefix: 'tf-invocation-',
  });
  wd.writeFile('handler.zip', zipWith('index.js', 'exports.handler = async () => ({ batchItemFailures: [] });\n'));
  lambda = new LambdaClient(aws.clientConfig());
  logs = new CloudWatchLogsClient(aws.clientConfig());
  await wd.init();
}, 120_000);

afterAll(() => {
  lambda?.destroy();
  logs?.destroy();
  wd?.cleanup();
});

test('apply creates every resource as configured, the plan is empty; an update in place plans empty again; destroy leaves nothing', async () => {
  await wd.apply(use(V1));

  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: FN }));
  expect(fn.Configuration).toMatchObject({
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 2048 },
    MemorySize: 256,
    KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    Layers: [
      { Arn: 'arn:aws:lambda:us-east-1:000000000000:layer:shared-utils:3' },
      { Arn: 'arn:aws:lambda:us-east-1:111111111111:layer:vendor-sdk:12' },
    ],
    LoggingConfig: { LogFormat: 'JSON', LogGroup: '/custom/tf-settings', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN' },
  });
  expect(fn.Concurrency).toEqual({ ReservedConcurrentExecutions: 20 });
  expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/custom/' }))).logGroups?.[0]).toMatchObject({
    logGroupName: '/custom/tf-settings',
    retentionInDays: 14,
  });

  const m = await mappings();
  expect(m.sqs).toMatchObject({
    State: 'Enabled',
    BatchSize: 50,
    MaximumBatchingWindowInSeconds: 5,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 10 },
    FilterCriteria: { Filters: [{ Pattern: '{"body":{"type":["order"]}}' }] },
  });
  expect(m.kinesis).toMatchObject({
    StartingPosition: 'TRIM_HORIZON',
    ParallelizationFactor: 2,
    BisectBatchOnFunctionError: true,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:clicks-dlq' } },
  });
  expect(m.dynamodb).toMatchObject({ State: 'Disabled', FunctionArn: ALIAS_ARN });

  expect(await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).toMatchObject({
    MaximumRetryAttempts: 1,
    MaximumEventAgeInSeconds: 3600,
    DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sns:us-east-1:000000000000:order-done' } },
  });
  expect(await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).toMatchObject({
    AuthType: 'AWS_IAM',
    InvokeMode: 'RESPONSE_STREAM',
    Cors: { AllowCredentials: true, AllowOrigins: ['https://example.com'], MaxAge: 300 },
  });
  // For an AuthType NONE URL the provider adds the public invoke statement itself.
  const policy = parseJson<PolicyJson>((await lambda.send(new GetPolicyCommand({ FunctionName: FN }))).Policy);
  expect(policy.Statement.find((s) => s.Sid === 'FunctionURLAllowPublicAccess')).toMatchObject({
    Action: 'lambda:InvokeFunctionUrl',
    Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
  });
  expect(await lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).toMatchObject({
    Status: 'READY',
    AllocatedProvisionedConcurrentExecutions: 2,
  });
  expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'tf-image' }))).Code).toMatchObject({
    RepositoryType: 'ECR',
    ImageUri: '000000000000.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2',
  });
  expect((await lambda.send(new GetFunctionCommand({ FunctionName: 'tf-s3-code' }))).Configuration).toMatchObject({
    PackageType: 'Zip',
    TracingConfig: { Mode: 'Active' },
    SnapStart: { ApplyOn: 'PublishedVersions' },
    FileSystemConfigs: [{ LocalMountPath: '/mnt/models' }],
  });
  await wd.expectEmptyPlan(use(V1));

  // A mapping on an alias named "name:alias" instead of its ARN: Lambda reports the alias ARN and provider
  // 5.100.0 compares the name inside it with "name:alias", so the plan always wants to update it (as on AWS).
  wd.write(HCL.replace('function_name     = aws_lambda_alias.live.arn', 'function_name     = "tf-settings:live"'));
  const nameForm = await wd.plan(use(V1));
  expect(nameForm.code).toBe(2);
  expect(nameForm.stdout).toContain(`function_name                      = "${ALIAS_ARN}" -> "tf-settings:live"`);
  wd.write(HCL);

  await wd.apply(use(V2));
  const updated = await mappings();
  expect(updated.sqs.BatchSize).toBe(100);
  expect(updated.dynamodb.State).toBe('Enabled');
  expect(
    (await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).MaximumEventAgeInSeconds,
  ).toBe(7200);
  expect((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).Cors?.MaxAge).toBe(600);
  expect((await lambda.send(new GetFunctionCommand({ FunctionName: FN }))).Configuration?.MemorySize).toBe(512);
  await wd.expectEmptyPlan(use(V2));

  await wd.destroy(use(V2));
  expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  expect((await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings).toEqual([]);
  expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  expect(aws.instance().snapshot().services.lambda).toEqual({
    accounts: { '000000000000': { 'us-east-1': { functions: {}, eventSourceMappings: {} } } },
  });

  // Every Lambda call the provider made is one the endpoint serves; these are the ones the new resources need.
  const calls = Object.keys(aws.instance().callCounts());
  for (const op of [
    'CreateEventSourceMapping',
    'GetEventSourceMapping',
    'UpdateEventSourceMapping',
    'DeleteEventSourceMapping',
    'PutFunctionEventInvokeConfig',
    'GetFunctionEventInvokeConfig',
    'DeleteFunctionEventInvokeConfig',
    'CreateFunctionUrlConfig',
    'GetFunctionUrlConfig',
    'UpdateFunctionUrlConfig',
    'DeleteFunctionUrlConfig',
    'PutProvisionedConcurrencyConfig',
    'GetProvisionedConcurrencyConfig',
    'DeleteProvisionedConcurrencyConfig',
  ]) {
    expect(calls).toContain(`lambda:${op}`);
  }
}, 600_000);
