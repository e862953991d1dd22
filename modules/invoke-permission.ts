/**
 * InvokePermission: one aws_lambda_permission for one invoker. Built only through `InvokePermission.grant`
 * (aws-cdk grant.ts style), which returns an InvokeGrant recording exactly what was added, so tests and
 * the drift checker can compare it with what Lambda's resource policy holds.
 */
import { Construct } from 'constructs';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { CheckSubject, Checkable, Suppression } from './checks/types';
import { planInvokePermission, type InvokeContext, type Invoker, type PlannedPermission } from './invokers';
import { ValidationError } from './validation';

/** Anything a permission can target: a function of this stack, or an existing one by name or ARN. */
export interface InvokableFunction {
  /** Function name or ARN (may be a token). */
  readonly functionName: string;
}

/** What a grant added: the planned fields plus the Terraform resource. */
export interface InvokeGrant extends PlannedPermission {
  readonly functionName: string;
  readonly resource: LambdaPermission;
  readonly construct: InvokePermission;
}

/**
 * Who may invoke, from where: the plan fields Terraform creates and the checks judge alike, taken from
 * one place so the checked subject cannot drift from the resource.
 */
function grantedAccess(p: PlannedPermission) {
  return {
    statementId: p.statementId,
    principal: p.principal,
    sourceArn: p.sourceArn,
    sourceAccount: p.sourceAccount,
    principalOrgId: p.principalOrgId,
    eventSourceToken: p.eventSourceToken,
    functionUrlAuthType: p.functionUrlAuthType,
  };
}

export class InvokePermission extends Construct implements Checkable {
  readonly plan: PlannedPermission;
  readonly resource: LambdaPermission;
  readonly checkSuppressions: readonly Suppression[];

  /**
   * Adds the permission for `invoker` on `fn` under `scope`, with construct id `invoke-<kind>-<name>`.
   * Throws a ValidationError naming the invoker field when the invoker is incomplete (e.g. a service
   * principal without a source ARN and without an explicit `noSource` reason).
   */
  static grant(scope: Construct, fn: InvokableFunction, invoker: Invoker, ctx: InvokeContext, suppressions: readonly Suppression[] = []): InvokeGrant {
    const construct = new InvokePermission(scope, `invoke-${invoker.kind}-${invoker.name}`, fn, invoker, ctx, suppressions);
    return { ...construct.plan, functionName: fn.functionName, resource: construct.resource, construct };
  }

  private constructor(scope: Construct, id: string, fn: InvokableFunction, invoker: Invoker, ctx: InvokeContext, suppressions: readonly Suppression[]) {
    super(scope, id);
    const result = planInvokePermission(invoker, ctx);
    if (!result.ok) throw new ValidationError(`${this.node.path} invoker "${invoker.name}" (${invoker.kind}) ${result.field}`, result.value, result.problem);
    this.plan = result.plan;
    this.checkSuppressions = suppressions;
    const p = this.plan;
    this.resource = new LambdaPermission(this, 'permission', {
      functionName: fn.functionName,
      ...grantedAccess(p),
      action: p.action,
      qualifier: p.qualifier,
    });
  }

  checkSubjects(): readonly CheckSubject[] {
    return [{ kind: 'invoke-permission', path: this.node.path, ...grantedAccess(this.plan), noSourceReason: this.plan.noSourceReason }];
  }
}
