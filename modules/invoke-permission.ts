/**
 * InvokePermission: one aws_lambda_permission for one invoker. Built only through `InvokePermission.grant`
 * (aws-cdk grant.ts style), which returns an InvokeGrant recording exactly what was added, so tests and
 * the drift checker can compare it with what Lambda's resource policy holds.
 */
import { Construct } from 'constructs';
import { LambdaPermission } from './cdk/aws';
import type { InvokePermissionFields } from '../shared/aws/invoke-permission';
import type { CheckSubject, Checkable, Suppression } from './checks/types';
import { addSuppressions } from './checks/suppressions';
import { ID as INVOKE_WITHOUT_SOURCE } from './checks/rules/invoke-without-source';
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
 * The aws_lambda_permission fields of a plan: all of it but which invoker asked and why it names no source.
 * Terraform creates them and the checks judge them, taken from one place so the checked subject cannot
 * drift from the resource, and a field added to InvokePermissionFields reaches both.
 */
function permissionFields(plan: PlannedPermission): InvokePermissionFields {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- named only to leave them out of the rest
  const { kind, name, noSourceReason, ...fields } = plan;
  return fields;
}

export interface InvokeGrantOptions {
  /** Check findings accepted on this permission, each with its reason. @default - none */
  readonly suppressions?: readonly Suppression[];
}

export class InvokePermission extends Construct implements Checkable {
  readonly plan: PlannedPermission;
  readonly resource: LambdaPermission;
  readonly checkSuppressions: readonly Suppression[];

  /**
   * Adds the permission for `invoker` on `fn` as construct `id` under `scope` (the caller names it, like
   * aws-cdk's `addPermission(id, …)`: two grants in one scope, even of the same invoker on two functions,
   * only need two ids). The id is part of the Terraform address; keep it stable. Throws a ValidationError
   * naming the invoker field when the invoker is incomplete (e.g. a service principal without a source ARN
   * and without an explicit `noSource` reason).
   */
  static grant(
    scope: Construct,
    id: string,
    fn: InvokableFunction,
    invoker: Invoker,
    ctx: InvokeContext,
    options: InvokeGrantOptions = {},
  ): InvokeGrant {
    const construct = new InvokePermission(scope, id, fn, invoker, ctx, options.suppressions ?? []);
    return { ...construct.plan, functionName: fn.functionName, resource: construct.resource, construct };
  }

  /**
   * The id buildStack gives a grant: `invoke-<kind>-<name>`, plus `-<targetLabel>` for a version or alias
   * target (so the unqualified permission keeps its address). Stable across reorderings of the invokers.
   */
  static defaultId(invoker: Pick<Invoker, 'kind' | 'name'>, targetLabel?: string): string {
    return `invoke-${invoker.kind}-${invoker.name}${targetLabel ? `-${targetLabel}` : ''}`;
  }

  private constructor(
    scope: Construct,
    id: string,
    fn: InvokableFunction,
    invoker: Invoker,
    ctx: InvokeContext,
    suppressions: readonly Suppression[],
  ) {
    super(scope, id);
    const result = planInvokePermission(invoker, ctx);
    if (!result.ok)
      throw new ValidationError(
        `${this.node.path} invoker "${invoker.name}" (${invoker.kind}) ${result.field}`,
        result.value,
        result.problem,
      );
    this.plan = result.plan;
    this.checkSuppressions = suppressions;
    const p = this.plan;
    this.resource = new LambdaPermission(this, 'permission', { functionName: fn.functionName, ...permissionFields(p) });
    addSuppressions(this, suppressions);
    // The invoker's explicit opt-out of a source is the suppression of LR-LAMBDA-INVOKE-WITHOUT-SOURCE, on its resource.
    if (p.noSourceReason !== undefined)
      addSuppressions(this.resource, [{ id: INVOKE_WITHOUT_SOURCE, reason: p.noSourceReason }], 'noSourceReason');
  }

  checkSubjects(): readonly CheckSubject[] {
    return [{ kind: 'invoke-permission', path: this.node.path, ...permissionFields(this.plan), noSourceReason: this.plan.noSourceReason }];
  }
}
