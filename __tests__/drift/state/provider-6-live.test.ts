/**
 * The drift check on a state written by AWS provider 6.x (fixtures/provider-6.tfstate.json), against the
 * local endpoint through the real SDK: the functions are read in the regions their `region` attributes name
 * (one function name in us-east-1 and eu-west-1, a function owned elsewhere in ap-southeast-2, while the run's
 * default region is us-east-1), the state is in sync with what it declares, and console edits are reported on
 * the right function in the right region, including a removed InvokedViaFunctionUrl condition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  RemovePermissionCommand,
  type AddPermissionCommandInput,
} from '@aws-sdk/client-lambda';
import type { LocalAws } from '../../../local-aws';
import { runDrift } from '../../../drift/run-drift';
import { ACCOUNT, iamAs, lambdaAs, startEndpoint } from '../fixtures/seed';
import { zipWith } from '../../helpers/zip';

const FIXTURE = join(__dirname, 'fixtures', 'provider-6.tfstate.json');
type Attributes = Record<string, string | boolean | null | undefined>;
type State = { resources: { type: string; name: string; instances: { attributes: Attributes }[] }[] };
const state = JSON.parse(readFileSync(FIXTURE, 'utf8')) as State;
const attrs = (name: string) => state.resources.find((r) => r.name === name)!.instances[0].attributes;

let aws: LocalAws;
let dir: string;
let stateFile: string;

/** The permission a state resource declares, as AddPermission input. */
function permissionInput(resource: string): AddPermissionCommandInput {
  const a = attrs(resource);
  return {
    FunctionName: String(a.function_name),
    StatementId: String(a.statement_id),
    Action: String(a.action),
    Principal: String(a.principal),
    ...(typeof a.source_arn === 'string' ? { SourceArn: a.source_arn } : {}),
    ...(a.function_url_auth_type ? { FunctionUrlAuthType: a.function_url_auth_type as 'AWS_IAM' } : {}),
    ...(a.invoked_via_function_url ? { InvokedViaFunctionUrl: true } : {}),
  };
}

beforeAll(async () => {
  aws = await startEndpoint();
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-provider-6-'));
  // What an apply of the fixture's configuration leaves in the account.
  const iam = iamAs(aws);
  const role = attrs('router');
  await iam.send(new CreateRoleCommand({ RoleName: 'router-exec', AssumeRolePolicyDocument: String(role.assume_role_policy) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'router-exec', PolicyArn: String(attrs('router_basic').policy_arn) }));
  const inline = attrs('router_inline');
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'router-exec', PolicyName: String(inline.name), PolicyDocument: String(inline.policy) }),
  );
  const code = { ZipFile: zipWith('index.js', 'exports.handler = async () => 1;\n') };
  const functionIn = async (name: string, region: string) =>
    lambdaAs(aws, 'admin', region).send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: `arn:aws:iam::${ACCOUNT}:role/router-exec`,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: code,
      }),
    );
  await functionIn('router', 'us-east-1');
  await functionIn('router', 'eu-west-1');
  await functionIn('reports', 'ap-southeast-2');
  for (const p of ['router_us_api', 'router_eu_api', 'reports_url', 'reports_url_call'])
    await lambdaAs(aws, 'admin', String(attrs(p).region)).send(new AddPermissionCommand(permissionInput(p)));
  // Apply records the role's id.
  const live = await iam.send(new GetRoleCommand({ RoleName: 'router-exec' }));
  role.unique_id = live.Role!.RoleId;
  stateFile = join(dir, 'terraform.tfstate');
  writeFileSync(stateFile, JSON.stringify(state));
});

afterAll(async () => {
  await aws?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const drift = () => runDrift({ stateFiles: [stateFile], since: '1h', region: 'us-east-1' });

describe('drift on a provider 6.x state, against the endpoint', () => {
  it('is in sync, having read each function in the region its state names', async () => {
    const { report } = await drift();
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
    const functions = (report.checked ?? []).filter((r) => r.type === 'aws_lambda_function').map((r) => [r.region, r.arn]);
    expect(functions.sort()).toEqual([
      // Owned elsewhere: the state names it only by plain name (and region).
      ['ap-southeast-2', null],
      ['eu-west-1', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:router`],
      ['us-east-1', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:router`],
    ]);
    expect([...report.scope.regions].sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });

  it('reports console edits on the right function in the right region', async () => {
    // eu-west-1's router loses its API permission; ap-southeast-2's reports loses the function-URL-only condition.
    await lambdaAs(aws, 'admin', 'eu-west-1').send(
      new RemovePermissionCommand({ FunctionName: 'router', StatementId: 'AllowApiGateway-api' }),
    );
    const reports = lambdaAs(aws, 'admin', 'ap-southeast-2');
    await reports.send(new RemovePermissionCommand({ FunctionName: 'reports', StatementId: 'AllowFunctionUrl-partners' }));
    await reports.send(new AddPermissionCommand({ ...permissionInput('reports_url'), InvokedViaFunctionUrl: undefined }));
    const { report } = await drift();
    const summary = report.findings.map((f) => ({ code: f.code, arn: f.resource.arn, paths: f.differences.map((d) => d.path) }));
    expect(summary).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:router` }),
        expect.objectContaining({
          arn: `arn:aws:lambda:ap-southeast-2:${ACCOUNT}:function:reports`,
          paths: ['Policy.Statement[sid=AllowFunctionUrl-partners].Condition.Bool.lambda:InvokedViaFunctionUrl'],
        }),
      ]),
    );
    // us-east-1's router, with the same name and statement id, is untouched and not reported.
    expect(summary.filter((f) => f.arn?.includes(':us-east-1:'))).toEqual([]);
    expect(summary).toHaveLength(2);
  });
});
