/**
 * The real Terraform AWS provider (Go SDK v2) reaches the endpoint through AWS_ENDPOINT_URL, signs requests
 * the endpoint accepts, and reads STS answers: the strongest proof that routing and SigV4 verification agree
 * with what AWS's own clients send.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsEndpointEnv, runTerraform, terraform } from '../../tooling/terraform';
import { withLocalAws } from '../helpers/local-aws';

const aws = withLocalAws();
let dir: string;

// max_retries = 1: a wrong answer must fail the test in seconds, not after the provider's minutes of retries.
const CONFIG = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                     = "us-east-1"
  max_retries                = 1
  skip_requesting_account_id = true
  skip_metadata_api_check    = true
}
data "aws_caller_identity" "me" {}
output "account_id" { value = data.aws_caller_identity.me.account_id }
output "arn" { value = data.aws_caller_identity.me.arn }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-aws-tf-'));
  writeFileSync(join(dir, 'main.tf'), CONFIG);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('terraform apply with the real provider reads aws_caller_identity (account 000000000000) from the endpoint', async () => {
  const env = awsEndpointEnv(aws.endpoint());
  await terraform(['init', '-input=false', '-no-color'], { cwd: dir, env, timeoutMs: 60_000 });
  aws.instance().resetCallCounts();
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env, timeoutMs: 60_000 });
  const out = JSON.parse((await terraform(['output', '-json'], { cwd: dir, env })).stdout);
  expect(out.account_id.value).toBe('000000000000');
  expect(out.arn.value).toBe('arn:aws:iam::000000000000:root');
  // Credential validation at configure time plus the data source: both signed by the Go SDK and verified here.
  expect(aws.instance().callCounts()['sts:GetCallerIdentity']).toBeGreaterThanOrEqual(2);
}, 90_000);

// Measured: provider 5.100.0 learns the account from the credential-validation GetCallerIdentity and never
// falls back to iam:GetUser / iam:ListRoles when STS answers.
test('with default provider settings the provider learns the account from STS alone and applies', async () => {
  const plain = mkdtempSync(join(tmpdir(), 'local-aws-tf-plain-'));
  try {
    writeFileSync(join(plain, 'main.tf'), CONFIG.replace('  skip_requesting_account_id = true\n', ''));
    const env = awsEndpointEnv(aws.endpoint());
    await terraform(['init', '-input=false', '-no-color'], { cwd: plain, env, timeoutMs: 60_000 });
    aws.instance().resetCallCounts();
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: plain, env, timeoutMs: 60_000 });
    expect(Object.keys(aws.instance().callCounts())).toEqual(['sts:GetCallerIdentity']);
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
}, 90_000);

test('the provider is refused with a wrong secret (SignatureDoesNotMatch surfaces in terraform output)', async () => {
  const env = { ...awsEndpointEnv(aws.endpoint()), AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
  const result = await runTerraform(['plan', '-input=false', '-no-color', '-refresh=true'], { cwd: dir, env, timeoutMs: 60_000 });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/SignatureDoesNotMatch/);
}, 90_000);
