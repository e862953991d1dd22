/** Snapshot/restore/reset of all endpoint state, and the state file that carries it across restarts. */
import { existsSync, statSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startLocalAws, type LocalAws, type LocalAwsSnapshot } from '../../../local-aws';
import { withLocalAws } from '../../helpers/local-aws';
import { parseJson } from '../support';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const aws = withLocalAws();
const iam = () => new IAMClient(aws.clientConfig());

const assume = async (endpoint: string) => {
  const out = await new STSClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/kept', RoleSessionName: 'kept' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
};

test('restore(snapshot) brings back roles, STS sessions and CloudTrail events; reset() empties everything', async () => {
  await iam().send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: TRUST }));
  const session = await assume(aws.endpoint());
  const snap = aws.instance().snapshot();
  expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);

  aws.instance().reset();
  await expect(iam().send(new GetRoleCommand({ RoleName: 'kept' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  await expect(new STSClient(aws.clientConfig(session)).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
    name: 'InvalidClientTokenId',
  });
  expect(aws.instance().cloudTrailEvents()).toEqual([]);

  aws.instance().restore(snap);
  expect((await iam().send(new GetRoleCommand({ RoleName: 'kept' }))).Role?.RoleName).toBe('kept');
  expect((await new STSClient(aws.clientConfig(session)).send(new GetCallerIdentityCommand({}))).Arn).toBe(
    'arn:aws:sts::000000000000:assumed-role/kept/kept',
  );
  expect(
    aws
      .instance()
      .cloudTrailEvents()
      .map((e) => e.eventName),
  ).toEqual(['CreateRole', 'AssumeRole']);
});

test('a restore refused for malformed sessions leaves roles, sessions and events as they were', async () => {
  aws.instance().reset();
  await iam().send(new CreateRoleCommand({ RoleName: 'survivor', AssumeRolePolicyDocument: TRUST }));
  const session = await assume(aws.endpoint());
  const before = aws.instance().snapshot();
  const bad = { format: 'lambda-roles/local-aws@1', services: {}, sessions: [{ nothing: 'here' }] };
  expect(() => aws.instance().restore(bad as never)).toThrow(/snapshot\.sessions\[0\]/);
  expect(aws.instance().snapshot()).toEqual(before);
  expect((await iam().send(new GetRoleCommand({ RoleName: 'survivor' }))).Role?.RoleName).toBe('survivor');
  expect((await new STSClient(aws.clientConfig(session)).send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
});

test('a snapshot is a deep copy: later calls do not change it', async () => {
  aws.instance().reset();
  const before = aws.instance().snapshot();
  await iam().send(new CreateRoleCommand({ RoleName: 'later', AssumeRolePolicyDocument: TRUST }));
  expect(JSON.stringify(before)).not.toContain('later');
});

test('restore() refuses something that is not a snapshot, naming the field and the fix', () => {
  expect(() => aws.instance().restore({ hello: 1 } as never)).toThrow(/snapshot\.format: .*snapshot\(\)/);
});

describe('stateFile', () => {
  let dir: string;
  let running: LocalAws | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'local-aws-state-'))));
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test('is written shortly after a mutating call, and a new endpoint on the same file starts with that state', async () => {
    const file = join(dir, 'nested', 'state.json');
    running = await startLocalAws({ port: 0, stateFile: file });
    const cfg = {
      endpoint: running.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    await new IAMClient(cfg).send(new CreateRoleCommand({ RoleName: 'persisted', AssumeRolePolicyDocument: TRUST }));
    const session = await assume(running.endpoint);
    // The save is debounced (250 ms); poll for it rather than guess how long a loaded machine needs.
    const deadline = Date.now() + 10_000;
    const saved = () => existsSync(file) && readFileSync(file, 'utf8').includes('persisted');
    while (!saved() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(readFileSync(file, 'utf8')).toContain('persisted');
    // It holds session credentials: only its owner may read it.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await running.close();

    running = await startLocalAws({ port: 0, stateFile: file });
    const again = { ...cfg, endpoint: running.endpoint };
    expect((await new IAMClient(again).send(new GetRoleCommand({ RoleName: 'persisted' }))).Role?.Arn).toBe(
      'arn:aws:iam::000000000000:role/persisted',
    );
    expect((await new STSClient({ ...again, credentials: session }).send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
    expect(running.cloudTrailEvents().map((e) => e.eventName)).toEqual(['CreateRole', 'AssumeRole']);
  });

  test('is written on close() even without a mutating call', async () => {
    const file = join(dir, 'state.json');
    running = await startLocalAws({ port: 0, stateFile: file });
    await running.close();
    running = undefined;
    expect(existsSync(file)).toBe(true);
    expect(parseJson<LocalAwsSnapshot>(readFileSync(file, 'utf8')).format).toBe('lambda-roles/local-aws@1');
  });

  test('a corrupt state file stops the start with the path and the fix', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, '{not json');
    await expect(startLocalAws({ port: 0, stateFile: file })).rejects.toThrow(new RegExp(`stateFile ${file}: not valid JSON.*Delete it`));
  });
});
