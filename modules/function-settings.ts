/**
 * The aws_lambda_function settings beyond code, role and runtime that nearly every function sets, and the
 * code sources besides a folder zipped at synth: their types, their rules (rule/value/fix, tokens
 * skipped) and their Terraform arguments. Pure, so the definition validation and the LambdaFunction
 * construct apply the same rules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { LambdaFunctionConfig } from './cdk/aws';
import { parseArn } from '../shared/aws/arn';
import { ARN_RULES, checkArn, isUnresolvedValue } from './arn-rules';
import { checkFileSystem, type FunctionFileSystem } from './function-permissions';
import { checkLoggingConfig, type FunctionLoggingConfig } from './log-group';
import type { Problem } from './validation';

/** Where the code comes from, when it is not a folder or file zipped at synth (`codePath`). */
export type FunctionCode =
  /** A zip built elsewhere (absolute path); uploaded as it is, source_code_hash is its SHA-256. */
  | { readonly kind: 'zip-file'; readonly path: string }
  /** A zip in S3. Terraform sees a new version only when the key or object version changes. */
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly objectVersion?: string }
  /** A container image in ECR (package type Image): no runtime or handler. */
  | {
      readonly kind: 'image';
      /** <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest> */
      readonly imageUri: string;
      /** @default - the image's CMD */
      readonly command?: readonly string[];
      /** @default - the image's ENTRYPOINT */
      readonly entryPoint?: readonly string[];
      /** @default - the image's WORKDIR */
      readonly workingDirectory?: string;
    };

export interface FunctionSettings {
  /** @default 'x86_64' */
  readonly architecture?: 'x86_64' | 'arm64';
  /**
   * Layer version ARNs, at most 5, in the function's region. The deployer (not the execution role) needs
   * lambda:GetLayerVersion on each; a layer of another account must be shared with the deployer's account.
   * @default - no layers
   */
  readonly layers?: readonly string[];
  /** /tmp size in MB, 512–10240. @default 512 */
  readonly ephemeralStorageMb?: number;
  /** Concurrency reserved for (and capping) this function; 0 stops all invocations. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Customer managed KMS key for the environment variables; the role gets kms:Decrypt on it. @default - the AWS managed key */
  readonly environmentKmsKeyArn?: string;
  /** Publish a version on every code or configuration change (needed for 'current-version' targets and aliases on it). @default false */
  readonly publish?: boolean;
  /** An EFS access point to mount (the function must be in a VPC); the role gets ClientMount/ClientWrite. @default - none */
  readonly fileSystem?: FunctionFileSystem;
  /** Advanced logging: format, levels, custom log group. @default - Text logs to /aws/lambda/<name> */
  readonly logging?: FunctionLoggingConfig;
}

export type FieldProblem = Problem & { readonly field: string };

/** The value a FieldProblem's field names, e.g. 'layers[0]' or 'fileSystem.localMountPath' of the settings. */
export function valueAtField(root: unknown, field: string): unknown {
  let cur: unknown = root;
  for (const key of field.split(/[.[\]]+/).filter(Boolean))
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  return cur;
}

/** An ECR image URI with a tag or digest (also the JSON Schema pattern of code.imageUri). */
export const IMAGE_URI = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})$/;
const fieldProblem = (field: string, rule: string, fix: string): FieldProblem => ({ field, rule, fix });

export function checkFunctionCode(code: FunctionCode): FieldProblem | undefined {
  switch (code.kind) {
    case 'zip-file':
      if (isUnresolvedValue(code.path)) return undefined;
      if (!isAbsolute(code.path) || !existsSync(code.path) || !statSync(code.path).isFile() || !code.path.endsWith('.zip'))
        return fieldProblem('path', 'is not an existing absolute path of a .zip file', 'point it at the zip your build produced');
      return undefined;
    case 's3':
      if (!isUnresolvedValue(code.bucket) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(code.bucket))
        return fieldProblem('bucket', 'is not an S3 bucket name', 'write the bucket name, not its ARN');
      if (!code.key) return fieldProblem('key', 'is empty', 'give the object key of the zip');
      return undefined;
    case 'image':
      if (!isUnresolvedValue(code.imageUri) && !IMAGE_URI.test(code.imageUri))
        return fieldProblem(
          'imageUri',
          'is not an ECR image URI with a tag or digest',
          'write <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>',
        );
      return undefined;
  }
}

/** Settings that only make sense together with where the function runs. */
export interface SettingsContext {
  readonly partition: string;
  /** The function's region; layers must be in it. Empty: not known, layer regions are not judged. */
  readonly region: string;
  /** The function is in a VPC (EFS needs one). */
  readonly inVpc: boolean;
}

export function checkFunctionSettings(s: FunctionSettings, ctx: SettingsContext): FieldProblem | undefined {
  const layers = s.layers ?? [];
  if (layers.length > 5) return fieldProblem('layers', `lists ${layers.length} layers; a function takes at most 5`, 'merge layers');
  for (const [i, layer] of layers.entries()) {
    const p = checkArn(layer, ARN_RULES.layerVersion, ctx.partition);
    if (p) return { field: `layers[${i}]`, ...p };
    const region = parseArn(layer)?.region;
    if (ctx.region && !isUnresolvedValue(layer) && region !== ctx.region)
      return fieldProblem(
        `layers[${i}]`,
        `is in region ${region}, but a function uses layers of its own region (${ctx.region})`,
        "publish the layer in the function's region",
      );
  }
  const mb = s.ephemeralStorageMb;
  if (mb !== undefined && !isUnresolvedValue(String(mb)) && !(Number.isInteger(mb) && mb >= 512 && mb <= 10240))
    return fieldProblem('ephemeralStorageMb', 'is out of range 512–10240 MB', 'use e.g. 1024');
  const rc = s.reservedConcurrency;
  if (rc !== undefined && !isUnresolvedValue(String(rc)) && !(Number.isInteger(rc) && rc >= 0))
    return fieldProblem('reservedConcurrency', 'is not a whole number of 0 or more', 'use e.g. 10 (0 stops the function)');
  if (s.environmentKmsKeyArn !== undefined) {
    const p = checkArn(s.environmentKmsKeyArn, ARN_RULES.kmsKey, ctx.partition);
    if (p) return { field: 'environmentKmsKeyArn', ...p };
  }
  if (s.fileSystem) {
    const p = checkFileSystem(s.fileSystem, ctx.partition);
    if (p) return { ...p, field: `fileSystem.${p.field}` };
    if (!ctx.inVpc)
      return fieldProblem(
        'fileSystem',
        'is set, but the function is not in a VPC: Lambda reaches EFS only through the VPC',
        "add the VPC config of the file system's mount targets",
      );
  }
  if (s.logging) {
    const p = checkLoggingConfig(s.logging);
    if (p) return { ...p, field: `logging.${p.field}` };
  }
  return undefined;
}

/** The aws_lambda_function arguments of the settings. */
export function functionSettingsArgs(s: FunctionSettings): Partial<LambdaFunctionConfig> {
  const l = s.logging;
  return {
    architectures: s.architecture ? [s.architecture] : undefined,
    layers: s.layers?.length ? [...s.layers] : undefined,
    ephemeralStorage: s.ephemeralStorageMb !== undefined ? { size: s.ephemeralStorageMb } : undefined,
    reservedConcurrentExecutions: s.reservedConcurrency,
    kmsKeyArn: s.environmentKmsKeyArn,
    publish: s.publish,
    fileSystemConfig: s.fileSystem ? { arn: s.fileSystem.accessPointArn, localMountPath: s.fileSystem.localMountPath } : undefined,
    // log_format is required in the block; Lambda's default is Text.
    loggingConfig: l
      ? {
          logFormat: l.format ?? 'Text',
          applicationLogLevel: l.applicationLogLevel,
          systemLogLevel: l.systemLogLevel,
          logGroup: l.logGroupName,
        }
      : undefined,
  };
}

/** The aws_lambda_function arguments of a code source other than a synth-time zip (a zip file is read here to hash it). */
export function functionCodeArgs(code: FunctionCode): Partial<LambdaFunctionConfig> {
  switch (code.kind) {
    case 'zip-file':
      // Lambda reports CodeSha256 (base64 SHA-256 of the zip); the same value means no perpetual diff.
      return {
        sourceCodeHash: isUnresolvedValue(code.path) ? undefined : createHash('sha256').update(readFileSync(code.path)).digest('base64'),
      };
    case 's3':
      return { s3Bucket: code.bucket, s3Key: code.key, s3ObjectVersion: code.objectVersion };
    case 'image':
      return {
        packageType: 'Image',
        imageUri: code.imageUri,
        imageConfig:
          code.command || code.entryPoint || code.workingDirectory
            ? {
                command: code.command && [...code.command],
                entryPoint: code.entryPoint && [...code.entryPoint],
                workingDirectory: code.workingDirectory,
              }
            : undefined,
      };
  }
}
