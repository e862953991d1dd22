/**
 * Messages that send a person the right way: a bad AWS_REGION / AWS_DEFAULT_REGION is named like a bad
 * --region; a profile the shared files do not define is named (--profile or AWS_PROFILE) with the files read;
 * an STS failure says "check the credentials" only when it is about the credentials (not when STS throttles,
 * fails with a 5xx or cannot be reached).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../../local-aws';
import { startLocalAws } from '../../../local-aws';
import { AwsClients } from '../../../drift/aws/clients';
import { checkProfile, resolveRegion } from '../../../drift/aws/settings';
import { checkAccount } from '../../../drift/live/account';
import { UserError } from '../../../shared/errors';
import type { ExpectedInventory } from '../../../drift/model';
import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import { startHungServer, type HungServer } from '../../helpers/hung-server';

const dir = mkdtempSync(join(tmpdir(), 'lr-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('region from the environment', () => {
  test.each([
    [{ AWS_REGION: 'eu-west-3' }, undefined, 'eu-west-3'],
    [{ AWS_DEFAULT_REGION: 'ap-south-1' }, undefined, 'ap-south-1'],
    [{ AWS_REGION: 'eu-west-3', AWS_DEFAULT_REGION: 'bogus' }, undefined, 'eu-west-3'],
    [{ AWS_REGION: 'bogus' }, 'us-west-2', 'us-west-2'],
    [{ AWS_REGION: '' }, undefined, 'us-east-1'],
    [{}, undefined, 'us-east-1'],
  ])('%j with --region %s → %s', (env, option, region) => {
    expect(resolveRegion(option, env)).toBe(region);
  });

  test.each([
    [
      { AWS_REGION: 'us-east' },
      undefined,
      'AWS_REGION "us-east": not an AWS region name; set AWS_REGION to a region name (or unset it) or pass --region',
    ],
    [{ AWS_DEFAULT_REGION: 'Europe' }, undefined, 'AWS_DEFAULT_REGION "Europe": not an AWS region name; set AWS_DEFAULT_REGION'],
    [{}, 'useast1', '--region "useast1": not an AWS region name; pass a region name, e.g. us-east-1'],
  ])('%j / --region %s is a UserError naming where it came from', (env, option, message) => {
    expect(() => resolveRegion(option, env)).toThrow(UserError);
    expect(() => resolveRegion(option, env)).toThrow(message);
  });

  test('the drift command names a bad AWS_REGION (exit 1) before any AWS call', async () => {
    const saved = process.env.AWS_REGION;
    const file = join(dir, 'region.tfstate');
    writeFileSync(
      file,
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_lambda_permission',
            name: 'p',
            instances: [{ attributes: { statement_id: 'S', function_name: 'f', principal: 's3.amazonaws.com' } }],
          },
        ],
      }),
    );
    process.env.AWS_REGION = 'moon-base-1x';
    try {
      const io = captureIo();
      expect(await main(['node', 'lambda-roles', 'drift', '--state', file], io)).toBe(1);
      expect(io.err()).toContain('error: AWS_REGION "moon-base-1x": not an AWS region name');
    } finally {
      process.env.AWS_REGION = saved;
    }
  });
});

describe('profile', () => {
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(config, '[default]\nregion = us-east-1\n[profile ci]\nregion = eu-west-1\n');
  writeFileSync(credentials, '[deploy]\naws_access_key_id = a\naws_secret_access_key = b\n');
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

  test.each(['ci', 'deploy', 'default'])('a profile the files define (%s) passes', (name) => {
    expect(() => checkProfile(name, env)).not.toThrow();
  });

  test('a missing --profile names the flag, the files read and the profiles they define', () => {
    expect(() => checkProfile('prod', env)).toThrow(UserError);
    expect(() => checkProfile('prod', env)).toThrow(
      `--profile "prod": no such profile in ${config} and ${credentials}; use one of ci, default, deploy, or create it with \`aws configure --profile prod\``,
    );
  });

  test('a missing AWS_PROFILE is named as the variable, and missing files say so', () => {
    const none = { AWS_CONFIG_FILE: join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), AWS_PROFILE: 'prod' };
    expect(() => checkProfile(undefined, none)).toThrow(
      `AWS_PROFILE "prod": no such profile in ${join(dir, 'no-config')} (not found) and ${join(dir, 'no-credentials')} (not found); or create it`,
    );
  });

  test('the clients check it before any call; explicit credentials skip it', () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(() => new AwsClients({ profile: 'prod' })).toThrow(/--profile "prod": no such profile/);
      expect(() => new AwsClients({ profile: 'prod', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }).destroy()).not.toThrow();
    } finally {
      process.env = saved;
    }
  });

  test('the drift command names a missing --profile (exit 1)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const file = join(dir, 'profile.tfstate');
    writeFileSync(
      file,
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_iam_role_policy_attachment',
            name: 'a',
            instances: [{ attributes: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }],
          },
        ],
      }),
    );
    try {
      const io = captureIo();
      expect(await main(['node', 'lambda-roles', 'drift', '--state', file, '--profile', 'prod'], io)).toBe(1);
      expect(io.err()).toContain(`error: --profile "prod": no such profile in ${config} and ${credentials}`);
      expect(io.err()).not.toContain('Could not load credentials');
    } finally {
      process.env = saved;
    }
  });
});

describe('STS failures say what kind they are', () => {
  const expected: ExpectedInventory = {
    roles: [],
    functions: [],
    customerPolicies: [],
    sources: ['s'],
    partition: 'aws',
    accountsBySource: {},
  };
  let aws: LocalAws;
  let hung: HungServer;
  const saved = process.env.AWS_ENDPOINT_URL;
  beforeAll(async () => {
    aws = await startLocalAws({ port: 0 });
    hung = await startHungServer();
  });
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL = saved;
    await aws.close();
    await hung.close();
  });

  /** checkAccount's error with the clients pointed at `endpoint`. */
  async function stsError(endpoint: string, options: ConstructorParameters<typeof AwsClients>[0] = {}): Promise<string> {
    process.env.AWS_ENDPOINT_URL = endpoint;
    const clients = new AwsClients({ maxAttempts: 2, retryMode: 'standard', ...options });
    try {
      await checkAccount(expected, clients.sts());
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return (err as Error).message;
    } finally {
      clients.destroy();
    }
    throw new Error('expected checkAccount to fail');
  }

  test('throttled: not about the credentials', async () => {
    aws.setControls({ faults: { throttlePercent: 100 } });
    const message = await stsError(aws.endpoint);
    aws.setControls({ faults: {} });
    expect(message).toMatch(
      /STS throttled the call until the retries gave up \(sts:GetCallerIdentity failed: Throttling: .*after 2 attempts\)/,
    );
    expect(message).toMatch(/run again later \(the credentials are not in question\)$/);
    expect(message).not.toMatch(/check the credentials/);
  });

  test('a 5xx: not about the credentials', async () => {
    aws.setControls({ faults: { serverErrorPercent: 100 } });
    const message = await stsError(aws.endpoint);
    aws.setControls({ faults: {} });
    expect(message).toMatch(/STS answered with a server error \(.*InternalFailure.*HTTP 500/);
    expect(message).not.toMatch(/check the credentials/);
  });

  test('no answer: the network and endpoint, not the credentials', async () => {
    const message = await stsError(hung.endpoint, { requestTimeoutMs: 300 });
    expect(message).toMatch(
      /STS could not be reached or did not answer \(.*TimeoutError.*\); nothing was read: check the network or proxy, AWS_ENDPOINT_URL/,
    );
    expect(message).not.toMatch(/check the credentials/);
  });

  test('refused credentials: check the credentials', async () => {
    const message = await stsError(aws.endpoint, { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
    expect(message).toMatch(/STS refused the credentials \(.*InvalidClientTokenId.*\); nothing was read: check the credentials/);
  });
});
