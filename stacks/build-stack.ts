/**
 * buildStack: one StackDefinition → one TerraformStack with the AWS provider, the backend, and per
 * function its execution role, customer policies, function (or reference) and invoke permissions.
 * The stack makes no AWS call at plan time: no data sources; the account comes from the definition.
 */
import { Construct } from 'constructs';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { ExecutionRole } from '../modules/execution-role';
import { CustomerPolicy } from '../modules/customer-policy';
import { ExistingFunction, LambdaFunction } from '../modules/lambda-function';
import { InvokePermission, type InvokableFunction, type InvokeGrant } from '../modules/invoke-permission';
import { partitionForRegion } from '../shared/aws/partition';
import { ValidationError } from '../modules/validation';
import { attachPolicyChecks, type AttachPolicyChecksOptions } from '../modules/checks/run-checks';
import { defaultRoleName, type FunctionDefinition, type StackDefinition } from './definition';
import { DefinitionError, validateDefinition } from './validate-definition';

export interface BuildStackOptions {
  /**
   * Extra AWS provider settings, e.g. { skipCredentialsValidation: true, skipRequestingAccountId: true,
   * skipMetadataApiCheck: 'true', maxRetries: 1, endpoints: [...] } for offline plans or the local endpoint.
   * @default - none
   */
  readonly providerOverrides?: Partial<AwsProviderConfig>;
  /** Directory of the default local state file `terraform.<stack>.tfstate`. @default process.cwd() */
  readonly stateDir?: string;
  /** Directory that relative `code.path`s are resolved against. @default process.cwd() */
  readonly baseDir?: string;
  /** Passed to attachPolicyChecks (e.g. a quiet logger in tests). @default - log to stderr */
  readonly policyChecks?: AttachPolicyChecksOptions;
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

/** What was built for one function, for tests, the summary and the drift checker. */
export interface BuiltFunction {
  readonly definition: FunctionDefinition;
  readonly role: ExecutionRole;
  readonly customerPolicies: readonly CustomerPolicy[];
  /** The function construct when this stack owns the code, else the reference. */
  readonly target: LambdaFunction | ExistingFunction;
  readonly grants: readonly InvokeGrant[];
}

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
      stack.functions.set(fn.name, buildFunction(stack, def, fn, options, providerFor(fn.name)));
    } catch (err) {
      // Constructs validate too (for library users); report their findings in definition terms.
      if (err instanceof ValidationError)
        throw new DefinitionError([{ stack: def.name, function: fn.name, field: `functions[${index}]`, message: err.message }]);
      throw err;
    }
  });
  attachPolicyChecks(stack, options.policyChecks);
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
  const stateDir = options.stateDir ?? process.cwd();
  const path = backend.path ?? `terraform.${def.name}.tfstate`;
  new LocalBackend(stack, { path: isAbsolute(path) ? path : join(stateDir, path) });
}

function buildFunction(
  stack: TerraformStack,
  def: StackDefinition,
  fn: FunctionDefinition,
  options: BuildStackOptions,
  provider: AwsProvider | undefined,
): BuiltFunction {
  const scope = new Construct(stack, fn.name);
  const baseTags = { ...def.defaults?.tags, ...fn.tags };
  const suppressions = fn.suppressions ?? [];

  const customerPolicies = (fn.customerPolicies ?? []).map(
    (p) =>
      new CustomerPolicy(scope, `policy-${p.name}`, {
        policyName: p.name,
        description: p.description,
        path: p.path,
        statements: p.statements,
        tags: baseTags,
        suppressions,
      }),
  );

  const features = fn.features ?? {};
  const role = new ExecutionRole(scope, 'role', {
    roleName: fn.role?.name ?? defaultRoleName(fn.name),
    region: def.region,
    account: def.account,
    confusedDeputyProtection: fn.role?.confusedDeputyProtection,
    edge: fn.role?.edge,
    path: fn.role?.path,
    description: fn.role?.description ?? `Execution role of Lambda function ${fn.name} (stack ${def.name})`,
    maxSessionDuration: fn.role?.maxSessionDuration,
    permissionsBoundary: fn.role?.permissionsBoundary ?? def.defaults?.permissionsBoundary,
    tags: { ...baseTags, ...fn.role?.tags },
    basicLogging: fn.role?.basicLogging,
    managedPolicies: fn.managedPolicies,
    features: { vpc: !!features.vpc, tracing: features.tracing, insights: features.insights, eventSources: features.eventSources },
    statements: fn.statements,
    additionalPolicies: customerPolicies.map((p) => ({ key: p.policyName, arn: p.policyArn })),
    exclusiveAttachments: fn.exclusiveAttachments,
    suppressions,
  });

  let target: LambdaFunction | ExistingFunction;
  if (fn.code) {
    const owned = new LambdaFunction(scope, 'function', {
      functionName: fn.name,
      roleArn: role.roleArn,
      codePath: resolve(options.baseDir ?? process.cwd(), fn.code.path),
      runtime: fn.code.runtime,
      handler: fn.code.handler,
      memorySize: fn.code.memorySize,
      timeout: fn.code.timeout,
      description: fn.code.description,
      environment: fn.code.environment,
      vpc: features.vpc,
      tracing: features.tracing ? 'Active' : undefined,
      deadLetterTargetArn: fn.code.deadLetterTargetArn,
      tags: baseTags,
      // The attachments and inline policy must exist before the first invocation (logging, VPC ENIs,
      // event-source polling), not just the role the ARN reference already waits for.
      dependsOn: [...role.attachments.attachments.values(), ...(role.inlinePolicy ? [role.inlinePolicy] : [])],
      provider,
    });
    target = owned;
  } else {
    target = new ExistingFunction(scope, 'function', { nameOrArn: fn.existing! });
  }

  const ctx = { account: def.account, partition: partitionForRegion(def.region) };
  const invokable: InvokableFunction = target;
  const grants = (fn.invokers ?? []).map((invoker) => InvokePermission.grant(scope, invokable, invoker, ctx, suppressions));
  return { definition: fn, role, customerPolicies, target, grants };
}
