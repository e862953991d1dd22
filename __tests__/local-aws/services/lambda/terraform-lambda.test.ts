/**
 * The acceptance bar for the Lambda module: the real Terraform AWS provider 5.100.0 creates an execution
 * role, a zip function, an alias and invoke permissions of every kind through the local endpoint, reads them back
 * with an empty plan, updates them in place or by replacement, and destroys them without leaving anything.
 * One `terraform init` for the file; every command has a timeout so provider retries cannot hang CI.
 */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAliasCommand, GetFunctionCommand, GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { withLocalAws } from '../../../helpers/local-aws';
import { createTerraformWorkdir, type TerraformWorkdir } from '../../../helpers/terraform-workdir';
import { ACCOUNT, functionArn, zipWith } from './fixtures';
import { parseJson, type PolicyJson } from '../../support';

const aws = withLocalAws();
let wd: TerraformWorkdir;
let lambda: LambdaClient;
let iam: IAMClient;

const FN = 'tf-orders';
const FN_ARN = functionArn(FN);

/** The execution role both configurations below start from. */
const execRoleHcl = (name: string) => `
resource "aws_iam_role" "exec" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`;

// Short resource timeouts (and max_retries = 1 from the workdir): a wrong answer must fail in seconds,
// not after minutes of retries.
const HCL = `
variable "bucket_arn" { type = string }
variable "timeout" { type = number }
variable "log_level" { type = string }

${execRoleHcl(`${FN}-exec`)}
resource "aws_lambda_function" "fn" {
  function_name    = "${FN}"
  role             = aws_iam_role.exec.arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "\${path.module}/handler.zip"
  source_code_hash = filebase64sha256("\${path.module}/handler.zip")
  publish          = true
  timeout          = var.timeout
  reserved_concurrent_executions = 5
  memory_size      = 256
  environment {
    variables = { LOG_LEVEL = var.log_level }
  }
  tags = { team = "orders" }
  timeouts {
    create = "1m"
    update = "1m"
    delete = "1m"
  }
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.fn.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = var.bucket_arn
  source_account = "${ACCOUNT}"
}

resource "aws_lambda_permission" "account" {
  statement_id  = "AllowOtherAccount"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.arn
  principal     = "arn:aws:iam::111111111111:root"
}

resource "aws_lambda_permission" "org" {
  statement_id     = "AllowOrg"
  action           = "lambda:InvokeFunction"
  function_name    = aws_lambda_function.fn.function_name
  principal        = "*"
  principal_org_id = "o-abcdefghij"
}

resource "aws_lambda_permission" "alexa" {
  statement_id       = "AllowAlexa"
  action             = "lambda:InvokeFunction"
  function_name      = aws_lambda_function.fn.function_name
  principal          = "alexa-appkit.amazon.com"
  event_source_token = "amzn1.ask.skill.0000"
}

resource "aws_lambda_permission" "url" {
  statement_id           = "AllowUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.fn.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}

resource "aws_lambda_permission" "api_on_alias" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/orders"
}

resource "aws_lambda_permission" "events_on_version" {
  statement_id_prefix = "events-"
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.fn.function_name
  qualifier           = aws_lambda_function.fn.version
  principal           = "events.amazonaws.com"
  source_arn          = "arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly"
}
`;

function vars(bucket: string, timeout: number, logLevel: string): string[] {
  return ['-var', `bucket_arn=${bucket}`, '-var', `timeout=${timeout}`, '-var', `log_level=${logLevel}`];
}

async function statement(sid: string, qualifier?: string) {
  const policy = parseJson<PolicyJson>((await lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: qualifier }))).Policy);
  return policy.Statement.find((s) => s.Sid?.startsWith(sid));
}

beforeAll(async () => {
  wd = createTerraformWorkdir({
    endpoint: aws.endpoint(),
    hcl: HCL,
    providerExtra: { skip_metadata_api_check: true },
    prefix: 'tf-lambda-',
  });
  wd.writeFile('handler.zip', zipWith('index.js', 'exports.handler = async () => ({ statusCode: 200 });\n'));
  lambda = new LambdaClient(aws.clientConfig());
  iam = new IAMClient(aws.clientConfig());
  await wd.init();
}, 120_000);

afterAll(() => {
  lambda?.destroy();
  iam?.destroy();
  wd?.cleanup();
});

test('apply creates role, function, alias and seven permissions (version and alias qualifiers); the plan afterwards is empty; update; destroy leaves nothing', async () => {
  const v1 = vars('arn:aws:s3:::orders-in', 10, 'info');
  await wd.apply(v1);

  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: FN }));
  expect(fn.Configuration).toMatchObject({
    Runtime: 'nodejs20.x',
    Timeout: 10,
    MemorySize: 256,
    Role: `arn:aws:iam::${ACCOUNT}:role/${FN}-exec`,
    Environment: { Variables: { LOG_LEVEL: 'info' } },
  });
  expect(fn.Tags).toEqual({ team: 'orders' });
  expect(await statement('AllowS3')).toMatchObject({
    Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::orders-in' }, StringEquals: { 'AWS:SourceAccount': ACCOUNT } },
  });
  expect(await statement('events-', '1')).toMatchObject({ Resource: `${FN_ARN}:1`, Principal: { Service: 'events.amazonaws.com' } });
  expect(await statement('AllowApiGateway', 'live')).toMatchObject({ Resource: `${FN_ARN}:live` });
  expect(fn.Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });

  await wd.expectEmptyPlan(v1);
  const eventsBeforeUpdate = aws.instance().cloudTrailEvents().length;

  // A new source ARN replaces the permission (all its attributes force new); timeout/env update in place.
  const v2 = vars('arn:aws:s3:::orders-in-v2', 20, 'debug');
  await wd.apply(v2);
  const updated = await lambda.send(new GetFunctionCommand({ FunctionName: FN }));
  expect(updated.Configuration).toMatchObject({ Timeout: 20, Environment: { Variables: { LOG_LEVEL: 'debug' } } });
  expect((await statement('AllowS3'))?.Condition?.ArnLike['AWS:SourceArn']).toBe('arn:aws:s3:::orders-in-v2');
  // publish = true: the configuration change published version 2, and the version permission followed it.
  expect(await statement('events-', '2')).toMatchObject({ Resource: `${FN_ARN}:2` });
  // The alias was repointed in place, so its permission was kept.
  expect((await lambda.send(new GetAliasCommand({ FunctionName: FN, Name: 'live' }))).FunctionVersion).toBe('2');
  expect(await statement('AllowApiGateway', 'live')).toBeDefined();
  const removedStatements = aws
    .instance()
    .cloudTrailEvents()
    .slice(eventsBeforeUpdate)
    .filter((e) => e.eventName.startsWith('RemovePermission'))
    .map((e) => String((e.requestParameters as { statementId?: unknown } | null)?.statementId));
  expect(removedStatements).toContain('AllowS3'); // the replaced permission shows up, so the trail is the right one
  expect(removedStatements).not.toContain('AllowApiGateway');
  await wd.expectEmptyPlan(v2);

  await wd.destroy(v2);
  expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  await expect(iam.send(new GetRoleCommand({ RoleName: `${FN}-exec` }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
}, 540_000);

// Every optional configuration block the module echoes, plus a permission whose principal is a bare
// account id. Lambda stores that principal as the account's root ARN and the provider reads
// Principal.AWS back verbatim (no diff suppression in 5.100.0), so on AWS this permission is replaced on
// every plan. We reproduce that, so generated Terraform must write the root ARN form instead.
const FULL_HCL = `
${execRoleHcl('full-exec')}
resource "aws_lambda_function" "full" {
  function_name    = "tf-full"
  role             = aws_iam_role.exec.arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "\${path.module}/handler.zip"
  source_code_hash = filebase64sha256("\${path.module}/handler.zip")
  description      = "every block"
  architectures    = ["arm64"]
  layers           = ["arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:1"]
  logging_config {
    log_format = "JSON"
  }
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  dead_letter_config {
    target_arn = "arn:aws:sqs:us-east-1:${ACCOUNT}:dlq"
  }
  tracing_config {
    mode = "Active"
  }
  ephemeral_storage {
    size = 1024
  }
  timeouts {
    create = "1m"
  }
}
resource "aws_lambda_permission" "bare_account" {
  statement_id  = "AllowAccountId"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.full.function_name
  principal     = "111111111111"
}
`;

test('optional blocks (JSON logs, VPC, DLQ, tracing, storage, arm64, layers) read back clean; a bare account-id principal is replaced every plan, as on AWS', async () => {
  wd.write(FULL_HCL);
  await wd.apply();
  const plan = await wd.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toMatch(/principal\s+= "arn:aws:iam::111111111111:root" -> "111111111111" # forces replacement/);
  // Only the permission: the function and the role have nothing to change.
  expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  await wd.destroy();
  expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
}, 300_000);
