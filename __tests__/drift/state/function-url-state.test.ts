/**
 * A function URL with authorization_type NONE, applied with the real terraform and AWS provider against the
 * local endpoint: the provider adds the FunctionURLAllowPublicAccess statement itself (no aws_lambda_permission
 * in state holds it), so the drift check must expect it, on the URL's qualifier. Before, a fresh apply was
 * reported as a CRITICAL "invoke permission added" for Terraform's own statement.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { awsEndpointEnv, ensureInit, terraform } from '../../../shared/terraform/run';
import { runDrift } from '../../../drift/run-drift';
import { collectFunctions } from '../../../drift/state/functions';
import type { StateInstance } from '../../../drift/state/tfstate';
import { withLocalAws } from '../../helpers/local-aws';
import { lambdaAs } from '../fixtures/seed';
import { zipWith } from '../../helpers/zip';

const ROOT = `
provider "aws" {
  region                  = "us-east-1"
  max_retries             = 1
  skip_metadata_api_check = true
}
resource "aws_iam_role" "fn" {
  name               = "url-fn-exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "url-fn"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "handler.zip"
  publish       = true
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}
resource "aws_lambda_function_url" "public" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"
}
resource "aws_lambda_function_url" "live" {
  function_name      = aws_lambda_function.fn.function_name
  qualifier          = aws_lambda_alias.live.name
  authorization_type = "AWS_IAM"
}
`;

const aws = withLocalAws();
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'function-url-state-'));
  writeFileSync(join(dir, 'main.tf'), ROOT);
  writeFileSync(join(dir, 'handler.zip'), zipWith('index.js', 'exports.handler = async () => "ok";\n'));
  const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 180_000 };
  await ensureInit(opts);
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], opts);
  Object.assign(process.env, awsEndpointEnv(aws.endpoint()));
}, 240_000);

afterAll(() => {
  process.env = savedEnv;
  rmSync(dir, { recursive: true, force: true });
});

const drift = () => runDrift({ stateFiles: [join(dir, 'terraform.tfstate')], skipAttribution: true });

describe('aws_lambda_function_url in state', () => {
  test('the provider added its public-access statement, and a fresh apply is in sync', async () => {
    const { Policy } = await lambdaAs(aws.instance(), 'admin').send(new GetPolicyCommand({ FunctionName: 'url-fn' }));
    expect(JSON.parse(Policy!)).toMatchObject({ Statement: [{ Sid: 'FunctionURLAllowPublicAccess', Principal: '*' }] });
    const { report } = await drift();
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ inSync: true, functions: 1 });
  }, 60_000);

  test('the statement removed in the console is a finding on the URL resource', async () => {
    await lambdaAs(aws.instance(), 'console').send(
      new RemovePermissionCommand({ FunctionName: 'url-fn', StatementId: 'FunctionURLAllowPublicAccess' }),
    );
    const { report } = await drift();
    expect(report.findings.map((f) => [f.code, f.resource.name])).toEqual([
      ['INVOKE_PERMISSION_REMOVED', expect.stringContaining('url-fn')],
    ]);
    expect(JSON.stringify(report.findings[0])).toContain('aws_lambda_function_url.public');
  }, 60_000);
});

describe('collectFunctions', () => {
  const inst = (type: string, name: string, attributes: Record<string, unknown>): StateInstance => ({
    type,
    address: `${type}.${name}`,
    attributes,
  });
  const fn = inst('aws_lambda_function', 'fn', { function_name: 'f', arn: 'arn:aws:lambda:us-east-1:111111111111:function:f' });

  test('expects the statement for NONE only, on the URL qualifier, and once when the root also declares it', () => {
    const [f] = collectFunctions(
      [
        fn,
        inst('aws_lambda_function_url', 'none', { function_name: 'f', authorization_type: 'NONE', qualifier: 'live' }),
        inst('aws_lambda_function_url', 'iam', { function_name: 'f', authorization_type: 'AWS_IAM' }),
      ],
      'state.tfstate',
    );
    expect(f.permissions.map((p) => p.permission)).toEqual([
      {
        statementId: 'FunctionURLAllowPublicAccess',
        action: 'lambda:InvokeFunctionUrl',
        principal: '*',
        functionUrlAuthType: 'NONE',
        qualifier: 'live',
      },
    ]);
    const declared = inst('aws_lambda_permission', 'url', {
      function_name: 'f',
      statement_id: 'FunctionURLAllowPublicAccess',
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      function_url_auth_type: 'NONE',
    });
    const [g] = collectFunctions(
      [fn, declared, inst('aws_lambda_function_url', 'none', { function_name: 'f', authorization_type: 'NONE' })],
      'state.tfstate',
    );
    expect(g.permissions.map((p) => p.address)).toEqual(['aws_lambda_permission.url']);
  });
});
