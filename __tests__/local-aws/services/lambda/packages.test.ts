/**
 * Function code that is not an inline zip, and the settings that come with it, through the real Lambda SDK
 * v3 client: code in S3 (no S3 here: a stable hash of bucket, key and version), container images from ECR
 * (PackageType Image, GetFunction's ECR code location, ImageConfig), EFS mounts and layer ARNs.
 */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { EXEC_ROLE_ARN, useLambdaEndpoint, zipWith } from './fixtures';
import { rejectionOf } from '../../support';

const env = useLambdaEndpoint();
const IMAGE = '000000000000.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2';
const ACCESS_POINT = 'arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0123456789abcdef0';

const zipFn = (name: string, extra: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput => ({
  FunctionName: name,
  Role: EXEC_ROLE_ARN,
  Runtime: 'nodejs20.x',
  Handler: 'index.handler',
  Code: { ZipFile: zipWith('index.js', 'exports.handler = async () => 1;') },
  ...extra,
});
const imageFn = (name: string, extra: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput => ({
  FunctionName: name,
  Role: EXEC_ROLE_ARN,
  PackageType: 'Image',
  Code: { ImageUri: IMAGE },
  ...extra,
});
const create = (input: CreateFunctionCommandInput) => env.lambda.send(new CreateFunctionCommand(input));
const remove = (name: string) => env.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));

describe('code in S3', () => {
  test('is accepted without S3: CodeSha256 is the same for the same bucket, key and version and differs for another version', async () => {
    const code = { S3Bucket: 'artifacts', S3Key: 'orders.zip', S3ObjectVersion: 'v1' };
    const a = await create(zipFn('s3-a', { Code: code }));
    const b = await create(zipFn('s3-b', { Code: code }));
    expect(a.CodeSha256).toBe(b.CodeSha256);
    expect(a.CodeSize).toBe(0);
    const updated = await env.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 's3-a', S3Bucket: 'artifacts', S3Key: 'orders.zip', S3ObjectVersion: 'v2' }),
    );
    expect(updated.CodeSha256).not.toBe(a.CodeSha256);
    await Promise.all([remove('s3-a'), remove('s3-b')]);
  });

  test('a bucket without a key, or no package at all, is InvalidParameterValueException naming what to send', async () => {
    expect((await rejectionOf(create(zipFn('s3-x', { Code: { S3Bucket: 'artifacts' } })))).message).toContain(
      'S3Bucket and S3Key are required together',
    );
    expect((await rejectionOf(create(zipFn('s3-x', { Code: {} })))).message).toContain(
      'ZipFile (the base64 of a .zip) or S3Bucket and S3Key',
    );
  });
});

describe('container images', () => {
  test('PackageType Image: no runtime or handler, GetFunction reports the ECR image and its digest, ImageConfig is echoed', async () => {
    const created = await create(
      imageFn('img', { ImageConfig: { Command: ['app.handler'], WorkingDirectory: '/var/task' }, Architectures: ['arm64'] }),
    );
    expect(created).toMatchObject({ PackageType: 'Image', CodeSize: 0, Architectures: ['arm64'] });
    expect(created.Runtime).toBeUndefined();
    expect(created.Handler).toBeUndefined();
    expect(created.CodeSha256).toMatch(/^[a-f0-9]{64}$/);
    const fn = await env.lambda.send(new GetFunctionCommand({ FunctionName: 'img' }));
    expect(fn.Code).toEqual({
      RepositoryType: 'ECR',
      ImageUri: IMAGE,
      ResolvedImageUri: `000000000000.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${created.CodeSha256}`,
    });
    expect(fn.Configuration?.ImageConfigResponse).toEqual({ ImageConfig: { Command: ['app.handler'], WorkingDirectory: '/var/task' } });
    // An empty ImageConfig removes it, as the provider asks.
    await env.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'img', ImageConfig: {} }));
    expect((await env.lambda.send(new GetFunctionCommand({ FunctionName: 'img' }))).Configuration?.ImageConfigResponse).toBeUndefined();
  });

  test('a new image is a new digest; a published version keeps the image it was published with', async () => {
    const v1 = await env.lambda.send(new PublishVersionCommand({ FunctionName: 'img' }));
    const next = '000000000000.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:' + 'ab'.repeat(32);
    const updated = await env.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'img', ImageUri: next }));
    expect(updated.CodeSha256).toBe('ab'.repeat(32));
    expect((await env.lambda.send(new GetFunctionCommand({ FunctionName: 'img', Qualifier: v1.Version }))).Code?.ImageUri).toBe(IMAGE);
    expect((await env.lambda.send(new GetFunctionCommand({ FunctionName: 'img' }))).Code?.ImageUri).toBe(next);
    await remove('img');
  });

  test('what Lambda refuses: a URI that is not ECR, an image in another region, a runtime or layers with an image, an image for a Zip function', async () => {
    expect((await rejectionOf(create(imageFn('bad', { Code: { ImageUri: 'docker.io/library/node:20' } })))).message).toContain(
      'Source image docker.io/library/node:20 is not valid',
    );
    expect((await rejectionOf(create(imageFn('bad', { Code: { ImageUri: IMAGE.replace('us-east-1', 'eu-west-1') } })))).message).toContain(
      'needs an image in its own region',
    );
    expect((await rejectionOf(create(imageFn('bad', { Runtime: 'nodejs20.x' })))).message).toContain('not supported for PackageType Image');
    expect((await rejectionOf(create(imageFn('bad', { Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:x:1'] })))).name).toBe(
      'InvalidParameterValueException',
    );
    await create(zipFn('zip-only'));
    expect(
      (await rejectionOf(env.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'zip-only', ImageUri: IMAGE })))).message,
    ).toContain('only for PackageType Image');
    await remove('zip-only');
  });
});

describe('file systems and layers', () => {
  test('an EFS access point mounts under /mnt only with a VPC; an empty list detaches it', async () => {
    const fs = [{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }];
    expect((await rejectionOf(create(zipFn('efs', { FileSystemConfigs: fs })))).message).toContain('must be connected to a VPC');
    const created = await create(
      zipFn('efs', { FileSystemConfigs: fs, VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }),
    );
    expect(created.FileSystemConfigs).toEqual(fs);
    expect(
      (
        await rejectionOf(
          env.lambda.send(
            new UpdateFunctionConfigurationCommand({
              FunctionName: 'efs',
              FileSystemConfigs: [{ Arn: ACCESS_POINT, LocalMountPath: '/data' }],
            }),
          ),
        )
      ).message,
    ).toContain("LocalMountPath '/data' is not valid");
    await env.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'efs', FileSystemConfigs: [] }));
    expect((await env.lambda.send(new GetFunctionCommand({ FunctionName: 'efs' }))).Configuration?.FileSystemConfigs).toBeUndefined();
    await remove('efs');
  });

  test('layers are layer version ARNs of any account (not looked up); anything else is refused', async () => {
    const layers = ['arn:aws:lambda:us-east-1:000000000000:layer:shared:3', 'arn:aws:lambda:us-east-1:111111111111:layer:vendor:12'];
    const created = await create(zipFn('layered', { Layers: layers }));
    expect(created.Layers).toEqual(layers.map((Arn) => ({ Arn, CodeSize: 0 })));
    const unversioned = await rejectionOf(
      env.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'layered', Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:shared'] }),
      ),
    );
    expect(unversioned.message).toContain('is not a layer version ARN');
    await remove('layered');
  });
});
