/**
 * Acceptance and round trip of `lambda-roles import`, with the real terraform and AWS provider against the
 * local endpoint. The public-module-style root (hcl/examples/public-module-style) applies, plans empty and
 * the drift check finds it in sync. Then each of two roots (that one, and a root calling the plain-HCL
 * module hcl/lambda-execution-role with sample inputs) is imported, the definition synthesized with the
 * generator, and its resource set compared with what Terraform applied, by meaning (resource-set.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { awsEndpointEnv, ensureInit, runTerraform, terraform, type TerraformRunOptions } from '../../../shared/terraform/run';
import { importTerraform } from '../../../stacks/import';
import type { StackDefinition } from '../../../stacks/definition';
import { loadIamReference } from '../../../stacks';
import { runDrift } from '../../../drift';
import { withLocalAws } from '../../helpers/local-aws';
import { synthDefinition } from '../../helpers/synth';
import { zipWith } from '../../helpers/zip';
import { resourceSet, stateResources, synthResources } from '../../helpers/resource-set';

const EXAMPLE = resolve(__dirname, '../../../hcl/examples/public-module-style');
const ROLE_ROOT = resolve(__dirname, '../../fixtures/import/execution-role-root');
const MODULE_DIR = resolve(__dirname, '../../../hcl/lambda-execution-role');
const AT = { account: '000000000000', region: 'us-east-1', partition: 'aws' };

const aws = withLocalAws();
const dirs: string[] = [];
const savedEnv = { ...process.env };
afterAll(() => {
  process.env = savedEnv;
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A copy of a root in a temp dir with the function's zip beside it (and the module source made absolute). */
function copyRoot(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-round-trip-'));
  dirs.push(dir);
  cpSync(from, dir, { recursive: true });
  const main = join(dir, 'main.tf');
  writeFileSync(main, readFileSync(main, 'utf8').replace('"../../../../hcl/lambda-execution-role"', JSON.stringify(MODULE_DIR)));
  writeFileSync(join(dir, 'handler.zip'), zipWith('index.js', 'exports.handler = async () => "ok";\n'));
  // Fail in seconds, not minutes, on a wrong answer from the endpoint.
  writeFileSync(join(dir, 'override.tf'), 'provider "aws" {\n  max_retries             = 1\n  skip_metadata_api_check = true\n}\n');
  return dir;
}

async function apply(dir: string): Promise<TerraformRunOptions> {
  const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 180_000 };
  await ensureInit(opts);
  await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], opts);
  return opts;
}

async function expectEquivalent(dir: string, opts: TerraformRunOptions): Promise<void> {
  const show = JSON.parse((await terraform(['show', '-json'], opts)).stdout) as Record<string, unknown>;
  const applied = resourceSet(stateResources(show), (p) => String(p.arn));
  const imported = importTerraform(dir);
  expect(imported.untranslated).toEqual([]);
  const generatedFrom = (def: StackDefinition) =>
    resourceSet(
      synthResources(synthDefinition(def).json as Record<string, unknown>, AT),
      (p) => `arn:aws:iam::${AT.account}:policy${(p.path as string) ?? '/'}${String(p.name)}`,
    );
  expect(generatedFrom(imported.definition)).toEqual(applied);
  // The comparison can fail: one invoker less, or one action more, is a different resource set.
  const [fn] = imported.definition.functions;
  expect(generatedFrom({ ...imported.definition, functions: [{ ...fn, invokers: fn.invokers!.slice(1) }] })).not.toEqual(applied);
  const widened = [...(fn.statements ?? []), { actions: ['s3:PutObject'], resources: ['arn:aws:s3:::uploads/*'] }];
  expect(generatedFrom({ ...imported.definition, functions: [{ ...fn, statements: widened }] })).not.toEqual(applied);
  // The comparison sees every kind of resource the roots hold (it cannot pass on empty sets).
  expect(Object.keys(applied.roles)).toHaveLength(1);
  expect(Object.keys(applied.functions)).toHaveLength(1);
  expect(Object.values(applied.permissions).flat().length).toBeGreaterThan(1);
}

beforeAll(async () => {
  await loadIamReference();
});

describe('public-module-style root', () => {
  let dir: string;
  let opts: TerraformRunOptions;
  beforeAll(async () => {
    dir = copyRoot(EXAMPLE);
    opts = await apply(dir);
  }, 240_000);

  test('applies against the local endpoint, plans empty, and the drift check finds it in sync', async () => {
    const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], opts);
    expect({ code: plan.code, stdout: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stdout: '' });
    Object.assign(process.env, awsEndpointEnv(aws.endpoint()));
    const { report } = await runDrift({ stateFiles: [join(dir, 'terraform.tfstate')], skipAttribution: true });
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ inSync: true, roles: 1, functions: 1 });
  }, 120_000);

  test('imports to a definition whose synthesized resources mean what Terraform applied', async () => {
    await expectEquivalent(dir, opts);
    const fn = importTerraform(dir).definition.functions[0];
    // The choices the importer made, which the equivalence above depends on.
    expect(fn.logging).toMatchObject({ permissions: 'scoped', logGroup: { retentionInDays: 14 } });
    expect(fn.eventSourceMappings).toEqual([expect.objectContaining({ kind: 'sqs', batchSize: 10 })]);
    expect(fn.role?.confusedDeputyProtection).toBeUndefined();
  }, 120_000);
});

test('a root calling hcl/lambda-execution-role imports to a definition whose synthesized resources mean what Terraform applied', async () => {
  const dir = copyRoot(ROLE_ROOT);
  const opts = await apply(dir);
  await expectEquivalent(dir, opts);
}, 300_000);
