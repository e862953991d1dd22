/**
 * Names that are also Object.prototype's keys (`constructor`, `toString`, `__proto__`) are valid role,
 * policy, function and alias names: they must behave like any other name, and survive a snapshot.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { EXEC_ROLE_ARN, useLambdaEndpoint, zipWith } from '../services/lambda/fixtures';
import { LOGS_POLICY, TRUST, errorOf } from '../services/iam/fixtures';
import { parseJson, type PolicyJson } from '../support';
import type { LocalAwsSnapshot } from '../../../local-aws';

const env = useLambdaEndpoint();

describe('IAM', () => {
  test('GetRole constructor is NoSuchEntity (404) until CreateRole constructor makes it; then it reads, lists and deletes', async () => {
    expect(await errorOf(env.iam.send(new GetRoleCommand({ RoleName: 'constructor' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    expect(await errorOf(env.iam.send(new GetRoleCommand({ RoleName: 'toString' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    await env.iam.send(new CreateRoleCommand({ RoleName: 'constructor', AssumeRolePolicyDocument: TRUST }));
    expect((await env.iam.send(new GetRoleCommand({ RoleName: 'constructor' }))).Role?.Arn).toBe(
      'arn:aws:iam::000000000000:role/constructor',
    );
    await env.iam.send(new CreateRoleCommand({ RoleName: '__proto__', AssumeRolePolicyDocument: TRUST }));
    expect((await env.iam.send(new GetRoleCommand({ RoleName: '__proto__' }))).Role?.RoleName).toBe('__proto__');
    const names = (await env.iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName);
    expect(names).toEqual(expect.arrayContaining(['constructor', '__proto__']));
    await env.iam.send(new DeleteRoleCommand({ RoleName: '__proto__' }));
    expect(await errorOf(env.iam.send(new GetRoleCommand({ RoleName: '__proto__' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  test('PutRolePolicy PolicyName=__proto__ is stored, listed, read, kept by snapshot/restore and deleted', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'inline-proto', AssumeRolePolicyDocument: TRUST }));
    expect(await errorOf(env.iam.send(new GetRolePolicyCommand({ RoleName: 'inline-proto', PolicyName: 'constructor' })))).toMatchObject({
      status: 404,
    });
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline-proto', PolicyName: '__proto__', PolicyDocument: LOGS_POLICY }));
    expect((await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline-proto' }))).PolicyNames).toEqual(['__proto__']);
    const snap = env.aws.snapshot();
    env.aws.restore(parseJson<LocalAwsSnapshot>(JSON.stringify(snap)));
    const got = await env.iam.send(new GetRolePolicyCommand({ RoleName: 'inline-proto', PolicyName: '__proto__' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(LOGS_POLICY));
    await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline-proto', PolicyName: '__proto__' }));
    expect((await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline-proto' }))).PolicyNames).toEqual([]);
  });
});

describe('Lambda', () => {
  const create = (name: string) =>
    env.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: EXEC_ROLE_ARN,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipWith('index.js', '//') },
        Publish: true,
      }),
    );

  test('GetFunction constructor is ResourceNotFoundException (404) until it is created; then it reads, lists and deletes', async () => {
    expect(await errorOf(env.lambda.send(new GetFunctionCommand({ FunctionName: 'constructor' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    await create('constructor');
    expect((await env.lambda.send(new GetFunctionCommand({ FunctionName: 'constructor' }))).Configuration?.FunctionName).toBe(
      'constructor',
    );
    expect((await env.lambda.send(new ListFunctionsCommand({}))).Functions!.map((f) => f.FunctionName)).toContain('constructor');
    await env.lambda.send(new DeleteFunctionCommand({ FunctionName: 'constructor' }));
    expect(await errorOf(env.lambda.send(new GetFunctionCommand({ FunctionName: 'constructor' })))).toMatchObject({ status: 404 });
  });

  test('aliases and policy qualifiers named constructor / __proto__ are ordinary names', async () => {
    await create('proto-aliases');
    expect(await errorOf(env.lambda.send(new GetAliasCommand({ FunctionName: 'proto-aliases', Name: 'constructor' })))).toMatchObject({
      status: 404,
    });
    expect(
      await errorOf(env.lambda.send(new GetFunctionCommand({ FunctionName: 'proto-aliases', Qualifier: 'constructor' }))),
    ).toMatchObject({ status: 404 });
    expect(await errorOf(env.lambda.send(new GetPolicyCommand({ FunctionName: 'proto-aliases', Qualifier: 'toString' })))).toMatchObject({
      status: 404,
    });
    for (const name of ['constructor', '__proto__']) {
      await env.lambda.send(new CreateAliasCommand({ FunctionName: 'proto-aliases', Name: name, FunctionVersion: '1' }));
      expect((await env.lambda.send(new GetAliasCommand({ FunctionName: 'proto-aliases', Name: name }))).Name).toBe(name);
      await env.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'proto-aliases',
          Qualifier: name,
          StatementId: 's3',
          Action: 'lambda:InvokeFunction',
          Principal: 's3.amazonaws.com',
        }),
      );
      const policy = parseJson<PolicyJson>(
        (await env.lambda.send(new GetPolicyCommand({ FunctionName: 'proto-aliases', Qualifier: name }))).Policy,
      );
      expect(policy.Statement.map((s) => s.Sid)).toEqual(['s3']);
    }
  });

  test('a region named constructor is just another (empty) region', async () => {
    expect(await errorOf(env.client('constructor').send(new GetFunctionCommand({ FunctionName: 'x' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });
});
