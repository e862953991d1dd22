/**
 * What a function's settings imply for its role, computed from the definition alone: the `implied-<name>`
 * inline policies (scoped logging, event sources, dead letter, destinations, file system, environment key)
 * and the managed policies of `managed` event sources. Pure, so the stack and the summary agree; every
 * grant is scoped to the ARN the setting names (see modules/ for why the few `*` are needed).
 */
import { planAsyncInvoke } from '../modules/async-invoke';
import { DEAD_LETTER_KINDS, planDestination } from '../modules/destinations';
import { planEventSource, type EventSourcePlan } from '../modules/event-sources';
import type { ExecutionRoleProps, ImpliedPolicy } from '../modules/execution-role';
import { environmentKeyStatements, fileSystemStatements } from '../modules/function-permissions';
import { scopedLoggingStatements } from '../modules/log-group';
import type { LambdaManagedPolicyName } from '../modules/managed-policies';
import type { PolicyStatement } from '../modules/policy-types';
import { partitionForRegion } from '../shared/aws/partition';
import type { FunctionDefinition, StackDefinition } from './definition';
import { logGroupNameOf, loggingOf } from './function-parts';

export interface ImpliedPermissions {
  readonly policies: readonly ImpliedPolicy[];
  /** Managed policies of event sources in `managed` mode. */
  readonly managedPolicies: readonly LambdaManagedPolicyName[];
  readonly eventSources: readonly EventSourcePlan[];
}

/** Plans of a validated definition: a failure here is a bug (validateDefinition checked every one). */
function ok<R extends { readonly ok: boolean }>(r: R): Extract<R, { ok: true }> {
  if (!r.ok) throw new Error('unreachable: validateDefinition checked this setting');
  return r as Extract<R, { ok: true }>;
}

export function impliedPermissions(def: StackDefinition, fn: FunctionDefinition): ImpliedPermissions {
  const partition = partitionForRegion(def.region);
  const policies: { name: string; statements: PolicyStatement[] }[] = [];
  const add = (name: string, statements: readonly PolicyStatement[]) => {
    if (statements.length) policies.push({ name, statements: [...statements] });
  };
  if (loggingOf(fn)?.permissions === 'scoped')
    add('logs', scopedLoggingStatements(logGroupNameOf(fn), { partition, region: def.region, account: def.account }));
  const eventSources = (fn.eventSourceMappings ?? []).map((s) => ok(planEventSource(s, partition)).plan);
  add(
    'event-sources',
    eventSources.flatMap((p) => p.statements),
  );
  const code = fn.code;
  if (code?.deadLetterTargetArn)
    add('dead-letter', ok(planDestination(code.deadLetterTargetArn, DEAD_LETTER_KINDS, partition, 'DeadLetterTarget')).statements);
  if (fn.asyncInvoke) add('destinations', ok(planAsyncInvoke(fn.asyncInvoke, partition)).statements);
  if (code?.fileSystem) add('file-system', fileSystemStatements(code.fileSystem));
  if (code?.environmentKmsKeyArn) add('environment-kms', environmentKeyStatements(code.environmentKmsKeyArn));
  const managedPolicies = [...new Set(eventSources.flatMap((p) => (p.managedPolicy ? [p.managedPolicy] : [])))];
  return { policies, managedPolicies, eventSources };
}

/** How the role's logging and VPC permissions follow from `logging` (absent: as before it existed). */
export function loggingRoleProps(fn: FunctionDefinition): { basicLogging?: boolean; vpcPermissions: 'managed' | 'scoped' } {
  const logging = loggingOf(fn);
  if (!logging) return { basicLogging: fn.role?.basicLogging, vpcPermissions: 'managed' };
  // AWSLambdaVPCAccessExecutionRole also allows every log action on '*': it would undo scoped (or no) logging.
  return { basicLogging: logging.permissions === 'managed', vpcPermissions: logging.permissions === 'managed' ? 'managed' : 'scoped' };
}

/**
 * The role props a function's settings decide (logging, VPC, tracing, Insights, event sources): one home, so
 * the stack, its summary (`describe`) and `import` derive the same managed policies.
 */
export function roleFeatureProps(
  fn: FunctionDefinition,
): Required<Pick<ExecutionRoleProps, 'features'>> & Pick<ExecutionRoleProps, 'basicLogging'> {
  const features = fn.features ?? {};
  const { basicLogging, vpcPermissions } = loggingRoleProps(fn);
  return {
    basicLogging,
    features: {
      vpc: !!features.vpc,
      vpcPermissions,
      tracing: features.tracing,
      insights: features.insights,
      eventSources: features.eventSources,
    },
  };
}
