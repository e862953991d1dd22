/**
 * The constructs with `@cdktf/provider-aws` 21.x, the binding of AWS provider 6.x (`npm run
 * test:provider-aws-21`, heavy, called by .ci/run): pack the package, install the tarball into a fresh
 * project with 21.x as the provider peer, compile a consumer app against 21.x's types (strict, our .d.ts
 * checked), synthesize the examples and a stack written with the constructs, and compare with the examples
 * synthesized here with 20.1.0 (AWS provider 5.x): the Terraform is the same but for the provider version the
 * binding pins. The 6.x provider binary is not on these machines, so no terraform validate/apply with it
 * here (docs/cdk-terrain.md); the real-Terraform tests use 5.100.0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as c from './consumer-project';
import { bindingFacts, referenceExamples, synthesizedStacks, VARIANT_TSCONFIG, variantAppTs, withoutBindingFacts } from './variant-app';

jest.setTimeout(900_000);

/** The 21.x the test installs (AWS provider 6.25.0), pinned so a new release cannot change the result unseen. */
const PROVIDER_21 = '21.22.1';
let dir: string;
let pack: c.PackResult;

beforeAll(() => {
  pack = c.buildAndPack();
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-provider-21-'));
  c.writeFiles(dir, {
    'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    'src/main.ts': variantAppTs('cdktf', '@cdktf/provider-aws'),
    'fn/index.js': 'exports.handler = async () => ({ ok: true });\n',
    'tsconfig.json': VARIANT_TSCONFIG,
  });
  const quiet = ['--no-audit', '--no-fund', '--prefer-offline'];
  c.timed(`npm install <tarball> @cdktf/provider-aws@${PROVIDER_21} cdktf constructs typescript`, () =>
    c.runOk(
      'npm',
      [
        'install',
        ...quiet,
        pack.tarball,
        `@cdktf/provider-aws@${PROVIDER_21}`,
        'cdktf@0.21.0',
        'constructs@10.8.1',
        'typescript@~5.8.3',
        '@types/node@^20',
      ],
      dir,
    ),
  );
});

afterAll(() => {
  process.stdout.write(
    `\nprovider-aws 21 variant steps:\n${c.timings.map((t) => `  ${t.seconds.toFixed(1).padStart(6)} s  ${t.step}`).join('\n')}\n`,
  );
  if (dir && !process.env.LAMBDA_ROLES_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
  if (pack) rmSync(join(pack.tarball, '..'), { recursive: true, force: true });
});

describe('lambda-roles with @cdktf/provider-aws 21.x (AWS provider 6.x)', () => {
  let stacks: Record<string, Record<string, unknown>>;

  it('installs beside 21.x without a peer conflict, and a strict consumer app compiles against 21.x types', () => {
    const installed = c.runOk('node', ['-p', "require('@cdktf/provider-aws/package.json').version"], dir).stdout.trim();
    expect(installed).toBe(PROVIDER_21);
    const tsc = c.timed('tsc (strict, skipLibCheck off) against 21.x', () =>
      c.run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], dir),
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('synthesizes the examples and a stack of constructs used directly, pinning AWS provider 6.x', () => {
    const r = c.timed('node out/main.js (synth)', () => c.run('node', ['out/main.js', 'cdktf.out'], dir));
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    stacks = synthesizedStacks(join(dir, 'cdktf.out'));
    expect(Object.keys(stacks).sort()).toEqual(['direct', 'image-processor', 'orders-api', 'queue-consumer']);
    for (const stack of Object.values(stacks)) {
      expect(bindingFacts(stack).provider).toEqual({ source: 'aws', version: expect.stringMatching(/^6\./) as unknown });
    }
    const direct = stacks.direct.resource as Record<string, Record<string, unknown>>;
    expect(Object.keys(direct).sort()).toEqual(
      ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_lambda_function', 'aws_lambda_permission'].sort(),
    );
  });

  it('generates the same Terraform as with 20.x (AWS provider 5.x), but for the provider version the binding pins', async () => {
    const reference = await referenceExamples(join(dir, 'reference.out'), dir);
    for (const name of Object.keys(reference)) {
      expect(bindingFacts(reference[name]).provider).toEqual({ source: 'aws', version: '5.100.0' });
      expect({ name, json: withoutBindingFacts(stacks[name]) }).toEqual({ name, json: withoutBindingFacts(reference[name]) });
    }
  });
});
