/**
 * LambdaFunction: an aws_lambda_function whose code is a local file or folder zipped at synth time
 * (reproducibly, by modules/code-archive.ts) — or a prebuilt zip, a zip in S3 or an ECR image — with the
 * settings of modules/function-settings.ts, and
 * ExistingFunction: a function this stack does not own, referenced by name or ARN so roles and invoke
 * permissions can still be generated for it.
 */
import { Construct } from 'constructs';
import { App, AssetType, TerraformAsset, Token, type ITerraformDependable, type TerraformProvider } from './cdk/core';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LambdaFunction as LambdaFunctionResource, type LambdaFunctionConfig } from './cdk/aws';
import { buildCodeArchive, type CodeArchive } from './code-archive';
import {
  checkFunctionCode,
  checkFunctionSettings,
  functionCodeArgs,
  functionSettingsArgs,
  valueAtField,
  type FunctionCode,
  type FunctionSettings,
} from './function-settings';
import type { InvokableFunction } from './invoke-permission';
import { parseArn } from '../shared/aws/arn';
import { partitionForRegion } from '../shared/aws/partition';
import { assertValid } from './validation';
import { isUnresolvedValue } from './arn-rules';

export interface FunctionVpcConfig {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface LambdaFunctionProps {
  /** 1–64 characters of letters, digits, "-" and "_". */
  readonly functionName: string;
  /** ARN of the execution role (usually `executionRole.roleArn`). */
  readonly roleArn: string;
  /**
   * A file or folder, zipped at synth; a relative path is resolved against the working directory (as
   * TerraformAsset resolves one). The zip depends only on file names, contents and the executable bit (not
   * mtimes or the folder's location), so the same code always plans no change. Exactly one of this and `code`.
   * @default - `code` says where the code is
   */
  readonly codePath?: string;
  /** A prebuilt zip (a relative path resolved like `codePath`), a zip in S3 or an ECR image, instead of `codePath`. @default - `codePath` */
  readonly code?: FunctionCode;
  /** e.g. 'nodejs20.x', 'python3.12'. Required for zip code; not for images. @default - none (image functions only) */
  readonly runtime?: string;
  /** e.g. 'index.handler'. Required for zip code; not for images. @default - none (image functions only) */
  readonly handler?: string;
  /** Architecture, layers, /tmp size, reserved concurrency, environment key, publish, EFS, logging config. @default - Lambda's defaults */
  readonly settings?: FunctionSettings;
  /**
   * The function's region: layers must be in it, and it decides the partition ARNs are checked in.
   * @default - the partition of the role ARN (or aws); layer regions not checked
   */
  readonly region?: string;
  /** MB, 128–10240. @default 128 */
  readonly memorySize?: number;
  /** Seconds, 1–900. @default 3 */
  readonly timeout?: number;
  /** @default - no description */
  readonly description?: string;
  /** @default - no environment variables */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default - not in a VPC */
  readonly vpc?: FunctionVpcConfig;
  /** X-Ray tracing mode. @default 'PassThrough' (the provider's default) */
  readonly tracing?: 'Active' | 'PassThrough';
  /** SQS queue or SNS topic ARN for failed asynchronous invocations. @default - none */
  readonly deadLetterTargetArn?: string;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Provider timeouts for create/update. Short, so a conflicting or stuck create fails fast instead of
   * the provider retrying for its default 10 minutes.
   * @default '2m'
   */
  readonly operationTimeout?: string;
  /**
   * Resources to create first, e.g. the role's policy attachments, so logging and VPC access are in
   * place before the first invocation. (The role ARN reference already orders the role itself.)
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * The AWS provider (configuration) that creates the function, e.g. an alias in another region, or one of
   * several aliases that spread creates over provider processes (see `functionProviderShards` in stacks/).
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

export class LambdaFunction extends Construct implements InvokableFunction {
  readonly resource: LambdaFunctionResource;
  /** The zip (built from codePath, or the prebuilt one), copied into the stack's output folder. @default - none for S3 and image code */
  readonly asset?: TerraformAsset;
  /** The zip's cache path, SHA-256 (source_code_hash) and content hash, for `codePath`. */
  readonly archive?: CodeArchive;
  // References are made when first read: each is a token whose creation captures a stack trace, which is a
  // measurable share of synth at hundreds of functions, and most stacks never read `version`.
  private references: { functionName?: string; functionArn?: string; version?: string } = {};

  get functionName(): string {
    return (this.references.functionName ??= this.resource.functionName);
  }

  get functionArn(): string {
    return (this.references.functionArn ??= this.resource.arn);
  }

  /** The version this apply published ('$LATEST' without `publish`): the 'current-version' qualifier. */
  get version(): string {
    return (this.references.version ??= this.resource.version);
  }

  constructor(scope: Construct, id: string, input: LambdaFunctionProps) {
    super(scope, id);
    const props = withLocalPathsResolved(input);
    const at = (field: string) => `${this.node.path} ${field}`;
    checkFunctionName(at('functionName'), props.functionName);
    this.checkCode(props);
    if (props.memorySize !== undefined && !Token.isUnresolved(props.memorySize) && (props.memorySize < 128 || props.memorySize > 10240)) {
      assertValid(at('memorySize'), props.memorySize, { rule: 'is out of range 128–10240 MB', fix: 'use e.g. 256' });
    }
    if (props.timeout !== undefined && !Token.isUnresolved(props.timeout) && (props.timeout < 1 || props.timeout > 900)) {
      assertValid(at('timeout'), props.timeout, { rule: 'is out of range 1–900 seconds', fix: 'use e.g. 30' });
    }

    let codeArgs: Partial<LambdaFunctionConfig>;
    if (props.codePath !== undefined) {
      this.archive = buildCodeArchive(props.codePath, { cacheDir: archiveCacheDir(this), where: at('codePath') });
      // A FILE asset of our zip: cdktf's ARCHIVE type spawns a node process per asset and records mtimes.
      this.asset = new TerraformAsset(this, 'code', { path: this.archive.path, type: AssetType.FILE, assetHash: this.archive.assetHash });
      // Lambda reports CodeSha256 (base64 SHA-256 of the zip) and the provider stores it as
      // source_code_hash on every read; any other value (such as cdktf's asset hash) is a perpetual diff.
      // Written as a literal (we hashed the bytes we wrote), so the plan need not read the file again.
      codeArgs = { filename: this.asset.path, sourceCodeHash: this.archive.sha256 };
    } else {
      const code = props.code!;
      // A prebuilt zip is copied into the output like our own, so the synthesized stack is self-contained.
      if (code.kind === 'zip-file') this.asset = new TerraformAsset(this, 'code', { path: code.path, type: AssetType.FILE });
      codeArgs = { ...functionCodeArgs(code), ...(this.asset ? { filename: this.asset.path } : {}) };
    }
    const wait = props.operationTimeout ?? '2m';
    this.resource = new LambdaFunctionResource(this, 'function', {
      functionName: props.functionName,
      role: props.roleArn,
      runtime: props.runtime,
      handler: props.handler,
      ...codeArgs,
      ...functionSettingsArgs(props.settings ?? {}),
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      environment: props.environment && Object.keys(props.environment).length ? { variables: { ...props.environment } } : undefined,
      vpcConfig: props.vpc ? { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } : undefined,
      tracingConfig: props.tracing ? { mode: props.tracing } : undefined,
      deadLetterConfig: props.deadLetterTargetArn ? { targetArn: props.deadLetterTargetArn } : undefined,
      tags: props.tags && Object.keys(props.tags).length ? { ...props.tags } : undefined,
      timeouts: { create: wait, update: wait },
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
      provider: props.provider,
    });
  }

  /** Exactly one code source; runtime and handler for zip code only; the settings' rules. */
  private checkCode(props: LambdaFunctionProps): void {
    const at = (field: string) => `${this.node.path} ${field}`;
    if ((props.codePath === undefined) === (props.code === undefined))
      assertValid(at('codePath'), props.codePath, {
        rule: props.code ? 'is set together with code' : 'is missing, and so is code',
        fix: 'give exactly one of codePath and code',
      });
    if (props.codePath !== undefined && !existsSync(props.codePath))
      assertValid(at('codePath'), props.codePath, {
        rule: 'does not exist',
        fix: 'point it at the handler file or folder (a relative path is resolved against the working directory; in a definition file, against the file)',
      });
    if (props.code) {
      const p = checkFunctionCode(props.code);
      if (p) assertValid(at(`code.${p.field}`), valueAtField(props.code, p.field), p);
    }
    const image = props.code?.kind === 'image';
    for (const field of ['runtime', 'handler'] as const) {
      if (image && props[field] !== undefined)
        assertValid(at(field), props[field], { rule: 'is set for an image function', fix: 'remove it: the image defines it' });
      if (!image && props[field] === undefined)
        assertValid(at(field), undefined, { rule: 'is missing: zip code needs it', fix: `set ${field}` });
    }
    if (props.settings) {
      const partition = props.region ? partitionForRegion(props.region) : (parseArn(props.roleArn)?.partition ?? 'aws');
      const p = checkFunctionSettings(props.settings, { partition, region: props.region ?? '', inVpc: !!props.vpc });
      if (p) assertValid(at(`settings.${p.field}`), valueAtField(props.settings, p.field), p);
    }
  }
}

/** Local code paths made absolute against the working directory (tokens and interpolations stay as they are). */
function withLocalPathsResolved(props: LambdaFunctionProps): LambdaFunctionProps {
  const local = (path: string) => (isUnresolvedValue(path) ? path : resolve(path));
  const code = props.code?.kind === 'zip-file' ? { ...props.code, path: local(props.code.path) } : props.code;
  return { ...props, ...(props.codePath !== undefined ? { codePath: local(props.codePath) } : {}), ...(code ? { code } : {}) };
}

/**
 * Archives are cached in the app's output folder (e.g. cdktf.out/.code-archives): a re-synth reuses them,
 * and they go away with the output. A construct tree without an App falls back to the temp folder.
 */
function archiveCacheDir(scope: Construct): string {
  let outdir: string;
  try {
    outdir = App.of(scope).outdir;
  } catch {
    return join(tmpdir(), 'lambda-roles-code');
  }
  return join(resolve(outdir), '.code-archives');
}

export interface ExistingFunctionProps {
  /** Function name, or full (optionally qualified) function ARN. */
  readonly nameOrArn: string;
}

/** A function owned elsewhere: creates nothing, only names the target of permissions. */
export class ExistingFunction extends Construct implements InvokableFunction {
  readonly functionName: string;
  constructor(scope: Construct, id: string, props: ExistingFunctionProps) {
    super(scope, id);
    const v = props.nameOrArn;
    if (Token.isUnresolved(v)) {
      // known only at apply time (e.g. another stack's output): nothing to check here
    } else if (v.startsWith('arn:')) {
      if (!/^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]+)?$/.test(v)) {
        assertValid(`${this.node.path} nameOrArn`, v, {
          rule: 'is not a Lambda function ARN',
          fix: 'write arn:aws:lambda:<region>:<account>:function:<name>',
        });
      }
    } else {
      checkFunctionName(`${this.node.path} nameOrArn`, v);
    }
    this.functionName = v;
  }
}

export function checkFunctionName(where: string, name: string): void {
  if (!Token.isUnresolved(name) && !/^[\w-]{1,64}$/.test(name)) {
    assertValid(where, name, {
      rule: 'is not a valid Lambda function name (1–64 characters of letters, digits, "-" and "_")',
      fix: 'rename the function',
    });
  }
}
