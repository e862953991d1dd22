/**
 * The issue's acceptance, one test per finding code: deploy the example stacks (plus a small stack with a
 * permissions boundary) with real `terraform apply` against the local endpoint once, then for each code
 * restore the post-deploy snapshot, make that edit through the SDK as the console identity, run the
 * drift check, and prove the report holds the code, its severity, the differences and the console
 * attribution. One test also runs the CLI binary and checks its JSON and exit code.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  PublishVersionCommand,
  RemovePermissionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAwsSnapshot } from '../../local-aws';
import type { Difference, FindingCode, Severity } from '../../drift/model';
import { FINDING_CODES } from '../../drift/model';
import type { DriftReport } from '../../drift/model';
import { reportSchemaErrors } from '../helpers/report-schema';
import { runDrift } from '../../drift/run-drift';
import { EXAMPLES } from '../../stacks/examples';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  boundedStack,
  CONSOLE_ARN,
  findingsWith,
  KMS_POLICY_ARN,
  ROLES,
  runCli,
  stateFiles,
  useEndpoint,
} from './fixtures/e2e-support';

/** The part of a Lambda resource policy these tests read. */
interface LambdaPolicyDoc {
  readonly Statement: readonly { readonly Sid: string }[];
}

const aws = withLocalAws();
let deployment: Deployment;
let deployed: LocalAwsSnapshot;
let iam: IAMClient;
let lambda: LambdaClient;

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function sidsOf(fn: string): Promise<string[]> {
  const { Policy } = await lambda.send(new GetPolicyCommand({ FunctionName: fn }));
  return (JSON.parse(Policy!) as LambdaPolicyDoc).Statement.map((s: { Sid: string }) => s.Sid);
}

/** Deleting a role in the console: detach and delete its policies, then the role. */
async function deleteRoleLikeTheConsole(role: string): Promise<void> {
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
  for (const p of attached.AttachedPolicies ?? []) await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: p.PolicyArn }));
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: role }));
  for (const name of inline.PolicyNames ?? []) await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: name }));
  await iam.send(new DeleteRoleCommand({ RoleName: role }));
}

interface Case {
  /** The console edit. */
  readonly edit: () => Promise<unknown>;
  readonly severity: Severity;
  /** The finding's resource name. */
  readonly resource: string;
  /** Evidence the differences must contain. */
  readonly difference: Partial<Difference> | string;
  /** The CloudTrail event the attribution must point at (Lambda names by prefix). */
  readonly event: RegExp;
}

const CASES: Record<FindingCode, Case> = {
  MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM: {
    edit: () => iam.send(new AttachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: ADMIN })),
    severity: 'critical',
    resource: ROLES.orders,
    difference: ADMIN,
    event: /^AttachRolePolicy$/,
  },
  MANAGED_POLICY_DETACHED: {
    edit: () => iam.send(new DetachRolePolicyCommand({ RoleName: ROLES.orders, PolicyArn: XRAY })),
    severity: 'medium',
    resource: ROLES.orders,
    difference: XRAY,
    event: /^DetachRolePolicy$/,
  },
  INLINE_POLICY_ADDED: {
    edit: () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: ROLES.orders,
          PolicyName: 'console-hotfix',
          PolicyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
        }),
      ),
    severity: 'critical',
    resource: ROLES.orders,
    difference: 'console-hotfix',
    event: /^PutRolePolicy$/,
  },
  INLINE_POLICY_CHANGED: {
    edit: () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: ROLES.orders,
          PolicyName: 'inline-least-privilege',
          PolicyDocument: doc([
            {
              Sid: 'ReadWriteOrders',
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
              Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`,
            },
            {
              Sid: 'QueryOrdersByCustomer',
              Effect: 'Allow',
              Action: 'dynamodb:Query',
              Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders/index/by-customer`,
            },
          ]),
        }),
      ),
    severity: 'high',
    resource: ROLES.orders,
    difference: 'dynamodb:DeleteItem',
    event: /^PutRolePolicy$/,
  },
  INLINE_POLICY_REMOVED: {
    edit: () => iam.send(new DeleteRolePolicyCommand({ RoleName: ROLES.image, PolicyName: 'inline-least-privilege' })),
    severity: 'medium',
    resource: ROLES.image,
    difference: { type: 'REMOVE' },
    event: /^DeleteRolePolicy$/,
  },
  TRUST_POLICY_CHANGED: {
    edit: () =>
      iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: ROLES.queue,
          PolicyDocument: doc([
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
            },
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
          ]),
        }),
      ),
    severity: 'critical',
    resource: ROLES.queue,
    difference: '111111111111',
    event: /^UpdateAssumeRolePolicy$/,
  },
  PERMISSIONS_BOUNDARY_CHANGED: {
    edit: () =>
      iam.send(
        new PutRolePermissionsBoundaryCommand({ RoleName: ROLES.bounded, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      ),
    severity: 'high',
    resource: ROLES.bounded,
    difference: { path: 'PermissionsBoundary', expected: BOUNDARY_ARN, actual: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    event: /^PutRolePermissionsBoundary$/,
  },
  PERMISSIONS_BOUNDARY_REMOVED: {
    edit: () => iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: ROLES.bounded })),
    severity: 'critical',
    resource: ROLES.bounded,
    difference: { path: 'PermissionsBoundary', expected: BOUNDARY_ARN, type: 'REMOVE' },
    event: /^DeleteRolePermissionsBoundary$/,
  },
  MAX_SESSION_DURATION_CHANGED: {
    edit: () => iam.send(new UpdateRoleCommand({ RoleName: ROLES.orders, MaxSessionDuration: 43200 })),
    severity: 'low',
    resource: ROLES.orders,
    difference: { path: 'MaxSessionDuration', expected: 3600, actual: 43200 },
    event: /^UpdateRole$/,
  },
  DESCRIPTION_CHANGED: {
    edit: () => iam.send(new UpdateRoleDescriptionCommand({ RoleName: ROLES.orders, Description: 'edited by hand' })),
    severity: 'low',
    resource: ROLES.orders,
    difference: { path: 'Description', actual: 'edited by hand' },
    event: /^UpdateRoleDescription$/,
  },
  TAGS_CHANGED: {
    edit: () => iam.send(new TagRoleCommand({ RoleName: ROLES.orders, Tags: [{ Key: 'owner', Value: 'alice' }] })),
    severity: 'low',
    resource: ROLES.orders,
    difference: 'alice',
    event: /^TagRole$/,
  },
  ROLE_DELETED: {
    edit: () => deleteRoleLikeTheConsole(ROLES.queue),
    severity: 'medium',
    resource: ROLES.queue,
    difference: { path: 'RoleName', expected: ROLES.queue, type: 'REMOVE' },
    event: /^DeleteRole$/,
  },
  ROLE_RECREATED: {
    edit: async () => {
      await deleteRoleLikeTheConsole(ROLES.queue);
      await iam.send(
        new CreateRoleCommand({
          RoleName: ROLES.queue,
          AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
        }),
      );
    },
    severity: 'high',
    resource: ROLES.queue,
    difference: { path: 'RoleId', type: 'NOT_EQUAL' },
    event: /^CreateRole$/,
  },
  FUNCTION_ROLE_CHANGED: {
    edit: () =>
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'orders-api', Role: `arn:aws:iam::${ACCOUNT}:role/${ROLES.image}` }),
      ),
    severity: 'high',
    resource: 'orders-api',
    difference: { path: 'Role', actual: `arn:aws:iam::${ACCOUNT}:role/${ROLES.image}` },
    event: /^UpdateFunctionConfiguration/,
  },
  FUNCTION_DELETED: {
    edit: () => lambda.send(new DeleteFunctionCommand({ FunctionName: 'queue-consumer' })),
    severity: 'medium',
    resource: 'queue-consumer',
    difference: { path: 'FunctionName', type: 'REMOVE' },
    event: /^DeleteFunction/,
  },
  INVOKE_PERMISSION_ADDED: {
    edit: () =>
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'image-processor',
          StatementId: 'console-open',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      ),
    severity: 'critical',
    resource: 'console-open',
    difference: 'console-open',
    event: /^AddPermission/,
  },
  INVOKE_PERMISSION_CHANGED: {
    edit: async () => {
      const [sid] = await sidsOf('orders-api');
      await lambda.send(new RemovePermissionCommand({ FunctionName: 'orders-api', StatementId: sid }));
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: 'orders-api',
          StatementId: sid,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/*`,
        }),
      );
    },
    severity: 'high',
    resource: '',
    difference: `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/*`,
    event: /^AddPermission/,
  },
  INVOKE_PERMISSION_REMOVED: {
    edit: async () => {
      const [sid] = await sidsOf('image-processor');
      await lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: sid }));
    },
    severity: 'medium',
    resource: '',
    difference: { type: 'REMOVE' },
    event: /^RemovePermission/,
  },
  CUSTOMER_POLICY_CHANGED: {
    edit: () =>
      iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: KMS_POLICY_ARN,
          SetAsDefault: true,
          PolicyDocument: doc([
            {
              Sid: 'DecryptUploads',
              Effect: 'Allow',
              Action: ['kms:Decrypt', 'kms:Encrypt'],
              Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            },
          ]),
        }),
      ),
    severity: 'high',
    resource: 'image-processor-kms-decrypt',
    difference: 'kms:Encrypt',
    event: /^CreatePolicyVersion$/,
  },
  CUSTOMER_POLICY_DELETED: {
    edit: async () => {
      await iam.send(new DetachRolePolicyCommand({ RoleName: ROLES.image, PolicyArn: KMS_POLICY_ARN }));
      await iam.send(new DeletePolicyCommand({ PolicyArn: KMS_POLICY_ARN }));
    },
    severity: 'medium',
    resource: 'image-processor-kms-decrypt',
    difference: { path: 'PolicyName', type: 'REMOVE' },
    event: /^DeletePolicy$/,
  },
};

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint(), [...EXAMPLES, boundedStack]);
  deployed = aws.instance().snapshot();
  useEndpoint(aws.endpoint());
  iam = new IAMClient(aws.clientConfig('console'));
  lambda = new LambdaClient(aws.clientConfig('console'));
}, 300_000);

beforeEach(() => aws.instance().restore(deployed));

afterAll(() => {
  iam?.destroy();
  lambda?.destroy();
  deployment?.cleanup();
});

const drift = () => runDrift({ stateFiles: stateFiles(deployment.outDir, deployment.stacks) });

test('the fresh deployment (examples + bounded stack) is in sync', async () => {
  const { report } = await drift();
  expect(report.findings).toEqual([]);
  expect(report.errors).toEqual([]);
  // One execution role per function of the examples and the bounded stack; the bounded stack's function exists
  // outside Terraform and has no invoke permission, so no state declares anything about it.
  const functions = [...EXAMPLES, boundedStack].flatMap((d) => d.functions);
  expect(report.summary).toMatchObject({ inSync: true, roles: functions.length, functions: functions.filter((f) => !f.existing).length });
});

test.each(FINDING_CODES.map((code) => [code]))(
  '%s: a console edit is reported with its severity, differences and console attribution',
  async (code) => {
    const c = CASES[code];
    await c.edit();
    const { report } = await drift();

    const found = findingsWith(report, code);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f.severity).toBe(c.severity);
    if (c.resource) expect(f.resource.name).toContain(c.resource);
    expect(f.differences.length).toBeGreaterThan(0);
    if (typeof c.difference === 'string') expect(JSON.stringify(f.differences)).toContain(c.difference);
    else expect(f.differences).toContainEqual(expect.objectContaining(c.difference));
    expect(f.attribution).toMatchObject({
      actor: CONSOLE_ARN,
      viaConsole: true,
      byDeployIdentity: false,
      eventName: expect.stringMatching(c.event),
    });
    expect(f.attribution!.summary).toBe(`manual console edit by ${CONSOLE_ARN} at ${f.attribution!.eventTime}`);
    expect(report.summary.inSync).toBe(false);
    expect(report.errors).toEqual([]);
  },
);

describe('a console permission on each kind of qualifier is found (a qualifier state does not declare is read too)', () => {
  /** A published version and an alias made in the console: neither is drift by itself. */
  async function versionAndAlias(): Promise<{ version: string; alias: string }> {
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'image-processor' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'image-processor', Name: 'prod', FunctionVersion: Version }));
    return { version: Version!, alias: 'prod' };
  }

  test('a new version and alias without permissions are in sync', async () => {
    await versionAndAlias();
    const { report } = await drift();
    expect(report.findings).toEqual([]);
    expect(report.summary.inSync).toBe(true);
  });

  test.each([['unqualified'], ['version'], ['alias']] as const)('%s: AddPermission for principal * is a critical finding', async (kind) => {
    const { version, alias } = await versionAndAlias();
    const qualifier = { unqualified: undefined, version, alias }[kind];
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'image-processor',
        StatementId: 'console-open',
        Action: 'lambda:InvokeFunction',
        Principal: '*',
        ...(qualifier ? { Qualifier: qualifier } : {}),
      }),
    );
    const { report } = await drift();
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      code: 'INVOKE_PERMISSION_ADDED',
      severity: 'critical',
      resource: { name: `image-processor${qualifier ? `:${qualifier}` : ''}/console-open` },
      attribution: { actor: CONSOLE_ARN, viaConsole: true },
    });
    expect(report.summary.inSync).toBe(false);
  });

  test('--skip-alias-reads: the alias permission goes unseen, and every report says alias permissions were not verified', async () => {
    const { version, alias } = await versionAndAlias();
    for (const Qualifier of [version, alias]) {
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: 'image-processor',
          StatementId: `console-open-${Qualifier}`,
          Action: 'lambda:InvokeFunction',
          Principal: '*',
          Qualifier,
        }),
      );
    }
    const files = stateFiles(deployment.outDir, deployment.stacks);
    const skipped = await runDrift({ stateFiles: files, skipAliasReads: true });
    // Versions still come from the listing: only the alias's permission is missed, and the report says so.
    expect(skipped.report.findings.map((f) => f.resource.name)).toEqual([`image-processor:${version}/console-open-${version}`]);
    expect(skipped.report.warnings).toContainEqual(expect.objectContaining({ code: 'ALIASES_NOT_READ' }));
    expect(skipped.apiCalls['lambda:ListAliases']).toBeUndefined();
    expect(reportSchemaErrors(skipped.report)).toEqual([]);
    const full = await runDrift({ stateFiles: files });
    expect(full.report.findings.map((f) => f.resource.name).sort()).toEqual(
      [`image-processor:${alias}/console-open-${alias}`, `image-processor:${version}/console-open-${version}`].sort(),
    );
    expect(full.report.warnings.map((w) => w.code)).not.toContain('ALIASES_NOT_READ');

    // The CLI: with the version's permission removed the verdict is "In sync", qualified in the summary line.
    await lambda.send(
      new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: `console-open-${version}`, Qualifier: version }),
    );
    const out = mkdtempSync(join(tmpdir(), 'skip-alias-reads-'));
    const junit = join(out, 'drift.xml');
    const args = ['drift', '--skip-alias-reads', '--format', 'text', '--report', `junit=${junit}`, ...files.flatMap((f) => ['--state', f])];
    const { code, stdout, stderr } = await runCli(args, aws.endpoint());
    // JUnit's per-resource view says it too, in each suite's system-out.
    const xml = readFileSync(junit, 'utf8');
    rmSync(out, { recursive: true, force: true });
    expect(xml).toContain('<system-out>warning ALIASES_NOT_READ: alias permissions not verified');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^In sync: 0 finding\(s\).*; alias permissions not verified \(--skip-alias-reads\)\.$/m);
    expect(stderr).toContain('warning: alias permissions not verified: --skip-alias-reads did not list the aliases of');
  }, 120_000);
});

test('the CLI binary reports a console edit as JSON with exit code 2', async () => {
  await CASES.MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM.edit();
  const args = ['drift', '--format', 'json', ...stateFiles(deployment.outDir, deployment.stacks).flatMap((f) => ['--state', f])];
  const { code, stdout, stderr } = await runCli(args, aws.endpoint());
  expect({ code, stderr: stderr.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 2, stderr: [] });
  const report = JSON.parse(stdout) as DriftReport;
  expect(reportSchemaErrors(report)).toEqual([]); // real reports keep the published contract
  expect(report.summary).toMatchObject({ inSync: false, findings: 1, errors: 0 });
  expect(report.findings[0]).toMatchObject({
    code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
    severity: 'critical',
    resource: { name: expect.stringContaining(ROLES.orders) },
    attribution: { actor: CONSOLE_ARN, viaConsole: true, eventName: 'AttachRolePolicy' },
  });
  expect(JSON.stringify(report.findings[0].differences)).toContain(ADMIN);
}, 120_000);
