/**
 * `lambda-roles hcl` (writeHclModule): the plain Terraform module written from a definition parses with
 * hcl2-parser, holds no absolute path and no cdktf name, is terraform fmt-clean, validates, applies
 * against the local endpoint with the real provider, plans empty, holds what the generator synthesizes
 * for the definition (by meaning: resource-set.ts), and destroys without leftovers.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseToObject } from 'hcl2-parser';
import { awsEndpointEnv, ensureInit, runTerraform, terraform } from '../../../shared/terraform/run';
import { writeHclModule } from '../../../stacks/hcl/module';
import { loadIamReference } from '../../../stacks';
import { queueConsumer } from '../../../stacks/examples/queue-consumer';
import { ordersApi } from '../../../stacks/examples/orders-api';
import type { StackDefinition } from '../../../stacks/definition';
import { withLocalAws } from '../../helpers/local-aws';
import { synthDefinition } from '../../helpers/synth';
import { resourceSet, stateResources, synthResources } from '../../helpers/resource-set';

const aws = withLocalAws();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(async () => {
  await loadIamReference();
});

/** hcl2-parser declares its module without types; it returns [document, error-or-null]. */
const parseHcl = parseToObject as (text: string) => [Record<string, Record<string, unknown>> | null, unknown];

test.each([
  ['queue-consumer', queueConsumer],
  ['orders-api', ordersApi],
])(
  '%s: the module parses, validates, applies, plans empty, means what the generator synthesizes, and destroys',
  async (_name, def: StackDefinition) => {
    const dir = mkdtempSync(join(tmpdir(), 'hcl-module-'));
    dirs.push(dir);
    const module = await writeHclModule(def, dir);
    expect(Object.keys(module.files).sort()).toEqual(['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    for (const name of Object.keys(module.files)) {
      const text = readFileSync(join(dir, name), 'utf8');
      const [doc, error] = parseHcl(text);
      expect({ name, parsed: doc !== null, error }).toEqual({ name, parsed: true, error: null });
      // Readable and portable: no absolute path, no construct ids or cdktf metadata.
      expect(text).not.toMatch(/\/(tmp|work|home|root)\//);
      expect(text).not.toMatch(/_[0-9A-F]{8}\b|"\/\/"|cdktf/);
    }
    const [main] = parseHcl(readFileSync(join(dir, 'main.tf'), 'utf8'));
    expect(Object.keys(main!.resource)).toEqual(expect.arrayContaining(['aws_iam_role', 'aws_iam_role_policy', 'aws_lambda_function']));
    expect(readFileSync(join(dir, 'main.tf'), 'utf8')).toContain('jsonencode({');
    expect(readdirSync(join(dir, 'code')).sort()).toEqual(
      def.functions
        .filter((f) => f.code)
        .map((f) => `${f.name}.zip`)
        .sort(),
    );

    const opts = { cwd: dir, env: awsEndpointEnv(aws.endpoint()), timeoutMs: 180_000 };
    const fmt = await runTerraform(['fmt', '-check', '-no-color', '.'], opts);
    expect({ code: fmt.code, unformatted: fmt.stdout }).toEqual({ code: 0, unformatted: '' });
    // The tests' provider settings (fail fast, no metadata lookups) as an override, as a user would add theirs.
    writeFileSync(join(dir, 'override.tf'), 'provider "aws" {\n  max_retries             = 1\n  skip_metadata_api_check = true\n}\n');
    await ensureInit(opts);
    await terraform(['validate', '-no-color'], opts);
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], opts);
    const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], opts);
    expect({ code: plan.code, stdout: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stdout: '' });

    const show = JSON.parse((await terraform(['show', '-json'], opts)).stdout) as Record<string, unknown>;
    const at = { account: def.account, region: def.region, partition: 'aws' };
    const generated = resourceSet(
      synthResources(synthDefinition(def).json as Record<string, unknown>, at),
      (p) => `arn:aws:iam::${def.account}:policy${(p.path as string) ?? '/'}${String(p.name)}`,
    );
    expect(resourceSet(stateResources(show), (p) => String(p.arn))).toEqual(generated);
    expect(Object.keys(generated.roles)).toHaveLength(def.functions.length);

    await terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], opts);
    const after = JSON.parse((await terraform(['show', '-json'], opts)).stdout) as Record<string, unknown>;
    expect(stateResources(after)).toEqual([]);
  },
  300_000,
);
