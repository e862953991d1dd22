/** Function settings and code sources: the rules (rule/value/fix, tokens skipped) and the Terraform arguments. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkFunctionCode,
  checkFunctionSettings,
  functionCodeArgs,
  functionSettingsArgs,
  type FunctionSettings,
} from '../../modules/function-settings';
import { TOKEN } from './checks/subjects';

const ctx = { partition: 'aws', region: 'us-east-1', inVpc: true };
const LAYER = 'arn:aws:lambda:us-east-1:210987654321:layer:shared-libs:3';
const fs = {
  accessPointArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0123456789abcdef0',
  fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0',
  localMountPath: '/mnt/models',
};

describe('function settings → aws_lambda_function arguments', () => {
  it('architecture, layers, /tmp, reserved concurrency, environment key, publish, file system, logging config', () => {
    expect(
      functionSettingsArgs({
        architecture: 'arm64',
        layers: [LAYER],
        ephemeralStorageMb: 2048,
        reservedConcurrency: 5,
        environmentKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
        publish: true,
        fileSystem: fs,
        logging: { format: 'JSON', applicationLogLevel: 'WARN', logGroupName: '/custom/orders' },
      }),
    ).toEqual({
      architectures: ['arm64'],
      layers: [LAYER],
      ephemeralStorage: { size: 2048 },
      reservedConcurrentExecutions: 5,
      kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      publish: true,
      fileSystemConfig: { arn: fs.accessPointArn, localMountPath: '/mnt/models' },
      loggingConfig: { logFormat: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: undefined, logGroup: '/custom/orders' },
    });
  });

  it('a custom log group alone keeps Lambda’s default Text format (log_format is required in the block)', () => {
    expect(functionSettingsArgs({ logging: { logGroupName: '/custom/orders' } }).loggingConfig).toMatchObject({
      logFormat: 'Text',
      logGroup: '/custom/orders',
    });
  });

  it.each<[string, FunctionSettings, string, RegExp]>([
    ['six layers', { layers: Array.from({ length: 6 }, () => LAYER) }, 'layers', /at most 5/],
    [
      'a layer ARN without version',
      { layers: ['arn:aws:lambda:us-east-1:210987654321:layer:shared-libs'] },
      'layers[0]',
      /Lambda layer version ARN/,
    ],
    [
      'a layer of another region',
      { layers: ['arn:aws:lambda:eu-west-1:210987654321:layer:shared-libs:3'] },
      'layers[0]',
      /region eu-west-1/,
    ],
    ['256 MB of /tmp', { ephemeralStorageMb: 256 }, 'ephemeralStorageMb', /512–10240/],
    ['negative concurrency', { reservedConcurrency: -1 }, 'reservedConcurrency', /0 or more/],
    ['an alias as key', { environmentKmsKeyArn: 'alias/env' }, 'environmentKmsKeyArn', /KMS key ARN/],
    ['a mount outside /mnt', { fileSystem: { ...fs, localMountPath: '/data' } }, 'fileSystem.localMountPath', /under \/mnt\//],
    ['levels without JSON', { logging: { systemLogLevel: 'WARN' } }, 'logging.systemLogLevel', /only to format JSON/],
  ])('refuses %s', (_what, settings, field, rule) => {
    const p = checkFunctionSettings(settings, ctx);
    expect(p?.field).toBe(field);
    expect(p?.rule).toMatch(rule);
  });

  it('EFS needs a VPC; tokens are not judged', () => {
    expect(checkFunctionSettings({ fileSystem: fs }, { ...ctx, inVpc: false })?.rule).toMatch(/not in a VPC/);
    expect(checkFunctionSettings({ layers: [TOKEN], environmentKmsKeyArn: TOKEN }, ctx)).toBeUndefined();
  });
});

describe('code sources', () => {
  it('a prebuilt zip is uploaded as it is, its source_code_hash the base64 SHA-256 Lambda reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-roles-zipfile-'));
    try {
      const path = join(dir, 'app.zip');
      writeFileSync(path, 'PK-not-really-a-zip');
      expect(checkFunctionCode({ kind: 'zip-file', path })).toBeUndefined();
      expect(functionCodeArgs({ kind: 'zip-file', path })).toEqual({
        sourceCodeHash: createHash('sha256').update('PK-not-really-a-zip').digest('base64'),
      });
      expect(checkFunctionCode({ kind: 'zip-file', path: join(dir, 'missing.zip') })?.rule).toMatch(/existing absolute path of a \.zip/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('S3: bucket, key and object version; a bucket ARN is refused', () => {
    expect(functionCodeArgs({ kind: 's3', bucket: 'artifacts', key: 'orders/1.2.0.zip', objectVersion: 'v1' })).toEqual({
      s3Bucket: 'artifacts',
      s3Key: 'orders/1.2.0.zip',
      s3ObjectVersion: 'v1',
    });
    expect(checkFunctionCode({ kind: 's3', bucket: 'arn:aws:s3:::artifacts', key: 'k' })).toMatchObject({ field: 'bucket' });
  });

  it('image: package type Image, the ECR URI and its config; a Docker Hub image is refused', () => {
    const imageUri = '111122223333.dkr.ecr.us-east-1.amazonaws.com/orders:1.2.0';
    expect(functionCodeArgs({ kind: 'image', imageUri, command: ['app.handler'] })).toEqual({
      packageType: 'Image',
      imageUri,
      imageConfig: { command: ['app.handler'], entryPoint: undefined, workingDirectory: undefined },
    });
    expect(checkFunctionCode({ kind: 'image', imageUri: 'node:20' })).toMatchObject({ field: 'imageUri' });
  });
});
