/**
 * Who may invoke a function: a typed discriminated union, and a pure planner that turns one invoker into
 * the exact fields of the aws_lambda_permission it needs. The planner is separate from the construct so
 * definition validation, the summary printer and the drift checker can use it without building a stack.
 */
import { Token } from './cdk/core';
import { accountRootArn, isAccountId, parseArn, truncatedArnProblem } from '../shared/aws/arn';
import type { InvokePermissionFields } from '../shared/aws/invoke-permission';
import { servicePrincipal, type Partition } from '../shared/aws/partition';
import { checkAccountId, checkStatementId, type Problem } from './validation';
import { INVOKER_SERVICES, type ServiceInvokerKind } from './invoker-services';

export type { ServiceInvokerKind } from './invoker-services';

/**
 * Which Lambda resource policy a permission goes into. Lambda keeps one policy per qualifier, and a
 * permission applies only to invocations of that qualifier.
 */
export type InvokeTarget =
  /** The function itself (and $LATEST). */
  | 'unqualified'
  /** The version this apply publishes (needs `publish`); each new version gets the permission anew. */
  | 'current-version'
  /** An alias of this stack's function. */
  | { readonly alias: string };

/** An explicit decision to grant a service principal without a source; the reason is required. */
export interface NoSource {
  readonly reason: string;
}

interface InvokerBase {
  /** Names the grant; the statement id and construct id derive from kind + name, never a list index. */
  readonly name: string;
  /** Alias or version the permission applies to, as a literal name. @default - the unqualified function */
  readonly qualifier?: string;
  /**
   * Where the permission applies, one aws_lambda_permission each (instead of `qualifier`). The public
   * terraform-aws-lambda module creates the unqualified and current-version permissions by default; we
   * create only the unqualified one unless asked.
   * @default ['unqualified']
   */
  readonly targets?: readonly InvokeTarget[];
}

/** A service principal that must be scoped by the ARN of the resource that invokes. */
interface ServiceInvokerBase extends InvokerBase {
  /** ARN of the bucket/topic/rule/API/log group/rule/user pool allowed to invoke. Required unless `noSource`. */
  readonly sourceArn?: string;
  /** aws:SourceAccount. @default - the stack account for S3 (bucket ARNs carry none), else unset */
  readonly sourceAccount?: string;
  /** Opt out of a source ARN, with a reason. @default - a source ARN is required */
  readonly noSource?: NoSource;
  /**
   * Condition aws:PrincipalOrgID: the organization the invocation must come from (e.g. AWS Config rules
   * of an organization). It narrows, it is no source: a source ARN (or `noSource`) is still required.
   * @default - none
   */
  readonly principalOrgId?: string;
}

export interface ServiceInvoker extends ServiceInvokerBase {
  readonly kind: ServiceInvokerKind;
}
export interface AlexaSkillInvoker extends InvokerBase {
  readonly kind: 'alexa-skill';
  /** The skill id, sent as the event source token. Required unless `noSource`. */
  readonly skillId?: string;
  /** @default - the skill id is required */
  readonly noSource?: NoSource;
}
export interface AccountInvoker extends InvokerBase {
  readonly kind: 'account';
  /** Another AWS account id (12 digits) or an IAM principal ARN. */
  readonly principal: string;
}
export interface OrganizationInvoker extends InvokerBase {
  readonly kind: 'organization';
  /** AWS Organizations id, o-xxxxxxxxxx. */
  readonly orgId: string;
}
export interface FunctionUrlInvoker extends InvokerBase {
  readonly kind: 'function-url';
  /** AWS_IAM: callers sign their requests and need this permission; NONE: a public URL. */
  readonly authType: 'AWS_IAM' | 'NONE';
  /** Who may call the URL. @default '*' for NONE; required for AWS_IAM */
  readonly principal?: string;
}

export type Invoker = ServiceInvoker | AlexaSkillInvoker | AccountInvoker | OrganizationInvoker | FunctionUrlInvoker;
export type InvokerKind = Invoker['kind'];

/** What the stack knows when planning: the account (for S3 source_account) and partition. */
export interface InvokeContext {
  readonly account?: string;
  readonly partition: Partition;
}

/** The fields of one aws_lambda_permission as they will be written (the shared shape, narrowed), and which invoker asked. */
export interface PlannedPermission extends InvokePermissionFields {
  readonly kind: InvokerKind;
  readonly name: string;
  readonly action: 'lambda:InvokeFunction' | 'lambda:InvokeFunctionUrl';
  readonly functionUrlAuthType?: FunctionUrlInvoker['authType'];
  /** The reason of an explicit `noSource` opt-out. @default - a source was given */
  readonly noSourceReason?: string;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: PlannedPermission }
  | { readonly ok: false; readonly field: string; readonly value: unknown; readonly problem: Problem };

const LABELS: Readonly<Record<InvokerKind, string>> = {
  ...Object.fromEntries(Object.entries(INVOKER_SERVICES).map(([k, v]) => [k, v.label])),
  'alexa-skill': 'AlexaSkill',
  account: 'Account',
  organization: 'Organization',
  'function-url': 'FunctionUrl',
} as Record<InvokerKind, string>;

/** 'Allow<Label>-<name>', e.g. AllowS3-uploads: stable across reorderings of the invoker list. */
export function statementIdFor(kind: InvokerKind, name: string): string {
  return `Allow${LABELS[kind]}-${name}`;
}

export function isServiceInvokerKind(kind: string): kind is ServiceInvokerKind {
  return Object.prototype.hasOwnProperty.call(INVOKER_SERVICES, kind);
}

const fail = (field: string, value: unknown, rule: string, fix: string): PlanResult => ({
  ok: false,
  field,
  value,
  problem: { rule, fix },
});
const concrete = (s: string | undefined): s is string => s !== undefined && !Token.isUnresolved(s);
/** An AWS Organizations id, o-xxxxxxxxxx (also the JSON Schema pattern of the definition fields that take one). */
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** The targets of an invoker: `targets`, or the literal `qualifier` (or the unqualified function). */
export function invokeTargetsOf(invoker: Invoker): readonly (InvokeTarget | { readonly qualifier: string })[] {
  if (invoker.targets) return invoker.targets;
  return invoker.qualifier !== undefined ? [{ qualifier: invoker.qualifier }] : ['unqualified'];
}

/** The construct-id suffix of a target: none for the unqualified function, so existing addresses stay. */
export function invokeTargetLabel(target: InvokeTarget | { readonly qualifier: string }): string | undefined {
  if (typeof target === 'string') return target === 'unqualified' ? undefined : target;
  return 'alias' in target ? `alias-${target.alias}` : undefined;
}

export function planInvokePermission(invoker: Invoker, ctx: InvokeContext): PlanResult {
  const statementId = statementIdFor(invoker.kind, invoker.name);
  const sidProblem = checkStatementId(statementId);
  if (sidProblem) return { ok: false, field: 'name', value: invoker.name, problem: sidProblem };
  if (invoker.targets !== undefined) {
    if (invoker.qualifier !== undefined)
      return fail(
        'targets',
        invoker.targets,
        'is set together with qualifier',
        "keep one: qualifier names an alias or version literally, targets: [{ alias: '…' }] one of this stack",
      );
    const keys = invoker.targets.map((t) => (typeof t === 'string' ? t : `alias:${t.alias}`));
    if (!keys.length || new Set(keys).size !== keys.length)
      return fail('targets', invoker.targets, keys.length ? 'lists a target twice' : 'is empty', 'list each target once');
  }
  const base = {
    kind: invoker.kind,
    name: invoker.name,
    statementId,
    qualifier: invoker.qualifier,
    action: 'lambda:InvokeFunction' as const,
  };

  switch (invoker.kind) {
    case 'alexa-skill': {
      // Alexa's service principal is in the amazon.com domain, unlike most AWS service principals.
      const principal = 'alexa-appkit.amazon.com';
      if (invoker.skillId) return { ok: true, plan: { ...base, principal, eventSourceToken: invoker.skillId } };
      if (invoker.noSource?.reason?.trim()) return { ok: true, plan: { ...base, principal, noSourceReason: invoker.noSource.reason } };
      return fail(
        'skillId',
        invoker.skillId,
        'is missing: an Alexa skill invoker needs the skill id as event source token, or any skill could invoke the function',
        "set skillId: 'amzn1.ask.skill.…', or noSource: { reason: '…' } to opt out",
      );
    }
    case 'account': {
      const p = invoker.principal;
      if (concrete(p) && checkAccountId(p) && !/^arn:aws(-cn|-us-gov)?:(iam|sts)::\d{12}:/.test(p)) {
        return fail(
          'principal',
          p,
          'is neither a 12-digit account id nor an IAM principal ARN',
          'write the other account id, e.g. "123456789012"',
        );
      }
      return { ok: true, plan: { ...base, principal: accountPrincipalArn(p, ctx.partition) } };
    }
    case 'organization': {
      if (concrete(invoker.orgId) && !ORG_ID.test(invoker.orgId)) {
        return fail('orgId', invoker.orgId, 'is not an AWS Organizations id', 'write it like "o-a1b2c3d4e5"');
      }
      return { ok: true, plan: { ...base, principal: '*', principalOrgId: invoker.orgId } };
    }
    case 'function-url': {
      const principal =
        invoker.principal !== undefined
          ? accountPrincipalArn(invoker.principal, ctx.partition)
          : invoker.authType === 'NONE'
            ? '*'
            : undefined;
      if (!principal)
        return fail(
          'principal',
          undefined,
          'is missing: an AWS_IAM function URL grant needs the account or role allowed to call it',
          'set principal to an account id or role ARN, or use authType NONE for a public URL',
        );
      return { ok: true, plan: { ...base, action: 'lambda:InvokeFunctionUrl', principal, functionUrlAuthType: invoker.authType } };
    }
    default:
      return planServiceInvoker(invoker, ctx, base);
  }
}

/**
 * Lambda stores an account-id principal as that account's root ARN, and the provider reads the ARN back,
 * so a bare account id in Terraform would plan a replacement on every run. Emit the ARN Lambda keeps.
 */
function accountPrincipalArn(principal: string, partition: string): string {
  return isAccountId(principal) ? accountRootArn(principal, partition) : principal;
}

function planServiceInvoker(invoker: ServiceInvoker, ctx: InvokeContext, base: Omit<PlannedPermission, 'principal'>): PlanResult {
  const spec = INVOKER_SERVICES[invoker.kind];
  const org = invoker.principalOrgId;
  if (concrete(org) && !ORG_ID.test(org))
    return fail('principalOrgId', org, 'is not an AWS Organizations id', 'write it like "o-a1b2c3d4e5"');
  const orgField = org !== undefined ? { principalOrgId: org } : {};
  const principal = servicePrincipal(spec.service);
  let sourceAccount = invoker.sourceAccount;
  if (sourceAccount !== undefined && checkAccountId(sourceAccount))
    return fail('sourceAccount', sourceAccount, checkAccountId(sourceAccount)!.rule, checkAccountId(sourceAccount)!.fix);
  if (!invoker.sourceArn) {
    if (invoker.noSource?.reason?.trim())
      return { ok: true, plan: { ...base, principal, sourceAccount, ...orgField, noSourceReason: invoker.noSource.reason } };
    return fail(
      'sourceArn',
      invoker.sourceArn,
      `is missing: the service principal ${principal} needs a source ARN, or every ${spec.label} resource of every account could invoke the function`,
      `set sourceArn (e.g. ${spec.example}), or noSource: { reason: '…' } to opt out explicitly`,
    );
  }
  // A truncated ARN (`arn:aws:execute-api:us-east-1`, `arn:aws:s3:::`) matches no source at all: say so, not "wrong service".
  const truncated = concrete(invoker.sourceArn) ? truncatedArnProblem(invoker.sourceArn, invoker.kind !== 's3') : undefined;
  if (truncated)
    return fail(
      'sourceArn',
      invoker.sourceArn,
      truncated,
      `write the full ARN, e.g. ${spec.example.replace(/^arn:aws:/, `arn:${ctx.partition}:`)}`,
    );
  const source = parseArn(invoker.sourceArn);
  if (concrete(invoker.sourceArn) && (source?.partition !== ctx.partition || source.service !== spec.arnService)) {
    return fail(
      'sourceArn',
      invoker.sourceArn,
      `is not an ${spec.arnService} ARN in partition ${ctx.partition}`,
      `use an ARN like ${spec.example.replace(/^arn:aws:/, `arn:${ctx.partition}:`)}`,
    );
  }
  // The service alone is too loose: an S3 *object* ARN or an EventBridge *bus* ARN never matches an invocation.
  if (concrete(invoker.sourceArn) && source && !spec.resource.test(source.resource)) {
    return fail(
      'sourceArn',
      invoker.sourceArn,
      `is an ${spec.arnService} ARN, but not of a ${spec.resourceType}, the resource that invokes through ${servicePrincipal(spec.service)}`,
      `use an ARN like ${spec.example.replace(/^arn:aws:/, `arn:${ctx.partition}:`)}`,
    );
  }
  if (invoker.kind === 's3' && sourceAccount === undefined) {
    // Bucket ARNs carry no account: without aws:SourceAccount a bucket of the same name in another
    // account (after ours is deleted) could invoke the function.
    if (ctx.account === undefined)
      return fail(
        'sourceAccount',
        undefined,
        'is missing: S3 bucket ARNs carry no account, so the account owning the bucket must be given',
        'set sourceAccount, or the stack account',
      );
    sourceAccount = ctx.account;
  }
  return { ok: true, plan: { ...base, principal, sourceArn: invoker.sourceArn, sourceAccount, ...orgField } };
}
