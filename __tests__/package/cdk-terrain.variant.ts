/**
 * The path to CDK Terrain (`npm run test:cdk-terrain`, heavy, called by .ci/run): a consumer on `cdktn` 0.24
 * and `@cdktn/provider-aws` 25.x (AWS provider 6.x) installs the packed package with the two names it imports
 * aliased at install time (`cdktf` → npm:cdktn, `@cdktf/provider-aws` → npm:@cdktn/provider-aws), as
 * docs/cdk-terrain.md says, and uses it: its app imports `cdktn` and `@cdktn/provider-aws` (migrated), another
 * keeps the old names (not migrated yet); both compile strictly against the installed types, synthesize the
 * examples through our constructs and buildStack (the policy-check Aspect included) on Node 22 (the engine
 * @cdktn/provider-aws asks for), and write the same Terraform, which is the reference synthesized here with
 * cdktf 0.21 and AWS provider 5.x but for what the binding decides (the provider version it pins, the core's
 * version in the metadata).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as c from './consumer-project';
import { bindingFacts, referenceExamples, synthesizedStacks, VARIANT_TSCONFIG, variantAppTs, withoutBindingFacts } from './variant-app';

jest.setTimeout(900_000);

/** What the test installs, pinned (npm view: cdktn 0.24.0 is the only 0.24; @cdktn/provider-aws 25.x is AWS 6.x). */
const CDKTN = '0.24.0';
const CDKTN_AWS = '25.7.0';
/** cdktn 0.24's peer range is constructs >=10.6.0 <10.8.0. */
const CONSTRUCTS = '10.7.2';
let dir: string;
let pack: c.PackResult;

/** The policy checks run as an Aspect under cdktn: a consumer's raw wildcard policy fails its synth. */
const WILDCARD_TS = `import { Aspects, App, TerraformStack } from 'cdktn';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { LambdaRolesChecks, loadIamReference } from 'lambda-roles/modules';

loadIamReference().then(() => {
  const app = new App({ outdir: 'wildcard.out' });
  const stack = new TerraformStack(app, 'wildcard');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const assumeRolePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = new IamRole(stack, 'role', { name: 'raw', assumeRolePolicy });
  new IamRolePolicy(stack, 'all', { role: role.name, name: 'all', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
  Aspects.of(stack).add(new LambdaRolesChecks({ log: () => undefined }));
  app.synth();
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
`;
let nodeModulesMb: number;

beforeAll(() => {
  pack = c.buildAndPack();
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-cdk-terrain-'));
  c.writeFiles(dir, {
    'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    'src/migrated.ts': variantAppTs('cdktn', '@cdktn/provider-aws'),
    'src/unchanged.ts': variantAppTs('cdktf', '@cdktf/provider-aws'),
    'src/wildcard.ts': WILDCARD_TS,
    'fn/index.js': 'exports.handler = async () => ({ ok: true });\n',
    'tsconfig.json': VARIANT_TSCONFIG,
  });
  const quiet = ['--no-audit', '--no-fund', '--prefer-offline'];
  c.timed('npm install <tarball> + cdktn/@cdktn/provider-aws under their own names and as cdktf/@cdktf/provider-aws', () =>
    c.runOk(
      'npm',
      [
        'install',
        ...quiet,
        pack.tarball,
        `cdktf@npm:cdktn@${CDKTN}`,
        `@cdktf/provider-aws@npm:@cdktn/provider-aws@${CDKTN_AWS}`,
        `cdktn@${CDKTN}`,
        `@cdktn/provider-aws@${CDKTN_AWS}`,
        `constructs@${CONSTRUCTS}`,
      ],
      dir,
    ),
  );
  nodeModulesMb = c.diskKb(join(dir, 'node_modules')) / 1024;
  c.runOk('npm', ['install', ...quiet, 'typescript@~5.8.3', '@types/node@^20'], dir);
});

afterAll(() => {
  process.stdout.write(
    `\ncdk-terrain variant: consumer node_modules ${nodeModulesMb?.toFixed(0)} MB (provider installed under both names)\nsteps:\n` +
      `${c.timings.map((t) => `  ${t.seconds.toFixed(1).padStart(6)} s  ${t.step}`).join('\n')}\n`,
  );
  if (dir && !process.env.LAMBDA_ROLES_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
  if (pack) rmSync(join(pack.tarball, '..'), { recursive: true, force: true });
});

const manifest = (name: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { name: string; version: string };

describe('lambda-roles on CDK Terrain (cdktn 0.24, @cdktn/provider-aws 25)', () => {
  it('installs with the aliases and no peer conflict: the names lambda-roles imports are CDK Terrain', () => {
    expect(manifest('cdktf')).toMatchObject({ name: 'cdktn', version: CDKTN });
    expect(manifest('@cdktf/provider-aws')).toMatchObject({ name: '@cdktn/provider-aws', version: CDKTN_AWS });
    expect(manifest('cdktn').version).toBe(CDKTN);
  });

  it('a migrated app (cdktn imports) and an unchanged one (cdktf names) compile strictly against the installed types', () => {
    const tsc = c.timed('tsc (strict, skipLibCheck off)', () => c.run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], dir));
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('the policy-check Aspect judges a raw cdktn resource: a wildcard policy fails synth', () => {
    const r = c.run(c.nodeBinary(22), ['out/wildcard.js'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/LR-IAM-WILDCARD-ACTION/);
  });

  describe.each(['migrated', 'unchanged'])('the %s app', (app) => {
    let stacks: Record<string, Record<string, unknown>>;

    it('synthesizes the examples and the constructs on Node 22, pinning AWS provider 6.x, with cdktn as the core', () => {
      const node = c.nodeBinary(22);
      const r = c.timed(`node 22 out/${app}.js (synth)`, () => c.run(node, [`out/${app}.js`, `${app}.out`], dir));
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      stacks = synthesizedStacks(join(dir, `${app}.out`));
      expect(Object.keys(stacks).sort()).toEqual(['direct', 'image-processor', 'orders-api', 'queue-consumer']);
      for (const stack of Object.values(stacks))
        // @cdktn/provider-aws names the provider's full source address (@cdktf/provider-aws wrote 'aws').
        expect(bindingFacts(stack)).toEqual({
          provider: { source: 'hashicorp/aws', version: expect.stringMatching(/^6\./) as unknown },
          core: CDKTN,
        });
    });

    it('writes the Terraform cdktf 0.21 with AWS provider 5.x writes, but for what the binding decides', async () => {
      const reference = await referenceExamples(join(dir, `${app}-reference.out`), dir);
      for (const name of Object.keys(reference))
        expect({ name, json: withoutBindingFacts(stacks[name]) }).toEqual({ name, json: withoutBindingFacts(reference[name]) });
    });
  });
});
