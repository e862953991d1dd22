/**
 * Secrets never reach output. Every command (drift in each format and with --config, report merge, check,
 * schema, local-aws, demo's flag check), its --debug path and its error paths run with known secret keys and
 * session tokens: long-term keys in the environment, an STS session in the environment, a session in a
 * profile of the shared credentials file, and the sessions STS mints during the run (read back from the
 * endpoint afterwards). Every stdout, stderr and written file is searched for each secret and for any
 * 12-character piece of it. The local endpoint's state file, which stores sessions, is mode 0600.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { DEFAULT_IDENTITIES, startLocalAws, type LocalAws } from '../../local-aws';
import { main } from '../../cli/main';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import { captureIo } from '../helpers/cli-io';
import { ACCOUNT, LAMBDA_TRUST, REGION, iamAs } from '../drift/fixtures/seed';
import { seedSmallAccount } from './small-account';

const LONG_TERM = { accessKeyId: 'AKIAQ7SECRETPROBE001', secretAccessKey: 'Zq9/sEcReTkEy+PR0BE/7f3a9c1e5b2d8f4a6c0e7Wq' };
const PROFILE_BASE = { accessKeyId: 'AKIAQ7PROFILEPROBE02', secretAccessKey: 'Pr0f1le/SeCrEt+Key/4e8b2c6a0d9f1e3b5a7c9Ls' };
const READER_ROLE = `arn:aws:iam::${ACCOUNT}:role/drift-reader`;
const TEMPORAL = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/;

interface Output {
  readonly what: string;
  readonly text: string;
}

let aws: LocalAws;
let dir: string;
let state: string;
const outputs: Output[] = [];
/** Secrets known before the runs (the sessions minted during them are read from the endpoint at the end). */
const secrets: string[] = [LONG_TERM.secretAccessKey, PROFILE_BASE.secretAccessKey];

/** Runs the CLI in-process with `env` in place of the AWS variables, recording stdout and stderr. */
async function run(what: string, argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const keys = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_CONFIG_FILE',
    'AWS_ENDPOINT_URL',
  ];
  const before = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  const io = captureIo();
  try {
    return await main(['node', 'lambda-roles', ...argv], io);
  } finally {
    for (const k of keys)
      if (before[k] === undefined) delete process.env[k];
      else process.env[k] = before[k];
    outputs.push({ what: `${what}: stdout`, text: io.out() }, { what: `${what}: stderr`, text: io.err() });
  }
}

/** The real binary, with `env` added; returns when it exits (or after `untilLine` appears, then SIGINT). */
function runBinary(what: string, argv: string[], env: Record<string, string>, untilLine?: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), ...argv], {
      cwd: dir,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!interrupted && untilLine?.test(stdout)) interrupted = child.kill('SIGINT'); // once, as Ctrl-C
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      outputs.push({ what: `${what}: stdout`, text: stdout }, { what: `${what}: stderr`, text: stderr });
      resolve(code ?? 1);
    });
  });
}

async function assume(roleArn: string, as: { accessKeyId: string; secretAccessKey: string }) {
  const sts = new STSClient({ endpoint: aws.endpoint, region: REGION, credentials: as });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'probe' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(root, e.name)) : [join(root, e.name)],
  );
}

/** The secret itself, its first 8 characters, and every 12-character piece of it (a truncated or wrapped secret is still a leak). */
function needles(secret: string): string[] {
  const out = new Set([secret, secret.slice(0, 8)]);
  for (let i = 0; i + 12 <= secret.length; i += 4) out.add(secret.slice(i, i + 12));
  return [...out];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  aws = await startLocalAws({
    port: 0,
    identities: [
      ...DEFAULT_IDENTITIES,
      { ...LONG_TERM, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/drift-ci` },
      { ...PROFILE_BASE, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/drift-profile` },
    ],
    stateFile: join(dir, 'endpoint', 'local-aws.json'),
  });
  state = join(dir, 'terraform.tfstate');
  await seedSmallAccount(aws, state);
  // The role the sessions are of: it may read everything the check reads.
  const iam = iamAs(aws, 'admin');
  await iam.send(new CreateRoleCommand({ RoleName: 'drift-reader', AssumeRolePolicyDocument: LAMBDA_TRUST }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'drift-reader',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['iam:Get*', 'iam:List*', 'lambda:Get*', 'lambda:List*', 'cloudtrail:LookupEvents', 'sts:AssumeRole'],
            Resource: '*',
          },
        ],
      }),
    }),
  );
}, 60_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('no secret reaches any output', () => {
  const endpointEnv = () => ({ AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: REGION });

  it('runs every command, format and --debug path with secrets in the environment and a profile', async () => {
    const envSession = await assume(READER_ROLE, LONG_TERM);
    const profileSession = await assume(READER_ROLE, PROFILE_BASE);
    secrets.push(envSession.secretAccessKey, envSession.sessionToken, profileSession.secretAccessKey, profileSession.sessionToken);
    const credentialsFile = join(dir, 'aws', 'credentials');
    mkdirSync(join(dir, 'aws'));
    writeFileSync(
      credentialsFile,
      `[probe]\naws_access_key_id = ${profileSession.accessKeyId}\naws_secret_access_key = ${profileSession.secretAccessKey}\n` +
        `aws_session_token = ${profileSession.sessionToken}\n`,
    );
    writeFileSync(join(dir, 'aws', 'config'), `[profile probe]\nregion = ${REGION}\n`);
    const envs: Record<string, Record<string, string | undefined>> = {
      'long-term keys in env': {
        ...endpointEnv(),
        AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
      },
      'session in env': {
        ...endpointEnv(),
        AWS_ACCESS_KEY_ID: envSession.accessKeyId,
        AWS_SECRET_ACCESS_KEY: envSession.secretAccessKey,
        AWS_SESSION_TOKEN: envSession.sessionToken,
      },
      'session in a profile': {
        ...endpointEnv(),
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
        AWS_PROFILE: 'probe',
      },
    };
    const config = join(dir, 'lambda-roles.drift.yaml');
    writeFileSync(
      config,
      `targets:\n  - name: main\n    account: '${ACCOUNT}'\n    regions: [${REGION}]\n    role: { arn: '${READER_ROLE}', sessionName: probe }\n    states: [terraform.tfstate]\n`,
    );
    let n = 0;
    for (const [name, env] of Object.entries(envs)) {
      const out = join(dir, `out-${++n}`);
      mkdirSync(out);
      const reports = ['text', 'json', 'markdown', 'sarif', 'junit', 'html'].flatMap((f) => [
        '--report',
        `${f}=${join(out, `drift.${f}`)}`,
      ]);
      // In sync, every format to files and to stdout, --debug.
      expect(await run(`${name}: drift reports`, ['--debug', 'drift', '--state', state, ...reports], env)).toBe(0);
      for (const format of ['text', 'json', 'markdown', 'sarif', 'junit', 'html'])
        expect(await run(`${name}: drift --format ${format}`, ['drift', '--state', state, '--format', format, '--debug'], env)).toBe(0);
      // --config: the target's role is assumed during the run (its session is collected from the endpoint below).
      expect(
        await run(`${name}: drift --config`, ['drift', '--config', config, '--report', `json=${join(out, 'config.json')}`, '--debug'], env),
      ).toBe(0);
      // Error paths with --debug: an endpoint that refuses connections (error reports written), a profile that does not exist.
      const refused = { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
      expect(await run(`${name}: drift unreachable`, ['--debug', 'drift', '--state', state, ...reports], refused)).toBe(1);
      expect(await run(`${name}: drift missing profile`, ['--debug', 'drift', '--state', state, '--profile', 'nosuch'], env)).toBe(1);
      // report merge of this run's JSON, every format, --debug; and a bad input.
      const merged = ['text', 'json', 'markdown', 'sarif', 'junit', 'html'].flatMap((f) => [
        '--report',
        `${f}=${join(out, `merged.${f}`)}`,
      ]);
      expect(await run(`${name}: report merge`, ['--debug', 'report', 'merge', join(out, 'config.json'), ...merged], env)).toBe(0);
      expect(await run(`${name}: report merge bad`, ['--debug', 'report', 'merge', credentialsFile, ...merged], env)).toBe(1);
    }
    const env = envs['long-term keys in env'];
    expect(await run('check --examples', ['--debug', 'check', '--examples'], env)).toBe(0);
    // A credentials file passed by mistake where another file belongs: no message may quote it.
    expect(await run('check credentials file', ['--debug', 'check', credentialsFile], env)).toBe(1);
    expect(await run('drift --state credentials file', ['--debug', 'drift', '--state', credentialsFile], env)).toBe(1);
    expect(await run('drift --config credentials file', ['--debug', 'drift', '--config', credentialsFile], env)).toBe(1);
    expect(
      await run('drift --ignore-file credentials file', ['--debug', 'drift', '--state', state, '--ignore-file', credentialsFile], env),
    ).toBe(1);
    // A file holding nothing but a secret key, passed where a state, config, ignore file, report or definition belongs.
    for (const ext of ['json', 'yaml', 'tfstate']) {
      const keyFile = join(dir, 'aws', `key.${ext}`);
      writeFileSync(keyFile, `${LONG_TERM.secretAccessKey}\n`);
      expect(await run(`key.${ext} as --state`, ['--debug', 'drift', '--state', keyFile], env)).toBe(1);
      expect(await run(`key.${ext} as --config`, ['--debug', 'drift', '--config', keyFile], env)).toBe(1);
      expect(await run(`key.${ext} as --ignore-file`, ['--debug', 'drift', '--state', state, '--ignore-file', keyFile], env)).toBe(1);
      expect(await run(`key.${ext} as a report to merge`, ['--debug', 'report', 'merge', keyFile], env)).toBe(1);
      expect(await run(`key.${ext} as a definition`, ['--debug', 'check', keyFile], env)).toBe(1);
    }
    expect(await run('schema', ['--debug', 'schema'], env)).toBe(0);
    expect(await run('demo bad flag', ['--debug', 'demo', '--port', 'abc'], env)).toBe(1);
    expect(await run('local-aws bad flag', ['--debug', 'local-aws', '--port', 'abc'], env)).toBe(1);
    // Through the real binary: the local endpoint (until Ctrl-C), and a drift run with a stack trace.
    const fileEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const endpointState = join(dir, 'bin-endpoint', 'state.json');
    mkdirSync(join(dir, 'bin-endpoint'));
    expect(await runBinary('bin local-aws', ['local-aws', '--port', '0', '--state-file', endpointState], fileEnv, /press Ctrl-C/)).toBe(0);
    expect(existsSync(endpointState)).toBe(true);
    expect(statSync(endpointState).mode & 0o777).toBe(0o600);
    expect(await runBinary('bin drift', ['--debug', 'drift', '--state', state, '--format', 'json'], fileEnv)).toBe(0);
    expect(
      await runBinary('bin drift unreachable', ['--debug', 'drift', '--state', state], {
        ...fileEnv,
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      }),
    ).toBe(1);
    // The --debug error paths did print stack traces (so the search covered them).
    expect(outputs.filter((o) => o.what.endsWith('stderr') && /\n\s+at /.test(o.text)).length).toBeGreaterThan(0);
  }, 600_000);

  it('the endpoint state file, which stores STS sessions, is written with mode 0600', async () => {
    await aws.close(); // saves it
    const file = join(dir, 'endpoint', 'local-aws.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { sessions: { secretAccessKey: string; sessionToken: string }[] };
    expect(saved.sessions.length).toBeGreaterThanOrEqual(2 + 3); // the two assumed above, one per --config run
    // Every session STS minted (those of the --config runs included) is a secret the outputs must not hold.
    for (const s of saved.sessions) secrets.push(s.secretAccessKey, s.sessionToken);
  });

  it('no output, stdout, stderr or file holds any secret or a 12-character piece of one', () => {
    const files = filesUnder(dir).filter(
      (f) => !f.includes(`${join(dir, 'aws')}`) && !f.includes(join(dir, 'endpoint')) && !f.includes('bin-endpoint'),
    );
    const all: Output[] = [...outputs, ...files.map((f) => ({ what: f, text: readFileSync(f, 'utf8') }))];
    expect(files.length).toBeGreaterThan(30);
    expect(all.map((o) => o.text).join('')).toMatch(TEMPORAL); // the search reads real output
    const leaks: string[] = [];
    for (const secret of secrets)
      for (const needle of needles(secret))
        for (const o of all)
          if (o.text.includes(needle)) leaks.push(`${o.what}: ${needle.slice(0, 4)}… ${JSON.stringify(o.text.slice(0, 300))}`);
    expect(leaks).toEqual([]);
  });

  it('the search can fail: a secret (or a piece of one) in an output is found', () => {
    const secret = LONG_TERM.secretAccessKey;
    expect(needles(secret).some((n) => `x ${secret.slice(5, 30)} y`.includes(n))).toBe(true);
    expect(needles(secret).some((n) => 'unrelated output'.includes(n))).toBe(false);
  });
});
