import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { errorOf, TRUST, useIamEndpoint } from './fixtures';

describe('IAM roles over HTTP with SDK v3', () => {
  const env = useIamEndpoint();

  it('CreateRole returns AROA id, ARN with path, ISO CreateDate, default MaxSessionDuration; GetRole echoes it with tags and a URL-encoded trust policy', async () => {
    const created = await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'fn-exec',
        Path: '/service/',
        AssumeRolePolicyDocument: TRUST,
        Description: 'exec role',
        Tags: [{ Key: 'team', Value: 'a b' }],
      }),
    );
    const role = created.Role!;
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(role.Arn).toBe('arn:aws:iam::000000000000:role/service/fn-exec');
    expect(role.Path).toBe('/service/');
    expect(role.CreateDate).toBeInstanceOf(Date);
    expect(role.MaxSessionDuration).toBe(3600);

    const got = (await env.iam.send(new GetRoleCommand({ RoleName: 'fn-exec' }))).Role!;
    expect(got.RoleId).toBe(role.RoleId);
    expect(got.Description).toBe('exec role');
    expect(got.Tags).toEqual([{ Key: 'team', Value: 'a b' }]);
    expect(got.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
    expect(got.RoleLastUsed).toEqual({});
  });

  it('keeps accounts apart: a role in one account is NoSuchEntity (404) in another', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'mine', AssumeRolePolicyDocument: TRUST }));
    const err = await errorOf(env.otherIam.send(new GetRoleCommand({ RoleName: 'mine' })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(err.message).toContain('mine');
  });

  it('rejects a duplicate name, case-insensitively, with EntityAlreadyExists 409', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'Dup', AssumeRolePolicyDocument: TRUST }));
    const err = await errorOf(env.iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: TRUST })));
    expect(err).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
  });

  it('validates input: MaxSessionDuration range, name pattern, path shape, trust document', async () => {
    const tooLong = await errorOf(
      env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 50000 })),
    );
    expect(tooLong).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(tooLong.message).toMatch(/maxSessionDuration.*less than or equal to 43200/);
    const badName = await errorOf(env.iam.send(new CreateRoleCommand({ RoleName: 'a/b', AssumeRolePolicyDocument: TRUST })));
    expect(badName.message).toMatch(/'a\/b' at 'roleName'/);
    const badPath = await errorOf(env.iam.send(new CreateRoleCommand({ RoleName: 'r', Path: 'nope', AssumeRolePolicyDocument: TRUST })));
    expect(badPath).toMatchObject({ name: 'ValidationError', status: 400 });
    const notJson = await errorOf(env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{nope' })));
    expect(notJson).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    const noPrincipal = await errorOf(
      env.iam.send(
        new CreateRoleCommand({
          RoleName: 'r',
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
        }),
      ),
    );
    expect(noPrincipal).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    const badEffect = await errorOf(
      env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST.replace('"Allow"', '"Permit"') })),
    );
    expect(badEffect.message).toContain('Invalid effect: Permit');
  });

  it('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy change what GetRole returns', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'u', AssumeRolePolicyDocument: TRUST }));
    await env.iam.send(new UpdateRoleCommand({ RoleName: 'u', MaxSessionDuration: 7200 }));
    const described = await env.iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'u', Description: 'new words' }));
    expect(described.Role!.Description).toBe('new words');
    const trust2 = TRUST.replace('lambda.amazonaws.com', 'edgelambda.amazonaws.com');
    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'u', PolicyDocument: trust2 }));
    const got = (await env.iam.send(new GetRoleCommand({ RoleName: 'u' }))).Role!;
    expect(got.MaxSessionDuration).toBe(7200);
    expect(got.Description).toBe('new words');
    expect(decodeURIComponent(got.AssumeRolePolicyDocument!)).toBe(trust2);
    const bad = await errorOf(env.iam.send(new UpdateRoleCommand({ RoleName: 'u', MaxSessionDuration: 60 })));
    expect(bad).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('puts and deletes a permissions boundary; an unknown boundary ARN is NoSuchEntity', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'b', AssumeRolePolicyDocument: TRUST }));
    const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'b', PermissionsBoundary: boundary }));
    let role = (await env.iam.send(new GetRoleCommand({ RoleName: 'b' }))).Role!;
    expect(role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
    await env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'b' }));
    role = (await env.iam.send(new GetRoleCommand({ RoleName: 'b' }))).Role!;
    expect(role.PermissionsBoundary).toBeUndefined();
    const err = await errorOf(
      env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'b', PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchThing' })),
    );
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('TagRole merges by key, UntagRole removes, ListRoleTags pages; duplicate keys are InvalidInput', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 't', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'a', Value: '1' }] }));
    await env.iam.send(
      new TagRoleCommand({
        RoleName: 't',
        Tags: [
          { Key: 'a', Value: '2' },
          { Key: 'b', Value: '3' },
          { Key: 'c', Value: '4' },
        ],
      }),
    );
    await env.iam.send(new UntagRoleCommand({ RoleName: 't', TagKeys: ['c'] }));
    const first = await env.iam.send(new ListRoleTagsCommand({ RoleName: 't', MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    const second = await env.iam.send(new ListRoleTagsCommand({ RoleName: 't', Marker: first.Marker }));
    expect([...first.Tags!, ...second.Tags!]).toEqual([
      { Key: 'a', Value: '2' },
      { Key: 'b', Value: '3' },
    ]);
    expect(second.IsTruncated).toBe(false);
    const dup = await errorOf(
      env.iam.send(
        new TagRoleCommand({
          RoleName: 't',
          Tags: [
            { Key: 'x', Value: '1' },
            { Key: 'X', Value: '2' },
          ],
        }),
      ),
    );
    expect(dup).toMatchObject({ name: 'InvalidInputException', status: 400 });
    const badChars = await errorOf(env.iam.send(new TagRoleCommand({ RoleName: 't', Tags: [{ Key: 'a', Value: 'semi;colon' }] })));
    expect(badChars).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(badChars.message).toContain("'semi;colon'");
  });

  it('ListRoles filters by PathPrefix and pages with Marker/MaxItems through the SDK paginator', async () => {
    for (let i = 0; i < 7; i++) {
      await env.iam.send(new CreateRoleCommand({ RoleName: `r${i}`, Path: i % 2 ? '/odd/' : '/', AssumeRolePolicyDocument: TRUST }));
    }
    const pages: string[][] = [];
    for await (const page of paginateListRoles({ client: env.iam, pageSize: 3 }, {})) {
      pages.push(page.Roles!.map((r) => r.RoleName!));
    }
    expect(pages).toEqual([['r0', 'r1', 'r2'], ['r3', 'r4', 'r5'], ['r6']]);
    const odd: string[] = [];
    for await (const page of paginateListRoles({ client: env.iam, pageSize: 2 }, { PathPrefix: '/odd/' }))
      odd.push(...page.Roles!.map((r) => r.RoleName!));
    expect(odd).toEqual(['r1', 'r3', 'r5']);
  });

  it('DeleteRole removes the role; a missing role is NoSuchEntity 404', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'gone', AssumeRolePolicyDocument: TRUST }));
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'gone' }));
    const err = await errorOf(env.iam.send(new DeleteRoleCommand({ RoleName: 'gone' })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(err.message).toBe('The role with name gone cannot be found.');
  });
});
