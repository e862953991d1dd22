import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { withLocalAws } from '../../../helpers/local-aws';
import { errorOf, LOGS_POLICY, TRUST } from './fixtures';
import { parseJson } from '../../support';
import type { LocalAwsSnapshot } from '../../../../local-aws';

describe('IAM account-wide reads and CloudTrail audit entries over HTTP with SDK v3', () => {
  const aws = withLocalAws();
  let iam: IAMClient;
  beforeAll(() => {
    iam = new IAMClient(aws.clientConfig('admin'));
  });
  afterEach(() => aws.instance().reset());
  afterAll(() => iam.destroy());

  async function seed(): Promise<string> {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'logs', PolicyDocument: LOGS_POLICY }));
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: Policy!.Arn,
        PolicyDocument: LOGS_POLICY.replace('PutLogEvents', 'GetLogEvents'),
        SetAsDefault: true,
      }),
    );
    for (const name of ['a', 'b', 'c']) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: TRUST,
          Description: 'd',
          MaxSessionDuration: 7200,
          Tags: [{ Key: 'k', Value: name }],
        }),
      );
    }
    await iam.send(new PutRolePolicyCommand({ RoleName: 'a', PolicyName: 'inline', PolicyDocument: LOGS_POLICY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a', PolicyArn: Policy!.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(
      new PutRolePermissionsBoundaryCommand({ RoleName: 'b', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }),
    );
    return Policy!.Arn!;
  }

  it('GetAccountAuthorizationDetails returns role details (no MaxSessionDuration/Description) and policies with all versions', async () => {
    const policyArn = await seed();
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.IsTruncated).toBe(false);
    expect(out.UserDetailList).toEqual([]);
    const a = out.RoleDetailList!.find((r) => r.RoleName === 'a')!;
    expect(a.RolePolicyList).toEqual([{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(LOGS_POLICY) }]);
    expect(a.AttachedManagedPolicies).toEqual([
      { PolicyName: 'logs', PolicyArn: policyArn },
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    expect(decodeURIComponent(a.AssumeRolePolicyDocument!)).toBe(TRUST);
    expect(a.Tags).toEqual([{ Key: 'k', Value: 'a' }]);
    expect(a.RoleLastUsed).toEqual({});
    expect(a).not.toHaveProperty('MaxSessionDuration');
    expect(a).not.toHaveProperty('Description');
    const b = out.RoleDetailList!.find((r) => r.RoleName === 'b')!;
    expect(b.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });

    const local = out.Policies!.find((p) => p.Arn === policyArn)!;
    expect(local.DefaultVersionId).toBe('v2');
    expect(local.AttachmentCount).toBe(1);
    expect(local.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v1', false],
      ['v2', true],
    ]);
    // AWS managed policies appear when the account uses them (attached or as a boundary), not all ~1,300.
    expect(out.Policies!.map((p) => p.PolicyName).sort()).toEqual(['PowerUserAccess', 'ReadOnlyAccess', 'logs']);
  });

  it('GetAccountAuthorizationDetails honours Filter and pages with the SDK paginator', async () => {
    await seed();
    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(roles.RoleDetailList!.map((r) => r.RoleName)).toEqual(['a', 'b', 'c']);
    expect(roles.Policies).toEqual([]);
    const awsOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    expect(awsOnly.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: iam, pageSize: 2 },
      { Filter: ['Role', 'LocalManagedPolicy'] },
    )) {
      pages++;
      seen.push(...page.RoleDetailList!.map((r) => `role:${r.RoleName}`), ...page.Policies!.map((p) => `policy:${p.PolicyName}`));
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['role:a', 'role:b', 'role:c', 'policy:logs']);
    const bad = await errorOf(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Robots' as never] })));
    expect(bad).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('GetUser answers the root identity with its ARN (how the provider learns the account id); a role session gets ValidationError', async () => {
    const root = await iam.send(new GetUserCommand({}));
    expect(root.User).toMatchObject({ Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
    const consoleIam = new IAMClient(aws.clientConfig('console'));
    try {
      const err = await errorOf(consoleIam.send(new GetUserCommand({})));
      expect(err).toMatchObject({ name: 'ValidationError', status: 400 });
      const named = await errorOf(iam.send(new GetUserCommand({ UserName: 'alice' })));
      expect(named).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    } finally {
      consoleIam.destroy();
    }
  });

  it('records mutating calls in CloudTrail with IAM-shaped requestParameters/responseElements, in us-east-1 whatever the client region', async () => {
    const euIam = new IAMClient(aws.clientConfig('admin', 'eu-west-1'));
    try {
      const { Role } = await euIam.send(
        new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 't', Value: 'v' }] }),
      );
      await euIam.send(new AttachRolePolicyCommand({ RoleName: 'audited', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await euIam.send(new PutRolePolicyCommand({ RoleName: 'audited', PolicyName: 'inline', PolicyDocument: LOGS_POLICY }));
      await euIam.send(new GetRoleCommand({ RoleName: 'audited' }));
      const events = aws
        .instance()
        .cloudTrailEvents()
        .filter((e) => e.eventSource === 'iam.amazonaws.com');
      expect(events.map((e) => e.eventName)).toEqual(['CreateRole', 'AttachRolePolicy', 'PutRolePolicy']);
      expect(new Set(events.map((e) => e.awsRegion))).toEqual(new Set(['us-east-1']));
      const [create, attach, put] = events;
      expect(create.requestParameters).toEqual({ roleName: 'audited', assumeRolePolicyDocument: TRUST, tags: [{ key: 't', value: 'v' }] });
      expect(create.responseElements).toMatchObject({
        role: {
          roleName: 'audited',
          roleId: Role!.RoleId,
          arn: Role!.Arn,
          path: '/',
          maxSessionDuration: 3600,
          assumeRolePolicyDocument: encodeURIComponent(TRUST),
        },
      });
      expect((create.responseElements as { role: { createDate: string } }).role.createDate).toMatch(
        /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} (AM|PM)$/,
      );
      expect(attach.requestParameters).toEqual({ roleName: 'audited', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
      expect(attach.responseElements).toBeNull();
      expect(put.requestParameters).toEqual({ roleName: 'audited', policyName: 'inline', policyDocument: LOGS_POLICY });
    } finally {
      euIam.destroy();
    }
  });

  it('state survives a JSON snapshot and restore (no Maps, Dates or AWS catalog copies in it)', async () => {
    await seed();
    const snapshot = aws.instance().snapshot();
    const text = JSON.stringify(snapshot);
    expect(text.length).toBeLessThan(50_000);
    aws.instance().reset();
    await expect(iam.send(new GetRoleCommand({ RoleName: 'a' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    aws.instance().restore(parseJson<LocalAwsSnapshot>(text));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'a' }))).Role!;
    expect(role.Tags).toEqual([{ Key: 'k', Value: 'a' }]);
  });
});
