/**
 * What a stack will create, computed from the definition alone (no synth, no AWS): used by main.ts and
 * the README's main command to print a reviewable summary, and by tests to cross-check the synth.
 */
import { impliedManagedPolicies, impliedPolicyName, INLINE_POLICY_NAME } from '../modules/execution-role';
import { resolveManagedPolicy } from '../modules/managed-policies';
import { invokeTargetLabel, invokeTargetsOf, planInvokePermission, type PlannedPermission } from '../modules/invokers';
import type { PolicyStatement } from '../modules/policy-types';
import { planTrustStatement } from '../modules/trust';
import { parseArn } from '../shared/aws/arn';
import { partitionForRegion } from '../shared/aws/partition';
import { defaultRoleName, type FunctionDefinition, type StackDefinition } from './definition';
import { logGroupNameOf, loggingOf } from './function-parts';
import { impliedPermissions, roleFeatureProps } from './implied-policies';
import { validateDefinition } from './validate-definition';

export interface FunctionSummary {
  readonly name: string;
  /** 'created' when this stack builds the function from code (a zip with its runtime, or an image), else the referenced name or ARN. */
  readonly function:
    | { readonly managed: true; readonly runtime?: string; readonly imageUri?: string }
    | { readonly managed: false; readonly existing: string };
  readonly roleName: string;
  readonly trustedServices: readonly string[];
  readonly sourceAccountCondition: boolean;
  readonly managedPolicyArns: readonly string[];
  readonly customerPolicies: readonly string[];
  readonly inlinePolicy?: { readonly name: string; readonly statements: number };
  /** The trust statements after Lambda's (role.trust). */
  readonly trust: readonly PolicyStatement[];
  /** The `implied-<name>` inline policies the settings imply, with the resources they grant on. */
  readonly impliedPolicies: readonly { readonly name: string; readonly statements: number; readonly resources: readonly string[] }[];
  /** The log group the stack creates (or names, when created elsewhere) and how the role may write to it. @default - no `logging` */
  readonly logGroup?: { readonly name: string; readonly created: boolean; readonly permissions: 'scoped' | 'managed' | 'none' };
  readonly eventSourceMappings: readonly {
    readonly kind: string;
    readonly name: string;
    readonly source: string;
    readonly permissions: 'scoped' | 'managed';
  }[];
  readonly aliases: readonly string[];
  readonly exclusiveAttachments: boolean;
  /** One per invoker and target; `target` is 'current-version' or 'alias-<name>' when not the unqualified function. */
  readonly permissions: readonly (PlannedPermission & { readonly target?: string })[];
  /** What the principal that applies the stack needs beyond the usual (e.g. lambda:GetLayerVersion on another account's layer). */
  readonly deployerNeeds: readonly string[];
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
    const implied = impliedPermissions(def, fn);
    const roleProps = roleFeatureProps(fn);
    const managed = impliedManagedPolicies({
      ...roleProps,
      managedPolicies: [...(fn.managedPolicies ?? []), ...implied.managedPolicies],
    }).map((ref) => resolveManagedPolicy(ref, partition));
    const permissions = (fn.invokers ?? []).flatMap((inv) =>
      invokeTargetsOf(inv).map((t) => {
        const r = planInvokePermission(
          { ...inv, targets: undefined, qualifier: typeof t === 'object' && 'qualifier' in t ? t.qualifier : undefined },
          { account: def.account, partition },
        );
        if (!r.ok) throw new Error('unreachable: validateDefinition checked every invoker');
        const target = invokeTargetLabel(t);
        return target ? { ...r.plan, target } : r.plan;
      }),
    );
    const logging = loggingOf(fn);
    const vpcScoped = roleProps.features.vpc === true && roleProps.features.vpcPermissions === 'scoped';
    return {
      name: fn.name,
      function: fn.code
        ? { managed: true, runtime: fn.code.runtime, imageUri: fn.code.imageUri }
        : { managed: false, existing: fn.existing! },
      roleName: fn.role?.name ?? defaultRoleName(fn.name),
      trustedServices: ['lambda.amazonaws.com', ...(fn.role?.edge ? ['edgelambda.amazonaws.com'] : [])],
      sourceAccountCondition: fn.role?.confusedDeputyProtection?.enabled !== false,
      managedPolicyArns: [...new Set(managed)],
      customerPolicies: (fn.customerPolicies ?? []).map((p) => p.name),
      inlinePolicy: fn.statements?.length ? { name: INLINE_POLICY_NAME, statements: fn.statements.length } : undefined,
      trust: (fn.role?.trust ?? []).map((g) => {
        const r = planTrustStatement(g, partition);
        if (!r.ok) throw new Error('unreachable: validateDefinition checked every trust grant');
        return r.statement;
      }),
      impliedPolicies: [
        ...(vpcScoped ? [{ name: impliedPolicyName('vpc'), statements: 1, resources: ['*'] }] : []),
        ...implied.policies.map((p) => ({
          name: impliedPolicyName(p.name),
          statements: p.statements.length,
          resources: [...new Set(p.statements.flatMap((st) => st.resources ?? []))],
        })),
      ],
      logGroup: logging ? { name: logGroupNameOf(fn), created: logging.logGroup.create, permissions: logging.permissions } : undefined,
      eventSourceMappings: implied.eventSources.map((p, i) => ({
        kind: p.kind,
        name: p.name,
        source: p.mapping.eventSourceArn ?? String(p.mapping.selfManagedEventSource?.endpoints.KAFKA_BOOTSTRAP_SERVERS ?? ''),
        permissions: fn.eventSourceMappings![i].permissions ?? 'scoped',
      })),
      aliases: (fn.aliases ?? []).map((a) => a.name),
      exclusiveAttachments: fn.exclusiveAttachments ?? false,
      permissions,
      deployerNeeds: deployerNeeds(fn, def.account),
    };
  });
  return { stack: def.name, region: def.region, account: def.account, functions };
}

/** Layers are read with the deployer's permissions, not the execution role's (see modules/function-permissions.ts). */
function deployerNeeds(fn: FunctionDefinition, account: string): string[] {
  return (fn.code?.layers ?? []).map((layer) => {
    const owner = parseArn(layer)?.accountId;
    return `lambda:GetLayerVersion on ${layer}${owner && owner !== account ? ` (shared by account ${owner} with this account)` : ''}`;
  });
}

/** A plain-text summary, one block per function. */
export function describeStack(def: StackDefinition): string {
  const s = summarizeStack(def);
  const lines = [`stack ${s.stack} (account ${s.account}, ${s.region})`];
  for (const fn of s.functions) {
    lines.push(
      `  function ${fn.name}: ${fn.function.managed ? `created here (${fn.function.runtime ?? `image ${fn.function.imageUri}`})` : `existing ${fn.function.existing}`}`,
    );
    lines.push(
      `    role ${fn.roleName}: trusts ${fn.trustedServices.join(', ')}${fn.sourceAccountCondition ? ` if aws:SourceAccount = ${s.account}` : ' (no SourceAccount condition: opted out)'}`,
    );
    for (const t of fn.trust)
      lines.push(
        `    also trusts ${JSON.stringify(t.principals ?? t.notPrincipals)} to ${(t.actions ?? []).join(', ')}${t.conditions ? ` if ${JSON.stringify(t.conditions)}` : ''}`,
      );
    for (const arn of fn.managedPolicyArns) lines.push(`    attach ${arn}`);
    for (const name of fn.customerPolicies) lines.push(`    attach customer policy ${name} (created here)`);
    if (fn.exclusiveAttachments) lines.push('    attachments are exclusive (others are detached on apply)');
    if (fn.inlinePolicy) lines.push(`    inline policy ${fn.inlinePolicy.name}: ${fn.inlinePolicy.statements} statement(s)`);
    for (const p of fn.impliedPolicies)
      lines.push(`    inline policy ${p.name}: ${p.statements} statement(s) on ${p.resources.join(', ')}`);
    if (fn.logGroup)
      lines.push(
        `    log group ${fn.logGroup.name} (${fn.logGroup.created ? 'created here' : 'created elsewhere'}), ${fn.logGroup.permissions} log permissions`,
      );
    for (const m of fn.eventSourceMappings) lines.push(`    event source ${m.kind} ${m.name}: ${m.source} (${m.permissions} permissions)`);
    for (const a of fn.aliases) lines.push(`    alias ${a}`);
    for (const need of fn.deployerNeeds) lines.push(`    the deployer needs ${need}`);
    for (const p of fn.permissions) {
      const scope = [
        p.sourceArn && `from ${p.sourceArn}`,
        p.sourceAccount && `account ${p.sourceAccount}`,
        p.principalOrgId && `org ${p.principalOrgId}`,
        p.eventSourceToken && `token ${p.eventSourceToken}`,
        p.functionUrlAuthType && `auth ${p.functionUrlAuthType}`,
        p.noSourceReason && `no source: ${p.noSourceReason}`,
        p.qualifier && `qualifier ${p.qualifier}`,
        p.target && `on ${p.target}`,
      ];
      lines.push(
        `    permit ${p.statementId}: ${p.principal} ${p.action}${scope.some(Boolean) ? ` (${scope.filter(Boolean).join(', ')})` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
