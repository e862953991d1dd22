import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  PutRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { errorOf, LOGS_POLICY, TRUST, useIamEndpoint } from './fixtures';

describe('IAM role attachments and inline policies over HTTP with SDK v3', () => {
  const env = useIamEndpoint();
  beforeEach(() => env.iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: TRUST })));

  it('attaches AWS and customer managed policies, lists them paginated, detaches', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'logs', PolicyDocument: LOGS_POLICY }));
    const arns = [
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
      Policy!.Arn!,
    ];
    for (const PolicyArn of arns) await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn }));
    // attaching twice is a no-op, as on AWS
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arns[0] }));
    const pages = [];
    for await (const page of paginateListAttachedRolePolicies({ client: env.iam, pageSize: 2 }, { RoleName: 'exec' }))
      pages.push(page.AttachedPolicies!);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: arns[0] },
      { PolicyName: 'AWSXRayDaemonWriteAccess', PolicyArn: arns[1] },
      { PolicyName: 'logs', PolicyArn: Policy!.Arn },
    ]);
    const onlyServiceRole = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'exec', PathPrefix: '/service-role/' }));
    expect(onlyServiceRole.AttachedPolicies!.map((a) => a.PolicyName)).toEqual(['AWSLambdaBasicExecutionRole']);

    await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arns[1] }));
    const after = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'exec' }));
    expect(after.AttachedPolicies!.map((a) => a.PolicyArn)).toEqual([arns[0], Policy!.Arn]);
    const again = await errorOf(env.iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arns[1] })));
    expect(again).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('attaching an unknown policy ARN is NoSuchEntity "does not exist or is not attachable"', async () => {
    const arn = 'arn:aws:iam::aws:policy/NotARealPolicy';
    const err = await errorOf(env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arn })));
    expect(err).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: `Policy ${arn} does not exist or is not attachable.`,
    });
    const malformedArn = await errorOf(env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: 'AdministratorAccess' })));
    expect(malformedArn).toMatchObject({ name: 'InvalidInputException', status: 400 });
  });

  it('the 11th managed policy on a role is LimitExceeded (AWS default quota 10)', async () => {
    for (let i = 0; i < 10; i++) {
      const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: LOGS_POLICY }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: Policy!.Arn }));
    }
    const err = await errorOf(
      env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
    );
    expect(err).toMatchObject({ name: 'LimitExceededException', status: 409 });
  });

  it('PutRolePolicy stores the document; GetRolePolicy returns it URL-encoded (+ as %2B, spaces as %20)', async () => {
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'inline', PolicyDocument: LOGS_POLICY }));
    const got = await env.iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'inline' }));
    expect(got.RoleName).toBe('exec');
    expect(got.PolicyDocument).toBe(encodeURIComponent(LOGS_POLICY));
    expect(got.PolicyDocument).toContain('a%20b%2Bc');
    // What Go's url.QueryUnescape does: '+' → ' ', then percent-decoding.
    expect(decodeURIComponent(got.PolicyDocument!.replace(/\+/g, ' '))).toBe(LOGS_POLICY);
  });

  it('rejects malformed identity policies with MalformedPolicyDocument 400', async () => {
    const cases = [
      '{"Statement": []}',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
      JSON.stringify({ Version: '2020-01-01', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'my-bucket' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'has space', Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' },
        ],
      }),
    ];
    for (const PolicyDocument of cases) {
      const err = await errorOf(env.iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'bad', PolicyDocument })));
      expect({ doc: PolicyDocument, name: err.name, status: err.status }).toEqual({
        doc: PolicyDocument,
        name: 'MalformedPolicyDocumentException',
        status: 400,
      });
    }
  });

  it('ListRolePolicies pages inline policy names; DeleteRolePolicy removes one; a missing one is NoSuchEntity', async () => {
    for (const n of ['c', 'a', 'b'])
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: n, PolicyDocument: LOGS_POLICY }));
    const pages: string[][] = [];
    for await (const page of paginateListRolePolicies({ client: env.iam, pageSize: 2 }, { RoleName: 'exec' }))
      pages.push(page.PolicyNames!);
    expect(pages).toEqual([['a', 'b'], ['c']]);
    await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'b' }));
    const err = await errorOf(env.iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'b' })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The role policy with name b cannot be found.' });
  });

  it('DeleteRole with attached or inline policies is DeleteConflict 409', async () => {
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const attached = await errorOf(env.iam.send(new DeleteRoleCommand({ RoleName: 'exec' })));
    expect(attached).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(attached.message).toContain('must detach all policies first');
    await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'inline', PolicyDocument: LOGS_POLICY }));
    const inline = await errorOf(env.iam.send(new DeleteRoleCommand({ RoleName: 'exec' })));
    expect(inline).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(inline.message).toContain('must delete policies first');
  });

  it('ListInstanceProfilesForRole answers an empty list for a role and NoSuchEntity for no role', async () => {
    const out = await env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'exec' }));
    expect(out.InstanceProfiles).toEqual([]);
    expect(out.IsTruncated).toBe(false);
    const err = await errorOf(env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'nope' })));
    expect(err.name).toBe('NoSuchEntityException');
  });
});
