/**
 * buildStack: one StackDefinition → one TerraformStack with the AWS provider, the backend, and per
 * function what build-function.ts builds (role, policies, log group, function or reference, aliases,
 * invoke permissions, event source mappings, async invoke config).
 * The stack makes no AWS call at plan time: no data sources; the account comes from the definition.
 */
import { Construct } from 'constructs';
import { App, Aspects, LocalBackend, S3Backend, TerraformStack } from '../modules/cdk/core';
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { AwsProvider, type AwsProviderConfig } from '../modules/cdk/aws';
import { ValidationError } from '../modules/validation';
import { LambdaRolesChecks, type LambdaRolesChecksProps } from '../modules/checks/aspect';
import type { StackDefinition } from './definition';
import { buildFunction, type BuiltFunction } from './build-function';
import { DefinitionError, validateDefinition } from './validate-definition';

export interface BuildStackOptions {
  /**
   * Extra AWS provider settings, e.g. { skipCredentialsValidation: true, skipRequestingAccountId: true,
   * skipMetadataApiCheck: 'true', maxRetries: 1, endpoints: [...] } for offline plans or the local endpoint.
   * @default - none
   */
  readonly providerOverrides?: Partial<AwsProviderConfig>;
  /**
   * Directory of the default local state file `terraform.<stack>.tfstate` (and of a relative `backend.path`).
   * The synthesized backend names it relative to the stack's folder. @default process.cwd()
   */
  readonly stateDir?: string;
  /** Directory that relative `code.path`s are resolved against. @default process.cwd() */
  readonly baseDir?: string;
  /** Props of the LambdaRolesChecks Aspect added to the stack (e.g. a quiet logger in tests). @default - log to stdout */
  readonly policyChecks?: LambdaRolesChecksProps;
  /**
   * Spreads the aws_lambda_function resources over this many aliases of the AWS provider (same settings).
   * Why: provider 5.100.0 creates functions from a local zip one at a time per provider process (a
   * process-wide lock held through a fixed 5 s wait after CreateFunction), so N functions take at least
   * 5·N s to create whatever -parallelism says; each alias is its own provider process with its own lock.
   * Each shard costs one more provider process on every plan and apply. A function's alias follows from
   * its name, so adding or reordering functions moves no other function.
   * @default 1 (the default provider only)
   */
  readonly functionProviderShards?: number;
}

export type { BuiltFunction } from './build-function';

export class LambdaRolesStack extends TerraformStack {
  readonly definition: StackDefinition;
  readonly functions = new Map<string, BuiltFunction>();
  constructor(scope: Construct, def: StackDefinition) {
    super(scope, def.name);
    this.definition = def;
  }
}

/** Builds the stack, or throws a DefinitionError naming the stack, function and field of each problem. */
export function buildStack(scope: App | Construct, input: StackDefinition, options: BuildStackOptions = {}): LambdaRolesStack {
  const def = validateDefinition(input);
  const stack = new LambdaRolesStack(scope, def);
  new AwsProvider(stack, 'aws', { region: def.region, ...options.providerOverrides });
  const providerFor = functionProviders(stack, def, options);
  addBackend(stack, def, options);
  def.functions.forEach((fn, index) => {
    try {
      stack.functions.set(
        fn.name,
        buildFunction(stack, def, fn, { baseDir: options.baseDir ?? process.cwd(), provider: providerFor(fn.name) }),
      );
    } catch (err) {
      // Constructs validate too (for library users); report their findings in definition terms.
      if (err instanceof ValidationError)
        throw new DefinitionError([{ stack: def.name, function: fn.name, field: `functions[${index}]`, message: err.message }]);
      throw err;
    }
  });
  // The policy checks judge every IAM resource in the stack at synth, including ones added after this returns.
  Aspects.of(stack).add(new LambdaRolesChecks(options.policyChecks));
  return stack;
}

/** The provider alias each function is created with (undefined: the default provider); see functionProviderShards. */
function functionProviders(
  stack: TerraformStack,
  def: StackDefinition,
  options: BuildStackOptions,
): (name: string) => AwsProvider | undefined {
  const count = options.functionProviderShards ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new ValidationError('buildStack functionProviderShards', count, {
      rule: 'is not a whole number from 1 to 64',
      fix: 'use e.g. 8; more provider processes than a few per core only add start-up time',
    });
  }
  if (count === 1) return () => undefined;
  const aliases = Array.from(
    { length: count },
    (_, k) => new AwsProvider(stack, `aws-functions-${k}`, { region: def.region, ...options.providerOverrides, alias: `functions${k}` }),
  );
  return (name) => aliases[createHash('sha256').update(name).digest().readUInt32BE(0) % count];
}

function addBackend(stack: TerraformStack, def: StackDefinition, options: BuildStackOptions): void {
  const backend = def.backend ?? { type: 'local' as const };
  if (backend.type === 's3') {
    new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, dynamodbTable: backend.dynamodbTable });
    // cdktf 0.21's S3BackendConfig predates S3-native locking (Terraform 1.10+), so set it directly.
    if (backend.useLockfile !== undefined) stack.addOverride('terraform.backend.s3.use_lockfile', backend.useLockfile);
    return;
  }
  const path = backend.path ?? `terraform.${def.name}.tfstate`;
  new LocalBackend(stack, { path: isAbsolute(path) ? path : localStatePath(stack, resolve(options.stateDir ?? process.cwd(), path)) });
}

/**
 * The state file relative to the folder Terraform runs in (`<outdir>/stacks/<stack>`, where cdktf writes the
 * stack): no absolute path of this machine is baked into the synthesized Terraform, so a checkout elsewhere
 * (or another CI runner) synthesizes the same bytes and finds its own state. Outside an App, absolute.
 */
function localStatePath(stack: TerraformStack, stateFile: string): string {
  let outdir: string;
  try {
    outdir = App.of(stack).outdir;
  } catch {
    return stateFile;
  }
  return relative(resolve(outdir, 'stacks', stack.node.id), stateFile);
}
