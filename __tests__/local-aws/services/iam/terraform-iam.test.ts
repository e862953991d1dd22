/**
 * The acceptance bar for the IAM module: the real Terraform AWS provider 5.100.0 creates, reads, updates
 * and destroys roles, policies, inline policies and attachments against the local endpoint, and a plan
 * right after every apply is empty (exit 0 with -detailed-exitcode).
 */
import {
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { withLocalAws } from '../../../helpers/local-aws';
import { createTerraformWorkdir, type TerraformWorkdir } from '../../../helpers/terraform-workdir';
import { parseJson, type PolicyJson } from '../../support';

const AWS_POLICY = 'arn:aws:iam::aws:policy/';
const HCL = `
variable "trust_service" { type = string }
variable "boundary" {
  type    = string
  default = null
}
variable "tags" { type = map(string) }
variable "log_actions" { type = list(string) }
variable "exclusive_arns" { type = list(string) }
variable "managed_arn" { type = string }

resource "aws_iam_role" "exec" {
  name                 = "tf-exec"
  path                 = "/lambda/"
  description          = "execution role"
  max_session_duration = 7200
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = var.trust_service }, Action = "sts:AssumeRole" }] })
  permissions_boundary = var.boundary
  tags                 = var.tags
}
resource "aws_iam_role" "other" {
  name               = "tf-other"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_policy" "logs" {
  name        = "tf-logs"
  description = "write logs"
  # a space and a '+' in the document: the provider decodes with url.QueryUnescape
  policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.log_actions, Resource = "arn:aws:logs:*:*:log-group:/aws/lambda/a b+c:*" }] })
  tags        = { owner = "tf" }
}
resource "aws_iam_role_policy" "inline" {
  name   = "inline"
  role   = aws_iam_role.exec.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::bucket/*" }] })
}
resource "aws_iam_role_policy_attachment" "aws_managed" {
  role       = aws_iam_role.exec.name
  policy_arn = var.managed_arn
}
resource "aws_iam_role_policy_attachment" "customer" {
  role       = aws_iam_role.exec.name
  policy_arn = aws_iam_policy.logs.arn
}
resource "aws_iam_role_policy_attachments_exclusive" "other" {
  role_name   = aws_iam_role.other.name
  policy_arns = var.exclusive_arns
}
`;

interface Vars {
  trust_service: string;
  boundary?: string | null;
  tags: Record<string, string>;
  log_actions: string[];
  exclusive_arns: string[];
  managed_arn: string;
}

describe('Terraform AWS provider 5.100.0 against the local IAM module', () => {
  const aws = withLocalAws();
  let iam: IAMClient;
  let wd: TerraformWorkdir;

  beforeAll(async () => {
    iam = new IAMClient(aws.clientConfig('admin'));
    wd = createTerraformWorkdir({ endpoint: aws.endpoint(), hcl: HCL, prefix: 'terraform-iam-' });
    await wd.init();
  }, 180_000);
  afterAll(() => {
    iam?.destroy();
    wd?.cleanup();
  });

  /** apply, then a plan that must report no changes (exit 0, not 2). */
  async function applyAndExpectEmptyPlan(vars: Vars): Promise<void> {
    wd.writeFile('terraform.tfvars.json', JSON.stringify(vars));
    await wd.apply();
    await wd.expectEmptyPlan();
  }

  const attachedTo = async (RoleName: string) =>
    ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []).map((a) => a.PolicyArn).sort();
  const trustServiceOf = async (RoleName: string) => {
    const principal = parseJson<PolicyJson>(
      decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName }))).Role!.AssumeRolePolicyDocument!),
    ).Statement[0].Principal;
    return typeof principal === 'object' ? principal.Service : undefined;
  };

  it('creates roles (tags, boundary, description, path), a policy, an inline policy and attachments; the next plan is empty', async () => {
    await applyAndExpectEmptyPlan({
      trust_service: 'lambda.amazonaws.com',
      boundary: `${AWS_POLICY}PowerUserAccess`,
      tags: { team: 'payments', env: 'test' },
      log_actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      exclusive_arns: [`${AWS_POLICY}service-role/AWSLambdaBasicExecutionRole`],
      managed_arn: `${AWS_POLICY}AWSXRayDaemonWriteAccess`,
    });
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'tf-exec' }))).Role!;
    expect(role).toMatchObject({
      Path: '/lambda/',
      Description: 'execution role',
      MaxSessionDuration: 7200,
      Arn: 'arn:aws:iam::000000000000:role/lambda/tf-exec',
    });
    expect(role.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`${AWS_POLICY}PowerUserAccess`);
    expect(role.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'payments' },
        { Key: 'env', Value: 'test' },
      ]),
    );
    expect(await attachedTo('tf-exec')).toEqual(['arn:aws:iam::000000000000:policy/tf-logs', `${AWS_POLICY}AWSXRayDaemonWriteAccess`]);
    expect(await attachedTo('tf-other')).toEqual([`${AWS_POLICY}service-role/AWSLambdaBasicExecutionRole`]);
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'tf-exec', PolicyName: 'inline' }));
    expect(parseJson<PolicyJson>(decodeURIComponent(inline.PolicyDocument!)).Statement[0].Action).toBe('s3:GetObject');
  }, 300_000);

  it('updates trust policy, boundary, tags, the policy document and both kinds of attachments; the next plan is empty', async () => {
    await applyAndExpectEmptyPlan({
      trust_service: 'edgelambda.amazonaws.com',
      boundary: `${AWS_POLICY}ReadOnlyAccess`,
      tags: { team: 'core', added: 'yes' },
      log_actions: ['logs:PutLogEvents'],
      exclusive_arns: [`${AWS_POLICY}AWSXRayDaemonWriteAccess`, `${AWS_POLICY}ReadOnlyAccess`],
      managed_arn: `${AWS_POLICY}service-role/AWSLambdaVPCAccessExecutionRole`,
    });
    expect(await trustServiceOf('tf-exec')).toBe('edgelambda.amazonaws.com');
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'tf-exec' }))).Role!;
    expect(role.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`${AWS_POLICY}ReadOnlyAccess`);
    expect(role.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'core' },
        { Key: 'added', Value: 'yes' },
      ]),
    );
    expect(role.Tags).toHaveLength(2);
    expect(await attachedTo('tf-exec')).toEqual([
      'arn:aws:iam::000000000000:policy/tf-logs',
      `${AWS_POLICY}service-role/AWSLambdaVPCAccessExecutionRole`,
    ]);
    expect(await attachedTo('tf-other')).toEqual([`${AWS_POLICY}AWSXRayDaemonWriteAccess`, `${AWS_POLICY}ReadOnlyAccess`]);
    const policyArn = 'arn:aws:iam::000000000000:policy/tf-logs';
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!;
    expect(policy.DefaultVersionId).toBe('v2');
    const doc = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v2' }))).PolicyVersion!.Document!;
    expect(parseJson<PolicyJson>(decodeURIComponent(doc)).Statement[0]).toMatchObject({
      Action: ['logs:PutLogEvents'],
      Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/a b+c:*',
    });
  }, 300_000);

  it('removes the permissions boundary; the next plan is empty', async () => {
    await applyAndExpectEmptyPlan({
      trust_service: 'edgelambda.amazonaws.com',
      boundary: null,
      tags: { team: 'core' },
      log_actions: ['logs:PutLogEvents'],
      exclusive_arns: [],
      managed_arn: `${AWS_POLICY}service-role/AWSLambdaVPCAccessExecutionRole`,
    });
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'tf-exec' }))).Role!;
    expect(role.PermissionsBoundary).toBeUndefined();
    expect(role.Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(await attachedTo('tf-other')).toEqual([]);
  }, 300_000);

  it('sees console edits: a detached policy and a changed trust policy make the plan non-empty (exit 2)', async () => {
    const consoleIam = new IAMClient(aws.clientConfig('console'));
    try {
      await consoleIam.send(new DetachRolePolicyCommand({ RoleName: 'tf-exec', PolicyArn: 'arn:aws:iam::000000000000:policy/tf-logs' }));
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      await consoleIam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'tf-exec', PolicyDocument: trust }));
    } finally {
      consoleIam.destroy();
    }
    const plan = await wd.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('aws_iam_role_policy_attachment.customer will be created');
    expect(plan.stdout).toMatch(/aws_iam_role\.exec will be updated in-place[\s\S]*ec2\.amazonaws\.com/);
    // and apply puts it back
    await wd.apply();
    expect(await trustServiceOf('tf-exec')).toBe('edgelambda.amazonaws.com');
    expect(await attachedTo('tf-exec')).toContain('arn:aws:iam::000000000000:policy/tf-logs');
  }, 300_000);

  it('destroy leaves no role and no customer policy behind', async () => {
    await wd.destroy();
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
    expect(
      aws
        .instance()
        .cloudTrailEvents()
        .some((e) => JSON.stringify(e).includes('DeleteRole')),
    ).toBe(true);
  }, 300_000);
});
