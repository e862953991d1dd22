/**
 * What a stack will create, computed from the definition alone (no synth, no AWS): used by main.ts and
 * the README's main command to print a reviewable summary, and by tests to cross-check the synth.
 */
import { impliedManagedPolicies, INLINE_POLICY_NAME } from '../modules/execution-role';
import { resolveManagedPolicy } from '../modules/managed-policies';
import { planInvokePermission, type PlannedPermission } from '../modules/invokers';
import { partitionForRegion } from '../shared/aws/partition';
import { defaultRoleName, type StackDefinition } from './definition';
import { validateDefinition } from './validate-definition';

export interface FunctionSummary {
  readonly name: string;
  /** 'created' when this stack builds the function from code, else the referenced name or ARN. */
  readonly function: { readonly managed: true; readonly runtime: string } | { readonly managed: false; readonly existing: string };
  readonly roleName: string;
  readonly trustedServices: readonly string[];
  readonly sourceAccountCondition: boolean;
  readonly managedPolicyArns: readonly string[];
  readonly customerPolicies: readonly string[];
  readonly inlinePolicy?: { readonly name: string; readonly statements: number };
  readonly exclusiveAttachments: boolean;
  readonly permissions: readonly PlannedPermission[];
}

export interface StackSummary {
  readonly stack: string;
  readonly region: string;
  readonly account: string;
  readonly functions: readonly FunctionSummary[];
}

export function summarizeStack(input: StackDefinition): StackSummary {
  const def = validateDefinition(input);
  const partition = partitionForRegion(def.region);
  const functions = def.functions.map((fn): FunctionSummary => {
    const features = fn.features ?? {};
    const managed = impliedManagedPolicies({
      basicLogging: fn.role?.basicLogging,
      features: { vpc: !!features.vpc, tracing: features.tracing, insights: features.insights, eventSources: features.eventSources },
      managedPolicies: fn.managedPolicies,
    }).map((ref) => resolveManagedPolicy(ref, partition));
    const permissions = (fn.invokers ?? []).map((inv) => {
      const r = planInvokePermission(inv, { account: def.account, partition });
      if (!r.ok) throw new Error('unreachable: validateDefinition checked every invoker');
      return r.plan;
    });
    return {
      name: fn.name,
      function: fn.code ? { managed: true, runtime: fn.code.runtime } : { managed: false, existing: fn.existing! },
      roleName: fn.role?.name ?? defaultRoleName(fn.name),
      trustedServices: ['lambda.amazonaws.com', ...(fn.role?.edge ? ['edgelambda.amazonaws.com'] : [])],
      sourceAccountCondition: fn.role?.confusedDeputyProtection?.enabled !== false,
      managedPolicyArns: [...new Set(managed)],
      customerPolicies: (fn.customerPolicies ?? []).map((p) => p.name),
      inlinePolicy: fn.statements?.length ? { name: INLINE_POLICY_NAME, statements: fn.statements.length } : undefined,
      exclusiveAttachments: fn.exclusiveAttachments ?? false,
      permissions,
    };
  });
  return { stack: def.name, region: def.region, account: def.account, functions };
}

/** A plain-text summary, one block per function. */
export function describeStack(def: StackDefinition): string {
  const s = summarizeStack(def);
  const lines = [`stack ${s.stack} (account ${s.account}, ${s.region})`];
  for (const fn of s.functions) {
    lines.push(
      `  function ${fn.name}: ${fn.function.managed ? `created here (${fn.function.runtime})` : `existing ${fn.function.existing}`}`,
    );
    lines.push(
      `    role ${fn.roleName}: trusts ${fn.trustedServices.join(', ')}${fn.sourceAccountCondition ? ` if aws:SourceAccount = ${s.account}` : ' (no SourceAccount condition: opted out)'}`,
    );
    for (const arn of fn.managedPolicyArns) lines.push(`    attach ${arn}`);
    for (const name of fn.customerPolicies) lines.push(`    attach customer policy ${name} (created here)`);
    if (fn.exclusiveAttachments) lines.push('    attachments are exclusive (others are detached on apply)');
    if (fn.inlinePolicy) lines.push(`    inline policy ${fn.inlinePolicy.name}: ${fn.inlinePolicy.statements} statement(s)`);
    for (const p of fn.permissions) {
      const scope = [
        p.sourceArn && `from ${p.sourceArn}`,
        p.sourceAccount && `account ${p.sourceAccount}`,
        p.principalOrgId && `org ${p.principalOrgId}`,
        p.eventSourceToken && `token ${p.eventSourceToken}`,
        p.functionUrlAuthType && `auth ${p.functionUrlAuthType}`,
        p.noSourceReason && `no source: ${p.noSourceReason}`,
        p.qualifier && `qualifier ${p.qualifier}`,
      ];
      lines.push(
        `    permit ${p.statementId}: ${p.principal} ${p.action}${scope.some(Boolean) ? ` (${scope.filter(Boolean).join(', ')})` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
