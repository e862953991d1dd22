/**
 * `lambda-roles check` on the JSON of real plans (terraform 1.11 + AWS provider 5.100.0 from the offline
 * mirror, data sources read from the local endpoint): the repo's plain-HCL module hcl/lambda-execution-role
 * called twice from a root (sample inputs; one call with an s3:* statement) next to a dead-letter policy whose
 * document names a queue created in the same apply, and the public-module-style root hcl/examples/
 * public-module-style with deliberately bad inputs. Each bad policy is reported at its address, the good ones
 * were judged and pass, suppressions by address work, and the SARIF passes the official validator with each
 * result at the .tf line that declares the resource.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { awsEndpointEnv, ensureInit, terraform, type TerraformRunOptions } from '../../../shared/terraform/run';
import { main } from '../../../cli/main';
import { readPlanJson } from '../../../modules/checks/terraform/plan-json';
import type { InputsCheckSummary } from '../../../stacks/check-inputs';
import { captureIo } from '../../helpers/cli-io';
import { withLocalAws } from '../../helpers/local-aws';
import { validateSarif } from '../../helpers/sarif-validator';
import { zipWith } from '../../helpers/zip';

const REPO = resolve(__dirname, '../../..');
const aws = withLocalAws();
const dirs: string[] = [];

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['node', 'lambda-roles', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** terraform init, plan -out, show -json in `dir`; returns the plan JSON's path. */
async function planJson(dir: string): Promise<string> {
  const opts: TerraformRunOptions = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 180_000 };
  await ensureInit(opts);
  await terraform(['plan', '-out', 'plan.out', '-input=false', '-no-color'], opts);
  const file = join(dir, 'plan.json');
  writeFileSync(file, (await terraform(['show', '-json', 'plan.out'], opts)).stdout);
  return file;
}

const HCL_ROOT = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region      = "us-east-1"
  max_retries = 1
}

module "orders" {
  source = "./modules/lambda-execution-role"

  name                  = "hcl-orders-exec"
  account_id            = "000000000000"
  function_name         = "hcl-orders"
  features              = { tracing = true, event_sources = ["sqs"] }
  managed_policies      = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  exclusive_attachments = true
  statements = [
    { sid = "ReadUploads", actions = ["s3:GetObject"], resources = ["arn:aws:s3:::uploads/incoming/*"] },
  ]
  invokers = [
    { kind = "s3", name = "uploads", source_arn = "arn:aws:s3:::uploads" },
    { kind = "eventbridge", name = "nightly", source_arn = "arn:aws:events:us-east-1:000000000000:rule/nightly" },
  ]
}

module "reports" {
  source = "./modules/lambda-execution-role"

  name       = "hcl-reports-exec"
  account_id = "000000000000"
  statements = [
    { actions = ["s3:*"], resources = ["arn:aws:s3:::reports/*"] },
  ]
}

# The dead-letter queue is created in the same apply: its ARN, and so this policy, is unknown at plan.
resource "aws_sqs_queue" "dlq" {
  name = "hcl-orders-dlq"
}

data "aws_iam_policy_document" "dead_letter" {
  statement {
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dlq.arn]
  }
}

resource "aws_iam_role_policy" "dead_letter" {
  name   = "dead-letter"
  role   = module.orders.role_name
  policy = data.aws_iam_policy_document.dead_letter.json
}
`;

/** The public-module-style root's inputs with three mistakes: s3:* on *, AdministratorAccess, a trigger from any rule. */
const BAD_PUBLIC_INPUTS = {
  policies: ['arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'],
  policy_statements: {
    consume: {
      effect: 'Allow',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resources: ['arn:aws:sqs:us-east-1:000000000000:public-style-orders'],
    },
    sync_all: { effect: 'Allow', actions: ['s3:*'], resources: ['*'] },
  },
  allowed_triggers: {
    NightlySchedule: { principal: 'events.amazonaws.com', source_arn: 'arn:aws:events:us-east-1:000000000000:rule/orders-nightly' },
    AnyRule: { service: 'events' },
  },
};

let hclDir: string;
let hclPlan: string;
let publicDir: string;
let publicPlan: string;

beforeAll(async () => {
  hclDir = mkdtempSync(join(tmpdir(), 'lr-check-hcl-'));
  dirs.push(hclDir);
  cpSync(join(REPO, 'hcl/lambda-execution-role'), join(hclDir, 'modules/lambda-execution-role'), { recursive: true });
  writeFileSync(join(hclDir, 'main.tf'), HCL_ROOT);
  hclPlan = await planJson(hclDir);

  publicDir = mkdtempSync(join(tmpdir(), 'lr-check-public-'));
  dirs.push(publicDir);
  cpSync(join(REPO, 'hcl/examples/public-module-style'), publicDir, { recursive: true });
  writeFileSync(join(publicDir, 'handler.zip'), zipWith('index.js', 'exports.handler = async () => "ok";\n'));
  writeFileSync(join(publicDir, 'terraform.tfvars.json'), JSON.stringify(BAD_PUBLIC_INPUTS, null, 2));
  publicPlan = await planJson(publicDir);
}, 300_000);

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const brief = (summary: InputsCheckSummary, i = 0) =>
  [...(summary.results[i].checks?.findings ?? [])].map((f) => `${f.level} ${f.checkId} ${f.path} ${f.appliesTo ?? ''}`.trim()).sort();

describe('lambda-roles check on plan JSON', () => {
  test('hcl/lambda-execution-role: every resource of the good call is judged and passes; the s3:* call and the dead-letter sqs:* are reported', async () => {
    const r = await run('check', hclPlan, '--format', 'json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out) as InputsCheckSummary;
    expect(summary.results.map((x) => [x.kind, x.stack])).toEqual([['plan', '(plan)']]);
    expect(brief(summary)).toEqual([
      'error LR-IAM-WILDCARD-ACTION aws_iam_role_policy.dead_letter Action::sqs:*',
      'error LR-IAM-WILDCARD-ACTION module.reports.aws_iam_role_policy.inline[0] Action::s3:*',
    ]);
    // What was judged for the good call: trust, inline policy, each attachment, the exclusive set and each permission.
    const input = readPlanJson(JSON.parse(readFileSync(hclPlan, 'utf8')));
    const orders = input.entries.filter((e) => e.subject.path.startsWith('module.orders.'));
    const kinds = orders.map((e) => `${e.subject.kind} ${e.subject.path}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'trust-policy module.orders.aws_iam_role.this',
        'identity-policy module.orders.aws_iam_role_policy.inline[0]',
        'managed-policy-attachment module.orders.aws_iam_role_policy_attachment.this["AWSLambdaBasicExecutionRole"]',
        'managed-policy-attachment module.orders.aws_iam_role_policy_attachment.this["ReadOnlyAccess"]',
        'managed-policy-attachment module.orders.aws_iam_role_policy_attachments_exclusive.this[0]',
        'invoke-permission module.orders.aws_lambda_permission.this["AllowS3-uploads"]',
        'invoke-permission module.orders.aws_lambda_permission.this["AllowEventBridge-nightly"]',
      ]),
    );
    expect(input.notChecked).toEqual([]);
  });

  test('the public-module-style root with bad inputs: the three mistakes are reported, its own policies pass', async () => {
    const r = await run('check', publicPlan);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL .*plan\.json \(plan\)\n/);
    const summary = JSON.parse((await run('check', publicPlan, '--format', 'json')).out) as InputsCheckSummary;
    expect(brief(summary)).toEqual([
      'error LR-IAM-ADMIN-MANAGED-POLICY aws_iam_role_policy_attachment.additional_many["arn:aws:iam::aws:policy/AdministratorAccess"] Policy::AdministratorAccess',
      'error LR-IAM-WILDCARD-ACTION aws_iam_role_policy.additional_inline[0] Action::s3:*',
      'error LR-IAM-WILDCARD-RESOURCE aws_iam_role_policy.additional_inline[0] Resource::*',
      'error LR-LAMBDA-INVOKE-WITHOUT-SOURCE aws_lambda_permission.allowed_triggers["AnyRule"] Principal::events.amazonaws.com',
    ]);
    const judged = new Set(readPlanJson(JSON.parse(readFileSync(publicPlan, 'utf8'))).entries.map((e) => e.subject.path));
    for (const good of ['aws_iam_role.lambda[0]', 'aws_iam_policy.logs[0]', 'aws_lambda_permission.allowed_triggers["NightlySchedule"]'])
      expect(judged).toContain(good);
  });

  test('a suppressions file silences by module address with its reason, and an entry that reaches no resource is reported', async () => {
    const file = join(hclDir, 'lambda-roles.suppressions.yaml');
    writeFileSync(
      file,
      [
        'suppressions:',
        '  - resource: module.reports',
        '    id: LR-IAM-WILDCARD-ACTION',
        "    appliesTo: ['Action::s3:*']",
        '    reason: the reports job mirrors the whole bucket API',
        '  - resource: module.gone',
        '    id: LR-IAM-WILDCARD-ACTION',
        '    reason: the module was removed last quarter',
        '',
      ].join('\n'),
    );
    const r = await run('check', hclPlan, '--suppressions', file);
    expect(r.code).toBe(1); // the dead-letter sqs:* is still an error
    expect(r.out).toContain(
      '[suppressed] LR-IAM-WILDCARD-ACTION at module.reports.aws_iam_role_policy.inline[0] (Action::s3:*): the reports job mirrors the whole bucket API',
    );
    expect(r.out).toMatch(
      new RegExp(
        `ok {3}${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(suppressions\\)\\n {5}\\[warning\\] LR-SUPPRESSION-UNUSED at module\\.gone`,
      ),
    );
  });

  test('--format sarif for both plans passes the official validator; each result is at the .tf line declaring its resource', async () => {
    const out: Record<string, string> = {};
    for (const [name, plan, root] of [
      ['hcl', hclPlan, hclDir],
      ['public', publicPlan, publicDir],
    ] as const) {
      const r = await run('check', plan, '--format', 'sarif', '--source-root', root);
      expect(r.code).toBe(1);
      out[name] = join(root, 'check.sarif');
      writeFileSync(out[name], r.out);
    }
    const validation = validateSarif(Object.values(out));
    expect(validation.scanned).toBe(2);
    expect(validation.issues).toEqual([]);

    type Sarif = {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const at = (file: string) =>
      (JSON.parse(readFileSync(file, 'utf8')) as Sarif).runs[0].results.map((x) => {
        const { artifactLocation, region } = x.locations[0].physicalLocation;
        return `${x.ruleId} ${artifactLocation.uri}:${region.startLine}`;
      });
    const line = (root: string, file: string, text: string) =>
      `${file}:${readFileSync(join(root, file), 'utf8').split('\n').indexOf(text) + 1}`;
    const moduleFile = 'modules/lambda-execution-role/main.tf';
    expect(at(out.hcl).sort()).toEqual(
      [
        `LR-IAM-WILDCARD-ACTION ${line(hclDir, 'main.tf', 'resource "aws_iam_role_policy" "dead_letter" {')}`,
        `LR-IAM-WILDCARD-ACTION ${line(hclDir, moduleFile, 'resource "aws_iam_role_policy" "inline" {')}`,
      ].sort(),
    );
    expect(at(out.public)).toEqual(
      expect.arrayContaining([
        `LR-IAM-ADMIN-MANAGED-POLICY ${line(publicDir, 'main.tf', 'resource "aws_iam_role_policy_attachment" "additional_many" {')}`,
        `LR-LAMBDA-INVOKE-WITHOUT-SOURCE ${line(publicDir, 'main.tf', 'resource "aws_lambda_permission" "allowed_triggers" {')}`,
      ]),
    );
  });
});
