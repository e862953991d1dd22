/**
 * Drift check acceptance over the deployed example stacks (real terraform apply against the local
 * endpoint, once for the file; the endpoint snapshot is restored before each test):
 *   - each freshly deployed example stack is in sync through the CLI (`--stack`, exit 0);
 *   - several simultaneous console edits are all reported, each once;
 *   - a change by the deploy identity outside Terraform is labelled as such;
 *   - an unreadable resource makes the run fail (exit 1) and names the resource;
 *   - a change deployed through Terraform (edit the definition, re-synth, apply) is not drift (last:
 *     it moves the Terraform state forward).
 */
import { WriteStream } from 'node:tty';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  TagRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  GetPolicyCommand,
  LambdaClient,
  PublishVersionCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import type { LocalAwsSnapshot } from '../../local-aws';
import type { DriftReport } from '../../drift/model';
import { reportSchemaErrors } from '../helpers/report-schema';
import { runDrift } from '../../drift/run-drift';
import { main, type CliIo } from '../../cli/main';
import { EXAMPLES, ordersApi } from '../../stacks/examples';
import type { StackDefinition } from '../../stacks/definition';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { iamFailingFor } from './fixtures/seed';
import { CONSOLE_ARN, DEPLOY_ARN, ROLES, runCli, stateFiles, useEndpoint } from './fixtures/e2e-support';

/** The part of a Lambda resource policy these tests read. */
interface LambdaPolicyDoc {
  readonly Statement: readonly { readonly Sid: string }[];
}

const failing = iamFailingFor(ROLES.orders);
const aws = withLocalAws({ modules: failing.modules });
let deployment: Deployment;
let deployed: LocalAwsSnapshot;
let iam: IAMClient;
let lambda: LambdaClient;
let scratch: string;

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint(), EXAMPLES);
  deployed = aws.instance().snapshot();
  useEndpoint(aws.endpoint());
  iam = new IAMClient(aws.clientConfig('console'));
  lambda = new LambdaClient(aws.clientConfig('console'));
  scratch = mkdtempSync(join(tmpdir(), 'lambda-roles-drift-out-'));
}, 300_000);

beforeEach(() => {
  failing.fault.enabled = false;
  aws.instance().restore(deployed);
});

afterAll(() => {
  iam?.destroy();
  lambda?.destroy();
  deployment?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const drift = (extra: { deployIdentity?: string } = {}) =>
  runDrift({ stateFiles: stateFiles(deployment.outDir, deployment.stacks), ...extra });

test.each(EXAMPLES.map((d) => [d.name, d.functions.length] as const))(
  'freshly deployed example stack %s is in sync: CLI exit 0',
  async (name, functions) => {
    const { code, stdout, stderr } = await runCli(
      ['drift', '--stack', name, '--outdir', deployment.outDir, '--format', 'json'],
      aws.endpoint(),
    );
    expect({ code, errors: stderr.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, errors: [] });
    const report = JSON.parse(stdout) as DriftReport;
    expect(reportSchemaErrors(report)).toEqual([]); // real reports keep the published contract
    // One role per function (queue-consumer's stack has two functions).
    expect(report.summary).toMatchObject({ inSync: true, findings: 0, errors: 0, roles: functions, functions });
  },
  120_000,
);

test('several simultaneous edits are all reported, each once', async () => {
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new UpdateRoleDescriptionCommand({ RoleName: ROLES.orders, Description: 'hand edit' }));
  await iam.send(new TagRoleCommand({ RoleName: ROLES.orders, Tags: [{ Key: 'owner', Value: 'alice' }] }));
  await iam.send(new DeleteRolePolicyCommand({ RoleName: ROLES.queue, PolicyName: 'inline-least-privilege' }));
  const { Policy } = await lambda.send(new GetPolicyCommand({ FunctionName: 'image-processor' }));
  const sid = (JSON.parse(Policy!) as LambdaPolicyDoc).Statement[0].Sid;
  await lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: sid }));

  const { report, apiCalls } = await drift();
  const got = report.findings.map((f) => `${f.code} ${f.resource.type}`).sort();
  expect(got).toEqual(
    [
      'DESCRIPTION_CHANGED aws_iam_role',
      'INLINE_POLICY_REMOVED aws_iam_role_policy',
      'INVOKE_PERMISSION_REMOVED aws_lambda_permission',
      'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM aws_iam_role_policy_attachment',
      'TAGS_CHANGED aws_iam_role',
    ].sort(),
  );
  expect(report.findings.every((f) => f.attribution?.actor === CONSOLE_ARN && f.attribution.viaConsole)).toBe(true);
  expect(report.summary).toMatchObject({ inSync: false, findings: 5, errors: 0 });
  // Three findings on one role, one on another (same region): two IAM lookups; one for the function.
  expect(apiCalls['cloudtrail:LookupEvents']).toBe(3);
});

test('a permission added to a published version that state does not mention is reported', async () => {
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'queue-consumer' }));
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'queue-consumer',
      Qualifier: Version,
      StatementId: 'open-v',
      Action: 'lambda:InvokeFunction',
      Principal: '*',
    }),
  );
  const { report } = await drift();
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]).toMatchObject({
    code: 'INVOKE_PERMISSION_ADDED',
    severity: 'critical',
    resource: { type: 'aws_lambda_permission', name: `queue-consumer:${Version}/open-v` },
    attribution: { actor: CONSOLE_ARN, viaConsole: true, eventName: expect.stringMatching(/^AddPermission/) },
  });
});

test('a change by the deploy identity outside Terraform is labelled as such; the report goes to --output atomically', async () => {
  const deployIam = new IAMClient(aws.clientConfig('admin'));
  await deployIam.send(new UpdateRoleDescriptionCommand({ RoleName: ROLES.image, Description: 'pipeline hotfix' }));
  deployIam.destroy();
  const out = join(scratch, 'drift.json');
  const args = [
    'drift',
    '--format',
    'json',
    '--output',
    out,
    '--deploy-identity',
    DEPLOY_ARN,
    ...stateFiles(deployment.outDir, deployment.stacks).flatMap((f) => ['--state', f]),
  ];
  const { code, stdout } = await runCli(args, aws.endpoint());
  expect(code).toBe(2);
  expect(stdout).toBe('');
  const report = JSON.parse(readFileSync(out, 'utf8')) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]); // real reports keep the published contract
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]).toMatchObject({
    code: 'DESCRIPTION_CHANGED',
    attribution: {
      actor: DEPLOY_ARN,
      viaConsole: false,
      byDeployIdentity: true,
      summary: expect.stringMatching(/^by the deploy identity arn:aws:iam::000000000000:root at .* \(a Terraform run or pipeline\)$/),
    },
  });
}, 120_000);

test('text output: colour only on a TTY and without NO_COLOR; progress is terse lines off a TTY', async () => {
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const sink = (isTTY: boolean) => {
    // A colour terminal: Node's own hasColors (which honours NO_COLOR), with this process's env in an xterm
    // on a desktop (without CI, which Node takes as a 2-colour log: .ci/run sets CI=true).
    const hasColors = () => {
      const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
      delete env.CI;
      return WriteStream.prototype.hasColors(16, env);
    };
    const s = { isTTY, hasColors, text: '', write: (chunk: string) => ((s.text += chunk), true) };
    return s;
  };
  const run = async (tty: boolean, noColor: string | undefined) => {
    const saved = process.env.NO_COLOR;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    const io = { stdout: sink(tty), stderr: sink(tty), exitCode: 0 };
    try {
      const code = await main(
        ['node', 'lambda-roles', 'drift', ...stateFiles(deployment.outDir, deployment.stacks).flatMap((f) => ['--state', f])],
        io as unknown as CliIo,
      );
      return { code, stdout: io.stdout.text, stderr: io.stderr.text };
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  };
  const ESC = '\x1b[';
  const tty = await run(true, undefined);
  expect(tty.code).toBe(2);
  expect(tty.stdout).toContain(ESC);
  expect(tty.stderr).toContain('\r'); // progress redraws one line
  const noColor = await run(true, '1');
  expect(noColor.stdout).not.toContain(ESC);
  expect(noColor.stdout).toContain('MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM');
  const piped = await run(false, undefined);
  expect(piped.stdout).not.toContain(ESC);
  expect(piped.stderr.split('\n').filter(Boolean)).toEqual(
    expect.arrayContaining(['drift: reading Terraform state', 'drift: attributing 1 findings from CloudTrail']),
  );
});

test('an unreadable resource: exit 1, the resource is named, and the run is not in sync', async () => {
  failing.fault.enabled = true; // every IAM call naming orders-api-exec now answers 503
  const out = join(scratch, 'unreadable.json');
  const args = [
    'drift',
    '--format',
    'json',
    '--output',
    out,
    ...stateFiles(deployment.outDir, deployment.stacks).flatMap((f) => ['--state', f]),
  ];
  const { code } = await runCli(args, aws.endpoint());
  expect(code).toBe(1);
  const report = JSON.parse(readFileSync(out, 'utf8')) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]); // real reports keep the published contract
  expect(report.summary).toMatchObject({ inSync: false, errors: 1, findings: 0 });
  expect(report.errors).toEqual([
    {
      resource: `IAM role ${ROLES.orders}`,
      message: expect.stringMatching(/^GetRole failed: ServiceUnavailable: .*HTTP 503, after 6 attempts$/),
    },
  ]);
  // Nothing half-written is left next to the report.
  expect(readdirSync(scratch).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}, 120_000);

test('a change deployed through Terraform (edit the definition, re-synth, apply) is not drift', async () => {
  const edited: StackDefinition = {
    ...ordersApi,
    functions: ordersApi.functions.map((fn) => ({
      ...fn,
      role: { ...fn.role, description: 'Stores and cancels orders' },
      statements: [
        ...(fn.statements ?? []),
        { sid: 'CancelOrders', actions: ['dynamodb:DeleteItem'], resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Orders'] },
      ],
    })),
  };
  await deployment.redeploy([edited]);

  const { code, stdout } = await runCli(
    ['drift', '--stack', 'orders-api', '--outdir', deployment.outDir, '--format', 'json', '--deploy-identity', DEPLOY_ARN],
    aws.endpoint(),
  );
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]); // real reports keep the published contract
  expect(report.summary).toMatchObject({ inSync: true, findings: 0, errors: 0 });
  // The live role really changed (so "in sync" means the state moved with it, not that nothing happened).
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: ROLES.orders }));
  expect(Role!.Description).toBe('Stores and cancels orders');
  const inline = await iam.send(new GetRolePolicyCommand({ RoleName: ROLES.orders, PolicyName: 'inline-least-privilege' }));
  expect(decodeURIComponent(inline.PolicyDocument!)).toContain('dynamodb:DeleteItem');
  const { report: all } = await drift();
  expect(all.summary.inSync).toBe(true);
}, 300_000);
