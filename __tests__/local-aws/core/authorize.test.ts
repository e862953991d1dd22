/**
 * The endpoint's authorization step, through real SDK v3 clients over HTTP: a session of a role IAM holds is
 * judged by the role's identity-based policies (inline, attached managed, boundary), and a refusal comes back
 * in each service's own error shape, naming the caller, the action and the resource. The tests' identities
 * (root, console, roles assumed without being created) keep working.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { withLocalAws } from '../../helpers/local-aws';
import { zipWith } from '../../helpers/zip';
import { rejectionOf } from '../support';

const ACCOUNT = '000000000000';
const aws = withLocalAws();
const admin = () => new IAMClient(aws.clientConfig('admin'));

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Allow', Action, Resource });

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** Creates a role with one inline policy (none when `policy` is undefined) and returns a session's keys. */
async function sessionOf(roleName: string, policy?: string): Promise<Keys> {
  await admin().send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: TRUST }));
  if (policy) await admin().send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: policy }));
  const out = await new STSClient(aws.clientConfig('admin')).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, RoleSessionName: 'job' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

const caller = (roleName: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/job`;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

beforeAll(async () => {
  await admin().send(
    new CreateRoleCommand({
      RoleName: 'fn-exec',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    }),
  );
  await new LambdaClient(aws.clientConfig('admin')).send(
    new CreateFunctionCommand({
      FunctionName: 'orders',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: `arn:aws:iam::${ACCOUNT}:role/fn-exec`,
      Code: { ZipFile: zipWith('index.js', 'exports.handler = async () => 1;') },
    }),
  );
});

describe('a session of a role IAM holds is judged by its policies', () => {
  it('IAM: an allowed read succeeds; another action is Query AccessDenied 403 naming caller, action and role ARN', async () => {
    const iam = new IAMClient(aws.clientConfig(await sessionOf('iam-reader', doc(allow('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/*`)))));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'fn-exec' }))).resolves.toMatchObject({ Role: { RoleName: 'fn-exec' } });
    const err = await rejectionOf(iam.send(new ListRolePoliciesCommand({ RoleName: 'fn-exec' })));
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      `User: ${caller('iam-reader')} is not authorized to perform: iam:ListRolePolicies on resource: arn:aws:iam::${ACCOUNT}:role/fn-exec ` +
        'because no identity-based policy allows the iam:ListRolePolicies action',
    );
    // An action without resource-level permissions names no resource, as on AWS.
    const list = await rejectionOf(iam.send(new ListRolesCommand({})));
    expect(list.message).toBe(
      `User: ${caller('iam-reader')} is not authorized to perform: iam:ListRoles because no identity-based policy allows the iam:ListRoles action`,
    );
  });

  it('Lambda: REST-JSON AccessDeniedException 403; a version or alias is its own (qualified) resource', async () => {
    const keys = await sessionOf('fn-reader', doc(allow('lambda:GetPolicy', fnArn('orders'))));
    const lambda = new LambdaClient(aws.clientConfig(keys));
    // Allowed: the unqualified policy read (no policy yet is Lambda's own 404, not a refusal).
    expect((await rejectionOf(lambda.send(new GetPolicyCommand({ FunctionName: 'orders' })))).name).toBe('ResourceNotFoundException');
    const qualified = await rejectionOf(lambda.send(new GetPolicyCommand({ FunctionName: 'orders', Qualifier: 'prod' })));
    expect(qualified).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(qualified.message).toContain(`lambda:GetPolicy on resource: ${fnArn('orders')}:prod because`);
    const config = await rejectionOf(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fnArn('orders') })));
    expect(config.name).toBe('AccessDeniedException');
    expect(config.message).toContain(
      `User: ${caller('fn-reader')} is not authorized to perform: lambda:GetFunctionConfiguration on resource: ${fnArn('orders')} `,
    );
  });

  it('CloudTrail: JSON AccessDeniedException (400) for LookupEvents; allowed with the action on "*"', async () => {
    const denied = new CloudTrailClient(aws.clientConfig(await sessionOf('trail-none', doc(allow('iam:GetRole', '*')))));
    const err = await rejectionOf(denied.send(new LookupEventsCommand({})));
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(err.message).toContain('cloudtrail:LookupEvents because no identity-based policy allows');
    const allowed = new CloudTrailClient(aws.clientConfig(await sessionOf('trail-reader', doc(allow('cloudtrail:LookupEvents', '*')))));
    await expect(allowed.send(new LookupEventsCommand({}))).resolves.toHaveProperty('Events');
  });

  it('STS: GetCallerIdentity needs no permission; AssumeRole needs sts:AssumeRole (Query AccessDenied 403)', async () => {
    const sts = new STSClient(aws.clientConfig(await sessionOf('no-policies')));
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: caller('no-policies') });
    const err = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/fn-exec`, RoleSessionName: 'x1' })),
    );
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(err.message).toContain(`sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/fn-exec`);
  });

  it('an explicit Deny wins over an Allow, and says so', async () => {
    const policy = doc(allow('iam:*', '*'), { Effect: 'Deny', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/fn-exec` });
    const iam = new IAMClient(aws.clientConfig(await sessionOf('denied-one', policy)));
    const err = await rejectionOf(iam.send(new GetRoleCommand({ RoleName: 'fn-exec' })));
    expect(err.message).toContain(
      'iam:GetRole on resource: arn:aws:iam::000000000000:role/fn-exec with an explicit deny in an identity-based policy',
    );
    await expect(iam.send(new GetRoleCommand({ RoleName: 'denied-one' }))).resolves.toBeDefined();
  });

  it('attached AWS managed policies count, and a permissions boundary limits them', async () => {
    const keys = await sessionOf('managed-reader');
    await admin().send(new AttachRolePolicyCommand({ RoleName: 'managed-reader', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const iam = new IAMClient(aws.clientConfig(keys));
    await expect(iam.send(new ListRolesCommand({}))).resolves.toHaveProperty('Roles');
    await admin().send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: 'managed-reader',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess',
      }),
    );
    const err = await rejectionOf(iam.send(new ListRolesCommand({})));
    expect(err.message).toContain('because no permissions boundary allows the iam:ListRoles action');
  });

  it('a policy change applies to the next call (decisions are cached by the policies, not by the session)', async () => {
    const keys = await sessionOf('changing', doc(allow('iam:GetRole', '*')));
    const iam = new IAMClient(aws.clientConfig(keys));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'fn-exec' }))).resolves.toBeDefined();
    await admin().send(new DeleteRolePolicyCommand({ RoleName: 'changing', PolicyName: 'p' }));
    expect((await rejectionOf(iam.send(new GetRoleCommand({ RoleName: 'fn-exec' })))).name).toBe('AccessDenied');
    await admin().send(new PutRolePolicyCommand({ RoleName: 'changing', PolicyName: 'p', PolicyDocument: doc(allow('iam:GetRole', '*')) }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'fn-exec' }))).resolves.toBeDefined();
  });

  it('a condition on the request context is evaluated (aws:RequestedRegion)', async () => {
    const policy = doc({
      ...allow('lambda:GetFunctionConfiguration', '*'),
      Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    });
    const keys = await sessionOf('eu-only', policy);
    const err = await rejectionOf(
      new LambdaClient(aws.clientConfig(keys)).send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' })),
    );
    expect(err.name).toBe('AccessDeniedException');
    // In eu-west-1 the call is allowed; the function lives in us-east-1, so Lambda's own 404 answers.
    const eu = await rejectionOf(
      new LambdaClient(aws.clientConfig(keys, 'eu-west-1')).send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' })),
    );
    expect(eu.name).toBe('ResourceNotFoundException');
  });
});

describe('identities IAM does not hold are not judged', () => {
  it('the root, the console identity and a session of a role never created keep full access', async () => {
    const out = await new STSClient(aws.clientConfig('admin')).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/never-created`, RoleSessionName: 'ci' }),
    );
    const c = out.Credentials!;
    const ghost = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    for (const who of ['admin', 'console', ghost] as const) {
      await expect(new IAMClient(aws.clientConfig(who)).send(new ListRolesCommand({}))).resolves.toHaveProperty('Roles');
      await expect(new CloudTrailClient(aws.clientConfig(who)).send(new LookupEventsCommand({}))).resolves.toHaveProperty('Events');
    }
  });
});
