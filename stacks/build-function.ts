/**
 * One function of a stack: its customer policies, execution role (trust grants, implied policies),
 * log group, the function (or the reference to an existing one), aliases, invoke permissions per target,
 * asynchronous invocation config and event source mappings. Everything that Lambda checks or uses with the
 * role's permissions (the function, its mappings and invoke config) depends on the role's policies.
 */
import { Construct } from 'constructs';
import type { TerraformProvider, TerraformStack } from '../modules/cdk/core';
import { resolve } from 'node:path';
import { AsyncInvokeConfig } from '../modules/async-invoke';
import { CustomerPolicy } from '../modules/customer-policy';
import { EventSourceMapping } from '../modules/event-source-mapping';
import { ExecutionRole } from '../modules/execution-role';
import { FunctionAlias } from '../modules/function-alias';
import { InvokePermission, type InvokableFunction, type InvokeGrant } from '../modules/invoke-permission';
import { invokeTargetLabel, invokeTargetsOf, type InvokeTarget } from '../modules/invokers';
import { ExistingFunction, LambdaFunction } from '../modules/lambda-function';
import { FunctionLogGroup } from '../modules/log-group';
import { partitionForRegion } from '../shared/aws/partition';
import { addSuppressions } from '../modules/checks/suppressions';
import { defaultRoleName, type FunctionDefinition, type StackDefinition } from './definition';
import { codeSettings, codeSource, logGroupNameOf, loggingOf } from './function-parts';
import { impliedPermissions, roleFeatureProps } from './implied-policies';

/** What was built for one function, for tests, the summary and the drift checker. */
export interface BuiltFunction {
  readonly definition: FunctionDefinition;
  readonly role: ExecutionRole;
  readonly customerPolicies: readonly CustomerPolicy[];
  /** The function construct when this stack owns the code, else the reference. */
  readonly target: LambdaFunction | ExistingFunction;
  readonly grants: readonly InvokeGrant[];
  /** @default - none: no `logging`, or `logGroup.create: false` */
  readonly logGroup?: FunctionLogGroup;
  readonly aliases: ReadonlyMap<string, FunctionAlias>;
  readonly eventSourceMappings: readonly EventSourceMapping[];
  /** @default - none: no `asyncInvoke` */
  readonly asyncInvoke?: AsyncInvokeConfig;
}

export interface BuildFunctionOptions {
  /** Directory relative code paths resolve against. */
  readonly baseDir: string;
  /** The provider alias that creates the function. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export function buildFunction(
  stack: TerraformStack,
  def: StackDefinition,
  fn: FunctionDefinition,
  options: BuildFunctionOptions,
): BuiltFunction {
  const scope = new Construct(stack, fn.name);
  const baseTags = { ...def.defaults?.tags, ...fn.tags };
  // Once, on the function's scope: they cover everything built for it, and each is reported once when unused.
  addSuppressions(scope, fn.suppressions ?? []);
  const partition = partitionForRegion(def.region);
  const logging = loggingOf(fn);
  const implied = impliedPermissions(def, fn);

  const customerPolicies = (fn.customerPolicies ?? []).map(
    (p) =>
      new CustomerPolicy(scope, `policy-${p.name}`, {
        policyName: p.name,
        description: p.description,
        path: p.path,
        statements: p.statements,
        tags: baseTags,
      }),
  );

  const features = fn.features ?? {};
  const role = new ExecutionRole(scope, 'role', {
    roleName: fn.role?.name ?? defaultRoleName(fn.name),
    region: def.region,
    account: def.account,
    confusedDeputyProtection: fn.role?.confusedDeputyProtection,
    edge: fn.role?.edge,
    trust: fn.role?.trust,
    path: fn.role?.path,
    description: fn.role?.description ?? `Execution role of Lambda function ${fn.name} (stack ${def.name})`,
    maxSessionDuration: fn.role?.maxSessionDuration,
    permissionsBoundary: fn.role?.permissionsBoundary ?? def.defaults?.permissionsBoundary,
    tags: { ...baseTags, ...fn.role?.tags },
    ...roleFeatureProps(fn),
    managedPolicies: [...(fn.managedPolicies ?? []), ...implied.managedPolicies],
    statements: fn.statements,
    impliedPolicies: implied.policies,
    additionalPolicies: customerPolicies.map((p) => ({ key: p.policyName, arn: p.policyArn })),
    exclusiveAttachments: fn.exclusiveAttachments,
  });

  // Created before the function, so Lambda never creates it (with the scoped grant it could not).
  const logGroup = logging?.logGroup.create
    ? new FunctionLogGroup(scope, 'logs', {
        logGroupName: logGroupNameOf(fn),
        retentionInDays: logging.logGroup.retentionInDays,
        kmsKeyArn: logging.logGroup.kmsKeyArn,
        logClass: logging.logGroup.logClass,
        tags: { ...baseTags, ...logging.logGroup.tags },
        partition,
      })
    : undefined;

  let target: LambdaFunction | ExistingFunction;
  if (fn.code) {
    const code = fn.code;
    const source = codeSource(code, options.baseDir);
    target = new LambdaFunction(scope, 'function', {
      functionName: fn.name,
      roleArn: role.roleArn,
      codePath: source ? undefined : resolve(options.baseDir, code.path!),
      code: source,
      runtime: code.runtime,
      handler: code.handler,
      memorySize: code.memorySize,
      timeout: code.timeout,
      description: code.description,
      environment: code.environment,
      vpc: features.vpc,
      tracing: features.tracing ? 'Active' : undefined,
      deadLetterTargetArn: code.deadLetterTargetArn,
      settings: codeSettings(fn, logging),
      region: def.region,
      tags: baseTags,
      // The role's policies must exist before the first invocation (logging, VPC ENIs, event-source
      // polling), not just the role the ARN reference already waits for; so must the log group.
      dependsOn: [...role.permissionResources, ...(logGroup ? [logGroup.resource] : [])],
      provider: options.provider,
    });
  } else {
    target = new ExistingFunction(scope, 'function', { nameOrArn: fn.existing! });
  }
  const invokable: InvokableFunction = target;

  const aliases = new Map<string, FunctionAlias>();
  for (const alias of fn.aliases ?? []) {
    const owned = target as LambdaFunction;
    const version = alias.version ?? (fn.code?.publish ? 'current' : '$LATEST');
    aliases.set(
      alias.name,
      new FunctionAlias(scope, `alias-${alias.name}`, {
        function: invokable,
        name: alias.name,
        functionVersion: version === 'current' ? owned.version : version,
        description: alias.description,
        routing: alias.routing,
      }),
    );
  }
  /** The qualifier a target means here: none, the published version, or the alias (a reference, so it waits for it). */
  const qualifierOf = (t: InvokeTarget | { readonly qualifier: string }): string | undefined => {
    if (typeof t === 'object' && 'qualifier' in t) return t.qualifier;
    if (t === 'unqualified') return undefined;
    if (t === 'current-version') return (target as LambdaFunction).version;
    return aliases.get(t.alias)!.aliasName;
  };

  const ctx = { account: def.account, partition };
  const grants = (fn.invokers ?? []).flatMap((invoker) =>
    invokeTargetsOf(invoker).map((t) =>
      InvokePermission.grant(
        scope,
        InvokePermission.defaultId(invoker, invokeTargetLabel(t)),
        invokable,
        {
          ...invoker,
          targets: undefined,
          qualifier: qualifierOf(t),
        },
        ctx,
      ),
    ),
  );

  const asyncInvoke = fn.asyncInvoke
    ? new AsyncInvokeConfig(scope, 'async-invoke', {
        function: invokable,
        partition,
        maximumRetryAttempts: fn.asyncInvoke.maximumRetryAttempts,
        maximumEventAgeInSeconds: fn.asyncInvoke.maximumEventAgeInSeconds,
        onSuccess: fn.asyncInvoke.onSuccess,
        onFailure: fn.asyncInvoke.onFailure,
        qualifier: qualifierOf(fn.asyncInvoke.target ?? 'unqualified'),
        dependsOn: role.permissionResources,
      })
    : undefined;

  // Lambda checks the role can read the source when the mapping is created: the role's policies first.
  const eventSourceMappings = (fn.eventSourceMappings ?? []).map((source) =>
    EventSourceMapping.forSource(scope, { function: invokable, source, partition, dependsOn: role.permissionResources }),
  );
  return { definition: fn, role, customerPolicies, target, grants, logGroup, aliases, eventSourceMappings, asyncInvoke };
}
