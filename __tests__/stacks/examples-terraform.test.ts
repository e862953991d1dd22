/**
 * The example stacks against the real Terraform 1.11 binary and AWS provider 5.100.0 (offline mirror):
 * `terraform validate` and `terraform plan` with dummy credentials and provider settings that make no AWS
 * call at configure time. Plus the cdktf CLI's `synth --hcl` output, parsed with hcl2-parser, must hold the
 * same resources as the JSON output. And each example applies against the local endpoint, reads back as
 * its summary says, and plans empty right after (no perpetual diff). Slow, so kept in this one file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parseToObject } from 'hcl2-parser';
import { buildStack } from '../../stacks/build-stack';
import { EXAMPLES } from '../../stacks/examples';
import { PROJECT_ROOT, terraformEnv } from '../../shared/terraform/env';
import { OFFLINE_PROVIDER, parsePolicy, quietChecks, type SynthJson } from '../helpers/synth';
import { App } from 'cdktf';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { summarizeStack } from '../../stacks/describe';
import { awsEndpointEnv, ensureInit, terraform } from '../../shared/terraform/run';
import { withLocalAws } from '../helpers/local-aws';

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
  afterAll(() => rmSync(synthDir, { recursive: true, force: true }));

  it('is valid Terraform (terraform validate)', () => {
    expect(synthDir).toBeValidTerraform();
  });

  it('plans successfully offline (terraform plan)', () => {
    expect(synthDir).toPlanSuccessfully();
  });
});

/** resource type → sorted logical names, from JSON (cdk.tf.json) or parsed HCL (cdk.tf). */
/** hcl2-parser declares its module without types (all `any`); it returns [the document, an error or null]. */
const parseHcl = parseToObject as (input: string) => [{ resource: Record<string, Record<string, unknown[]>> }, unknown];

function resourceNames(resource: Record<string, Record<string, unknown>> | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).sort()]));
}

describe('cdktf synth --hcl', () => {
  const jsonOut = mkdtempSync(join(tmpdir(), 'lambda-roles-json-'));
  const hclOut = mkdtempSync(join(tmpdir(), 'lambda-roles-hcl-'));
  afterAll(() => [jsonOut, hclOut].forEach((d) => rmSync(d, { recursive: true, force: true })));

  const cdktf = (args: string[]) => {
    const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf'), args, {
      cwd: PROJECT_ROOT,
      env: terraformEnv(process.env),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`cdktf ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  };

  beforeAll(() => {
    cdktf(['synth', '--output', jsonOut]);
    cdktf(['synth', '--hcl', '--output', hclOut]);
  });

  it.each(EXAMPLES.map((d) => [d.name] as const))('%s: the HCL parses and holds the same resources and attributes as the JSON', (name) => {
    const json = JSON.parse(readFileSync(join(jsonOut, 'stacks', name, 'cdk.tf.json'), 'utf8')) as SynthJson;
    const [hcl, parseError] = parseHcl(readFileSync(join(hclOut, 'stacks', name, 'cdk.tf'), 'utf8'));
    expect(parseError).toBeNull();
    // hcl2-parser returns each block as a one-element list: resource.<type>.<name>[0].
    const hclResources = Object.fromEntries(
      Object.entries(hcl.resource).map(([type, byName]) => [
        type,
        Object.fromEntries(Object.entries(byName).map(([n, blocks]) => [n, blocks[0]])),
      ]),
    ) as Record<string, Record<string, Record<string, unknown>>>;
    const jsonResources = json.resource ?? {};
    expect(resourceNames(hclResources)).toEqual(resourceNames(jsonResources));
    expect(Object.keys(jsonResources).length).toBeGreaterThanOrEqual(4);
    for (const [type, byName] of Object.entries(jsonResources)) {
      for (const [logicalName, body] of Object.entries(byName)) {
        const h = hclResources[type][logicalName];
        for (const attr of [
          'name',
          'function_name',
          'policy_arn',
          'statement_id',
          'principal',
          'source_arn',
          'policy',
          'assume_role_policy',
        ]) {
          if (attr in body) expect({ type, logicalName, attr, value: h[attr] }).toEqual({ type, logicalName, attr, value: body[attr] });
        }
      }
    }
  });
});

describe('examples deploy to the local endpoint', () => {
  const aws = withLocalAws();
  const workDir = mkdtempSync(join(tmpdir(), 'lambda-roles-deploy-'));
  const outDir = join(workDir, 'cdktf.out');
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  beforeAll(() => {
    const app = new App({ outdir: outDir });
    for (const def of EXAMPLES)
      buildStack(app, def, { stateDir: workDir, policyChecks: quietChecks, providerOverrides: { maxRetries: 1 } });
    app.synth();
  });

  it.each(EXAMPLES.map((d) => [d.name, d] as const))('%s: applies, reads back as summarized, then plans empty', async (_name, def) => {
    const cwd = join(outDir, 'stacks', def.name);
    const env = awsEndpointEnv(aws.endpoint());
    await ensureInit({ cwd, env });
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 200_000 });

    const iam = new IAMClient(aws.clientConfig());
    const lambda = new LambdaClient(aws.clientConfig());
    try {
      for (const fn of summarizeStack(def).functions) {
        const role = (await iam.send(new GetRoleCommand({ RoleName: fn.roleName }))).Role!;
        const trust = parsePolicy(decodeURIComponent(role.AssumeRolePolicyDocument!));
        expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': def.account } });
        const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: fn.roleName }))).AttachedPolicies!.map(
          (p) => p.PolicyArn!,
        );
        const customer = fn.customerPolicies.map((n) => `arn:aws:iam::${def.account}:policy/${n}`);
        expect(attached.sort()).toEqual([...fn.managedPolicyArns, ...customer].sort());
        if (fn.inlinePolicy)
          await expect(
            iam.send(new GetRolePolicyCommand({ RoleName: fn.roleName, PolicyName: fn.inlinePolicy.name })),
          ).resolves.toBeDefined();
        const live = await lambda.send(new GetFunctionCommand({ FunctionName: fn.name }));
        expect(live.Configuration?.Role).toBe(role.Arn);
        if (fn.permissions.length) {
          const statements = parsePolicy((await lambda.send(new GetPolicyCommand({ FunctionName: fn.name }))).Policy!).Statement;
          expect(statements.map((s) => s.Sid).sort()).toEqual(fn.permissions.map((p) => p.statementId).sort());
        }
      }
    } finally {
      iam.destroy();
      lambda.destroy();
    }

    // Exit code 0 = no changes: nothing the generator writes (source_code_hash, policies, tags) diffs forever.
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { cwd, env }, [0, 2]);
    expect({ exitCode: plan.code, changes: plan.code === 2 ? plan.stdout.split('\n').filter((l) => /^\s+[~+-]/.test(l)) : [] }).toEqual({
      exitCode: 0,
      changes: [],
    });
  });
});
