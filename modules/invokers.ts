/**
 * Who may invoke a function: a typed discriminated union, and a pure planner that turns one invoker into
 * the exact fields of the aws_lambda_permission it needs. The planner is separate from the construct so
 * definition validation, the summary printer and the drift checker can use it without building a stack.
 */
import { Token } from 'cdktf';
import { accountRootArn, isAccountId, parseArn } from '../shared/aws/arn';
import type { InvokePermissionFields } from '../shared/aws/invoke-permission';
import { servicePrincipal, type Partition } from '../shared/aws/partition';
import { checkAccountId, checkStatementId, type Problem } from './validation';

/** An explicit decision to grant a service principal without a source; the reason is required. */
export interface NoSource {
  readonly reason: string;
}

interface InvokerBase {
  /** Names the grant; the statement id and construct id derive from kind + name, never a list index. */
  readonly name: string;
  /** Alias or version the permission applies to. @default - the unqualified function */
  readonly qualifier?: string;
}

/** A service principal that must be scoped by the ARN of the resource that invokes. */
interface ServiceInvokerBase extends InvokerBase {
  /** ARN of the bucket/topic/rule/API/log group/rule/user pool allowed to invoke. Required unless `noSource`. */
  readonly sourceArn?: string;
  /** aws:SourceAccount. @default - the stack account for S3 (bucket ARNs carry none), else unset */
  readonly sourceAccount?: string;
  /** Opt out of a source ARN, with a reason. @default - a source ARN is required */
  readonly noSource?: NoSource;
}

export type ServiceInvokerKind = 's3' | 'sns' | 'eventbridge' | 'api-gateway' | 'cloudwatch-logs' | 'iot' | 'cognito-user-pool';

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

const SERVICES: Readonly<Record<ServiceInvokerKind, { service: string; arnService: string; label: string; example: string }>> = {
  s3: { service: 's3', arnService: 's3', label: 'S3', example: 'arn:aws:s3:::my-bucket' },
  sns: { service: 'sns', arnService: 'sns', label: 'SNS', example: 'arn:aws:sns:us-east-1:123456789012:my-topic' },
  eventbridge: {
    service: 'events',
    arnService: 'events',
    label: 'EventBridge',
    example: 'arn:aws:events:us-east-1:123456789012:rule/my-rule',
  },
  'api-gateway': {
    service: 'apigateway',
    arnService: 'execute-api',
    label: 'ApiGateway',
    example: 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders',
  },
  'cloudwatch-logs': {
    service: 'logs',
    arnService: 'logs',
    label: 'CloudWatchLogs',
    example: 'arn:aws:logs:us-east-1:123456789012:log-group:my-group:*',
  },
  iot: { service: 'iot', arnService: 'iot', label: 'IoT', example: 'arn:aws:iot:us-east-1:123456789012:rule/my_rule' },
  // Cognito user pool triggers invoke as cognito-idp; identity pools do not invoke functions directly.
  'cognito-user-pool': {
    service: 'cognito-idp',
    arnService: 'cognito-idp',
    label: 'CognitoUserPool',
    example: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
  },
};

const LABELS: Readonly<Record<InvokerKind, string>> = {
  ...Object.fromEntries(Object.entries(SERVICES).map(([k, v]) => [k, v.label])),
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
  return Object.prototype.hasOwnProperty.call(SERVICES, kind);
}

const fail = (field: string, value: unknown, rule: string, fix: string): PlanResult => ({
  ok: false,
  field,
  value,
  problem: { rule, fix },
});
const concrete = (s: string | undefined): s is string => s !== undefined && !Token.isUnresolved(s);

export function planInvokePermission(invoker: Invoker, ctx: InvokeContext): PlanResult {
  const statementId = statementIdFor(invoker.kind, invoker.name);
  const sidProblem = checkStatementId(statementId);
  if (sidProblem) return { ok: false, field: 'name', value: invoker.name, problem: sidProblem };
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
      if (concrete(invoker.orgId) && !/^o-[a-z0-9]{10,32}$/.test(invoker.orgId)) {
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
  const spec = SERVICES[invoker.kind];
  const principal = servicePrincipal(spec.service);
  let sourceAccount = invoker.sourceAccount;
  if (sourceAccount !== undefined && checkAccountId(sourceAccount))
    return fail('sourceAccount', sourceAccount, checkAccountId(sourceAccount)!.rule, checkAccountId(sourceAccount)!.fix);
  if (!invoker.sourceArn) {
    if (invoker.noSource?.reason?.trim())
      return { ok: true, plan: { ...base, principal, sourceAccount, noSourceReason: invoker.noSource.reason } };
    return fail(
      'sourceArn',
      invoker.sourceArn,
      `is missing: the service principal ${principal} needs a source ARN, or every ${spec.label} resource of every account could invoke the function`,
      `set sourceArn (e.g. ${spec.example}), or noSource: { reason: '…' } to opt out explicitly`,
    );
  }
  const source = parseArn(invoker.sourceArn);
  if (concrete(invoker.sourceArn) && (source?.partition !== ctx.partition || source.service !== spec.arnService)) {
    return fail(
      'sourceArn',
      invoker.sourceArn,
      `is not an ${spec.arnService} ARN in partition ${ctx.partition}`,
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
  return { ok: true, plan: { ...base, principal, sourceArn: invoker.sourceArn, sourceAccount } };
}
