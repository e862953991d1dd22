/** Builders for plain check subjects, so rule tests read as the policy they judge. */
import { Lazy } from 'cdktf';
import type { PolicyStatement } from '../../../modules/policy-types';
import type { CheckResult, CheckSubject, Finding, InvokePermissionSubject, PolicyCheck } from '../../../modules/checks/types';

export function identityPolicy(...statements: PolicyStatement[]): CheckSubject {
  return { kind: 'identity-policy', path: 'stack/fn/role/inline', policyName: 'inline-least-privilege', statements };
}

export function trustPolicy(...statements: PolicyStatement[]): CheckSubject {
  return { kind: 'trust-policy', path: 'stack/fn/role', roleName: 'fn-role', statements };
}

export function managedAttachment(policyArn: string): CheckSubject {
  return { kind: 'managed-policy-attachment', path: 'stack/fn/role/attach', roleName: 'fn-role', policyArn };
}

/** An invoke permission; the action defaults to lambda:InvokeFunction, as the planner writes it. */
type InvokeFields = Omit<InvokePermissionSubject, 'kind' | 'path' | 'statementId' | 'action'> &
  Partial<Pick<InvokePermissionSubject, 'action'>>;
export function invokePermission(fields: InvokeFields): CheckSubject {
  return { kind: 'invoke-permission', path: 'stack/fn/invoke', statementId: 'AllowS3-uploads', action: 'lambda:InvokeFunction', ...fields };
}

/** The findings of a non-compliant result; fails the test with the actual status otherwise. */
export function findingsOf(result: CheckResult): readonly Finding[] {
  if (result.status !== 'non-compliant') throw new Error(`expected non-compliant, got ${result.status}`);
  return result.findings;
}

export function appliesTo(check: PolicyCheck, subject: CheckSubject): (string | undefined)[] {
  return findingsOf(check.check(subject)).map((f) => f.appliesTo);
}

/** A real cdktf string token, as constructs produce for attributes such as a role ARN: checks must skip it. */
export const TOKEN: string = Lazy.stringValue({ produce: () => '*' });
