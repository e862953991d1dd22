/**
 * The synth-time policy check contract (cdk-nag's model). A check is a pure function of one subject and
 * returns compliant, non-compliant (with findings) or not-applicable. Subjects come from Terraform resources
 * (terraform/resource-subjects.ts: the L1 resources of a construct tree, cdk.tf.json or plan JSON); the
 * runner (runner.ts) applies suppressions and reports.
 */
import type { InvokePermissionFields } from '../../shared/aws/invoke-permission';
import type { PolicyStatement } from '../policy-types';

export type CheckLevel = 'error' | 'warning';

export type CheckSubject =
  /** An inline or customer-managed identity policy attached to an execution role. */
  | {
      readonly kind: 'identity-policy';
      readonly path: string;
      readonly policyName: string;
      readonly statements: readonly PolicyStatement[];
    }
  /** A role's trust (assume-role) policy. */
  | { readonly kind: 'trust-policy'; readonly path: string; readonly roleName: string; readonly statements: readonly PolicyStatement[] }
  /** A managed policy attached to a role (AWS-managed or customer-managed ARN). */
  | { readonly kind: 'managed-policy-attachment'; readonly path: string; readonly roleName: string; readonly policyArn: string }
  /** An aws_lambda_permission as it will be created. */
  | InvokePermissionSubject;

/** The invoke-permission fields in the one shape the plan and the drift check share, plus where and why. */
export interface InvokePermissionSubject extends InvokePermissionFields {
  readonly kind: 'invoke-permission';
  readonly path: string;
  /** Set when the definition explicitly opted out of a source, with its reason. */
  readonly noSourceReason?: string;
}

export interface Finding {
  readonly checkId: string;
  readonly level: CheckLevel;
  /** Construct path (or definition path) of the subject. */
  readonly path: string;
  readonly message: string;
  /** What a granular suppression names, e.g. 'Action::s3:*' or 'Resource::*'. */
  readonly appliesTo?: string;
}

export type CheckResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly findings: readonly Finding[] };

export interface PolicyCheck {
  /** Stable id, e.g. 'LR-IAM-WILDCARD-ACTION'. */
  readonly id: string;
  readonly level: CheckLevel;
  readonly description: string;
  check(subject: CheckSubject): CheckResult;
}

/** Silences one check (optionally one granular finding) with a mandatory reason. */
export interface Suppression {
  readonly id: string;
  /** @default - every finding of this check on the subject. */
  readonly appliesTo?: readonly string[];
  readonly reason: string;
}

/** One subject and the suppressions in its scope: what the runner (run-checks.ts) judges. */
export interface CheckEntry {
  readonly subject: CheckSubject;
  readonly suppressions: readonly Suppression[];
}

/** Where a suppression was declared, and whether it is an invoker's noSource reason. */
export interface DeclaredSuppression {
  /** The construct path (or Terraform address) it is attached to: it covers everything at or below it. */
  readonly at: string;
  /** One object per declaration: the runner tracks use by identity. */
  readonly suppression: Suppression;
  /**
   * 'noSourceReason': an invoker's `noSource.reason`, the implicit suppression of
   * LR-LAMBDA-INVOKE-WITHOUT-SOURCE (its messages name noSourceReason).
   * @default - an explicit suppression
   */
  readonly origin?: 'noSourceReason';
}

/**
 * Implemented by constructs that carry IAM (ExecutionRole, InvokePermission, customer policies): they
 * describe what they will create as subjects, and carry the suppressions they were given.
 * @deprecated The checks no longer read it: they judge the synthesized L1 resources (aspect.ts), and
 * suppressions are construct metadata (`LambdaRolesChecks.suppress`). Kept so existing callers compile.
 */
export interface Checkable {
  checkSubjects(): readonly CheckSubject[];
  readonly checkSuppressions: readonly Suppression[];
}

export function isCheckable(x: unknown): x is Checkable {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Checkable).checkSubjects === 'function' &&
    Array.isArray((x as Checkable).checkSuppressions)
  );
}
