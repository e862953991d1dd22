/**
 * The proof of the package (issue 12): `npm pack`, install the tarball into a fresh project outside the repo
 * with only the documented peers, and use it as another repo would: compile a TypeScript app under `node`,
 * `nodenext` and `bundler` resolution with the strictest flags, synthesize, `terraform validate`, run the
 * installed CLI against the local endpoint, import the drift API from ESM and CommonJS, on Node 20, 22
 * and 24, and show that nothing is written into node_modules or over the user's Terraform CLI config.
 * Heavy (about 6 minutes): `npm run test:consumer`, which .ci/run calls; not part of `npm test`.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { IAMClient, TagRoleCommand } from '@aws-sdk/client-iam';
import { DEFAULT_CREDENTIALS } from '../../local-aws';
import { MIRROR_ENV_VAR, PROJECT_ROOT, resolveProviderMirror } from '../../shared/terraform/env';
import { awsEndpointEnv, terraform } from '../../shared/terraform/run';
import { APP_TS, DEFINITION_YAML, DRIFT_CJS, DRIFT_MJS, MAIN_TS, TSCONFIGS, WILDCARD_TS } from './consumer-app';
import * as c from './consumer-project';

jest.setTimeout(900_000);

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let pack: c.PackResult;
let dir: string;
let installedKb: { total: number; withoutPeers: number };
let packageFilesAfterInstall: string[];
let endpoint: string;
let endpointProcess: ChildProcess | undefined;
const stateFile = () => join(dir, 'terraform.defined.tfstate');
const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => c.run('npx', ['--no-install', 'lambda-roles', ...args], dir, env);
const driftJson = (r: c.RunResult) => JSON.parse(r.stdout) as { findings: { code: string }[]; summary: { findings: number } };

beforeAll(async () => {
  pack = c.buildAndPack();
  dir = c.createConsumer(pack.tarball);
  const peers = ['@cdktf', 'cdktf', 'constructs'].map((p) => `node_modules/${p}`);
  installedKb = { total: c.diskKb(dir), withoutPeers: c.diskKb(dir, peers) };
  packageFilesAfterInstall = c.fileListing(join(dir, 'node_modules', 'lambda-roles'));
  // The consumer's own build tools, installed after the size was measured.
  c.runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'typescript@~5.8.3', '@types/node@^20'], dir);
  c.writeFiles(dir, {
    'src/app.ts': APP_TS,
    'src/main.ts': MAIN_TS,
    'src/wildcard.ts': WILDCARD_TS,
    'fn/index.js': 'exports.handler = async () => ({ ok: true });\n',
    'defs/checked.yaml': DEFINITION_YAML,
    'drift.mjs': DRIFT_MJS,
    'drift.cjs': DRIFT_CJS,
    ...Object.fromEntries(Object.values(TSCONFIGS).map((t) => [t.file, t.json])),
  });
  ({ endpoint, child: endpointProcess } = await c.startInstalledEndpoint(dir));
});

afterAll(() => {
  endpointProcess?.kill();
  const table = c.timings.map((t) => `  ${t.seconds.toFixed(1).padStart(6)} s  ${t.step}`).join('\n');
  const total = c.timings.reduce((s, t) => s + t.seconds, 0);
  process.stdout.write(
    `\npackage: ${pack.files.length} files, tarball ${(pack.bytes / 1e6).toFixed(2)} MB, unpacked ${(pack.unpackedBytes / 1e6).toFixed(2)} MB\n` +
      `consumer node_modules: ${(installedKb.total / 1024).toFixed(0)} MB with the peers, ${(installedKb.withoutPeers / 1024).toFixed(0)} MB without\n` +
      `steps:\n${table}\n  ${total.toFixed(1).padStart(6)} s  total of the timed steps\n`,
  );
  if (dir && !process.env.LAMBDA_ROLES_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
  rmSync(join(pack.tarball, '..'), { recursive: true, force: true });
});

describe('the tarball', () => {
  it('ships dist/ (JavaScript, .d.ts, source maps), bin/, hcl/, README, LICENSE and CHANGELOG, and no TypeScript sources', () => {
    const top = new Set(pack.files.map((f) => f.split('/')[0]));
    expect([...top].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'hcl', 'package.json']);
    expect(pack.files.filter((f) => /\.[cm]?ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const compiled = pack.files.filter((f) => f.startsWith('dist/') && f.endsWith('.js') && !f.includes('/examples/functions/'));
    expect(compiled.length).toBeGreaterThan(100);
    expect(compiled.filter((f) => !pack.files.includes(`${f}.map`) || !pack.files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
    expect(pack.files).toEqual(expect.arrayContaining(['bin/lambda-roles.js', 'dist/cli/main.js', 'hcl/lambda-execution-role/main.tf']));
    expect(readFileSync(join(dir, 'node_modules', 'lambda-roles', 'LICENSE'), 'utf8')).toMatch(
      /^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
    );
  });

  it('installs beside the peers without a second copy of cdktf, constructs or the provider, and without tsx', () => {
    const nested = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => {
        if (!e.isDirectory()) return [];
        const full = join(d, e.name);
        const hit =
          /node_modules[/\\](cdktf|constructs|@cdktf[/\\]provider-aws)$/.test(full) && full.split(`node_modules${sep}`).length > 2;
        return hit ? [full] : nested(full);
      });
    expect(nested(join(dir, 'node_modules'))).toEqual([]);
    expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(false);
    expect(installedKb.withoutPeers).toBeLessThan(installedKb.total);
  });
});

describe('TypeScript in the consumer (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck off)', () => {
  it.each(Object.keys(TSCONFIGS) as (keyof typeof TSCONFIGS)[])('compiles under moduleResolution %s', (resolution) => {
    const tsc = ['--no-install', 'tsc', '-p', TSCONFIGS[resolution].file, '--listFiles'];
    const r = c.timed(`tsc, moduleResolution ${resolution}`, () => c.run('npx', tsc, dir));
    const listed = r.stdout.split('\n');
    expect([r.status, r.stderr, listed.filter((l) => /error TS/.test(l))]).toEqual([0, '', []]);
    // Our types come from dist/*.d.ts, never from TypeScript sources compiled with the consumer's flags.
    const ours = listed.filter((f) => f.includes(`node_modules/lambda-roles/`));
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.filter((f) => !/node_modules\/lambda-roles\/dist\/.*\.d\.ts$/.test(f))).toEqual([]);
  });
});

describe('synth and terraform validate', () => {
  const outdir = () => join(dir, 'cdktf.out');
  const resources = (stack: string) =>
    (
      JSON.parse(readFileSync(join(outdir(), 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
        resource: Record<string, Record<string, unknown>>;
      }
    ).resource;

  it('synthesizes two functions written with the constructs and two with the definition API (node main.js, no cdktf-cli)', () => {
    const r = c.timed('synth (node out-node/main.js)', () => c.run(process.execPath, ['out-node/main.js', outdir()], dir));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const stack of ['direct', 'defined']) {
      const res = resources(stack);
      for (const type of ['aws_iam_role', 'aws_lambda_function', 'aws_lambda_permission'])
        expect(Object.keys(res[type] ?? {})).toHaveLength(2);
    }
  });

  it.each([
    ['a raw IamRolePolicy with Action "*" added to a buildStack stack', 'raw-in-buildstack', /LR-IAM-WILDCARD-ACTION/],
    ['an ExecutionRole used directly with s3:* on "*", under the LambdaRolesChecks Aspect', 'direct-role', /LR-IAM-WILDCARD-ACTION/],
  ])('policy checks beyond our own path: %s fails synth naming the rule', (_name, which, rule) => {
    const r = c.run(process.execPath, ['out-node/wildcard.js', which], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(rule);
    expect(existsSync(join(dir, 'wildcard.out', 'stacks', which, 'cdk.tf.json'))).toBe(false);
  });

  it('terraform validate accepts both stacks (offline provider mirror)', async () => {
    for (const stack of ['direct', 'defined']) {
      const cwd = join(outdir(), 'stacks', stack);
      const start = Date.now();
      await terraform(['init', '-input=false', '-no-color'], { cwd });
      const r = await terraform(['validate', '-no-color'], { cwd });
      c.timings.push({ step: `terraform init + validate (${stack})`, seconds: (Date.now() - start) / 1000 });
      expect(r.stdout).toContain('Success! The configuration is valid.');
    }
  });
});

describe('the installed CLI and library against the local endpoint', () => {
  const awsEnv = () => awsEndpointEnv(endpoint);

  beforeAll(async () => {
    const start = Date.now();
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: join(dir, 'cdktf.out', 'stacks', 'defined'),
      env: awsEnv(),
      timeoutMs: 300_000,
    });
    c.timings.push({ step: 'terraform apply (defined, 2 functions) to the endpoint', seconds: (Date.now() - start) / 1000 });
  });

  it('npx lambda-roles --version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.status).toBe(0);
  });

  it('check passes a definition file and the examples', () => {
    const r = cli(['check', 'defs/checked.yaml', '--examples']);
    expect(r.stdout).toMatch(/checked 4 stack\(s\): 0 error\(s\)/);
    expect(r.status).toBe(0);
  });

  it('drift --state: in sync after apply, then exit 2 naming a console edit', async () => {
    const inSync = c.timed('drift --state (in sync)', () => cli(['drift', '--state', stateFile(), '--format', 'json'], awsEnv()));
    // stderr carries drift's progress lines; the verdict is the exit code and the JSON report.
    expect([inSync.status, driftJson(inSync).summary.findings]).toEqual([0, 0]);
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS.console });
    await iam.send(new TagRoleCommand({ RoleName: 'defined-one-exec', Tags: [{ Key: 'owner', Value: 'someone-else' }] }));
    iam.destroy();
    const drifted = cli(['drift', '--state', stateFile(), '--format', 'json'], awsEnv());
    expect([drifted.status, driftJson(drifted).findings.map((f) => f.code)]).toEqual([2, ['TAGS_CHANGED']]);
  });

  it.each([
    ['ESM', 'drift.mjs'],
    ['CommonJS', 'drift.cjs'],
  ])('the drift API imported from %s reports the same drift', (_kind, script) => {
    const r = c.run(process.execPath, [script, stateFile()], dir, awsEnv());
    // stderr may carry the AWS SDK's own Node-version notice: a library leaves a consumer's warnings alone.
    expect(r.stderr).not.toMatch(/Error/);
    expect(JSON.parse(r.stdout)).toEqual({ exit: 2, findings: ['TAGS_CHANGED'] });
  });

  describe.each([20, 22, 24])('on Node %i', (major) => {
    let node: string;
    beforeAll(() => (node = c.timed(`node ${major}: find/download the binary`, () => c.nodeBinary(major))));
    const bin = () => join(dir, 'node_modules', 'lambda-roles', 'bin', 'lambda-roles.js');

    it('--version, check --examples and drift --state run from dist/', () => {
      expect(c.run(node, ['--version'], dir).stdout).toMatch(new RegExp(`^v${major}\\.`));
      expect(c.run(node, [bin(), '--version'], dir).stdout.trim()).toBe(VERSION);
      const check = c.run(node, [bin(), 'check', '--examples'], dir);
      expect([check.status, check.stdout]).toEqual([0, expect.stringMatching(/checked 3 stack\(s\): 0 error\(s\)/)]);
      const drift = c.run(node, [bin(), 'drift', '--state', stateFile(), '--format', 'json'], dir, awsEnv());
      expect([drift.status, driftJson(drift).findings.map((f) => f.code)]).toEqual([2, ['TAGS_CHANGED']]);
    });

    it('the library loads with require and import, and the app synthesizes without cdktf-cli', () => {
      for (const script of ['drift.mjs', 'drift.cjs']) {
        const r = c.run(node, [script, stateFile()], dir, awsEnv());
        expect(r.stderr).not.toMatch(/Error/);
        expect(JSON.parse(r.stdout || '{}')).toEqual({ exit: 2, findings: ['TAGS_CHANGED'] });
      }
      const out = join(dir, `cdktf.out.node${major}`);
      const synth = c.run(node, ['out-nodenext/main.js', out], dir);
      expect([synth.status, synth.stderr]).toEqual([0, '']);
      expect(readFileSync(join(out, 'stacks', 'direct', 'cdk.tf.json'), 'utf8')).toBe(
        readFileSync(join(dir, 'cdktf.out', 'stacks', 'direct', 'cdk.tf.json'), 'utf8'),
      );
    });
  });
});

describe("the user's setup is left alone", () => {
  it("the demo runs from the installed package in a temp folder, over the user's own Terraform CLI config, and removes the folder", () => {
    const userConfig = join(dir, 'user.tfrc');
    const userText = 'credentials "app.terraform.io" {\n  token = "not-a-real-token"\n}\n';
    writeFileSync(userConfig, userText);
    const projectBefore = readdirSync(dir).sort();
    const mirror = resolveProviderMirror({});
    const env = { TF_CLI_CONFIG_FILE: userConfig, ...(mirror ? { [MIRROR_ENV_VAR]: mirror } : {}) };
    const r = c.timed('npx lambda-roles demo', () => cli(['demo', '--port', '0'], env));
    expect(r.status).toBe(0);
    const workDir = /working folder: (\S+), removed at the end/.exec(r.stdout)?.[1];
    expect(workDir?.startsWith(join(tmpdir(), 'lambda-roles-demo-'))).toBe(true);
    expect(existsSync(workDir!)).toBe(false);
    expect(readFileSync(userConfig, 'utf8')).toBe(userText);
    expect(readdirSync(dir).sort()).toEqual(projectBefore);
  });

  it('nothing under node_modules/lambda-roles was written by any step above', () => {
    expect(c.fileListing(join(dir, 'node_modules', 'lambda-roles'))).toEqual(packageFilesAfterInstall);
  });
});
