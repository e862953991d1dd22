/**
 * The files of the consumer project the package test writes into a fresh folder: a TypeScript cdktf app
 * that uses the installed package the way another repo would, the tsconfigs it compiles under, and two
 * scripts that import the drift API from ESM and from CommonJS. Kept as text here, not as .ts files in the
 * repo, because they import `lambda-roles`, which resolves only inside the consumer project.
 */

/** Compiler options every consumer build uses: the strictest flags a consumer is likely to turn on. */
const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  // false: our .d.ts files are type-checked too, which is the point (a consumer may not skip them).
  skipLibCheck: false,
  target: 'ES2022',
  types: ['node'],
  rootDir: 'src',
};

/** moduleResolution → tsconfig file name and options. `node` is what cdktf's own project template uses. */
export const TSCONFIGS: Readonly<
  Record<'node' | 'nodenext' | 'bundler', { readonly file: string; readonly outDir?: string; readonly json: string }>
> = {
  node: {
    file: 'tsconfig.node.json',
    outDir: 'out-node',
    json: JSON.stringify({
      compilerOptions: { ...STRICT, module: 'commonjs', moduleResolution: 'node', outDir: 'out-node' },
      include: ['src'],
    }),
  },
  nodenext: {
    file: 'tsconfig.nodenext.json',
    outDir: 'out-nodenext',
    json: JSON.stringify({
      compilerOptions: { ...STRICT, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out-nodenext' },
      include: ['src'],
    }),
  },
  bundler: {
    file: 'tsconfig.bundler.json',
    json: JSON.stringify({ compilerOptions: { ...STRICT, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['src'] }),
  },
};

/** Two stacks of two functions each: `direct` with the constructs, `defined` with the definition API. */
export const APP_TS = `import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ExecutionRole, InvokePermission, LambdaFunction, loadIamReference, partitionForRegion, type ExecutionRoleProps } from 'lambda-roles/modules';
import { buildStack, type StackDefinition } from 'lambda-roles/stacks';

const code = join(__dirname, '..', 'fn');
const account = '000000000000';

function constructsStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'direct');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  for (const name of ['direct-one', 'direct-two']) {
    const role = new ExecutionRole(stack, name + '-role', {
      roleName: name + '-exec',
      region: 'us-east-1',
      account,
      managedPolicies: ['AWSLambdaBasicExecutionRole'],
      statements: [{ sid: 'ReadUploads', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::uploads/*'] }],
    });
    const fn = new LambdaFunction(stack, name, { functionName: name, roleArn: role.roleArn, codePath: code, runtime: 'nodejs20.x', handler: 'index.handler' });
    InvokePermission.grant(fn, 'uploads', fn, { kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::uploads' }, { account, partition: partitionForRegion('us-east-1') });
  }
  return stack;
}

export const definition: StackDefinition = {
  name: 'defined',
  region: 'us-east-1',
  account,
  functions: ['defined-one', 'defined-two'].map((name) => ({
    name,
    managedPolicies: ['AWSLambdaBasicExecutionRole'],
    statements: [{ sid: 'ReadUploads', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::uploads/*'] }],
    invokers: [{ kind: 's3' as const, name: 'uploads', sourceArn: 'arn:aws:s3:::uploads' }],
    code: { path: code, runtime: 'nodejs20.x', handler: 'index.handler' },
  })),
};

// The strict flags reach our .d.ts: each line below must be an error, or tsc fails on an unused directive.
// @ts-expect-error exactOptionalPropertyTypes: an optional prop does not take \`undefined\`
export const notExact: ExecutionRoleProps = { roleName: 'x', region: 'us-east-1', description: undefined };
// @ts-expect-error noUncheckedIndexedAccess: an element of a definition's functions may be undefined
export const notChecked: string = definition.functions[0].name;

export async function synthesize(outdir: string): Promise<void> {
  await loadIamReference();
  const app = new App({ outdir });
  constructsStack(app);
  buildStack(app, definition);
  app.synth();
}
`;

/** The app's entry: \`node out-node/main.js <outdir>\` synthesizes without cdktf-cli (how to synth on Node 24). */
export const MAIN_TS = `import { synthesize } from './app';

synthesize(process.argv[2] ?? 'cdktf.out').catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
`;

/** A definition file for \`lambda-roles check\`. */
export const DEFINITION_YAML = `name: checked
region: us-east-1
account: '000000000000'
functions:
  - name: checked-one
    managedPolicies: [AWSLambdaBasicExecutionRole]
    statements:
      - { sid: ReadUploads, actions: ['s3:GetObject'], resources: ['arn:aws:s3:::uploads/*'] }
    existing: arn:aws:lambda:us-east-1:000000000000:function:checked-one
`;

/**
 * The drift API from ESM and from CommonJS: both read the state and the endpoint (from the environment)
 * and print the report's summary as JSON, so the test compares the two with the CLI's.
 */
const driftScript = (importLine: string) => `${importLine}
const [stateFile] = process.argv.slice(2);
runDrift({ stateFiles: [stateFile], since: '1h' }).then(
  ({ report }) => console.log(JSON.stringify({ exit: exitCodeFor(report), findings: report.findings.map((f) => f.code).sort() })),
  (err) => { console.error(err); process.exitCode = 1; },
);
`;
export const DRIFT_MJS = driftScript(`import { runDrift, exitCodeFor } from 'lambda-roles/drift';`);
export const DRIFT_CJS = driftScript(`const { runDrift, exitCodeFor } = require('lambda-roles/drift');`);

/**
 * Policy checks beyond our own path (issue 12): a raw IamRolePolicy with Action "*" added to a buildStack
 * stack, and an ExecutionRole used directly with s3:* on "*" under the LambdaRolesChecks Aspect. `argv[2]`
 * picks which; each must fail synth naming the rule.
 */
export const WILDCARD_TS = `import { App, Aspects, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ExecutionRole, LambdaRolesChecks, loadIamReference } from 'lambda-roles/modules';
import { buildStack } from 'lambda-roles/stacks';

const which = process.argv[2];
loadIamReference()
  .then(() => {
    const app = new App({ outdir: 'wildcard.out' });
    if (which === 'raw-in-buildstack') {
      const stack = buildStack(app, {
        name: 'raw-in-buildstack',
        account: '111111111111',
        region: 'us-east-1',
        functions: [{ name: 'fn', managedPolicies: ['AWSLambdaBasicExecutionRole'], code: { path: 'fn', runtime: 'nodejs20.x', handler: 'index.handler' } }],
      });
      new IamRolePolicy(stack, 'all', {
        role: 'fn-exec',
        name: 'all',
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      });
    } else {
      const stack = new TerraformStack(app, 'direct-role');
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      new ExecutionRole(stack, 'role', {
        roleName: 'direct',
        account: '111111111111',
        region: 'us-east-1',
        statements: [{ actions: ['s3:*'], resources: ['*'] }],
      });
      Aspects.of(stack).add(new LambdaRolesChecks({ log: () => undefined }));
    }
    app.synth();
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
`;
