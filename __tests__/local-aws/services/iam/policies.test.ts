import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  paginateListPolicies,
} from '@aws-sdk/client-iam';
import { errorOf, LOGS_POLICY, TRUST, useIamEndpoint } from './fixtures';
import { parseJson, type PolicyJson } from '../../support';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM managed policies over HTTP with SDK v3', () => {
  const env = useIamEndpoint();

  it('CreatePolicy → GetPolicy → GetPolicyVersion(DefaultVersionId) returns the URL-encoded document', async () => {
    const { Policy } = await env.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'logs',
        Path: '/app/',
        PolicyDocument: LOGS_POLICY,
        Description: 'write logs',
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    expect(Policy).toMatchObject({
      Arn: 'arn:aws:iam::000000000000:policy/app/logs',
      Path: '/app/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
    });
    expect(Policy!.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    const got = (await env.iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!;
    expect(got).toMatchObject({ Description: 'write logs', Tags: [{ Key: 'k', Value: 'v' }] });
    const version = (await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: got.DefaultVersionId })))
      .PolicyVersion!;
    expect(version).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(LOGS_POLICY) });
    const dup = await errorOf(env.iam.send(new CreatePolicyCommand({ PolicyName: 'LOGS', PolicyDocument: LOGS_POLICY })));
    expect(dup).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
  });

  it('reads AWS managed policies from the real catalog (path, versions, document)', async () => {
    const arn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    const p = (await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    expect(p).toMatchObject({ PolicyName: 'AWSLambdaBasicExecutionRole', Path: '/service-role/' });
    const v = (await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId }))).PolicyVersion!;
    expect(parseJson<PolicyJson>(decodeURIComponent(v.Document!)).Statement[0].Action).toEqual(
      expect.arrayContaining(['logs:CreateLogGroup']),
    );
    const versions = (await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    expect(versions.length).toBeGreaterThanOrEqual(1);
    expect(versions.filter((x) => x.IsDefaultVersion).map((x) => x.VersionId)).toEqual([p.DefaultVersionId]);
    const denied = await errorOf(env.iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(denied.status).toBe(403);
  });

  it('versions: max 5 (LimitExceeded), SetDefault, cannot delete the default (DeleteConflict), ids never reused', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'v', PolicyDocument: doc('s3:GetObject') }));
    const arn = Policy!.Arn!;
    for (let i = 2; i <= 5; i++) {
      const out = await env.iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Get${i}`), SetAsDefault: i === 5 }),
      );
      expect(out.PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: i === 5 });
    }
    const sixth = await errorOf(env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:Get6') })));
    expect(sixth).toMatchObject({ name: 'LimitExceededException', status: 409 });
    const listed = (await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    expect(listed.map((v) => v.VersionId)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
    const delDefault = await errorOf(env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })));
    expect(delDefault).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    const next = await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:Get7') }));
    expect(next.PolicyVersion!.VersionId).toBe('v6');
    expect((await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v2');
    const missing = await errorOf(env.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })));
    expect(missing).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('DeletePolicy: DeleteConflict while attached or with extra versions, then succeeds', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'd', PolicyDocument: doc('s3:GetObject') }));
    const arn = Policy!.Arn!;
    await env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }));
    expect((await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(1);
    const attached = await errorOf(env.iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(attached).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }));
    await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') }));
    const versions = await errorOf(env.iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(versions).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await env.iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    const gone = await errorOf(env.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    expect(gone).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('ListPolicies: Scope Local/AWS/All, OnlyAttached, PathPrefix, paginated', async () => {
    for (const n of ['b', 'a', 'c']) await env.iam.send(new CreatePolicyCommand({ PolicyName: n, PolicyDocument: doc('s3:GetObject') }));
    const local: string[] = [];
    for await (const page of paginateListPolicies({ client: env.iam, pageSize: 2 }, { Scope: 'Local' }))
      local.push(...page.Policies!.map((p) => p.PolicyName!));
    expect(local).toEqual(['a', 'b', 'c']);

    let awsCount = 0;
    let pages = 0;
    for await (const page of paginateListPolicies({ client: env.iam, pageSize: 1000 }, { Scope: 'AWS' })) {
      awsCount += page.Policies!.length;
      pages++;
    }
    expect(awsCount).toBeGreaterThan(1000);
    expect(pages).toBe(Math.ceil(awsCount / 1000));

    await env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await env.iam.send(
      new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }),
    );
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::000000000000:policy/b' }));
    const attached: string[] = [];
    for await (const page of paginateListPolicies({ client: env.iam }, { OnlyAttached: true }))
      attached.push(...page.Policies!.map((p) => `${p.PolicyName}:${p.AttachmentCount}`));
    expect(attached).toEqual(['AWSLambdaBasicExecutionRole:1', 'b:1']);
    const serviceRole: string[] = [];
    for await (const page of paginateListPolicies({ client: env.iam }, { Scope: 'AWS', PathPrefix: '/service-role/' }))
      serviceRole.push(...page.Policies!.map((p) => p.Path!));
    expect(serviceRole.length).toBeGreaterThan(10);
    expect(new Set(serviceRole)).toEqual(new Set(['/service-role/']));
    const badScope = await errorOf(env.iam.send(new ListPoliciesCommand({ Scope: 'Mine' as never })));
    expect(badScope).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('TagPolicy / UntagPolicy / ListPolicyTags', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 't', PolicyDocument: doc('s3:GetObject') }));
    await env.iam.send(
      new TagPolicyCommand({
        PolicyArn: Policy!.Arn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await env.iam.send(new UntagPolicyCommand({ PolicyArn: Policy!.Arn, TagKeys: ['a'] }));
    const tags = await env.iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy!.Arn }));
    expect(tags.Tags).toEqual([{ Key: 'b', Value: '2' }]);
    expect(tags.IsTruncated).toBe(false);
  });

  it('ListEntitiesForPolicy lists the roles a policy is attached to, paginated and filtered', async () => {
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    for (const [RoleName, Path] of [
      ['b', '/'],
      ['a', '/x/'],
      ['c', '/'],
    ]) {
      await env.iam.send(new CreateRoleCommand({ RoleName, Path, AssumeRolePolicyDocument: TRUST }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: arn }));
    }
    const first = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2 }));
    expect(first.PolicyRoles!.map((r) => r.RoleName)).toEqual(['a', 'b']);
    expect(first.PolicyRoles![0].RoleId).toMatch(/^AROA/);
    expect(first.IsTruncated).toBe(true);
    const rest = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, Marker: first.Marker }));
    expect(rest.PolicyRoles!.map((r) => r.RoleName)).toEqual(['c']);
    const underX = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/x/', EntityFilter: 'Role' }));
    expect(underX.PolicyRoles!.map((r) => r.RoleName)).toEqual(['a']);
    const users = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }));
    expect(users.PolicyRoles).toEqual([]);
  });
});
