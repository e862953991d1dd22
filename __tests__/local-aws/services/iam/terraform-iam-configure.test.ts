/**
 * The other provider paths into the IAM module: account id via iam:GetUser (skip_credentials_validation),
 * IAM data sources (aws_iam_policy by name pages ListPolicies through ~1,300 AWS managed policies), and the
 * role's deprecated inline_policy / managed_policy_arns / name_prefix arguments. Apply, empty plan, destroy.
 */
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { withLocalAws } from '../../../helpers/local-aws';
import { createTerraformWorkdir, type TerraformWorkdir } from '../../../helpers/terraform-workdir';

const HCL = `
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
  let iam: IAMClient;
  let wd: TerraformWorkdir;

  beforeAll(async () => {
    iam = new IAMClient(aws.clientConfig('admin'));
    wd = createTerraformWorkdir({
      endpoint: aws.endpoint(),
      hcl: HCL,
      providerExtra: { skip_credentials_validation: true },
      prefix: 'terraform-iam-configure-',
    });
    await wd.init();
  }, 180_000);
  afterAll(() => {
    iam?.destroy();
    wd?.cleanup();
  });

  it('learns the account id from GetUser, reads data sources, applies with an empty follow-up plan, destroys cleanly', async () => {
    aws.instance().resetCallCounts();
    await wd.apply();
    expect(aws.instance().callCounts()['iam:GetUser']).toBeGreaterThan(0);
    const outputs = await wd.outputs();
    expect(outputs.account_id).toBe('000000000000');
    expect(outputs.basic_path).toBe('/service-role/');
    expect(outputs.role_name).toMatch(/^legacy-\d{26}$/);
    expect(outputs.read_arn).toBe(`arn:aws:iam::000000000000:role/${outputs.role_name}`);

    await wd.expectEmptyPlan();

    const role = (await iam.send(new GetRoleCommand({ RoleName: outputs.role_name }))).Role!;
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toContain('x y+z');

    await wd.destroy();
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
  }, 300_000);
});
