/**
 * Issue acceptance: the example stacks deploy with the real terraform + AWS provider 5.100.0 against the
 * local endpoint, an immediate `plan -detailed-exitcode` shows no changes, and `destroy` leaves nothing.
 */
import { IAMClient, ListRolesCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { EXAMPLES } from '../../stacks/examples';
import { summarizeStack } from '../../stacks/describe';
import { awsEndpointEnv, runTerraform, terraform } from '../../shared/terraform/run';

jest.setTimeout(600_000);

const aws = withLocalAws();
let deployment: Deployment;

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint());
});
afterAll(() => deployment?.cleanup());

describe('example stacks on the local endpoint', () => {
  it('creates every role and function the definitions describe', async () => {
    const iam = new IAMClient(aws.clientConfig());
    const lambda = new LambdaClient(aws.clientConfig());
    const roles = (await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName).sort();
    const functions = (await lambda.send(new ListFunctionsCommand({}))).Functions!.map((f) => f.FunctionName).sort();
    const summaries = EXAMPLES.flatMap((d) => summarizeStack(d).functions);
    expect(roles).toEqual(summaries.map((f) => f.roleName).sort());
    expect(functions).toEqual(summaries.map((f) => f.name).sort());
  });

  it.each(EXAMPLES.map((d) => d.name))('%s: an immediate plan -detailed-exitcode shows no changes', async (name) => {
    const result = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], {
      cwd: deployment.stackDir(name),
      env: awsEndpointEnv(aws.endpoint()),
      timeoutMs: 180_000,
    });
    // 0 = no changes; 2 = changes (print them so a failure says which attribute the endpoint got wrong).
    if (result.code !== 0) throw new Error(`plan exit ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.code).toBe(0);
  });

  it('destroy leaves no role, customer policy or function behind', async () => {
    for (const name of [...deployment.stacks].reverse()) {
      await terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], {
        cwd: deployment.stackDir(name),
        env: awsEndpointEnv(aws.endpoint()),
        timeoutMs: 180_000,
      });
    }
    const iam = new IAMClient(aws.clientConfig());
    const lambda = new LambdaClient(aws.clientConfig());
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });
});
