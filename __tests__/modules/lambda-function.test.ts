import { join } from 'node:path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LambdaFunction as LambdaFunctionResource } from '@cdktf/provider-aws/lib/lambda-function';
import { ExistingFunction, LambdaFunction, type LambdaFunctionProps } from '../../modules/lambda-function';
import { onlyResource, resourcesOf, synthConstructs } from '../helpers/synth';

const CODE = join(__dirname, '..', '..', 'stacks', 'examples', 'functions', 'queue-consumer');
const base: LambdaFunctionProps = {
  functionName: 'worker',
  roleArn: 'arn:aws:iam::111122223333:role/worker-exec',
  codePath: CODE,
  runtime: 'nodejs20.x',
  handler: 'index.handler',
};
const synthFn = (props: Partial<LambdaFunctionProps> = {}) =>
  synthConstructs((scope) => new LambdaFunction(scope, 'fn', { ...base, ...props }));

describe('LambdaFunction', () => {
  it('zips the code folder as an asset and hashes the zip the way Lambda reports CodeSha256', () => {
    const fn = onlyResource(synthFn().json, 'aws_lambda_function') as { filename: string; source_code_hash: string };
    expect(fn.filename).toMatch(/^assets\/fn_code_[0-9A-F]+\/[0-9A-F]+\/archive\.zip$/);
    expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename}")}`);
  });

  it('zips a single handler file too, to the same archive on every synth', () => {
    const file = join(CODE, 'index.js');
    const first = onlyResource(synthFn({ codePath: file }).json, 'aws_lambda_function').filename;
    const second = onlyResource(synthFn({ codePath: file }).json, 'aws_lambda_function').filename;
    expect(first).toMatch(/archive\.zip$/);
    expect(second).toBe(first);
    // The zip bytes themselves (what filebase64sha256 hashes) are identical across two full synths.
    const zipOf = () => {
      const outdir = mkdtempSync(join(tmpdir(), 'lambda-roles-zip-'));
      const app = new App({ outdir, skipValidation: true });
      const fn = new LambdaFunction(new TerraformStack(app, 's'), 'fn', { ...base, codePath: file });
      app.synth();
      const bytes = readFileSync(join(outdir, 'stacks', 's', fn.asset.path));
      rmSync(outdir, { recursive: true, force: true });
      return createHash('sha256').update(bytes).digest('base64');
    };
    expect(zipOf()).toBe(zipOf());
  });

  it('sets runtime, handler, role, memory, timeout, env, description and tags', () => {
    const { synth } = synthFn({ memorySize: 512, timeout: 30, environment: { STAGE: 'prod' }, description: 'd', tags: { team: 'x' } });
    expect(synth).toHaveResourceWithProperties(LambdaFunctionResource, {
      function_name: 'worker',
      role: base.roleArn,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      memory_size: 512,
      timeout: 30,
      environment: { variables: { STAGE: 'prod' } },
      description: 'd',
      tags: { team: 'x' },
    });
  });

  it('sets VPC config, tracing mode and the dead-letter target', () => {
    const { synth } = synthFn({
      vpc: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
      tracing: 'Active',
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:111122223333:dlq',
    });
    expect(synth).toHaveResourceWithProperties(LambdaFunctionResource, {
      vpc_config: { subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] },
      tracing_config: { mode: 'Active' },
      dead_letter_config: { target_arn: 'arn:aws:sqs:us-east-1:111122223333:dlq' },
    });
  });

  it('uses short provider timeouts (create 2m) so a stuck create fails fast', () => {
    expect(synthFn().synth).toHaveResourceWithProperties(LambdaFunctionResource, { timeouts: { create: '2m', update: '2m' } });
  });

  it.each([
    ['functionName', { functionName: 'bad name' }, /functionName: "bad name" is not a valid Lambda function name/],
    ['codePath', { codePath: '/no/such/dir' }, /codePath: "\/no\/such\/dir" is not an existing absolute path/],
    ['memorySize', { memorySize: 64 }, /memorySize: 64 is out of range/],
    ['timeout', { timeout: 901 }, /timeout: 901 is out of range/],
  ] as const)('rejects a bad %s', (_f, props, message) => {
    expect(() => synthFn(props as Partial<LambdaFunctionProps>)).toThrow(message);
  });
});

it('LambdaFunction skips validation of unresolved tokens', () => {
  expect(() =>
    synthConstructs((scope) => {
      const name = new TerraformVariable(scope, 'name', { type: 'string' });
      const memory = new TerraformVariable(scope, 'memory', { type: 'number' });
      new LambdaFunction(scope, 'fn', {
        ...base,
        functionName: name.stringValue,
        memorySize: memory.numberValue,
        timeout: memory.numberValue,
      });
      new ExistingFunction(scope, 'ref', { nameOrArn: name.stringValue });
    }),
  ).not.toThrow();
});

describe('ExistingFunction', () => {
  it('creates no aws_lambda_function and exposes the name or ARN for permissions', () => {
    let byName!: ExistingFunction;
    let byArn!: ExistingFunction;
    const { json } = synthConstructs((scope) => {
      byName = new ExistingFunction(scope, 'a', { nameOrArn: 'legacy' });
      byArn = new ExistingFunction(scope, 'b', { nameOrArn: 'arn:aws:lambda:us-east-1:111122223333:function:legacy2' });
    });
    expect(resourcesOf(json, 'aws_lambda_function')).toEqual({});
    expect(byName.functionName).toBe('legacy');
    expect(byArn.functionName).toBe('arn:aws:lambda:us-east-1:111122223333:function:legacy2');
  });

  it('rejects a malformed ARN', () => {
    expect(() =>
      synthConstructs((scope) => new ExistingFunction(scope, 'a', { nameOrArn: 'arn:aws:lambda:us-east-1:1:function:x' })),
    ).toThrow(/is not a Lambda function ARN/);
  });
});
