import { join } from 'node:path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LambdaFunction as LambdaFunctionResource } from '@cdktf/provider-aws/lib/lambda-function';
import { ExistingFunction, LambdaFunction, type LambdaFunctionProps } from '../../modules/lambda-function';
import { onlyResource, resourcesOf, synthConstructs, type SynthJson } from '../helpers/synth';
import { zipWith } from '../helpers/zip';

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

/** A full synth into a fresh outdir (its archive cache starts empty): the function's JSON and the zip written. */
function synthToDisk(codePath: string): { fn: { filename: string; source_code_hash: string }; bytes: Buffer } {
  const outdir = mkdtempSync(join(tmpdir(), 'lambda-roles-zip-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    new LambdaFunction(new TerraformStack(app, 's'), 'fn', { ...base, codePath });
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8')) as SynthJson;
    const fn = onlyResource(json, 'aws_lambda_function') as { filename: string; source_code_hash: string };
    return { fn, bytes: readFileSync(join(outdir, 'stacks', 's', fn.filename)) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Sets every file's and folder's mtime, as a fresh clone does. */
function setMtimes(dir: string, when: Date): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) setMtimes(p, when);
    else utimesSync(p, when, when);
  }
  utimesSync(dir, when, when);
}

describe('LambdaFunction', () => {
  it('zips the code folder as an asset and hashes the zip the way Lambda reports CodeSha256', () => {
    const { fn, bytes } = synthToDisk(CODE);
    expect(fn.filename).toMatch(/^assets\/fn_code_[0-9A-F]+\/[0-9A-F]{32}\/archive\.zip$/);
    expect(fn.source_code_hash).toBe(createHash('sha256').update(bytes).digest('base64'));
  });

  it('writes the same archive bytes and source_code_hash for a fresh clone of the code (other folder, new mtimes)', () => {
    const work = mkdtempSync(join(tmpdir(), 'lambda-roles-clone-'));
    try {
      const original = join(work, 'original');
      cpSync(CODE, original, { recursive: true });
      setMtimes(original, new Date('2021-03-04T05:06:07Z'));
      const clone = join(work, 'clone');
      cpSync(original, clone, { recursive: true });
      setMtimes(clone, new Date('2032-08-09T10:11:12Z'));
      const first = synthToDisk(original);
      const second = synthToDisk(clone);
      expect(second.bytes).toEqual(first.bytes);
      expect(second.fn.source_code_hash).toBe(first.fn.source_code_hash);
      expect(second.fn.filename).toBe(first.fn.filename);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('takes code paths relative to the working directory (a folder and a prebuilt zip), as TerraformAsset does', () => {
    const work = mkdtempSync(join(tmpdir(), 'lambda-roles-relative-'));
    const cwd = process.cwd();
    try {
      cpSync(CODE, join(work, 'src', 'worker'), { recursive: true });
      writeFileSync(join(work, 'prebuilt.zip'), zipWith('index.js', 'exports.handler = async () => 1;\n'));
      process.chdir(work);
      const relativeFolder = synthToDisk('src/worker');
      const relativeZip = synthConstructs(
        (scope) => new LambdaFunction(scope, 'fn', { ...base, codePath: undefined, code: { kind: 'zip-file', path: 'prebuilt.zip' } }),
      );
      process.chdir(cwd);
      expect(relativeFolder.fn.source_code_hash).toBe(synthToDisk(join(work, 'src', 'worker')).fn.source_code_hash);
      expect(onlyResource(relativeZip.json, 'aws_lambda_function').source_code_hash).toBe(
        createHash('sha256')
          .update(readFileSync(join(work, 'prebuilt.zip')))
          .digest('base64'),
      );
      // A missing relative path is named resolved against the working directory.
      expect(() => synthFn({ codePath: 'no/such/code' })).toThrow(
        `codePath: ${JSON.stringify(join(cwd, 'no', 'such', 'code'))} does not exist`,
      );
    } finally {
      process.chdir(cwd);
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('zips a single handler file too, to the same archive on every synth', () => {
    const file = join(CODE, 'index.js');
    const first = synthToDisk(file);
    const second = synthToDisk(file);
    expect(first.fn.filename).toMatch(/archive\.zip$/);
    expect(second.fn.filename).toBe(first.fn.filename);
    expect(second.bytes).toEqual(first.bytes);
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
    ['codePath', { codePath: '/no/such/dir' }, /codePath: "\/no\/such\/dir" does not exist/],
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

describe('LambdaFunction: other code sources and settings', () => {
  const { codePath: _omit, ...noCode } = base;
  void _omit;
  it('an ECR image: package type Image, no runtime, handler or asset', () => {
    let fn!: LambdaFunction;
    const { json } = synthConstructs((scope) => {
      fn = new LambdaFunction(scope, 'fn', {
        ...noCode,
        runtime: undefined,
        handler: undefined,
        code: { kind: 'image', imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/w:1' },
      });
    });
    expect(onlyResource(json, 'aws_lambda_function')).toMatchObject({
      package_type: 'Image',
      image_uri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/w:1',
    });
    expect(fn.asset).toBeUndefined();
  });

  it('settings become arguments; the version is the published one', () => {
    let fn!: LambdaFunction;
    const { json } = synthConstructs((scope) => {
      fn = new LambdaFunction(scope, 'fn', {
        ...base,
        region: 'us-east-1',
        settings: { publish: true, architecture: 'arm64', reservedConcurrency: 0 },
      });
    });
    expect(onlyResource(json, 'aws_lambda_function')).toMatchObject({
      publish: true,
      architectures: ['arm64'],
      reserved_concurrent_executions: 0,
    });
    expect(fn.version).toMatch(/^\$\{TfToken\[/);
  });

  it.each([
    ['codePath and code', { code: { kind: 's3' as const, bucket: 'artifacts', key: 'k.zip' } }, /codePath: .* is set together with code/],
    ['neither', { codePath: undefined }, /codePath: .*is missing, and so is code/],
    [
      'an image with a runtime',
      {
        codePath: undefined,
        handler: undefined,
        code: { kind: 'image' as const, imageUri: '111122223333.dkr.ecr.us-east-1.amazonaws.com/w:1' },
      },
      /runtime: "nodejs20.x" is set for an image function/,
    ],
    ['zip code without handler', { handler: undefined }, /handler: undefined is missing: zip code needs it/],
    [
      'a layer of another region',
      { region: 'us-east-1', settings: { layers: ['arn:aws:lambda:eu-west-1:111122223333:layer:x:1'] } },
      /settings\.layers\[0\]: "arn:aws:lambda:eu-west-1:111122223333:layer:x:1" is in region eu-west-1/,
    ],
  ])('refuses %s', (_what, props, message) => {
    expect(() => synthFn(props as Partial<LambdaFunctionProps>)).toThrow(message);
  });
});
