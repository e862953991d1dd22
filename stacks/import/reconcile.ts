/**
 * The settings whose permissions the generator adds by itself (logging, VPC, tracing, event sources,
 * dead letter, destinations…). The importer chooses the mode that matches the Terraform role (managed
 * when the role attaches the AWS managed policy, scoped when it grants the scoped actions), then asks the
 * generator's own planners what the definition implies: an implied grant the Terraform role has is left
 * out of the imported statements (the generator writes it), and one it does not have is a finding, since
 * the definition would grant more than the Terraform does.
 */
import type { FunctionDefinition, StackDefinition } from '../definition';
import { impliedPermissions, roleFeatureProps } from '../implied-policies';
import { impliedManagedPolicies } from '../../modules/execution-role';
import { MANAGED_EVENT_SOURCE_POLICY } from '../../modules/event-source-permissions';
import { managedPolicyArn, isLambdaManagedPolicyName } from '../../modules/managed-policies';
import { scopedLoggingStatements } from '../../modules/log-group';
import { isObject } from './hcl/values';
import type { ResourceInstance } from './model';
import type { TranslateContext } from './context';
import { allAtoms, atomsOf, type DefinitionStatement } from './translate-statements';

type At = (i: ResourceInstance, arg: string | undefined, message: string) => void;
type Json = Record<string, unknown>;

export interface ReconcileInput {
  readonly def: FunctionDefinition;
  readonly fn: ResourceInstance | undefined;
  readonly role: ResourceInstance;
  readonly sources: Json[];
  readonly statements: DefinitionStatement[];
  /** Statements of the customer policies the role gets: they cover implied grants too. */
  readonly customerStatements: readonly DefinitionStatement[];
  readonly managed: string[];
  readonly logGroups: readonly ResourceInstance[];
  readonly ctx: TranslateContext;
  readonly at: At;
}

const first = (v: unknown): Json | undefined => (Array.isArray(v) ? v.find((x): x is Json => isObject(x)) : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function reconcileImplied(input: ReconcileInput): void {
  const { def, fn, role, sources, statements, managed, ctx, at } = input;
  const arnOf = (ref: string) => (isLambdaManagedPolicyName(ref) ? managedPolicyArn(ref, ctx.partition) : ref);
  const attachedArns = new Set(managed.map(arnOf));
  const hasManaged = (name: string) => attachedArns.has(arnOf(name));
  const atoms = allAtoms([...statements, ...input.customerStatements]);

  // Event sources: managed when the role attaches the kind's AWS policy, else scoped (the default).
  if (sources.length)
    def.eventSourceMappings = sources.map((s) => {
      const policy = MANAGED_EVENT_SOURCE_POLICY[s.kind as keyof typeof MANAGED_EVENT_SOURCE_POLICY];
      return (policy && hasManaged(policy) ? { ...s, permissions: 'managed' } : s) as NonNullable<
        FunctionDefinition['eventSourceMappings']
      >[number];
    });

  // Logging: the function's log group (its logging_config.log_group or /aws/lambda/<name>).
  const config = first(fn?.arg('logging_config'));
  const groupName = str(config?.log_group) ?? `/aws/lambda/${def.name}`;
  const group = input.logGroups.find((g) => g.arg('name') === groupName);
  const scoped = scopedLoggingStatements(groupName, ctx);
  const permissions = hasManaged('AWSLambdaBasicExecutionRole')
    ? 'managed'
    : [...allAtoms(scoped)].every((a) => atoms.has(a))
      ? 'scoped'
      : 'none';
  const settings = {
    ...(str(config?.log_format) ? { format: config!.log_format } : {}),
    ...(str(config?.application_log_level) ? { applicationLogLevel: config!.application_log_level } : {}),
    ...(str(config?.system_log_level) ? { systemLogLevel: config!.system_log_level } : {}),
  };
  if (group) {
    const tags = group.arg('tags');
    const logGroup = {
      ...(groupName !== `/aws/lambda/${def.name}` ? { name: groupName } : {}),
      ...(typeof group.arg('retention_in_days') === 'number' && group.arg('retention_in_days') !== 0
        ? { retentionInDays: group.arg('retention_in_days') }
        : {}),
      ...(str(group.arg('kms_key_id')) ? { kmsKeyArn: group.arg('kms_key_id') } : {}),
      ...(str(group.arg('log_group_class')) && group.arg('log_group_class') !== 'STANDARD'
        ? { logClass: group.arg('log_group_class') }
        : {}),
      ...(isObject(tags) && Object.keys(tags).length ? { tags } : {}),
    };
    def.logging = { permissions, ...(Object.keys(logGroup).length ? { logGroup } : {}), ...settings } as FunctionDefinition['logging'];
    usedLogGroups.add(group);
  } else if (config) {
    def.logging = {
      permissions: permissions === 'scoped' ? 'scoped' : permissions,
      logGroup: { create: false, ...(groupName !== `/aws/lambda/${def.name}` ? { name: groupName } : {}) },
      ...settings,
    } as FunctionDefinition['logging'];
  } else if (!hasManaged('AWSLambdaBasicExecutionRole')) def.role = { ...def.role, basicLogging: false };

  // What the definition now implies, from the generator's own planners.
  const stack: StackDefinition = { name: 'import', region: ctx.region, account: ctx.account, functions: [def] };
  let implied: ReturnType<typeof impliedPermissions>;
  try {
    implied = impliedPermissions(stack, def);
  } catch (err) {
    at(fn ?? role, undefined, `the function's settings cannot be planned: ${(err as Error).message}`);
    return;
  }
  const impliedManaged = impliedManagedPolicies({
    ...roleFeatureProps(def),
    managedPolicies: implied.managedPolicies,
  });
  const impliedArns = new Set(impliedManaged.map(arnOf));
  for (const ref of impliedManaged)
    if (!attachedArns.has(arnOf(ref)))
      at(role, undefined, `the definition attaches ${ref} (implied by the function's settings), which the Terraform role does not attach`);
  const rest = managed.filter((m) => !impliedArns.has(arnOf(m)));
  if (rest.length) def.managedPolicies = rest;

  const impliedStatements = implied.policies.flatMap((p) => p.statements);
  const impliedAtoms = allAtoms(impliedStatements);
  const missing = [...impliedAtoms].filter((a) => !atoms.has(a));
  if (missing.length)
    at(
      role,
      undefined,
      `the definition grants ${missing.map((a) => a.replace('|', ' on ')).join(', ')} (implied by the function's settings), which the Terraform role does not grant`,
    );
  const uncovered = impliedStatements.filter((s) => !atomsOf(s));
  if (uncovered.length)
    at(
      role,
      undefined,
      `the definition adds implied statements with conditions (${uncovered.map((s) => s.sid).join(', ')}) the importer cannot match`,
    );
  const kept = statements.filter((s) => {
    const own = atomsOf(s);
    return !own || ![...own].every((a) => impliedAtoms.has(a));
  });
  if (kept.length) def.statements = kept;
}

/** Log groups some function took (the rest are findings). */
export const usedLogGroups = new WeakSet<ResourceInstance>();
