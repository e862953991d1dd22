/**
 * The other provider paths into the IAM module: account id via iam:GetUser (skip_credentials_validation),
 * IAM data sources (aws_iam_policy by name pages ListPolicies through ~1,300 AWS managed policies), and the
 * role's deprecated inline_policy / managed_policy_arns / name_prefix arguments. Apply, empty plan, destroy.
 */
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsEndpointEnv, ensureInit, runTerraform, terraform, type TerraformRunOptions } from '../../tooling/terraform';
import { withLocalAws } from '../helpers/local-aws';

const MAIN_TF = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  max_retries                 = 1
  skip_credentials_validation = true
}
data "aws_caller_identity" "me" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.me.account_id}:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["x y+z"]
    }
  }
}
data "aws_iam_policy" "basic" {
  name = "AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role" "legacy" {
  name_prefix           = "legacy-"
  assume_role_policy    = data.aws_iam_policy_document.trust.json
  force_detach_policies = true
  managed_policy_arns   = ["arn:aws:iam::aws:policy/ReadOnlyAccess", data.aws_iam_policy.basic.arn]
  inline_policy {
    name   = "one"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }] })
  }
}
data "aws_iam_role" "read" {
  name = aws_iam_role.legacy.name
}
output "account_id" { value = data.aws_caller_identity.me.account_id }
output "basic_path" { value = data.aws_iam_policy.basic.path }
output "role_name" { value = aws_iam_role.legacy.name }
output "read_arn" { value = data.aws_iam_role.read.arn }
`;

describe('Terraform AWS provider 5.100.0: configure via GetUser, IAM data sources, legacy role arguments', () => {
  const aws = withLocalAws();
  const dir = mkdtempSync(join(tmpdir(), 'terraform-iam-configure-'));
  let iam: IAMClient;
  let tf: TerraformRunOptions;

  beforeAll(async () => {
    iam = new IAMClient(aws.clientConfig('admin'));
    tf = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 120_000 };
    writeFileSync(join(dir, 'main.tf'), MAIN_TF);
    await ensureInit(tf);
  }, 180_000);
  afterAll(() => {
    iam?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns the account id from GetUser, reads data sources, applies with an empty follow-up plan, destroys cleanly', async () => {
    aws.instance().resetCallCounts();
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], tf);
    expect(aws.instance().callCounts()['iam:GetUser']).toBeGreaterThan(0);
    const outputs = JSON.parse((await terraform(['output', '-json'], tf)).stdout) as Record<string, { value: string }>;
    expect(outputs.account_id.value).toBe('000000000000');
    expect(outputs.basic_path.value).toBe('/service-role/');
    expect(outputs.role_name.value).toMatch(/^legacy-\d{26}$/);
    expect(outputs.read_arn.value).toBe(`arn:aws:iam::000000000000:role/${outputs.role_name.value}`);

    const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], tf);
    if (plan.code !== 0) throw new Error(`plan after apply is not empty (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);

    const role = (await iam.send(new GetRoleCommand({ RoleName: outputs.role_name.value }))).Role!;
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toContain('x y+z');

    await terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], tf);
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
  }, 300_000);
});
