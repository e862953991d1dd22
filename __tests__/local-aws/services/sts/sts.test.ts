/** STS over HTTP with the real SDK: AssumeRole mints keys the endpoint then accepts, in any known account. */
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand, type Credentials } from '@aws-sdk/client-sts';
import { IAMClient, CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { withLocalAws } from '../../../helpers/local-aws';
import { startLocalAws } from '../../../../local-aws';
import { arrayContaining, objectContaining, stringContaining, stringMatching } from '../../support';

const aws = withLocalAws();
const sts = () => new STSClient(aws.clientConfig('admin'));
const keysOf = (c: Credentials | undefined) => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
});

test('AssumeRole returns ASIA keys, and calling with them identifies as the assumed role', async () => {
  const out = await sts().send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'ci-run-1', DurationSeconds: 900 }),
  );
  expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(out.Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
  expect(out.AssumedRoleUser).toEqual({
    AssumedRoleId: stringMatching(/^AROA[A-Z2-7]{17}:ci-run-1$/),
    Arn: 'arn:aws:sts::000000000000:assumed-role/deployer/ci-run-1',
  });
  const me = await new STSClient(aws.clientConfig(keysOf(out.Credentials))).send(new GetCallerIdentityCommand({}));
  expect(me).toMatchObject({ Account: '000000000000', Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
});

test('cross-account AssumeRole into 111111111111 yields an identity of that account', async () => {
  const out = await sts().send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/audit/Reader', RoleSessionName: 'x-acct' }),
  );
  const me = await new STSClient(aws.clientConfig(keysOf(out.Credentials))).send(new GetCallerIdentityCommand({}));
  expect(me.Account).toBe('111111111111');
  expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/Reader/x-acct');
});

test('a role that exists in IAM lends its RoleId to the session id', async () => {
  const iam = new IAMClient(aws.clientConfig('admin'));
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'Existing', AssumeRolePolicyDocument: TRUST }));
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'known' }));
  expect(out.AssumedRoleUser?.AssumedRoleId).toBe(`${role.Role!.RoleId}:known`);
  await expect(
    sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'long', DurationSeconds: 7200 })),
  ).rejects.toMatchObject({
    name: 'ValidationError',
    message: stringMatching(/MaxSessionDuration/),
  });
});

test('AssumeRole into an account the endpoint does not know is AccessDenied (403)', async () => {
  await expect(
    sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/x', RoleSessionName: 'nope' })),
  ).rejects.toMatchObject({
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
    message: stringContaining('arn:aws:iam::222222222222:role/x'),
  });
});

test.each([
  ['a malformed RoleArn', { RoleArn: 'arn:aws:iam::0000:role/x', RoleSessionName: 'ok-name' }, /roleArn/],
  ['a session name with spaces', { RoleArn: 'arn:aws:iam::000000000000:role/x', RoleSessionName: 'has space' }, /roleSessionName/],
  [
    'DurationSeconds below 900',
    { RoleArn: 'arn:aws:iam::000000000000:role/x', RoleSessionName: 'ok-name', DurationSeconds: 60 },
    /durationSeconds/,
  ],
])('AssumeRole with %s is a ValidationError naming the field', async (_name, input, field) => {
  await expect(sts().send(new AssumeRoleCommand(input))).rejects.toMatchObject({
    name: 'ValidationError',
    $metadata: { httpStatusCode: 400 },
    message: stringMatching(field),
  });
});

test('temporary keys without their session token are refused with InvalidClientTokenId', async () => {
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'no-token' }));
  const { accessKeyId, secretAccessKey } = keysOf(out.Credentials);
  await expect(
    new STSClient(aws.clientConfig({ accessKeyId, secretAccessKey })).send(new GetCallerIdentityCommand({})),
  ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
});

test('temporary keys stop working after their expiration (ExpiredToken)', async () => {
  let now = Date.now();
  const local = await startLocalAws({ port: 0, now: () => new Date(now) });
  try {
    const cfg = { endpoint: local.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const out = await new STSClient({ ...cfg, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/short', RoleSessionName: 'brief', DurationSeconds: 900 }),
    );
    const temp = new STSClient({ ...cfg, credentials: keysOf(out.Credentials) });
    await expect(temp.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '000000000000' });
    now += 901_000;
    await expect(temp.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      $metadata: { httpStatusCode: 403 },
    });
  } finally {
    await local.close();
  }
});

test('AssumeRole is recorded in CloudTrail (read-only, with the role as a resource); GetCallerIdentity is not', async () => {
  aws.instance().reset();
  await sts().send(new GetCallerIdentityCommand({}));
  await sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'audited' }));
  const events = aws.instance().cloudTrailEvents();
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    readOnly: true,
    requestParameters: { roleArn: 'arn:aws:iam::000000000000:role/deployer', roleSessionName: 'audited', durationSeconds: 3600 },
    resources: arrayContaining([objectContaining({ type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::000000000000:role/deployer' })]),
  });
});

test("a successful AssumeRole sets the role's RoleLastUsed (date and the STS call's region), as GetRole shows", async () => {
  const iam = new IAMClient(aws.clientConfig('admin'));
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'LastUsedProbe', AssumeRolePolicyDocument: TRUST }));
  expect((await iam.send(new GetRoleCommand({ RoleName: 'LastUsedProbe' }))).Role?.RoleLastUsed?.LastUsedDate).toBeUndefined();
  const before = Date.now();
  await new STSClient(aws.clientConfig('admin', 'eu-central-1')).send(
    new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'probe' }),
  );
  const lastUsed = (await iam.send(new GetRoleCommand({ RoleName: 'LastUsedProbe' }))).Role?.RoleLastUsed;
  expect(lastUsed?.Region).toBe('eu-central-1');
  expect(lastUsed?.LastUsedDate).toBeInstanceOf(Date);
  expect(lastUsed!.LastUsedDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  expect(lastUsed!.LastUsedDate!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
});
