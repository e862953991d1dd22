/**
 * The plain-HCL module hcl/lambda-execution-role is the twin of our constructs for one function. A root
 * configuration uses it (absolute `source`, as another repo would vendor it) next to an aws_lambda_function
 * and a customer policy; the real terraform and AWS provider validate and apply it against the local
 * endpoint, the plan afterwards is empty, and what AWS now holds is compared with what the constructs
 * build for the equivalent definition: summarizeStack() for names, ARNs, statement ids and principals,
 * buildStack() for the exact trust and inline documents and the attachment keys. Then the drift check
 * reads the module's state and finds everything in sync. Bad inputs fail `terraform validate`; an aws-cn
 * plan with Lambda@Edge and a confused-deputy opt-out renders what the ExecutionRole construct renders.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { App, TerraformStack } from 'cdktf';
import { awsEndpointEnv, ensureInit, runTerraform, terraform } from '../../shared/terraform/run';
import { summarizeStack } from '../../stacks/describe';
import { buildStack } from '../../stacks/build-stack';
import type { StackDefinition } from '../../stacks/definition';
import { toPolicyDocument } from '../../modules/policy-types';
import { ExecutionRole } from '../../modules/execution-role';
import { planInvokePermission } from '../../modules/invokers';
import { runDrift } from '../../drift';
import { withLocalAws } from '../helpers/local-aws';
import { parsePolicy, type PolicyStatementJson } from '../helpers/synth';
import { zipWith } from '../helpers/zip';

const MODULE_DIR = resolve(__dirname, '../../hcl/lambda-execution-role');
const ACCOUNT = '000000000000';
const FN = 'hcl-orders';
const ROLE = 'hcl-orders-exec';
const CUSTOMER_POLICY = 'hcl-orders-reports';
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const DESCRIPTION = 'Execution role of hcl-orders (plain HCL module)';

/** The definition the module call below mirrors field by field. */
const definition: StackDefinition = {
  name: 'hcl-twin',
  region: 'us-east-1',
  account: ACCOUNT,
  functions: [
    {
      name: FN,
      existing: FN,
      role: {
        name: ROLE,
        path: '/lambda/',
        description: DESCRIPTION,
        maxSessionDuration: 7200,
        permissionsBoundary: BOUNDARY,
        tags: { team: 'orders' },
      },
      managedPolicies: ['AWSLambdaENIManagementAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'AWSLambdaBasicExecutionRole'],
      features: {
        vpc: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
        tracing: true,
        insights: true,
        eventSources: ['sqs', 'kinesis'],
      },
      statements: [
        { sid: 'ReadUploads', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::uploads/incoming/*'] },
        {
          actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
          resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:orders-out`],
          conditions: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        },
      ],
      customerPolicies: [
        { name: CUSTOMER_POLICY, statements: [{ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }] },
      ],
      exclusiveAttachments: true,
      invokers: [
        { kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::uploads' },
        { kind: 'sns', name: 'orders', sourceArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders` },
        { kind: 'account', name: 'partner', principal: '111111111111' },
        { kind: 'organization', name: 'org', orgId: 'o-abcdefghij' },
        { kind: 'function-url', name: 'public', authType: 'NONE' },
        { kind: 'alexa-skill', name: 'skill', skillId: 'amzn1.ask.skill.0000' },
      ],
    },
  ],
};

const ROOT_CONFIG = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                  = "us-east-1"
  max_retries             = 1
  skip_metadata_api_check = true
}

resource "aws_iam_policy" "reports" {
  name   = "${CUSTOMER_POLICY}"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "Read", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }] })
}

module "role" {
  source = "${MODULE_DIR}"

  name                 = "${ROLE}"
  path                 = "/lambda/"
  description          = "${DESCRIPTION}"
  max_session_duration = 7200
  permissions_boundary = "${BOUNDARY}"
  tags                 = { team = "orders" }
  account_id           = "${ACCOUNT}"

  features               = { vpc = true, tracing = true, insights = true, event_sources = ["sqs", "kinesis"] }
  managed_policies       = ["AWSLambdaENIManagementAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", "AWSLambdaBasicExecutionRole"]
  additional_policy_arns = { "${CUSTOMER_POLICY}" = aws_iam_policy.reports.arn }
  exclusive_attachments  = true

  statements = [
    { sid = "ReadUploads", actions = ["s3:GetObject"], resources = ["arn:aws:s3:::uploads/incoming/*"] },
    { actions = ["sqs:SendMessage", "sqs:GetQueueUrl"], resources = ["arn:aws:sqs:us-east-1:${ACCOUNT}:orders-out"], conditions = { StringEquals = { "aws:RequestedRegion" = ["us-east-1"] } } },
  ]

  function_name = aws_lambda_function.fn.function_name
  invokers = [
    { kind = "s3", name = "uploads", source_arn = "arn:aws:s3:::uploads" },
    { kind = "sns", name = "orders", source_arn = "arn:aws:sns:us-east-1:${ACCOUNT}:orders" },
    { kind = "account", name = "partner", principal = "111111111111" },
    { kind = "organization", name = "org", org_id = "o-abcdefghij" },
    { kind = "function-url", name = "public", auth_type = "NONE" },
    { kind = "alexa-skill", name = "skill", skill_id = "amzn1.ask.skill.0000" },
  ]
}

resource "aws_lambda_function" "fn" {
  function_name    = "${FN}"
  role             = module.role.role_arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "\${path.module}/handler.zip"
  source_code_hash = filebase64sha256("\${path.module}/handler.zip")
}

output "attachment_keys" { value = module.role.attachment_keys }
output "managed_policy_arns" { value = module.role.managed_policy_arns }
`;

const aws = withLocalAws();
const dirs: string[] = [];
let iam: IAMClient;
let lambda: LambdaClient;
const savedEnv = { ...process.env };

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(() => {
  iam = new IAMClient(aws.clientConfig());
  lambda = new LambdaClient(aws.clientConfig());
});

afterAll(() => {
  iam?.destroy();
  lambda?.destroy();
  process.env = savedEnv;
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** What the constructs build for the definition: documents, attachment keys and grants. */
function constructTwin() {
  const outdir = tempDir('hcl-twin-synth-');
  const stack = buildStack(new App({ outdir }), definition, { policyChecks: { log: () => undefined } });
  const built = stack.functions.get(FN)!;
  return {
    trust: toPolicyDocument(built.role.trustStatements),
    inline: toPolicyDocument(built.role.inlineStatements),
    attachmentKeys: [...built.role.attachments.attachments.keys()].sort(),
  };
}

interface PlannedOutputs {
  readonly assume_role_policy: string;
  readonly managed_policy_arns: string[];
  readonly permission_statement_ids: Record<string, string>;
}

const decode = (doc: string) => parsePolicy(decodeURIComponent(doc));

/** What `terraform output -json` and the state file hold of the module's outputs and exclusive attachments. */
interface RootOutputs {
  readonly attachment_keys: { readonly value: Record<string, string> };
  readonly managed_policy_arns: { readonly value: string[] };
}
interface StateFile {
  readonly resources: { readonly type: string; readonly instances: { readonly attributes: { readonly policy_arns: string[] } }[] }[];
}

/** Lambda's resource-policy principal as planned: a service name, an ARN, or '*'. */
function principalOf(statement: PolicyStatementJson): string {
  const p = statement.Principal;
  return typeof p === 'string' ? p : ((p?.Service ?? p?.AWS) as string);
}

test('applied module matches the constructs for the same definition, plans empty, and the drift check finds it in sync', async () => {
  const dir = tempDir('hcl-lambda-execution-role-');
  writeFileSync(join(dir, 'main.tf'), ROOT_CONFIG);
  writeFileSync(join(dir, 'handler.zip'), zipWith('index.js', 'exports.handler = async () => ({ statusCode: 200 });\n'));
  const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 120_000 };

  await ensureInit(opts);
  await terraform(['validate', '-no-color'], opts);
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], opts);
  const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], opts);
  if (plan.code !== 0) throw new Error(`plan after apply is not empty (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);

  const summary = summarizeStack(definition).functions[0];
  const twin = constructTwin();

  // The role: name, settings, and the trust policy exactly as the construct renders it.
  expect(summary.roleName).toBe(ROLE);
  const role = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
  expect(role).toMatchObject({
    Path: '/lambda/',
    Description: DESCRIPTION,
    MaxSessionDuration: 7200,
    PermissionsBoundary: { PermissionsBoundaryArn: BOUNDARY },
  });
  expect(role.Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
  const trust = decode(role.AssumeRolePolicyDocument!);
  expect(trust).toEqual(twin.trust);
  expect((trust.Statement[0].Principal as { Service?: string | string[] }).Service).toEqual(
    summary.trustedServices.length === 1 ? summary.trustedServices[0] : summary.trustedServices,
  );
  expect(summary.sourceAccountCondition).toBe(true);
  expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });

  // Attachments: the same AWS-managed ARNs plus the customer policy, under the construct's keys.
  const customerArn = `arn:aws:iam::${ACCOUNT}:policy/${CUSTOMER_POLICY}`;
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }))).AttachedPolicies!.map((p) => p.PolicyArn!);
  expect(attached.sort()).toEqual([...summary.managedPolicyArns, customerArn].sort());
  expect(summary.customerPolicies).toEqual([CUSTOMER_POLICY]);
  const outputs = JSON.parse((await terraform(['output', '-json', '-no-color'], opts)).stdout) as RootOutputs;
  expect(Object.keys(outputs.attachment_keys.value).sort()).toEqual(twin.attachmentKeys);
  expect(outputs.managed_policy_arns.value).toEqual([...summary.managedPolicyArns, customerArn]);
  const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as StateFile;
  const exclusive = state.resources.find((r) => r.type === 'aws_iam_role_policy_attachments_exclusive')!;
  expect(summary.exclusiveAttachments).toBe(true);
  expect(exclusive.instances[0].attributes.policy_arns.sort()).toEqual(attached.sort());

  // The inline policy: the construct's name and document.
  expect((await iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }))).PolicyNames).toEqual([summary.inlinePolicy!.name]);
  const inline = await iam.send(new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: summary.inlinePolicy!.name }));
  expect(decode(inline.PolicyDocument!)).toEqual(twin.inline);

  // Invoke permissions: the same statement ids, principals and scoping.
  const statements = parsePolicy((await lambda.send(new GetPolicyCommand({ FunctionName: FN }))).Policy!).Statement;
  expect(statements.map((s) => s.Sid).sort()).toEqual(summary.permissions.map((p) => p.statementId).sort());
  for (const planned of summary.permissions) {
    const live = statements.find((s) => s.Sid === planned.statementId)!;
    expect({ sid: live.Sid, principal: principalOf(live), action: live.Action }).toEqual({
      sid: planned.statementId,
      principal: planned.principal,
      action: planned.action,
    });
    if (planned.sourceArn) expect(live.Condition?.ArnLike?.['AWS:SourceArn']).toBe(planned.sourceArn);
    if (planned.sourceAccount) expect(live.Condition?.StringEquals?.['AWS:SourceAccount']).toBe(planned.sourceAccount);
    if (planned.principalOrgId) expect(live.Condition?.StringEquals?.['aws:PrincipalOrgID']).toBe(planned.principalOrgId);
  }

  // The drift check reads the module's state (module addresses, for_each keys) and sees no difference.
  Object.assign(process.env, awsEndpointEnv(aws.endpoint()));
  const { report } = await runDrift({ stateFiles: [join(dir, 'terraform.tfstate')], skipAttribution: true });
  expect(report.findings).toEqual([]);
  expect(report.errors).toEqual([]);
  expect(report.summary).toMatchObject({ inSync: true, roles: 1, functions: 1 });
}, 90_000);

test('bad inputs (role name, sourceless service invoker, a field of another kind) fail terraform validate, naming the module variables and the rules', async () => {
  const dir = tempDir('hcl-lambda-execution-role-bad-');
  writeFileSync(
    join(dir, 'main.tf'),
    `module "role" {\n  source   = "${MODULE_DIR}"\n  name     = "orders exec/v2"\n  invokers = [{ kind = "sns", name = "orders" }, { kind = "s3", name = "b", source_arn = "arn:aws:s3:::b", principal = "x" }]\n}\n`,
  );
  const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 60_000 };
  await ensureInit(opts);
  const result = await runTerraform(['validate', '-no-color'], opts);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('Invalid value for variable');
  expect(result.stderr).toContain('var.name is "orders exec/v2"');
  expect(result.stderr).toMatch(/name "orders exec\/v2" is not a valid IAM role name/);
  expect(result.stderr).toContain('var.invokers is list of object with 2 elements');
  expect(result.stderr).toMatch(/invokers: sns invoker "orders" has no source_arn/);
  expect(result.stderr).toContain('invokers has a field its kind does not take');
  // The module itself is fmt-clean, as vendored copies get checked with `terraform fmt -check`.
  const fmt = await runTerraform(['fmt', '-check', '-no-color', MODULE_DIR], opts);
  expect({ code: fmt.code, unformatted: fmt.stdout }).toEqual({ code: 0, unformatted: '' });
}, 60_000);

test("aws-cn, Lambda@Edge and a confused-deputy opt-out: the plan renders the construct's trust policy and partition ARNs", async () => {
  const dir = tempDir('hcl-lambda-execution-role-cn-');
  const reason = 'shared with a partner pipeline that assumes it';
  writeFileSync(
    join(dir, 'main.tf'),
    `provider "aws" {
  region                      = "cn-north-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  skip_metadata_api_check     = true
}
module "role" {
  source                         = "${MODULE_DIR}"
  name                           = "edge-exec"
  account_id                     = "${ACCOUNT}"
  edge                           = true
  confused_deputy_protection     = false
  confused_deputy_opt_out_reason = "${reason}"
  features                       = { tracing = true }
  function_name                  = "edge"
  invokers                       = [{ kind = "account", name = "partner", principal = "111111111111" }]
}
# Known at plan time (module.role as a whole is not: the role ARN is only known after apply).
output "assume_role_policy" { value = module.role.assume_role_policy }
output "managed_policy_arns" { value = module.role.managed_policy_arns }
output "permission_statement_ids" { value = module.role.permission_statement_ids }
`,
  );
  const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint(), 'test', 'test', 'cn-north-1'), timeoutMs: 60_000 };
  await ensureInit(opts);
  await terraform(['plan', '-out=tfplan', '-input=false', '-no-color'], opts);
  const plan = JSON.parse((await terraform(['show', '-json', 'tfplan'], opts)).stdout) as {
    planned_values: { outputs: Record<string, { value: unknown }> };
  };
  const planned = Object.fromEntries(
    Object.entries(plan.planned_values.outputs).map(([k, v]) => [k, v.value]),
  ) as unknown as PlannedOutputs;

  const app = new App({ outdir: tempDir('hcl-twin-cn-') });
  const stack = new TerraformStack(app, 'cn');
  const role = new ExecutionRole(stack, 'role', {
    roleName: 'edge-exec',
    region: 'cn-north-1',
    account: ACCOUNT,
    edge: true,
    confusedDeputyProtection: { enabled: false, reason },
    features: { tracing: true },
  });
  const grant = planInvokePermission(
    { kind: 'account', name: 'partner', principal: '111111111111' },
    { account: ACCOUNT, partition: role.partition },
  );
  if (!grant.ok) throw new Error('the construct rejected the invoker');

  expect(JSON.parse(planned.assume_role_policy)).toEqual(toPolicyDocument(role.trustStatements));
  expect(planned.managed_policy_arns).toEqual([...role.managedPolicyArns]);
  expect(planned.managed_policy_arns).toEqual([
    'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    'arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess',
  ]);
  expect(planned.permission_statement_ids).toEqual({ [grant.plan.statementId]: grant.plan.principal });
  expect(grant.plan.principal).toBe('arn:aws-cn:iam::111111111111:root');
}, 60_000);
