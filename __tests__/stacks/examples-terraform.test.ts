/**
 * The example stacks against the real Terraform 1.11 binary and AWS provider 5.100.0 (offline mirror):
 * `terraform validate` and `terraform plan` with dummy credentials and provider settings that make no AWS
 * call at configure time. Plus the cdktf CLI's `synth --hcl` output, parsed with hcl2-parser, must hold the
 * same resources as the JSON output. Slow (terraform init per stack), so kept in this one file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parseToObject } from 'hcl2-parser';
import { buildStack } from '../../stacks/build-stack';
import { EXAMPLES } from '../../stacks/examples';
import { PROJECT_ROOT, terraformEnv } from '../../tooling/terraform-env';
import { OFFLINE_PROVIDER, quietChecks } from '../helpers/synth';

jest.setTimeout(240_000);

let stateDir: string;
beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'lambda-roles-state-'));
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe.each(EXAMPLES.map((d) => [d.name, d] as const))('example %s with real terraform', (_name, def) => {
  let synthDir: string;
  beforeAll(() => {
    const stack = buildStack(Testing.app(), def, { providerOverrides: OFFLINE_PROVIDER, stateDir, policyChecks: quietChecks });
    synthDir = Testing.fullSynth(stack);
  });

  it('is valid Terraform (terraform validate)', () => {
    expect(synthDir).toBeValidTerraform();
  });

  it('plans successfully offline (terraform plan)', () => {
    expect(synthDir).toPlanSuccessfully();
  });
});

/** resource type → sorted logical names, from JSON (cdk.tf.json) or parsed HCL (cdk.tf). */
function resourceNames(resource: Record<string, Record<string, unknown>> | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).sort()]));
}

describe('cdktf synth --hcl', () => {
  const jsonOut = mkdtempSync(join(tmpdir(), 'lambda-roles-json-'));
  const hclOut = mkdtempSync(join(tmpdir(), 'lambda-roles-hcl-'));
  afterAll(() => [jsonOut, hclOut].forEach((d) => rmSync(d, { recursive: true, force: true })));

  const cdktf = (args: string[]) => {
    const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf'), args, { cwd: PROJECT_ROOT, env: terraformEnv(process.env), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`cdktf ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  };

  beforeAll(() => {
    cdktf(['synth', '--output', jsonOut]);
    cdktf(['synth', '--hcl', '--output', hclOut]);
  });

  it.each(EXAMPLES.map((d) => [d.name] as const))('%s: the HCL parses and holds the same resources and attributes as the JSON', (name) => {
    const json = JSON.parse(readFileSync(join(jsonOut, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const [hcl, parseError] = parseToObject(readFileSync(join(hclOut, 'stacks', name, 'cdk.tf'), 'utf8'));
    expect(parseError).toBeNull();
    // hcl2-parser returns each block as a one-element list: resource.<type>.<name>[0].
    const hclResources = Object.fromEntries(
      Object.entries(hcl.resource as Record<string, Record<string, unknown[]>>).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName).map(([n, blocks]) => [n, blocks[0]]))]),
    ) as Record<string, Record<string, Record<string, unknown>>>;
    expect(resourceNames(hclResources)).toEqual(resourceNames(json.resource));
    expect(Object.keys(json.resource).length).toBeGreaterThanOrEqual(4);
    for (const [type, byName] of Object.entries(json.resource as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [logicalName, body] of Object.entries(byName)) {
        const h = hclResources[type][logicalName];
        for (const attr of ['name', 'function_name', 'policy_arn', 'statement_id', 'principal', 'source_arn', 'policy', 'assume_role_policy']) {
          if (attr in body) expect({ type, logicalName, attr, value: h[attr] }).toEqual({ type, logicalName, attr, value: body[attr] });
        }
      }
    }
  });
});
