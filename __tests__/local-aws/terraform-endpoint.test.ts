/**
 * The real Terraform AWS provider (Go SDK v2) reaches the endpoint through AWS_ENDPOINT_URL, signs requests
 * the endpoint accepts, and reads STS answers: the strongest proof that routing and SigV4 verification agree
 * with what AWS's own clients send.
 */
import { createTerraformWorkdir, type TerraformWorkdir } from '../helpers/terraform-workdir';
import { withLocalAws } from '../helpers/local-aws';

const aws = withLocalAws();
let wd: TerraformWorkdir;

const HCL = `
data "aws_caller_identity" "me" {}
output "account_id" { value = data.aws_caller_identity.me.account_id }
output "arn" { value = data.aws_caller_identity.me.arn }
`;
const workdir = (providerExtra: Record<string, boolean>, prefix: string) =>
  createTerraformWorkdir({ endpoint: aws.endpoint(), hcl: HCL, providerExtra, prefix, timeoutMs: 60_000 });

beforeAll(() => {
  wd = workdir({ skip_requesting_account_id: true, skip_metadata_api_check: true }, 'local-aws-tf-');
});
afterAll(() => wd?.cleanup());

test('terraform apply with the real provider reads aws_caller_identity (account 000000000000) from the endpoint', async () => {
  await wd.init();
  aws.instance().resetCallCounts();
  await wd.apply();
  const out = await wd.outputs();
  expect(out.account_id).toBe('000000000000');
  expect(out.arn).toBe('arn:aws:iam::000000000000:root');
  // Credential validation at configure time plus the data source: both signed by the Go SDK and verified here.
  expect(aws.instance().callCounts()['sts:GetCallerIdentity']).toBeGreaterThanOrEqual(2);
}, 90_000);

// Measured: provider 5.100.0 learns the account from the credential-validation GetCallerIdentity and never
// falls back to iam:GetUser / iam:ListRoles when STS answers.
test('with default provider settings the provider learns the account from STS alone and applies', async () => {
  const plain = workdir({ skip_metadata_api_check: true }, 'local-aws-tf-plain-');
  try {
    await plain.init();
    aws.instance().resetCallCounts();
    await plain.apply();
    expect(Object.keys(aws.instance().callCounts())).toEqual(['sts:GetCallerIdentity']);
  } finally {
    plain.cleanup();
  }
}, 90_000);

test('the provider is refused with a wrong secret (SignatureDoesNotMatch surfaces in terraform output)', async () => {
  const result = await wd.plan(['-refresh=true'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/SignatureDoesNotMatch/);
}, 90_000);
