/**
 * The package under other bindings (the heavy variant tests, `npm run test:provider-aws-21` and
 * `npm run test:cdk-terrain`): a consumer app that synthesizes the shipped examples through buildStack plus a
 * stack written with the constructs directly beside a raw resource of the consumer's own, with the core and
 * provider imported under the names the consumer uses; and the reference it is compared with, the same
 * examples synthesized in this repository with the pinned provider 20.1.0 (AWS provider 5.x).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildStack } from '../../stacks/build-stack';
import { EXAMPLES } from '../../stacks/examples';
import { loadIamReference } from '../../modules/checks/iam-data';

/** The consumer's app, importing the CDK core and the provider from `core` and `provider` (package names). */
export function variantAppTs(core: string, provider: string): string {
  return `import { App, TerraformStack } from '${core}';
import { AwsProvider } from '${provider}/lib/provider';
import { IamRolePolicy } from '${provider}/lib/iam-role-policy';
import { ExecutionRole, InvokePermission, LambdaFunction, loadIamReference, partitionForRegion } from 'lambda-roles/modules';
import { buildStack, EXAMPLES } from 'lambda-roles/stacks';

const account = '000000000000';

export async function synthesize(outdir: string): Promise<void> {
  await loadIamReference();
  const app = new App({ outdir });
  for (const def of EXAMPLES) buildStack(app, def);
  const stack = new TerraformStack(app, 'direct');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const role = new ExecutionRole(stack, 'worker-role', { roleName: 'worker-exec', region: 'us-east-1', account, managedPolicies: ['AWSLambdaBasicExecutionRole'] });
  const fn = new LambdaFunction(stack, 'worker', { functionName: 'worker', roleArn: role.roleArn, codePath: 'fn', runtime: 'nodejs20.x', handler: 'index.handler' });
  InvokePermission.grant(stack, 'uploads', fn, { kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::uploads' }, { account, partition: partitionForRegion('us-east-1') });
  // A resource of the consumer's own, from its own provider import, in the same tree as ours.
  new IamRolePolicy(stack, 'extra', {
    role: role.roleName,
    name: 'extra',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:000000000000:jobs' }] }),
  });
  app.synth();
}

synthesize(process.argv[2] ?? 'cdktf.out').catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
`;
}

export const VARIANT_TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // Our .d.ts files are checked against the installed binding's types.
    skipLibCheck: false,
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node',
    types: ['node'],
    rootDir: 'src',
    outDir: 'out',
  },
  include: ['src'],
});

type Json = Record<string, unknown>;

/** Every stack's cdk.tf.json under `outdir`, by stack name. */
export function synthesizedStacks(outdir: string): Record<string, Json> {
  const stacks = join(outdir, 'stacks');
  return Object.fromEntries(
    readdirSync(stacks).map((name) => [name, JSON.parse(readFileSync(join(stacks, name, 'cdk.tf.json'), 'utf8')) as Json]),
  );
}

/** What the binding decides and nothing else does: the provider version it pins and the core's version. */
export function bindingFacts(stack: Json): { provider: unknown; core: unknown } {
  const terraform = stack.terraform as { required_providers: { aws: Json } };
  const meta = (stack['//'] as { metadata: Json }).metadata;
  return { provider: terraform.required_providers.aws, core: meta.version };
}

/** The stack without the binding's facts, for comparing what was generated. */
export function withoutBindingFacts(stack: Json): Json {
  const copy = JSON.parse(JSON.stringify(stack)) as Json;
  delete ((copy.terraform as Json).required_providers as Json).aws;
  delete ((copy['//'] as Json).metadata as Json).version;
  return copy;
}

/**
 * The examples synthesized here with provider 20.1.0, as the consumer app does (state in `projectDir`,
 * output in `outdir`), so the two differ only by what the binding decides.
 */
export async function referenceExamples(outdir: string, projectDir: string): Promise<Record<string, Json>> {
  await loadIamReference();
  const app = new App({ outdir });
  for (const def of EXAMPLES) buildStack(app, def, { stateDir: projectDir, policyChecks: { log: () => undefined } });
  app.synth();
  return synthesizedStacks(outdir);
}
